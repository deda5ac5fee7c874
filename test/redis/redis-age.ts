import { Redis } from 'ioredis';

/**
 * Resolves once the Redis at `url` has been up longer than one window of `windowMs` (plus its
 * one-second clock), as a long-running Redis has: a fresh one holds each budget for that long,
 * since it cannot know what was spent before it started.
 */
export async function untilRedisOlderThan(url: string, windowMs: number): Promise<void> {
  const redis = new Redis(url);
  try {
    for (;;) {
      const uptime = Number(/uptime_in_seconds:(\d+)/.exec(await redis.info('server'))?.[1]);
      if (uptime * 1_000 >= windowMs + 2_000) return;
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  } finally {
    redis.disconnect();
  }
}
