import { readFileSync } from 'node:fs';
import { createServer, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { performance } from 'node:perf_hooks';
import { afterEach, describe, expect, it } from 'vitest';
import { connect, testConfig } from '../support/harness.js';
import { httpClient } from '../support/http-harness.js';
import { configParser } from '../support/parse-config.js';
import { spawnHttpServer, type SpawnedServer } from '../support/spawn-server.js';
import { standinSessions } from '../support/standin-sessions.js';
import { STANDIN_DATA } from '../support/mava-standin/index.js';

// An API answer is read up to a size limit (<PREFIX>_MAX_RESPONSE_MB, default 16): past it the
// call fails at once, saying so, and the server stays responsive for everyone else.
const MB = 1024 * 1024;
const KEY = 'mava_live_RESPONSECAP_0123456789abcdef';
const TICKET = STANDIN_DATA.tickets[0];
const MARK = 'MESSAGE-CONTENT-GOES-HERE';

/** A Mava ticket page whose one message is `MARK`, split around it: the JSON before and after its content. */
function pageAround(): [Buffer, Buffer] {
  const message = { ...TICKET.messages[0]!, content: MARK };
  const page = JSON.stringify({ tickets: [{ ...TICKET, messages: [message] }], count: 1, pagination: { limit: 100, skip: 0, hasMore: false } });
  const [head, tail] = page.split(MARK) as [string, string];
  return [Buffer.from(head), Buffer.from(tail)];
}

interface FakeApi {
  url: string;
  /** Body bytes handed to the socket so far. */
  sent(): number;
  /** Resolves when the client closed the connection before the whole body went out. */
  cutShort: Promise<void>;
  close(): Promise<void>;
}

/**
 * A fake Mava that answers GET /api/tickets with a valid page holding one message of `bytes`
 * characters, streamed in 64 KB chunks as the client takes them (chunked: no Content-Length), so
 * the test never holds the body. With `declared`, it announces that Content-Length instead and
 * sends only the page's start, then waits.
 */
async function fakeApi(bytes: number, declared?: number): Promise<FakeApi> {
  const [head, tail] = pageAround();
  const chunk = Buffer.alloc(64 * 1024, 'a');
  let sent = 0;
  let cut: () => void = () => {};
  const cutShort = new Promise<void>((resolve) => (cut = resolve));
  const pump = (res: ServerResponse, left: number): void => {
    while (left > 0) {
      const piece = left >= chunk.length ? chunk : chunk.subarray(0, left);
      left -= piece.length;
      sent += piece.length;
      if (!res.write(piece)) {
        res.once('drain', () => pump(res, left));
        return;
      }
    }
    sent += tail.length;
    res.end(tail);
  };
  const server: Server = createServer((req, res) => {
    res.on('close', () => {
      if (!res.writableFinished) cut();
    });
    if (!req.url?.startsWith('/api/tickets')) {
      res.writeHead(404, { 'content-type': 'application/json' }).end('{"error":"Not found"}');
      return;
    }
    res.writeHead(200, { 'content-type': 'application/json; charset=utf-8', ...(declared ? { 'content-length': String(declared) } : {}) });
    sent += head.length;
    res.write(head);
    if (!declared) pump(res, bytes);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    sent: () => sent,
    cutShort,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** The peak resident memory of a process, in MB (Linux). */
function peakRssMb(pid: number): number {
  const line = readFileSync(`/proc/${pid}/status`, 'utf8').match(/^VmHWM:\s+(\d+) kB/m);
  if (!line) throw new Error(`no VmHWM for ${pid}`);
  return Number(line[1]) / 1024;
}

const cleanups: Array<() => Promise<unknown>> = [];
afterEach(async () => {
  await Promise.all(cleanups.splice(0).map((close) => close()));
});

describe('a ticket list with a 100 MB message, through the built CLI over HTTP', () => {
  it('fails the call without reading the rest, saying so; /healthz answers meanwhile and memory stays low', async ({ annotate }) => {
    const api = await fakeApi(100 * MB);
    cleanups.push(() => api.close());
    const server: SpawnedServer = await spawnHttpServer([], { MAVA_BASE_URL: api.url, MAVA_API_KEY: KEY });
    cleanups.push(() => server.stop());
    const client = await httpClient(server.url);
    cleanups.push(() => client.close());

    const started = performance.now();
    let done = false;
    const call = client.callTool({ name: 'fetch_tickets', arguments: { limit: 100 } }, undefined, { timeout: 120_000 }).finally(() => (done = true));
    // One /healthz at a time while the call runs; the slowest answer is what another caller would
    // wait (a figure for the annotation: how quick is a speed, not asserted on a shared machine).
    let worst = 0;
    let polls = 0;
    const healthStatuses = new Set<number>();
    while (!done) {
      const asked = performance.now();
      const health = await fetch(server.url.replace('/mcp', '/healthz'));
      await health.arrayBuffer();
      healthStatuses.add(health.status);
      worst = Math.max(worst, performance.now() - asked);
      polls++;
    }
    const result = await call;
    const seconds = (performance.now() - started) / 1000;
    const peak = peakRssMb(server.child.pid!);
    await annotate(
      `call ${seconds.toFixed(1)} s; worst /healthz ${worst.toFixed(0)} ms over ${polls} polls; server VmHWM ${peak.toFixed(0)} MB; API sent ${(api.sent() / MB).toFixed(1)} MB`,
    );

    const text = (result.content as Array<{ text: string }>).map((part) => part.text).join('\n');
    expect(result.isError, text).toBe(true);
    expect(text).toBe(
      "Mava's answer (200) was larger than the 16 MB limit, so it was not read. The same call would fail the same way: ask for fewer at once (a lower limit), or narrow the filters. An operator can raise the limit with MAVA_MAX_RESPONSE_MB (up to 1024).",
    );
    await api.cutShort; // the client hung up instead of taking the rest
    expect(api.sent()).toBeLessThan(50 * MB);
    expect([...healthStatuses]).toEqual([200]);
    expect(peak).toBeLessThan(400);
  }, 120_000);
});

describe('the response limit, in process', () => {
  const api = standinSessions(KEY, { maxResponseMb: 1, timeoutMs: 10_000 });
  /** A valid ticket page of exactly `size` bytes (padded with JSON whitespace). */
  const pageOf = (size: number): string => {
    const [head, tail] = pageAround();
    const page = `${head.toString()}short${tail.toString()}`;
    return page + ' '.repeat(size - Buffer.byteLength(page));
  };

  it('reads an answer of exactly the limit, and refuses one byte more without retrying the read', async () => {
    const mcp = await api.session();
    api.standin.respondNext('GET /api/tickets', { status: 200, rawBody: pageOf(MB) });
    const fits = await mcp.call('fetch_tickets', { limit: 1 });
    expect(fits.isError, fits.text).toBe(false);

    api.standin.respondNext('GET /api/tickets', { status: 200, rawBody: pageOf(MB + 1) });
    const over = await mcp.call('fetch_tickets', { limit: 1 });
    expect(over.isError).toBe(true);
    expect(over.text).toMatch(/^Mava's answer \(200\) was larger than the 1 MB limit, so it was not read\. .*MAVA_MAX_RESPONSE_MB/);
    expect(api.standin.requests).toHaveLength(2);
  });

  it('keeps an error answer too large to read for its status: a 503 is still retried', async () => {
    const mcp = await api.session();
    api.standin.respondNext('GET /api/categories', { status: 503, rawBody: ' '.repeat(2 * MB) });
    const result = await mcp.call('list_categories');
    expect(result.isError, result.text).toBe(false);
    expect(api.standin.requests).toHaveLength(2);
  });

  it.each([
    ['declares a Content-Length above the limit, then stalls', () => fakeApi(0, 200 * MB)],
    ['streams past the limit without a Content-Length', () => fakeApi(5 * MB)],
  ])('refuses an answer that %s, at once', async (_, start) => {
    const fake = await start();
    cleanups.push(() => fake.close());
    const mcp = await connect(testConfig({ api: { baseUrl: fake.url, apiKey: KEY, maxResponseMb: 1, timeoutMs: 20_000 } }));
    cleanups.push(() => mcp.close());
    const result = await mcp.call('fetch_tickets', { limit: 1 });
    expect(result.isError).toBe(true);
    // A stalled body never ends: only the size announced can end the call before its deadline,
    // which would have said the answer came too slowly instead.
    expect(result.text).toContain('larger than the 1 MB limit');
    await fake.cutShort;
  });

  it('after a send whose answer was too large, says it may have been sent and refuses the retry', async () => {
    const mcp = await api.session();
    api.standin.respondNext('PUT /api/message', { status: 200, rawBody: `{"message":"Message sent"}${' '.repeat(MB)}` });
    const sent = await mcp.call('send_message', { ticketId: TICKET._id, content: 'Big answer' });
    expect(sent.isError).toBe(true);
    expect(sent.text).toMatch(/^Mava's answer \(200\) was larger than the 1 MB limit, so it was not read, though Mava handled the request\./);
    expect(sent.text).toContain('It may have been sent: check the ticket before retrying');
    const retry = await mcp.call('send_message', { ticketId: TICKET._id, content: 'Big answer' });
    expect(retry.text).toContain('may already have been sent');
    expect(api.standin.requests.filter((r) => r.path === '/api/message')).toHaveLength(1);
  });
});

describe('<PREFIX>_MAX_RESPONSE_MB', () => {
  it.each([
    ['mava', 'MAVA', { MAVA_API_KEY: 'k' }],
    ['omnidesk', 'OMNIDESK', { OMNIDESK_API_KEY: 'k', OMNIDESK_BASE_URL: 'https://acme.omnidesk.ru' }],
    ['inboxops', 'INBOXOPS', { INBOXOPS_API_KEY: 'ixk_0123456789' }],
  ] as const)('%s: whole MB from 1 to 1024, default 16', (provider, prefix, env) => {
    const { config, errors } = configParser(provider);
    expect(config([], env).api.maxResponseMb).toBeUndefined();
    expect(config([], { ...env, [`${prefix}_MAX_RESPONSE_MB`]: '64' }).api.maxResponseMb).toBe(64);
    expect(config([], { ...env, [`${prefix}_MAX_RESPONSE_MB`]: '1024' }).api.maxResponseMb).toBe(1024);
    for (const bad of ['0', '1025', '1.5', '16MB', '-1']) {
      expect(errors([], { ...env, [`${prefix}_MAX_RESPONSE_MB`]: bad })).toEqual([
        `${prefix}_MAX_RESPONSE_MB=${bad} is not allowed: use a whole number of MB from 1 to 1024 (default 16).`,
      ]);
    }
  });
});
