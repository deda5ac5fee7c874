import Bottleneck from 'bottleneck';
import { Redis } from 'ioredis';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { RateLimitError } from '../../src/http/errors.js';
import { LimiterRegistry, type RateLimiter } from '../../src/http/limiter.js';
import type { RateLimit } from '../../src/http/rate-limit.js';
import { createRedisLimiters, RateLimiterUnavailableError, type RedisLimiterOptions } from '../../src/http/redis-limiter.js';
import { setLogSink } from '../../src/log.js';
import { startTimer } from '../support/event-order.js';
import { freePort } from '../support/free-port.js';
import { connect, testConfig } from '../support/harness.js';
import { startRedis, type RedisServer } from '../support/redis-server.js';
import { startStandin } from '../support/mava-standin/index.js';
import { untilRedisOlderThan } from './redis-age.js';

// One process's view of the shared limiter against a real redis-server; the two-process
// behaviour (a burst split over replicas, a replica killed mid-request) is in processes.test.ts,
// restarts and failovers in restart.test.ts. No window here is longer than LONGEST_WINDOW_MS, and
// Redis has run for longer than that before the first test, as a long-running one has: a fresh
// Redis holds each budget for a window.
const LONGEST_WINDOW_MS = 4_000;

let redis: RedisServer;
let inspect: Redis;
const opened: Array<{ close(): Promise<void> }> = [];
let keyCounter = 0;

beforeAll(async () => {
  redis = await startRedis();
  inspect = new Redis(redis.url, { lazyConnect: true, enableOfflineQueue: true, maxRetriesPerRequest: null });
  inspect.on('error', () => undefined); // it lives through the outage test too
  await untilRedisOlderThan(redis.url, LONGEST_WINDOW_MS);
});
afterEach(async () => {
  await Promise.all(opened.splice(0).map((shared) => shared.close()));
  setLogSink(() => undefined);
});
afterAll(async () => {
  inspect?.disconnect();
  await redis?.stop();
});

/** A limiter on the shared store, under a key no other test uses; `id` names its Redis keys. */
function sharedLimiter(limit: RateLimit, options: Partial<RedisLimiterOptions> = {}): { limiter: RateLimiter; id: string } {
  const shared = createRedisLimiters({ url: redis.url, ...options });
  opened.push(shared);
  let id = '';
  const registry = new LimiterRegistry((digest, rate) => {
    id = `${options.prefix ?? 'helpdesk-mcp'}:${digest}`;
    return shared.factory(digest, rate);
  });
  return { limiter: registry.get('test', `key-${++keyCounter}`, limit), id };
}

/** Runs one call whose request takes `ms`; resolves with when it started and settled. */
async function call(limiter: RateLimiter, ms = 10, maxWaitMs = 10_000): Promise<{ start: number; end: number }> {
  return limiter.schedule(
    async () => {
      const start = performance.now();
      await new Promise((resolve) => setTimeout(resolve, ms));
      return { start, end: performance.now() };
    },
    { maxWaitMs },
  );
}

