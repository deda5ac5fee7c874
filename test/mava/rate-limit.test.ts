import { afterEach, describe, expect, it, vi } from 'vitest';
import { startStandin, type Standin } from '../support/mava-standin/index.js';
import { connect, testConfig, type Harness } from '../support/harness.js';
import { freezeClock, settledWithoutTime } from '../support/frozen-clock.js';

const KEY = 'mava_live_RATELIMITKEY_0123456789';
let standin: Standin | undefined;
let mcp: Harness | undefined;

afterEach(async () => {
  vi.useRealTimers();
  await mcp?.close();
  await standin?.close();
});

describe('the shared limiter against a strict sliding-window server', () => {
  it('takes a burst of 40 under 10/2s with zero 429s, never faster than the limit allows', async () => {
    standin = await startStandin({ apiKey: KEY, rateLimit: { limit: 10, windowMs: 2_000 } });
    mcp = await connect(testConfig({ api: { baseUrl: standin.url, apiKey: KEY, rateLimit: { requests: 10, windowMs: 2_000 } } }));
    const started = performance.now();
    const results = await Promise.all(Array.from({ length: 40 }, () => mcp!.call('list_categories')));
    const elapsed = performance.now() - started;

    expect(results.filter((r) => r.isError)).toEqual([]);
    expect(standin.rejected429).toBe(0);
    expect(standin.maxInWindow()).toBeLessThanOrEqual(10);
    expect(standin.requests).toHaveLength(40);
    // (ceil(40 / 10) - 1) x 2 s = 6 s is the least time. How close to it a burst comes is a speed,
    // measured by `npm run bench` (burst), not asserted on a shared machine.
    expect(elapsed).toBeGreaterThanOrEqual(6_000);
  });

  it('lets a burst up to the limit go out at once', async () => {
    standin = await startStandin({ apiKey: KEY, rateLimit: { limit: 10, windowMs: 2_000 } });
    mcp = await connect(testConfig({ api: { baseUrl: standin.url, apiKey: KEY, rateLimit: { requests: 10, windowMs: 2_000 } } }));
    freezeClock(); // no slot can come back, nor any wait end: the burst must go out on the slots it has
    const burst = await settledWithoutTime(Promise.all(Array.from({ length: 10 }, () => mcp!.call('list_categories'))));
    expect(burst.status).toBe('fulfilled');
    expect((burst as PromiseFulfilledResult<Array<{ isError: boolean }>>).value.filter((r) => r.isError)).toEqual([]);
    expect(standin.requests).toHaveLength(10);
    expect(standin.rejected429).toBe(0);
  });

  it('shares one limiter between every server (session) using the same key', async () => {
    standin = await startStandin({ apiKey: KEY, rateLimit: { limit: 5, windowMs: 1_000 } });
    const config = testConfig({ api: { baseUrl: standin.url, apiKey: KEY, rateLimit: { requests: 5, windowMs: 1_000 } } });
    mcp = await connect(config);
    const { createServer } = await import('../../src/server.js');
    const { Client } = await import('@modelcontextprotocol/sdk/client/index.js');
    const { InMemoryTransport } = await import('@modelcontextprotocol/sdk/inMemory.js');
    // A second session on the same registry, as two stdio/HTTP sessions of one process would be.
    const server = createServer({ config, limiters: mcp.limiters });
    const [a, b] = InMemoryTransport.createLinkedPair();
    const second = new Client({ name: 'second', version: '0' });
    await Promise.all([server.connect(b), second.connect(a)]);
    const calls = Array.from({ length: 12 }, (_, i) => (i % 2 ? mcp!.call('list_categories') : second.callTool({ name: 'list_categories', arguments: {} })));
    await Promise.all(calls);
    await second.close();
    await server.close();
    expect(standin.rejected429).toBe(0);
    expect(standin.maxInWindow()).toBeLessThanOrEqual(5);
  });

  it('reschedules a 429 after Retry-After through the limiter, then succeeds', async () => {
    standin = await startStandin({ apiKey: KEY, retryAfterSeconds: 1 });
    mcp = await connect(testConfig({ api: { baseUrl: standin.url, apiKey: KEY } }));
    standin.respondNext('GET /api/categories', { status: 429, body: { error: 'Too many requests' }, headers: { 'retry-after': '1' } });
    const started = performance.now();
    const result = await mcp.call('list_categories');
    expect(result.isError).toBe(false);
    expect(standin.requests.map((r) => r.status)).toEqual([429, 200]);
    expect(standin.requests[1]!.arrivedAt - standin.requests[0]!.arrivedAt).toBeGreaterThanOrEqual(950);
    expect(performance.now() - started).toBeGreaterThanOrEqual(950);
  });

  it('a 429 whose wait is beyond the bound is reported with when to retry, and a message is not sent', async () => {
    standin = await startStandin({ apiKey: KEY });
    mcp = await connect(testConfig({ api: { baseUrl: standin.url, apiKey: KEY } }));
    standin.respondNext('PUT /api/message', { status: 429, body: { error: 'Too many requests' }, headers: { 'retry-after': '120' } });
    const result = await mcp.call('send_message', { ticketId: '6650a1b2c3d4e5f678901234', content: 'Hello' });
    expect(result.isError).toBe(true);
    expect(result.text).toContain('Mava answered 429 (its rate limit): "Too many requests"');
    expect(result.text).toContain('Retry after about 120 s');
    expect(result.text).toContain('Nothing was changed');
    expect(standin.requests).toHaveLength(1);
  });
});
