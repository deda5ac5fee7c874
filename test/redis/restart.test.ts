import { Redis } from 'ioredis';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { HttpClient } from '../../src/http/http-client.js';
import { LimiterRegistry, type RateLimiter } from '../../src/http/limiter.js';
import { createRedisLimiters } from '../../src/http/redis-limiter.js';
import { startTimer } from '../support/event-order.js';
import { startRedis, type RedisServer } from '../support/redis-server.js';
import { startStandin, type Standin } from '../support/mava-standin/index.js';
import { untilRedisOlderThan } from './redis-age.js';

// The shared budget across a restart or failover of Redis: the API still counts the requests of
// its last window, whatever Redis forgot. Bursts go through the real HttpClient to the strict
// stand-in API, which rate-limits on arrivals.

const LIMIT = 10;
const WINDOW_MS = 2_000;

let redis: RedisServer;
/** Another Redis that has run for a while: a replica promoted in a failover. */
let standby: RedisServer;
let standin: Standin | undefined;
const opened: Array<{ close(): Promise<void> }> = [];
let keyCounter = 0;

beforeAll(async () => {
  [redis, standby] = await Promise.all([startRedis(), startRedis()]);
});
afterEach(async () => {
  await Promise.all(opened.splice(0).map((shared) => shared.close()));
  await standin?.close();
  standin = undefined;
});
afterAll(async () => {
  await Promise.all([redis?.stop(), standby?.stop()]);
});

/** A fresh API key, and a stand-in API that limits it to LIMIT per WINDOW_MS on arrivals. */
async function freshApi(): Promise<string> {
  const key = `mava_key_RESTART_${String(++keyCounter).padStart(12, '0')}`;
  standin = await startStandin({ apiKey: key, rateLimit: { limit: LIMIT, windowMs: WINDOW_MS } });
  return key;
}

/** One replica's view: its own connection to Redis, the limiter of `key`, and a client on it. */
function replica(key: string, url = redis.url, limit = { requests: LIMIT, windowMs: WINDOW_MS }): { limiter: RateLimiter; client: HttpClient } {
  const shared = createRedisLimiters({ url });
  opened.push(shared);
  const limiter = new LimiterRegistry(shared.factory).get('mava', key, limit);
  const client = new HttpClient({ baseUrl: standin!.url, headers: { 'x-auth-token': key }, limiter, timeoutMs: 10_000 });
  return { limiter, client };
}

/** `calls` reads at once; resolves with the errors (none expected). */
async function burst(client: HttpClient, calls = LIMIT): Promise<string[]> {
  const results = await Promise.allSettled(Array.from({ length: calls }, () => client.send({ method: 'GET', path: '/api/categories' })));
  return results.filter((r) => r.status === 'rejected').map((r) => String(r.reason));
}

/** Every key of one Redis, as a replica of it would hold them. */
async function snapshot(url: string): Promise<Array<[string, Buffer]>> {
  const source = new Redis(url);
  try {
    const keys = await source.keys('*');
    return Promise.all(keys.map(async (key) => [key, (await source.dumpBuffer(key))!] as [string, Buffer]));
  } finally {
    source.disconnect();
  }
}

async function restore(url: string, keys: Array<[string, Buffer]>): Promise<void> {
  const target = new Redis(url);
  try {
    for (const [key, dump] of keys) await target.restore(key, 0, dump, 'REPLACE');
  } finally {
    target.disconnect();
  }
}

