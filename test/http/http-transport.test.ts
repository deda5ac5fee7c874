import { request } from 'undici';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { setLogSink } from '../../src/log.js';
import { startMavaSandbox, type MavaSandbox } from '../../src/providers/mava/sandbox/index.js';
import { captureLog, testConfig } from '../support/harness.js';
import { httpClient, startHttp } from '../support/http-harness.js';
import { startStandin } from '../support/mava-standin/index.js';

let sandbox: MavaSandbox;
beforeAll(async () => {
  sandbox = await startMavaSandbox();
});
afterAll(() => sandbox.close());
const config = () => testConfig({ api: { baseUrl: sandbox.url, apiKey: sandbox.apiKey } });

const INIT = {
  jsonrpc: '2.0',
  id: 1,
  method: 'initialize',
  params: { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 'raw', version: '0' } },
};
const MCP_HEADERS = { 'content-type': 'application/json', accept: 'application/json, text/event-stream' };

describe('Streamable HTTP at /mcp', () => {
  it('lists and calls every tool through the SDK client', async () => {
    const server = await startHttp(config());
    const client = await httpClient(server.url);
    const { tools } = await client.listTools();
    expect(tools.map((t) => t.name)).toHaveLength(6);
    const fetched = await client.callTool({ name: 'fetch_tickets', arguments: { limit: 2 } });
    const ticket = (fetched.structuredContent as { tickets: Array<{ _id: string; customer: { _id: string } | null }> }).tickets[0]!;
    const calls: Array<[string, Record<string, unknown>]> = [
      ['list_categories', {}],
      ['update_ticket', { ticketId: ticket._id, priority: 2 }],
      ['send_message', { ticketId: ticket._id, content: 'Over HTTP' }],
      ['add_internal_note', { ticketId: ticket._id, content: 'Note over HTTP' }],
      ['identify_customer', { emailAddress: 'http-test@example.com' }],
    ];
    for (const [name, args] of calls) {
      const result = await client.callTool({ name, arguments: args });
      expect(result.isError, `${name}: ${JSON.stringify(result.content)}`).toBeFalsy();
      expect(result.structuredContent, name).toBeDefined();
    }
    await client.close();
    await server.close();
  });

  it('answers /healthz without secrets', async () => {
    const server = await startHttp(config(), { authToken: 'a-very-secret-token-1234' });
    const health = await fetch(server.url.replace('/mcp', '/healthz'));
    const text = await health.text();
    await server.close();
    expect(health.status).toBe(200);
    expect(JSON.parse(text)).toMatchObject({ status: 'ok', sessions: 0 });
    expect(text).not.toContain('a-very-secret-token-1234');
    expect(text).not.toContain(sandbox.apiKey);
  });

  it('with a token, refuses requests without it (401) and serves those with it', async () => {
    const token = 'a-very-secret-token-1234';
    const server = await startHttp(config(), { authToken: token });
    const none = await fetch(server.url, { method: 'POST', headers: MCP_HEADERS, body: JSON.stringify(INIT) });
    const wrong = await fetch(server.url, {
      method: 'POST',
      headers: { ...MCP_HEADERS, authorization: 'Bearer not-the-token-xxxxxxx' },
      body: JSON.stringify(INIT),
    });
    expect([none.status, wrong.status]).toEqual([401, 401]);
    expect((await none.json()) as unknown).toMatchObject({ jsonrpc: '2.0', error: { message: expect.stringContaining('Bearer') } });
    const client = await httpClient(server.url, { authorization: `Bearer ${token}` });
    expect((await client.listTools()).tools).toHaveLength(6);
    await client.close();
    await server.close();
  });

  it('refuses a forged Host or Origin with 403, accepts the loopback names', async () => {
    const server = await startHttp(config());
    // undici's request sends Host as given (fetch silently drops it: a forbidden header).
    const post = async (headers: Record<string, string>) => {
      const res = await request(server.url, { method: 'POST', headers: { ...MCP_HEADERS, ...headers }, body: JSON.stringify(INIT) });
      await res.body.text();
      return { status: res.statusCode };
    };
    const port = new URL(server.url).port;
    expect((await post({ host: 'evil.example' })).status).toBe(403);
    expect((await post({ host: `attacker.example:${port}` })).status).toBe(403);
    expect((await post({ origin: 'http://evil.example' })).status).toBe(403);
    expect((await post({ origin: 'null' })).status).toBe(403);
    expect((await post({ origin: `http://localhost:${port}` })).status).toBe(200);
    expect((await post({ host: `localhost:${port}` })).status).toBe(200);
    await server.close();
  });

  it('accepts the names given with --allowed-hosts', async () => {
    const server = await startHttp(config(), { allowedHosts: ['mcp.example.com'] });
    const res = await request(server.url, {
      method: 'POST',
      headers: { ...MCP_HEADERS, host: 'mcp.example.com', origin: 'https://mcp.example.com' },
      body: JSON.stringify(INIT),
    });
    await res.body.text();
    const other = await request(server.url, { method: 'POST', headers: { ...MCP_HEADERS, host: 'other.example.com' }, body: JSON.stringify(INIT) });
    await other.body.text();
    await server.close();
    expect([res.statusCode, other.statusCode]).toEqual([200, 403]);
  });

  it('takes a long message (several MB) and refuses a larger body with 413 and a JSON-RPC error', async () => {
    const server = await startHttp(config(), {}, { bounds: { bodyLimit: 4 * 1024 * 1024 } });
    const client = await httpClient(server.url);
    const { tickets } = (await client.callTool({ name: 'fetch_tickets', arguments: { limit: 1 } })).structuredContent as { tickets: Array<{ _id: string }> };
    const long = await client.callTool({ name: 'add_internal_note', arguments: { ticketId: tickets[0]!._id, content: 'x'.repeat(19_000) } });
    expect(long.isError).toBeFalsy();
    const huge = await fetch(server.url, { method: 'POST', headers: MCP_HEADERS, body: JSON.stringify({ ...INIT, pad: 'x'.repeat(5 * 1024 * 1024) }) });
    expect(huge.status).toBe(413);
    expect(await huge.json()).toMatchObject({ jsonrpc: '2.0', error: { code: -32600, message: expect.stringContaining('too large') } });
    await client.close();
    await server.close();
  });

  it('expires idle sessions', async () => {
    const server = await startHttp(config(), {}, { idleMs: 200 });
    const init = await fetch(server.url, { method: 'POST', headers: MCP_HEADERS, body: JSON.stringify(INIT) });
    const session = init.headers.get('mcp-session-id')!;
    const lines = captureLog();
    await init.text();
    // Nothing more from the client: its session is closed when the sweeper finds it idle.
    await vi.waitFor(() => expect(lines.some((line) => line.includes('http session closed') && line.includes(session.slice(0, 8)))).toBe(true), {
      timeout: 10_000,
    });
    setLogSink(() => undefined);
    const late = await fetch(server.url, {
      method: 'POST',
      headers: { ...MCP_HEADERS, 'mcp-session-id': session },
      body: JSON.stringify({ jsonrpc: '2.0', id: 2, method: 'ping' }),
    });
    await server.close();
    expect(late.status).toBe(404);
    expect(await late.json()).toMatchObject({ error: { message: expect.stringContaining('Session not found') } });
  });

  it('--stateless serves each POST alone and refuses GET', async () => {
    const server = await startHttp(config(), { stateless: true });
    const client = await httpClient(server.url);
    expect((await client.listTools()).tools).toHaveLength(6);
    expect((await client.callTool({ name: 'list_categories', arguments: {} })).isError).toBeFalsy();
    const get = await fetch(server.url, { headers: { accept: 'text/event-stream' } });
    expect(get.status).toBe(405);
    await client.close();
    await server.close();
  });

  it('--stateless answers a call that asked for no progress as one JSON body, and one that did as a stream carrying the progress', async () => {
    const server = await startHttp(config(), { stateless: true });
    const call = async (meta: Record<string, unknown> = {}) => {
      const res = await request(server.url, {
        method: 'POST',
        headers: MCP_HEADERS,
        body: JSON.stringify({ jsonrpc: '2.0', id: 7, method: 'tools/call', params: { name: 'fetch_tickets', arguments: { maxTickets: 3 }, ...meta } }),
      });
      return { type: res.headers['content-type'], text: await res.body.text() };
    };
    const plain = await call();
    const streamed = await call({ _meta: { progressToken: 'p1' } });
    await server.close();
    expect(plain.type).toBe('application/json');
    const answer = JSON.parse(plain.text) as { id: number; result: { structuredContent: { tickets: unknown[] } } };
    expect(answer.id).toBe(7);
    expect(answer.result.structuredContent.tickets).toHaveLength(3);
    expect(streamed.type).toBe('text/event-stream');
    expect(streamed.text).toContain('"method":"notifications/progress"');
    expect(streamed.text).toContain('"id":7');
  });

  it('50 concurrent sessions each get their own result, with zero errors', async () => {
    const server = await startHttp(config());
    const reference = await httpClient(server.url);
    const end = new Date().toISOString();
    const all = (await reference.callTool({ name: 'fetch_tickets', arguments: { endDate: end, limit: 50 } })).structuredContent as {
      tickets: Array<{ _id: string }>;
    };
    await reference.close();
    const results = await Promise.all(
      Array.from({ length: 50 }, async (_, i) => {
        const client = await httpClient(server.url);
        const result = await client.callTool({ name: 'fetch_tickets', arguments: { endDate: end, limit: 1, skip: i } });
        await client.close();
        return { i, result };
      }),
    );
    await server.close();
    for (const { i, result } of results) {
      expect(result.isError, JSON.stringify(result.content)).toBeFalsy();
      expect((result.structuredContent as { tickets: Array<{ _id: string }> }).tickets[0]!._id).toBe(all.tickets[i]!._id);
    }
  });
});

