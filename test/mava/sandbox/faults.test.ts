import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { FAULT_KINDS, parseFaultRates, type FaultKind } from '../../../src/sandbox/faults.js';
import { startMavaSandbox, type MavaSandbox } from '../../../src/providers/mava/sandbox/index.js';
import { call, fetchTickets, NOW, ticketsPath } from './helpers.js';

// One small sandbox with a limit that never gets in the way; each test queues its own faults.
const ROOMY = { requests: 100_000, windowMs: 1_000 };
let sandbox: MavaSandbox;
let ticketId: string;

beforeAll(async () => {
  sandbox = await startMavaSandbox({ now: () => NOW, rateLimit: ROOMY, ticketCount: 5 });
  ticketId = (await fetchTickets(sandbox)).tickets[0]!._id;
});

afterEach(() => {
  sandbox.faults.clear();
  sandbox.faults.setSlowMs(35_000);
});

afterAll(async () => {
  await sandbox.close();
});

/** The ticket's message contents, read with no fault pending. */
async function contents(id = ticketId, on = sandbox): Promise<string[]> {
  const { tickets } = await fetchTickets(on, { includeMessages: 'true', limit: 100 });
  return tickets.find((t) => t._id === id)!.messages!.map((m) => m.content);
}

const SEND = { method: 'PUT', path: '/api/message' };

/** PUT /api/message with plain fetch: status, headers and the raw text, so garbled bodies survive. */
async function send(content: string, init: { signal?: AbortSignal; on?: MavaSandbox; ticket?: string } = {}) {
  const on = init.on ?? sandbox;
  const response = await fetch(`${on.url}/api/message`, {
    method: 'PUT',
    headers: { 'x-auth-token': on.apiKey, 'content-type': 'application/json' },
    body: JSON.stringify({ ticketId: init.ticket ?? ticketId, content }),
    signal: init.signal,
  });
  return { status: response.status, headers: response.headers, text: await response.text() };
}

const lastServed = () => sandbox.requests.at(-1)!;

describe('faults before processing: nothing changes', () => {
  it('rate_limit answers 429 with Retry-After: 1 and processes nothing', async () => {
    const before = sandbox.faults.injected.rate_limit;
    sandbox.faults.queue('rate_limit', 2);
    for (const content of ['limited one', 'limited two']) {
      const answer = await send(content);
      expect(answer.status).toBe(429);
      expect(JSON.parse(answer.text)).toEqual({ error: 'Too many requests' });
      expect(answer.headers.get('retry-after')).toBe('1');
      expect(lastServed()).toMatchObject({ method: 'PUT', path: '/api/message', status: 429, fault: 'rate_limit' });
    }
    expect((await send('after the burst')).status).toBe(200);
    const messages = await contents();
    expect(messages).not.toContain('limited one');
    expect(messages).not.toContain('limited two');
    expect(messages).toContain('after the burst');
    expect(sandbox.faults.injected.rate_limit).toBe(before + 2);
  });

  it('rate_limit does not use up the real sliding window, which still applies', async () => {
    const tight = await startMavaSandbox({ rateLimit: { requests: 2, windowMs: 60_000 }, ticketCount: 1 });
    try {
      tight.faults.queue('rate_limit', 3);
      for (let i = 0; i < 3; i++) expect((await call(tight, 'GET', '/api/categories')).status).toBe(429);
      expect((await call(tight, 'GET', '/api/categories')).status).toBe(200);
      expect((await call(tight, 'GET', '/api/categories')).status).toBe(200);
      const refused = await call(tight, 'GET', '/api/categories');
      expect(refused.status).toBe(429);
      expect(refused.headers.get('retry-after')).toBeNull();
      expect(tight.requests.map((r) => `${r.status} ${r.fault ?? '-'}`)).toEqual([
        '429 rate_limit',
        '429 rate_limit',
        '429 rate_limit',
        '200 -',
        '200 -',
        '429 -',
      ]);
    } finally {
      await tight.close();
    }
  });

  it('server_error answers 500 and processes nothing', async () => {
    sandbox.faults.queue('server_error');
    const answer = await send('never stored');
    expect(answer.status).toBe(500);
    expect(answer.text).toBe('{"error":"Internal server error"}');
    expect(lastServed()).toMatchObject({ status: 500, fault: 'server_error' });
    expect(await contents()).not.toContain('never stored');
  });

  it('drop reads the body, then closes the connection unanswered, and processes nothing', async () => {
    const before = sandbox.faults.injected.drop;
    sandbox.faults.queue('drop');
    await expect(send('dropped on the floor')).rejects.toThrow();
    expect(lastServed()).toMatchObject({ method: 'PUT', path: '/api/message', status: 0, fault: 'drop' });
    expect(sandbox.faults.injected.drop).toBe(before + 1);
    expect(await contents()).not.toContain('dropped on the floor');
  });
});