describe('the shared limiter keeps the sliding window of slots', () => {
  it('lets a burst up to the limit out at once, and gives a slot back one window after its request settled', async () => {
    const { limiter } = sharedLimiter({ requests: 3, windowMs: 1_000 });
    // The first three hold their slots until all three have started: only a burst let out at
    // once gets them all in; the fourth waits for a slot to come back.
    let started = 0;
    let allIn!: () => void;
    const barrier = new Promise<void>((resolve) => (allIn = resolve));
    const holdUntilAllIn = async () => {
      const start = performance.now();
      if (++started === 3) allIn();
      await barrier;
      return { start, end: performance.now() };
    };
    const burst = Array.from({ length: 3 }, () => limiter.schedule(holdUntilAllIn, { maxWaitMs: 10_000 }));
    const late = await call(limiter, 50);
    const ends = (await Promise.all(burst)).map((c) => c.end);
    expect(late.start - Math.min(...ends)).toBeGreaterThanOrEqual(1_000);
  });

  it('takes an unused slot back at once', async () => {
    const { limiter } = sharedLimiter({ requests: 1, windowMs: LONGEST_WINDOW_MS });
    const window = startTimer(LONGEST_WINDOW_MS); // a used slot would come back no sooner
    await limiter.schedule(async (slot) => slot.unused(), { maxWaitMs: 5_000 });
    await call(limiter);
    expect(window.fired).toBe(false);
  });

  it('refuses at once a call whose turn is beyond maxWaitMs, as the shared budget, saying when a slot frees', async () => {
    const { limiter } = sharedLimiter({ requests: 1, windowMs: LONGEST_WINDOW_MS });
    const { end } = await call(limiter);
    const bound = startTimer(3_000); // a call that waited its bound out would be refused after this fired
    const error = await call(limiter, 10, 3_000).catch((e: unknown) => e);
    const refusedAt = performance.now();
    expect(bound.fired).toBe(false);
    expect(error).toBeInstanceOf(RateLimitError);
    const refusal = error as RateLimitError;
    expect(refusal.by).toBe('shared');
    expect(refusal.status).toBeUndefined();
    // The slot comes back a window after its request ended, which was no sooner than `end`.
    expect(refusal.retryAfterMs).toBeGreaterThanOrEqual(end + LONGEST_WINDOW_MS - refusedAt);
    expect(refusal.retryAfterMs).toBeLessThanOrEqual(LONGEST_WINDOW_MS + 100);
  });

  it('reports a wait within maxWaitMs when it starts, with the time until the slot frees, then runs the call', async () => {
    const { limiter } = sharedLimiter({ requests: 1, windowMs: 2_000 });
    const { end } = await call(limiter);
    const reports: Array<{ left: number; at: number }> = [];
    const run = await limiter.schedule(async () => performance.now(), { maxWaitMs: 5_000, onWait: (left) => reports.push({ left, at: performance.now() }) });
    expect(run).toBeGreaterThan(0);
    expect(reports).toHaveLength(1);
    // The slot comes back a window after its request ended (no sooner than `end`), and its margin.
    expect(reports[0]!.left).toBeGreaterThanOrEqual(end + 2_000 - reports[0]!.at);
    expect(reports[0]!.left).toBeLessThanOrEqual(2_050);
  });

  it('counts the calls of this process queued ahead: the fourth in line behind one 2 s slot is refused a 5 s wait', async () => {
    const { limiter } = sharedLimiter({ requests: 1, windowMs: 2_000 });
    await call(limiter);
    const queued = [call(limiter, 10, 10_000), call(limiter, 10, 10_000), call(limiter, 10, 10_000)];
    const bound = startTimer(5_000);
    const error = await call(limiter, 10, 5_000).catch((e: unknown) => e);
    expect(bound.fired).toBe(false);
    expect(error).toBeInstanceOf(RateLimitError);
    expect((error as RateLimitError).retryAfterMs).toBeGreaterThan(7_000);
    await Promise.all(queued);
  });

  it('through a tool, the refusal names the budget shared through Redis and says Mava refused nothing', async () => {
    const key = 'mava_live_SHAREDWAIT_0123456789';
    const standin = await startStandin({ apiKey: key });
    const shared = createRedisLimiters({ url: redis.url });
    opened.push(shared, standin);
    const rateLimit = { requests: 1, windowMs: LONGEST_WINDOW_MS };
    const mcp = await connect(testConfig({ maxRateWaitMs: 1_000, api: { baseUrl: standin.url, apiKey: key, rateLimit } }), {
      limiters: new LimiterRegistry(shared.factory),
    });
    opened.push(mcp);
    const asked = performance.now();
    expect((await mcp.call('list_categories')).isError).toBe(false);
    const result = await mcp.call('list_categories');
    const refusedAt = performance.now();
    expect(result.isError).toBe(true);
    expect(result.text).toMatch(/^Rate budget spent; retry after \d s, nothing was sent to Mava\. /);
    // Whole seconds until the slot comes back: a window (and its margin) after a request that ended after `asked`.
    const seconds = Number(/retry after (\d) s/.exec(result.text)![1]);
    expect(seconds).toBeGreaterThanOrEqual(Math.floor((asked + LONGEST_WINDOW_MS - refusedAt) / 1_000));
    expect(seconds).toBeLessThanOrEqual(5);
    expect(result.text).toContain('Mava refused nothing: the budget every replica shares through Redis for this Mava key (1 request per 4 s, MAVA_RATE_LIMIT)');
    expect(standin.requests).toHaveLength(1);
  });

  it('heals slots lost without a ledger entry once no request is running anywhere', async () => {
    const { limiter, id } = sharedLimiter({ requests: 4, windowMs: 1_000 });
    await limiter.schedule(async (slot) => slot.unused(), { maxWaitMs: 5_000 });
    // Two slots taken by a replica that died before writing them down (and whose jobs expired).
    await inspect.hincrby(`b_${id}_settings`, 'reservoir', -2);
    // The sweeper (every 100 ms here) puts them back.
    await expect.poll(async () => Number(await inspect.hget(`b_${id}_settings`, 'reservoir')), { timeout: 10_000, interval: 50 }).toBe(4);
  });
});

