import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { RedisSendLedger } from '../../src/safety/redis-send-ledger.js';
import { connect, testConfig, type Harness } from '../support/harness.js';
import { expectKeepsWhoSent } from '../support/ledger-keeps-who.js';
import { startRedis, type RedisServer } from '../support/redis-server.js';
import { startStandin, type Standin } from '../support/mava-standin/index.js';

// The duplicate guard across replicas: each replica has its own RedisSendLedger on one Redis.
const KEY = 'mava_live_REDISLEDGER_0123456789abcdef';
const TICKET = '6650a1b2c3d4e5f678901234';

let redis: RedisServer;
let standin: Standin;
const ledgers: RedisSendLedger[] = [];
const open: Harness[] = [];

async function replica(): Promise<Harness> {
  const ledger = new RedisSendLedger(redis.url);
  ledgers.push(ledger);
  const mcp = await connect(testConfig({ api: { baseUrl: standin.url, apiKey: KEY } }), { sendLedger: ledger });
  open.push(mcp);
  return mcp;
}

const delivered = () => standin.requests.filter((r) => r.path === '/api/message' && r.status === 200).length;

beforeAll(async () => {
  redis = await startRedis();
  standin = await startStandin({ apiKey: KEY });
});
afterEach(async () => {
  await Promise.all(open.splice(0).map((mcp) => mcp.close()));
  await Promise.all(ledgers.splice(0).map((ledger) => ledger.close()));
  standin.reset();
});
afterAll(async () => {
  await standin.close();
  await redis.stop();
});

describe('duplicate guard through Redis', () => {
  it('two replicas sending the same message at once: it reaches the customer once; a later repeat is refused on either', async () => {
    const [a, b] = [await replica(), await replica()];
    const results = await Promise.all(
      Array.from({ length: 6 }, (_, i) => (i % 2 ? a : b).call('send_message', { ticketId: TICKET, content: 'One reply, many replicas' })),
    );
    // On failure, the six answers say why (a refusal, a deadline, Redis).
    expect(
      results.filter((r) => !r.isError),
      results.map((r) => r.text).join('\n'),
    ).toHaveLength(1);
    expect(delivered()).toBe(1);
    for (const mcp of [a, b])
      expect((await mcp.call('send_message', { ticketId: TICKET, content: 'One reply, many replicas' })).text).toContain('was already sent');
    expect((await b.call('send_message', { ticketId: TICKET, content: 'One reply, many replicas', allowDuplicate: true })).isError).toBe(false);
    expect(delivered()).toBe(2);
  });

  it('two replicas adding the same internal note at once: it is added once', async () => {
    const [a, b] = [await replica(), await replica()];
    const results = await Promise.all(
      Array.from({ length: 4 }, (_, i) => (i % 2 ? a : b).call('add_internal_note', { ticketId: TICKET, content: 'One note, many replicas' })),
    );
    expect(results.filter((r) => !r.isError)).toHaveLength(1);
    expect(delivered()).toBe(1);
    expect((await a.call('add_internal_note', { ticketId: TICKET, content: 'One note, many replicas' })).text).toContain('was already added');
  });

  it('keeps who sent it (with sign-in), on every replica, once settled too', async () => {
    const [a, b] = [new RedisSendLedger(redis.url), new RedisSendLedger(redis.url)];
    ledgers.push(a, b);
    await expectKeepsWhoSent(a, b, `by-${Date.now()}`);
  });

  it('forgets a send that certainly failed, on every replica', async () => {
    const [a, b] = [await replica(), await replica()];
    standin.respondNext('PUT /api/message', { status: 400, body: { error: 'Content or attachments are required' } });
    expect((await a.call('send_message', { ticketId: TICKET, content: 'Try me again' })).isError).toBe(true);
    expect((await b.call('send_message', { ticketId: TICKET, content: 'Try me again' })).isError).toBe(false);
    expect(delivered()).toBe(1);
  });

  it('with Redis away, refuses to send rather than risk a duplicate; sends again once Redis is back', async () => {
    const a = await replica();
    await redis.stop();
    const refused = await a.call('send_message', { ticketId: TICKET, content: 'While Redis is down' });
    expect(refused.text).toBe('The duplicate guard (Redis) could not be consulted. Nothing was sent. Retry in a moment.');
    expect(delivered()).toBe(0);
    await redis.restart();
    await expect
      .poll(async () => (await a.call('send_message', { ticketId: TICKET, content: 'While Redis is down' })).isError, { timeout: 15_000, interval: 200 })
      .toBe(false);
    expect(delivered()).toBe(1);
  });
});