describe('faults after processing: the store changed', () => {
  it('server_error_after stores the message, then answers 500', async () => {
    sandbox.faults.queue('server_error_after');
    const answer = await send('stored despite the 500');
    expect(answer.status).toBe(500);
    expect(answer.text).toBe('{"error":"Internal server error"}');
    expect(lastServed()).toMatchObject({ status: 500, fault: 'server_error_after' });
    expect(await contents()).toContain('stored despite the 500');
  });

  it('drop_after stores the message, then closes the connection unanswered', async () => {
    sandbox.faults.queue('drop_after');
    await expect(send('stored, then dropped')).rejects.toThrow();
    expect(lastServed()).toMatchObject({ status: 0, fault: 'drop_after' });
    expect(await contents()).toContain('stored, then dropped');
  });

  it('malformed stores the message, then answers 200 JSON that does not parse', async () => {
    sandbox.faults.queue('malformed');
    const answer = await send('stored, garbled answer');
    expect(answer.status).toBe(200);
    expect(answer.headers.get('content-type')).toMatch(/^application\/json/);
    expect(answer.text.length).toBeGreaterThan(0);
    expect(() => JSON.parse(answer.text)).toThrow();
    expect(answer.text.startsWith('{"message":{')).toBe(true);
    expect(lastServed()).toMatchObject({ status: 200, fault: 'malformed' });
    expect(await contents()).toContain('stored, garbled answer');
  });

  it('slow stores the message at once and holds the normal answer back', async () => {
    sandbox.faults.setSlowMs(1_500);
    sandbox.faults.queue('slow', 1, SEND); // not the reads that watch for it
    const started = Date.now();
    let answered = false;
    const pending = send('stored, answered late').finally(() => (answered = true));
    // Processed already, while the answer is still held.
    await vi.waitFor(async () => expect(await contents()).toContain('stored, answered late'), { timeout: 10_000, interval: 20 });
    expect(answered).toBe(false);
    const answer = await pending;
    expect(Date.now() - started).toBeGreaterThanOrEqual(1_450);
    expect(answer.status).toBe(200);
    expect(JSON.parse(answer.text)).toMatchObject({ message: { content: 'stored, answered late' } });
    expect(lastServed()).toMatchObject({ status: 200, fault: 'slow' });
  });

  it('a client that gives up on a slow answer is not answered or logged, and the server carries on', async () => {
    sandbox.faults.setSlowMs(60_000);
    sandbox.faults.queue('slow', 1, SEND);
    const logged = sandbox.requests.length;
    const controller = new AbortController();
    const pending = send('abandoned', { signal: controller.signal });
    // Processed, its answer held: then the client gives up.
    await vi.waitFor(async () => expect(await contents()).toContain('abandoned'), { timeout: 10_000, interval: 20 });
    controller.abort();
    await expect(pending).rejects.toThrow();
    expect((await call(sandbox, 'GET', '/api/categories')).status).toBe(200);
    // Logged: the reads that watched for it, and the call after; never the send.
    expect(sandbox.requests.slice(logged).map((r) => r.path)).not.toContain('/api/message');
    expect(sandbox.requests.at(-1)).toMatchObject({ path: '/api/categories', status: 200 });
  });
});