describe('released when idle', () => {
  it('a limiter with a call waiting for Redis is not idle, so the registry does not stop it under the call', async () => {
    // Nothing listens on this port: the call waits for a connection (up to a round trip's deadline).
    const shared = createRedisLimiters({ url: `redis://127.0.0.1:${await freePort()}`, commandTimeoutMs: 5_000 });
    opened.push(shared);
    const limiter = shared.factory('waiting-for-redis', { requests: 2, windowMs: 300 });
    const waiting = call(limiter).catch((error: unknown) => error);
    expect(limiter.idle?.()).toBe(false);
    expect(await waiting).toBeInstanceOf(RateLimiterUnavailableError);
    expect(limiter.idle?.()).toBe(true);
  });

  it("a key's shared limiter is released once its slots are back, and one made again keeps the shared budget", async () => {
    const shared = createRedisLimiters({ url: redis.url });
    opened.push(shared);
    const registry = new LimiterRegistry(shared.factory, { releaseIdleEveryMs: 50 });
    const limit = { requests: 2, windowMs: 300 };
    const limiter = registry.get('test', `key-${++keyCounter}`, limit);
    await Promise.all([call(limiter), call(limiter)]);
    expect(registry.size).toBe(1);
    await expect.poll(() => registry.size, { timeout: 5_000, interval: 50 }).toBe(0);
    // The same handle again: a new limiter, on the same budget in Redis, with every slot back.
    const calls = await Promise.all([call(limiter), call(limiter)]);
    expect(calls).toHaveLength(2);
    await registry.stopAll();
  });
});

describe("Bottleneck's recovery from lost state, on Redis 7", () => {
  it('the stock connection does not recover: Redis 7 says "ERR SETTINGS_KEY_NOT_FOUND"', async () => {
    const stock = new Bottleneck({ id: 'stock-connection', datastore: 'ioredis', clientOptions: { port: redis.port, host: '127.0.0.1' }, reservoir: 5 });
    try {
      await stock.schedule(async () => 'first');
      await inspect.del('b_stock-connection_settings');
      await expect(stock.schedule(async () => 'second')).rejects.toThrow('ERR SETTINGS_KEY_NOT_FOUND');
    } finally {
      await stock.disconnect(false);
    }
  });

  it('re-creates a lost settings key, and the new reservoir still counts the slots that are out', async () => {
    const { limiter, id } = sharedLimiter({ requests: 5, windowMs: LONGEST_WINDOW_MS });
    for (let i = 0; i < 3; i++) await call(limiter); // three slots out for the next 4 s
    expect(await inspect.del(`b_${id}_settings`)).toBe(1);

    // Re-created full, the reservoir would let all five through; two slots are free.
    const results = await Promise.allSettled(Array.from({ length: 5 }, () => call(limiter, 10, 500)));
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(2);
    expect(Number(await inspect.hget(`b_${id}_settings`, 'reservoir'))).toBe(0);
    expect(await inspect.zcard(`${id}:slots`)).toBe(5);
  });

  it('re-registers a client the store forgot (UNKNOWN_CLIENT)', async () => {
    const { limiter, id } = sharedLimiter({ requests: 5, windowMs: 1_000 });
    await call(limiter);
    expect(await inspect.del(`b_${id}_client_last_seen`)).toBe(1);
    await expect(call(limiter)).resolves.toBeDefined();
  });
});

describe('Redis going away', () => {
  it('fails calls fast with a clear error, never logs the password, and serves again once Redis is back', async () => {
    const lines: string[] = [];
    setLogSink((line) => lines.push(line));
    const password = 'not-in-any-log-42';
    // Redis has no password set: ioredis sends AUTH, hears so, and carries on.
    const url = redis.url.replace('redis://', `redis://:${password}@`);
    const { limiter } = sharedLimiter({ requests: 1, windowMs: LONGEST_WINDOW_MS }, { url, commandTimeoutMs: 1_000 });
    await call(limiter);
    // Queued behind the one slot (out for 4 s) when Redis goes away.
    const queued = call(limiter, 10, 20_000).catch((e: unknown) => e);

    // Both are refused while the one slot is still out, well before either call's bound.
    const slotOut = startTimer(LONGEST_WINDOW_MS);
    await redis.stop();
    const fresh = await call(limiter).catch((e: unknown) => e);
    expect(fresh).toBeInstanceOf(RateLimiterUnavailableError);
    expect(String(fresh)).toContain('the shared rate limiter (Redis) is unreachable');
    const waiting = await queued;
    expect(waiting).toBeInstanceOf(RateLimiterUnavailableError);
    expect(slotOut.fired).toBe(false);

    // Back, but empty: it holds the budget for a window (restart.test.ts), then serves.
    await redis.restart();
    const started = performance.now();
    let result: unknown;
    while (performance.now() - started < 20_000) {
      result = await call(limiter, 10, 5_000).catch((e: unknown) => e);
      if (!(result instanceof Error)) break;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    expect(result).not.toBeInstanceOf(Error);
    expect(lines.some((line) => line.includes('Redis is unreachable'))).toBe(true);
    expect(lines.some((line) => line.includes('reachable again'))).toBe(true);
    expect(lines.join('\n')).not.toContain(password);
  });
});
