import { createServer, connect as connectTcp, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ConnectionError } from '../../src/http/errors.js';
import { HttpClient } from '../../src/http/http-client.js';
import { SlidingWindowLimiter } from '../../src/http/limiter.js';
import { connect, testConfig, type Harness } from '../support/harness.js';
import { startStandin, STANDIN_DATA, type Standin } from '../support/mava-standin/index.js';

// A send whose connection was reset before undici handed the request to it certainly never left:
// it fails saying so, and the duplicate guard lets its retry through. Reset once the API has read
// the request, it may have been delivered: the retry is refused.
const KEY = 'mava_live_UNSENTSEND_0123456789abcdef';
const TICKET = STANDIN_DATA.ticketIds.discord;

/** What the front does with each new connection, in turn; once the list is used up, 'pass'. */
type Step = 'reset at once' | 'reset instead of the answer' | 'pass';

interface Front {
  url: string;
  close(): Promise<void>;
}

/**
 * A TCP front to the stand-in. 'reset at once' accepts the connection and resets it before
 * reading a byte; 'reset instead of the answer' passes the request on and, when the stand-in
 * answers, resets the connection instead of passing the answer back; 'pass' passes both ways.
 */
async function front(target: string, steps: Step[]): Promise<Front> {
  const sockets = new Set<Socket>();
  const server = createServer((client) => {
    sockets.add(client);
    client.on('close', () => sockets.delete(client));
    client.on('error', () => {});
    const step = steps.shift() ?? 'pass';
    if (step === 'reset at once') {
      client.resetAndDestroy();
      return;
    }
    const upstream = connectTcp(Number(new URL(target).port), '127.0.0.1');
    sockets.add(upstream);
    upstream.on('close', () => sockets.delete(upstream));
    upstream.on('error', () => client.destroy());
    client.on('close', () => upstream.destroy());
    client.pipe(upstream);
    if (step === 'pass') upstream.pipe(client);
    else upstream.once('data', () => client.resetAndDestroy());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}

let standin: Standin;
beforeAll(async () => {
  standin = await startStandin({ apiKey: KEY });
});
afterAll(() => standin.close());

const open: Array<{ close(): Promise<void> }> = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((item) => item.close()));
  standin.reset();
});

/** A session on a new front (so on connections of its own), whose connections meet `steps` in turn. */
async function sessionThrough(steps: Step[]): Promise<Harness> {
  const api = await front(standin.url, steps);
  const mcp = await connect(testConfig({ api: { baseUrl: api.url, apiKey: KEY } }));
  open.push(mcp, api);
  return mcp;
}

/** How many times the message reached the API. */
const arrivals = () => standin.requests.filter((r) => r.path === '/api/message').length;

describe('a send whose connection was reset', () => {
  it('before the request was written: fails saying nothing was sent, and the retry goes through once', async () => {
    const mcp = await sessionThrough(['reset at once']);
    const args = { ticketId: TICKET, content: 'Your refund has been approved.' };
    const first = await mcp.call('send_message', args);
    expect(first.isError).toBe(true);
    expect(first.text).toBe('Could not connect to Mava (ECONNRESET). Check the base URL and the network, then retry. Nothing was changed.');
    expect(arrivals()).toBe(0);

    const retry = await mcp.call('send_message', args);
    expect(retry.isError, retry.text).toBe(false);
    expect(arrivals()).toBe(1);
  });

  it('after the API read the request: says it may have been sent, and refuses the retry', async () => {
    const mcp = await sessionThrough(['reset instead of the answer']);
    const args = { ticketId: TICKET, content: 'We have escalated your case.' };
    const first = await mcp.call('send_message', args);
    expect(first.isError).toBe(true);
    expect(first.text).toMatch(/^The connection to Mava dropped before the answer \(ECONNRESET\)\. It may have been sent: check the ticket before retrying/);

    const retry = await mcp.call('send_message', args);
    expect(retry.isError).toBe(true);
    expect(retry.text).toMatch(/^The same message to ticket \w+ may already have been sent at .*Check the ticket's messages first\./);
    expect(arrivals()).toBe(1);
  });
});

describe('the same ECONNRESET, told apart by whether undici handed the request to a connection', () => {
  // A server that resets the connection once the client's first bytes arrive: over https those
  // are the TLS handshake's (the request is never written), over http the request itself.
  it.each([
    ['https', 'no'],
    ['http', 'maybe'],
  ] as const)('%s: processed %s', async (scheme, processed) => {
    const server = createServer((socket) => socket.once('data', () => socket.resetAndDestroy()).on('error', () => {}));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    open.push({ close: () => new Promise<void>((resolve) => server.close(() => resolve())) });
    const limiter = new SlidingWindowLimiter({ requests: 10, windowMs: 1_000 });
    open.push({ close: () => limiter.stop() });
    const baseUrl = `${scheme}://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const client = new HttpClient({ baseUrl, headers: { 'x-auth-token': KEY }, limiter, timeoutMs: 5_000 });
    const error: unknown = await client.send({ method: 'PUT', path: '/api/message', body: { ticketId: TICKET, content: 'Hello' } }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConnectionError);
    expect(error).toMatchObject({ code: 'ECONNRESET', processed });
  });
});