describe('the shared budget across a Redis restart (no persistence)', () => {
  it('a burst right after the restart that followed a full burst: zero 429s at the API', async () => {
    const key = await freshApi();
    const { client } = replica(key);
    expect(await burst(client)).toEqual([]);

    await redis.restart();
    expect(await burst(client)).toEqual([]);

    expect(standin!.requests).toHaveLength(2 * LIMIT);
    expect(standin!.rejected429).toBe(0);
    expect(standin!.maxInWindow()).toBeLessThanOrEqual(LIMIT);
  });

  it('a replica that starts after the restart, knowing nothing of the last window: zero 429s', async () => {
    const key = await freshApi();
    const before = replica(key);
    expect(await burst(before.client)).toEqual([]);
    await opened.pop()!.close(); // that replica is gone

    await redis.restart();
    const after = replica(key);
    expect(await burst(after.client)).toEqual([]);

    expect(standin!.rejected429).toBe(0);
    expect(standin!.maxInWindow()).toBeLessThanOrEqual(LIMIT);
  });

  it('slots out at the restart still come back one window after their requests settle', async () => {
    const key = await freshApi();
    const { limiter } = replica(key, redis.url, { requests: 3, windowMs: 1_000 });
    // Two requests in flight across the restart, the third slot free.
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    let inFlight!: () => void;
    const bothIn = new Promise<void>((resolve) => (inFlight = resolve));
    let started = 0;
    const held = Array.from({ length: 2 }, () =>
      limiter.schedule(
        async () => {
          if (++started === 2) inFlight();
          await gate;
        },
        { maxWaitMs: 30_000 },
      ),
    );
    await bothIn;

    await redis.restart();
    // Once a slot is free again (the budget is known again), the two requests settle.
    await limiter.schedule(async (slot) => slot.unused(), { maxWaitMs: 30_000 });
    const settledAt = performance.now();
    release();
    await Promise.all(held);

    // One slot is free; the next waits for one of the two, a window after its request settled.
    const starts = await Promise.all(Array.from({ length: 2 }, () => limiter.schedule(async () => performance.now(), { maxWaitMs: 30_000 })));
    expect(Math.max(...starts) - settledAt).toBeGreaterThanOrEqual(1_000);
  });
});

describe('the shared budget across a failover, or keys lost while Redis runs on', () => {
  it('a promoted replica that lags behind (it missed a whole burst): zero 429s at the API', async () => {
    const key = await freshApi();
    const primary = replica(key);
    await primary.limiter.schedule(async (slot) => slot.unused(), { maxWaitMs: 30_000 });
    const replicated = await snapshot(redis.url); // all the replica got before the primary died
    expect(await burst(primary.client)).toEqual([]);
    await opened.pop()!.close();

    await untilRedisOlderThan(standby.url, WINDOW_MS); // a replica has run for a while
    await restore(standby.url, replicated);
    const promoted = replica(key, standby.url);
    expect(await burst(promoted.client)).toEqual([]);

    expect(standin!.requests).toHaveLength(2 * LIMIT);
    expect(standin!.rejected429).toBe(0);
    expect(standin!.maxInWindow()).toBeLessThanOrEqual(LIMIT);
  });

  it('a Redis that has run for a while and loses the keys (FLUSHALL, eviction): zero 429s at the API', async () => {
    const key = await freshApi();
    await untilRedisOlderThan(standby.url, WINDOW_MS);
    const idle = replica(key, standby.url); // running alongside, its state seen in Redis
    await idle.limiter.schedule(async (slot) => slot.unused(), { maxWaitMs: 30_000 });
    const gone = replica(key, standby.url);
    expect(await burst(gone.client)).toEqual([]);
    await opened.pop()!.close(); // its slots are written down in Redis only

    const admin = new Redis(standby.url);
    await admin.flushall().finally(() => admin.disconnect());
    expect(await burst(idle.client)).toEqual([]);

    expect(standin!.rejected429).toBe(0);
    expect(standin!.maxInWindow()).toBeLessThanOrEqual(LIMIT);
  });

  it('a new deployment on a Redis that has run for a while spends its budget at once', async () => {
    const key = await freshApi();
    const windowMs = 4_000;
    await untilRedisOlderThan(standby.url, windowMs);
    // Held back, the budget would free no sooner than a window after the replica met Redis.
    const held = startTimer(windowMs);
    const { limiter } = replica(key, standby.url, { requests: LIMIT, windowMs });
    await Promise.all(Array.from({ length: LIMIT }, () => limiter.schedule(async () => undefined, { maxWaitMs: 30_000 })));
    expect(held.fired).toBe(false);
  });
});