describe('--key-from-header', () => {
  it("sends each caller's own key, keeps sessions apart, and needs the header", async () => {
    const keys = ['mava_key_CALLER_A_000000000001', 'mava_key_CALLER_B_000000000002'];
    const standin = await startStandin({ apiKey: keys });
    const server = await startHttp(testConfig({ api: { baseUrl: standin.url, apiKey: 'unused' } }), { keyFromHeader: true });
    const a = await httpClient(server.url, { 'x-mava-api-key': keys[0]! });
    const b = await httpClient(server.url, { 'x-mava-api-key': keys[1]! });
    await a.callTool({ name: 'list_categories', arguments: {} });
    await b.callTool({ name: 'list_categories', arguments: {} });
    await a.callTool({ name: 'list_categories', arguments: {} });
    expect(standin.requests.map((r) => r.headers['x-auth-token'])).toEqual([keys[0], keys[1], keys[0]]);

    // Each key has its own limiter.
    expect(server.limiters.get(standin.url, keys[0]!, { requests: 90, windowMs: 30_000 })).not.toBe(
      server.limiters.get(standin.url, keys[1]!, { requests: 90, windowMs: 30_000 }),
    );

    // Another caller's key cannot ride on a session it did not open.
    const sessionOfA = (a.transport as unknown as { sessionId: string }).sessionId;
    const hijack = await fetch(server.url, {
      method: 'POST',
      headers: { ...MCP_HEADERS, 'mcp-session-id': sessionOfA, 'x-mava-api-key': keys[1]!, 'mcp-protocol-version': '2025-06-18' },
      body: JSON.stringify({ jsonrpc: '2.0', id: 9, method: 'tools/call', params: { name: 'list_categories', arguments: {} } }),
    });
    expect(hijack.status).toBe(403);
    const missing = await fetch(server.url, { method: 'POST', headers: MCP_HEADERS, body: JSON.stringify(INIT) });
    expect(missing.status).toBe(401);
    expect(standin.requests).toHaveLength(3);

    await a.close();
    await b.close();
    await server.close();
    await standin.close();
  });
});
