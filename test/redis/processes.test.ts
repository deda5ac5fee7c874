import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import { Redis } from 'ioredis';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { LimiterRegistry } from '../../src/http/limiter.js';
import { createRedisLimiters } from '../../src/http/redis-limiter.js';
import { startRedis, type RedisServer } from '../support/redis-server.js';
import { startStandin, type Standin } from '../support/mava-standin/index.js';

// Separate OS processes sharing one budget through a real redis-server, as replicas behind a
// load balancer do. The children run the BUILT code: `npm test` builds first.

const CHILD = new URL('../support/redis-burst-child.mjs', import.meta.url);
const BUILT = new URL('../../dist/http/redis-limiter.js', import.meta.url);
const SOURCE = new URL('../../src/http/redis-limiter.ts', import.meta.url);

let redis: RedisServer;
let standin: Standin | undefined;
const children: ChildProcess[] = [];

beforeAll(async () => {
  if (!existsSync(BUILT) || statSync(BUILT).mtimeMs < statSync(SOURCE).mtimeMs) {
    throw new Error('dist/ is missing or older than src/: run `npm run build` first (`npm test` does)');
  }
  redis = await startRedis();
});
afterEach(async () => {
  for (const child of children.splice(0)) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  await standin?.close();
  standin = undefined;
});
afterAll(async () => {
  await redis?.stop();
});

interface Child {
  process: ChildProcess;
  /** Exit code and signal, whenever it exits. */
  exited: Promise<[number | null, NodeJS.Signals | null]>;
  /** The next JSON line the child prints. */
  next(): Promise<Record<string, unknown>>;
}

function spawnChild(env: Record<string, string>): Child {
  const child = spawn(process.execPath, [CHILD.pathname], { env: { ...process.env, ...env }, stdio: ['pipe', 'pipe', 'pipe'] });
  children.push(child);
  const exited = once(child, 'exit') as Promise<[number | null, NodeJS.Signals | null]>;
  let stderr = '';
  child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const lines = createInterface({ input: child.stdout! })[Symbol.asyncIterator]();
  return {
    process: child,
    exited,
    async next() {
      const timeout = new Promise<never>((_, reject) =>
        setTimeout(() => reject(new Error(`no answer from the child in 15 s; its stderr:\n${stderr}`)), 15_000).unref(),
      );
      const { value, done } = await Promise.race([lines.next(), timeout]);
      if (done) throw new Error(`the child ended without answering; its stderr:\n${stderr}`);
      return JSON.parse(value as string) as Record<string, unknown>;
    },
  };
}

describe('replicas (OS processes) sharing one budget through Redis', () => {
  it('a burst of 40 split 20/20 over two processes: zero 429s, never over 10 in 2 s, never faster than the limit allows', async () => {
    const apiKey = 'mava_key_PROCESSES_0000000001';
    const [limit, windowMs, calls] = [10, 2_000, 40];
    standin = await startStandin({ apiKey, rateLimit: { limit, windowMs } });
    const env = {
      MODE: 'burst',
      REDIS_URL: redis.url,
      SCOPE: 'mava',
      API_KEY: apiKey,
      LIMIT: String(limit),
      WINDOW_MS: String(windowMs),
      CALLS: String(calls / 2),
      BASE_URL: standin.url,
    };
    const pair = [spawnChild(env), spawnChild(env)];
    for (const child of pair) expect(await child.next()).toEqual({ ready: true });

    const started = performance.now();
    for (const child of pair) child.process.stdin!.write('go\n');
    const reports = await Promise.all(pair.map((child) => child.next()));
    const elapsed = performance.now() - started;

    expect(reports).toEqual([
      { done: true, ok: calls / 2, errors: [] },
      { done: true, ok: calls / 2, errors: [] },
    ]);
    expect(standin.requests).toHaveLength(calls);
    expect(standin.rejected429).toBe(0);
    expect(standin.maxInWindow()).toBeLessThanOrEqual(limit);
    const least = (Math.ceil(calls / limit) - 1) * windowMs;
    // Not faster than the limit allows; how close to it is a speed, measured by `npm run bench`.
    expect(elapsed).toBeGreaterThanOrEqual(least);
    for (const child of pair) expect(await child.exited).toEqual([0, null]);
  });

  it("gives back a killed replica's slots at their provisional time, and not before", async () => {
    const [limit, windowMs, hold, maxRequestMs] = [4, 1_000, 3, 1_500];
    const env = {
      MODE: 'hold',
      REDIS_URL: redis.url,
      SCOPE: 'mava',
      API_KEY: 'mava_key_CRASH_0000000001',
      LIMIT: String(limit),
      WINDOW_MS: String(windowMs),
      HOLD: String(hold),
      MAX_REQUEST_MS: String(maxRequestMs),
    };
    const holder = spawnChild(env);
    expect(await holder.next()).toEqual({ holding: hold });
    holder.process.kill('SIGKILL');
    await holder.exited;

    // The dead replica's slots, each due back at its start + longest request + one window (+ margin).
    const shared = createRedisLimiters({ url: redis.url, maxRequestMs });
    const inspect = new Redis(redis.url);
    try {
      let id = '';
      const registry = new LimiterRegistry((digest, rate) => shared.factory((id = digest), rate));
      const limiter = registry.get(env.SCOPE, env.API_KEY, { requests: limit, windowMs });
      const due = (await inspect.zrange(`helpdesk-mcp:${id}:slots`, 0, -1, 'WITHSCORES')).filter((_, i) => i % 2 === 1).map(Number);
      expect(due).toHaveLength(hold);
      const takenAt = Date.now();
      for (const at of due) expect(at - takenAt).toBeGreaterThan(maxRequestMs + windowMs - 1_000);

      // Requests that all stay open until the last has started: it needs every slot at once.
      const starts: number[] = [];
      let allStarted!: () => void;
      const barrier = new Promise<void>((resolve) => (allStarted = resolve));
      const holdUntilAllIn = async () => {
        if (starts.push(Date.now()) === limit) allStarted();
        await barrier;
      };
      await Promise.all(Array.from({ length: limit }, () => limiter.schedule(holdUntilAllIn, { maxWaitMs: 10_000 })));
      due.sort((a, b) => a - b);
      expect(starts[0]!).toBeLessThan(due[0]!); // the one slot the dead replica left free, taken before any came due
      // Each further call waited for one of the dead replica's slots to come due, and not before.
      starts.slice(1).forEach((start, i) => expect(start).toBeGreaterThanOrEqual(Math.floor(due[i]!)));
    } finally {
      inspect.disconnect();
      await shared.close();
    }
  });
});
