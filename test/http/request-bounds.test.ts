import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startMavaSandbox, type MavaSandbox } from '../../src/providers/mava/sandbox/index.js';
import { testConfig } from '../support/harness.js';
import { startHttp } from '../support/http-harness.js';
import { startStandin } from '../support/mava-standin/index.js';
import { requestHead, trickle, within } from '../support/trickle.js';

// Slow and oversized requests: each holds a descriptor, so each must end within a bound, and
// every client (Node's fetch included, which does not read while it writes) must read its answer.

let sandbox: MavaSandbox;
beforeAll(async () => {
  sandbox = await startMavaSandbox();
});
afterAll(() => sandbox.close());
const config = () => testConfig({ api: { baseUrl: sandbox.url, apiKey: sandbox.apiKey } });

const TOKEN = 'a-very-secret-token-1234';
const MIB = 1024 * 1024;
const INIT = {
  jsonrpc: '2.0',
  id: 1,
  method: 'initialize',
  params: { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 'raw', version: '0' } },
};
const MCP_HEADERS = { 'content-type': 'application/json', accept: 'application/json, text/event-stream' };
// Bounds of these tests are generous: the point is "closed", not how fast.
const PROMPTLY = 10_000;

function jsonRpcError(answer: string): unknown {
  return JSON.parse(answer.slice(answer.indexOf('\r\n\r\n') + 4));
}

describe('a refused request', () => {
  it.each([
    ['401 (no token)', {}, '/mcp'],
    ['403 (forged Host)', { host: 'evil.example', authorization: `Bearer ${TOKEN}` }, '/mcp'],
    ['404 (other path)', { authorization: `Bearer ${TOKEN}` }, '/other'],
  ])('%s: answered, then its connection is closed without waiting for the rest of the body', async (_, headers: Record<string, string>, path) => {
    const server = await startHttp(config(), { authToken: TOKEN });
    const url = new URL(path, server.url).href;
    const head = requestHead(url, 'POST', { ...MCP_HEADERS, 'content-length': '1000000', ...headers });
    const slow = trickle(url, head, 'x', 200);
    const answer = await within(slow.closed, PROMPTLY, 'the server closing the connection');
    await server.close();
    expect(answer).toMatch(/^HTTP\/1\.1 40[134] /);
    expect(answer).toMatch(/\r\nconnection: close\r\n/i);
    expect(jsonRpcError(answer)).toMatchObject({ jsonrpc: '2.0', error: { code: expect.any(Number) }, id: null });
  });
});

describe('a slow request', () => {
  it('an authenticated body that trickles is cut off at the body deadline: 408 with a JSON-RPC error, then closed', async () => {
    const server = await startHttp(config(), { authToken: TOKEN }, { bounds: { bodyTimeoutMs: 300 } });
    const slow = trickle(
      server.url,
      requestHead(server.url, 'POST', { ...MCP_HEADERS, authorization: `Bearer ${TOKEN}`, 'content-length': '1000000' }),
      'x',
      100,
    );
    const answer = await within(slow.closed, PROMPTLY, 'the server cutting off a trickling body');
    await server.close();
    expect(answer).toMatch(/^HTTP\/1\.1 408 /);
    expect(answer).toMatch(/\r\nconnection: close\r\n/i);
    expect(jsonRpcError(answer)).toMatchObject({ jsonrpc: '2.0', error: { code: -32600, message: expect.stringContaining('too slowly') }, id: null });
  });

  it('headers that trickle are cut off at the headers deadline', async () => {
    const server = await startHttp(config(), {}, { bounds: { headersTimeoutMs: 300 } });
    const partial = requestHead(server.url, 'POST', MCP_HEADERS).replace(/\r\n$/, '');
    const slow = trickle(server.url, partial, 'X-Slow: 1\r\n', 100);
    const answer = await within(slow.closed, PROMPTLY, 'the server cutting off trickling headers');
    await server.close();
    expect(answer).toMatch(/^HTTP\/1\.1 408 /);
  });

  it('a request deadline never cuts a response stream that outlives it (POST answered over SSE, GET stream)', async () => {
    const key = 'mava_key_SLOW_UPSTREAM_000001';
    const standin = await startStandin({ apiKey: key });
    const server = await startHttp(
      testConfig({ api: { baseUrl: standin.url, apiKey: key } }),
      {},
      { bounds: { headersTimeoutMs: 200, bodyTimeoutMs: 200, drainMs: 200 } },
    );
    let session = '';
    const post = (message: object) =>
      fetch(server.url, {
        method: 'POST',
        headers: { ...MCP_HEADERS, ...(session && { 'mcp-session-id': session, 'mcp-protocol-version': '2025-06-18' }) },
        body: JSON.stringify(message),
      });
    const init = await post(INIT);
    session = init.headers.get('mcp-session-id')!;
    await init.text();
    await (await post({ jsonrpc: '2.0', method: 'notifications/initialized' })).text();
    const stream = await fetch(server.url, { headers: { accept: 'text/event-stream', 'mcp-session-id': session, 'mcp-protocol-version': '2025-06-18' } });
    expect(stream.status).toBe(200);
    let streamEnded = false;
    void stream
      .body!.pipeTo(new WritableStream())
      .finally(() => (streamEnded = true))
      .catch(() => undefined);

    // The call's answer comes well after every bound (and Node's check interval) has passed.
    standin.respondNext('GET /api/categories', { status: 200, body: { categories: [{ _id: 'c1', name: 'Late' }] }, delayMs: 3_000 });
    const call = await post({ jsonrpc: '2.0', id: 2, method: 'tools/call', params: { name: 'list_categories', arguments: {} } });
    expect(call.headers.get('content-type')).toContain('text/event-stream');
    expect(await call.text()).toContain('Late');
    expect(streamEnded).toBe(false);

    await server.close();
    await standin.close();
  });
});

describe('a body over the limit', () => {
  it('its drain is cut off when the rest arrives trickle-slow', async () => {
    // The drain's time bound out of reach: only its rate bound can end it.
    const server = await startHttp(config(), {}, { bounds: { drainMs: 10 * 60_000 } });
    const slow = trickle(server.url, requestHead(server.url, 'POST', { ...MCP_HEADERS, 'content-length': String(20 * MIB) }), 'x', 100);
    const answer = await within(slow.closed, PROMPTLY, 'the server cutting off a trickling drain');
    await server.close();
    expect(answer).toMatch(/^HTTP\/1\.1 413 /);
  });

  it('its drain stops at its size cap', async () => {
    const server = await startHttp(config(), {}, { bounds: { bodyLimit: MIB, drainBytes: MIB } });
    const greedy = trickle(
      server.url,
      requestHead(server.url, 'POST', { ...MCP_HEADERS, 'content-length': String(1024 * MIB) }),
      Buffer.alloc(64 * 1024, 0x20),
      0,
    );
    const answer = await within(greedy.closed, PROMPTLY, 'the server ending the drain');
    await server.close();
    expect(answer).toMatch(/^HTTP\/1\.1 413 /);
    // What was written beyond the drain sits in socket buffers (a few MiB), far from the 1 GiB declared.
    expect(greedy.written()).toBeLessThan(100 * MIB);
  });
});