describe('choosing requests', () => {
  it('injects only into requests with the valid key', async () => {
    sandbox.faults.queue('server_error');
    expect((await call(sandbox, 'GET', '/api/categories', { key: 'wrong' })).status).toBe(401);
    expect((await call(sandbox, 'GET', '/api/categories', { key: null })).status).toBe(401);
    expect((await call(sandbox, 'GET', '/api/categories')).status).toBe(500);
    expect((await call(sandbox, 'GET', '/api/categories')).status).toBe(200);
  });

  it('queue with a match hits only matching requests (method and path, path without the query)', async () => {
    sandbox.faults.queue('server_error', 1, { method: 'PUT', path: '/api/message' });
    sandbox.faults.queue('rate_limit', 1, { path: '/api/tickets' });
    expect((await call(sandbox, 'GET', '/api/categories')).status).toBe(200);
    expect((await call(sandbox, 'POST', '/api/message', { json: { ticketId, content: 'posted, not put' } })).status).toBe(200);
    expect((await call(sandbox, 'GET', ticketsPath({ limit: 1 }))).status).toBe(429);
    expect((await call(sandbox, 'GET', ticketsPath({ limit: 1 }))).status).toBe(200);
    expect((await send('put, so it fails')).status).toBe(500);
    expect((await send('queue used up')).status).toBe(200);
  });

  it('takes queued faults in queue order, count by count', async () => {
    sandbox.faults.queue('rate_limit', 2);
    sandbox.faults.queue('server_error', 1);
    const statuses: number[] = [];
    for (let i = 0; i < 4; i++) statuses.push((await call(sandbox, 'GET', '/api/categories')).status);
    expect(statuses).toEqual([429, 429, 500, 200]);
  });

  it('clear() stops queued and random faults', async () => {
    sandbox.faults.queue('server_error', 5);
    sandbox.faults.setRates({ rate_limit: 1 });
    sandbox.faults.clear();
    for (let i = 0; i < 3; i++) expect((await call(sandbox, 'GET', '/api/categories')).status).toBe(200);
  });
});

describe('random faults', () => {
  const RATES = { rate_limit: 0.3, server_error: 0.3 } as const;
  const statuses = async (on: MavaSandbox, count = 40): Promise<string> => {
    const seen: number[] = [];
    for (let i = 0; i < count; i++) seen.push((await call(on, 'GET', '/api/categories')).status);
    return seen.join(' ');
  };

  it('repeats the same sequence for the same seed, from the options or from setRates', async () => {
    const first = await startMavaSandbox({ rateLimit: ROOMY, ticketCount: 1, faults: RATES, faultSeed: 7 });
    try {
      const sequence = await statuses(first);
      expect(sequence).toMatch(/200/);
      expect(sequence).toMatch(/429/);
      expect(sequence).toMatch(/500/);
      first.faults.setRates(RATES, 7);
      expect(await statuses(first)).toBe(sequence);
      sandbox.faults.setRates(RATES, 7);
      expect(await statuses(sandbox)).toBe(sequence);
      sandbox.faults.setRates(RATES, 8);
      expect(await statuses(sandbox)).not.toBe(sequence);
      // Both runs on `first`, counted.
      const faulted = sequence.split(' ').filter((status) => status !== '200').length;
      const { injected } = first.faults;
      expect(injected.rate_limit + injected.server_error).toBe(2 * faulted);
    } finally {
      await first.close();
    }
  });

  it('queued faults take precedence and do not consume draws', async () => {
    sandbox.faults.setRates(RATES, 3);
    const plain = await statuses(sandbox, 10);
    sandbox.faults.setRates(RATES, 3);
    sandbox.faults.queue('drop_after', 1, { path: '/api/message' });
    await expect(send('queued, not drawn')).rejects.toThrow();
    expect(await statuses(sandbox, 10)).toBe(plain);
  });

  it('rate 1 faults every request, rate 0 none', async () => {
    sandbox.faults.setRates({ server_error: 1 });
    expect(await statuses(sandbox, 5)).toBe('500 500 500 500 500');
    sandbox.faults.setRates({ server_error: 0 });
    expect(await statuses(sandbox, 5)).toBe('200 200 200 200 200');
  });

  it('refuses bad rates with RangeError, at start and in setRates', async () => {
    await expect(startMavaSandbox({ ticketCount: 1, faults: { rate_limit: 2 } })).rejects.toThrow(RangeError);
    expect(() => sandbox.faults.setRates({ rate_limit: 0.6, slow: 0.6 })).toThrow(/at most 1/);
    expect(() => sandbox.faults.setRates({ bogus: 0.1 } as Partial<Record<FaultKind, number>>)).toThrow(/unknown fault kind/);
    expect(() => sandbox.faults.setRates({ slow: -0.1 })).toThrow(/0\.\.1/);
    expect(() => sandbox.faults.queue('slow', 0)).toThrow(RangeError);
    expect(() => sandbox.faults.queue('nope' as FaultKind)).toThrow(RangeError);
    expect(() => sandbox.faults.setSlowMs(-1)).toThrow(RangeError);
  });
});

