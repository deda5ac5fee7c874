import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startRedis } from '../support/redis-server.js';
import { httpClient } from '../support/http-harness.js';
import { spawnHttpServer, type SpawnedServer } from '../support/spawn-server.js';
import { startStandin, type Standin } from '../support/mava-standin/index.js';
import { untilRedisOlderThan } from './redis-age.js';

// Two replicas of the HTTP server, one REDIS_URL, one key: together they keep the limit.
const KEY = 'mava_key_REPLICAS_00000000001';
const LIMIT = 10;
const WINDOW_MS = 2_000;
const CALLS = 40;

let redis: Awaited<ReturnType<typeof startRedis>>;
let standin: Standin;
let replicas: SpawnedServer[];

beforeAll(async () => {
  redis = await startRedis();
  // As a long-running Redis: a fresh one holds each budget for a window, which the timed burst
  // below would count (restart.test.ts).
  const aged = untilRedisOlderThan(redis.url, WINDOW_MS);
  standin = await startStandin({ apiKey: KEY, rateLimit: { limit: LIMIT, windowMs: WINDOW_MS } });
  const env = { MAVA_API_KEY: KEY, MAVA_BASE_URL: standin.url, MAVA_RATE_LIMIT: `${LIMIT}/${WINDOW_MS / 1000}s`, REDIS_URL: redis.url };
  replicas = await Promise.all([spawnHttpServer(['--stateless'], env), spawnHttpServer(['--stateless'], env)]);
  await aged;
});
afterAll(async () => {
  for (const replica of replicas ?? []) expect(await replica.stop()).toBe(0);
  await standin?.close();
  await redis?.stop();
});

describe('replicas sharing one budget through Redis', () => {
  it('a burst split over two replicas never exceeds the limit at the API, nor finishes faster than it allows', async () => {
    const clients = await Promise.all(replicas.map((replica) => httpClient(replica.url)));
    const started = performance.now();
    const results = await Promise.all(Array.from({ length: CALLS }, (_, i) => clients[i % 2]!.callTool({ name: 'list_categories', arguments: {} })));
    const elapsed = performance.now() - started;
    await Promise.all(clients.map((client) => client.close()));

    expect(results.filter((r) => r.isError).map((r) => JSON.stringify(r.content))).toEqual([]);
    expect(standin.requests).toHaveLength(CALLS);
    expect(standin.rejected429).toBe(0);
    expect(standin.maxInWindow()).toBeLessThanOrEqual(LIMIT);
    const least = (Math.ceil(CALLS / LIMIT) - 1) * WINDOW_MS;
    // Not faster than the limit allows; how close to it is a speed, measured by `npm run bench`.
    expect(elapsed).toBeGreaterThanOrEqual(least);
    for (const replica of replicas) expect(replica.stderr()).toContain('rate budget shared through Redis');
  });

  it('the same customer message sent through both replicas reaches the API once', async () => {
    const clients = await Promise.all(replicas.map((replica) => httpClient(replica.url)));
    const args = { ticketId: '6650a1b2c3d4e5f678901234', content: 'Sent once, whichever replica gets it' };
    const results = await Promise.all(clients.map((client) => client.callTool({ name: 'send_message', arguments: args })));
    await Promise.all(clients.map((client) => client.close()));
    expect(results.filter((r) => r.isError !== true)).toHaveLength(1);
    expect(standin.requests.filter((r) => r.path === '/api/message')).toHaveLength(1);
  });

  it('with Redis away, a call fails fast saying nothing was sent, and works again once Redis is back', async () => {
    const client = await httpClient(replicas[0]!.url);
    const sentBefore = standin.requests.length;
    await redis.stop();
    const refused = await client.callTool({ name: 'update_ticket', arguments: { ticketId: 'tkt_1', status: 'Open' } });
    expect(refused.isError).toBe(true);
    const text = JSON.stringify(refused.content);
    expect(text).toContain('shared rate limiter (Redis) could not be consulted');
    expect(text).toContain('Nothing was sent');
    expect(text).toContain('Nothing was changed');
    expect(standin.requests.length).toBe(sentBefore);

    await redis.restart();
    await expect
      .poll(async () => (await client.callTool({ name: 'list_categories', arguments: {} })).isError === true, { timeout: 15_000, interval: 250 })
      .toBe(false);
    await client.close();
  });
});