describe('parseFaultRates', () => {
  it('accepts valid specs', () => {
    expect(parseFaultRates('rate_limit=0.1,server_error=0.05')).toEqual({ rates: { rate_limit: 0.1, server_error: 0.05 } });
    expect(parseFaultRates(' slow = .5 , drop_after=0 ')).toEqual({ rates: { slow: 0.5, drop_after: 0 } });
    expect(parseFaultRates('malformed=1')).toEqual({ rates: { malformed: 1 } });
    expect(parseFaultRates('')).toEqual({ rates: {} });
    // Decimals rarely add up exactly: 0.1 + 0.2 + 0.7 is a hair over 1 in floating point.
    expect(parseFaultRates('drop=0.1,slow=0.2,rate_limit=0.7')).toEqual({ rates: { drop: 0.1, slow: 0.2, rate_limit: 0.7 } });
    const all = FAULT_KINDS.map((kind) => `${kind}=0.1`).join(',');
    expect('rates' in parseFaultRates(all)).toBe(true);
  });

  const error = (spec: string): string => {
    const parsed = parseFaultRates(spec);
    if (!('error' in parsed)) throw new Error(`"${spec}" was accepted`);
    return parsed.error;
  };

  it('rejects unknown kinds, listing the valid ones', () => {
    const message = error('rate_limit=0.1,timeout=0.2');
    expect(message).toContain('"timeout"');
    for (const kind of FAULT_KINDS) expect(message).toContain(kind);
  });

  it('rejects rates that are not numbers', () => {
    for (const spec of ['slow=abc', 'slow=', 'slow=0x1', 'slow=NaN', 'slow=1/2']) {
      expect(error(spec), spec).toMatch(/not a number/);
      expect(error(spec), spec).toContain('slow');
    }
  });

  it('rejects rates outside 0..1', () => {
    for (const spec of ['slow=1.5', 'drop=-0.1', 'malformed=2e0']) {
      expect(error(spec), spec).toMatch(/outside the allowed range 0\.\.1/);
    }
    expect(error('slow=1.5')).toContain('slow');
  });

  it('rejects rates that add up to more than 1', () => {
    expect(error('rate_limit=0.6,server_error=0.5')).toMatch(/add up to 1\.1; their sum must be at most 1/);
  });

  it('rejects entries that are not kind=rate, and kinds given twice', () => {
    expect(error('rate_limit')).toMatch(/"rate_limit".*not kind=rate/);
    expect(error('rate_limit=0.1,,slow=0.1')).toMatch(/not kind=rate/);
    expect(error('slow=0.1,slow=0.2')).toMatch(/"slow" is given twice/);
  });
});

describe('closing', () => {
  it('close() returns promptly while a slow answer is pending', async () => {
    const own = await startMavaSandbox({ now: () => NOW, rateLimit: ROOMY, ticketCount: 1 });
    const ticket = (await fetchTickets(own)).tickets[0]!._id;
    // Held for ten minutes: a close() that waited for the answer would outlast the test.
    own.faults.setSlowMs(10 * 60_000);
    own.faults.queue('slow', 1, SEND);
    const pending = send('held at close', { on: own, ticket }).catch((error: unknown) => error);
    // Wait until the request was processed and its answer is being held.
    await vi.waitFor(async () => expect(await contents(ticket, own)).toContain('held at close'), { timeout: 10_000, interval: 20 });
    await own.close();
    expect(await pending).toBeInstanceOf(Error);
    expect(own.requests.map((r) => r.path)).not.toContain('/api/message');
  });
});
