import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { request } from 'undici';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { z } from 'zod';
import type { Config } from '../../src/config.js';
import { withApiKey } from '../../src/providers/provider.js';
import { createServer } from '../../src/server.js';
import { testConfig } from '../support/harness.js';
import { httpClient, startHttp } from '../support/http-harness.js';
import { startStandin, type Standin } from '../support/mava-standin/index.js';

const KEYS = ['mava_key_STATELESS_CALLER_00001', 'mava_key_STATELESS_CALLER_00002'];
const MCP_HEADERS = { 'content-type': 'application/json', accept: 'application/json, text/event-stream' };

let standin: Standin;
/** Answers every request 300 ms late. */
let slow: Standin;
let defaultConfig: Config;
let slowConfig: Config;
beforeAll(async () => {
  [standin, slow] = await Promise.all([startStandin({ apiKey: KEYS }), startStandin({ apiKey: KEYS, delayMs: 300 })]);
  defaultConfig = testConfig({ api: { baseUrl: standin.url, apiKey: KEYS[0]! } });
  slowConfig = testConfig({ api: { baseUrl: slow.url, apiKey: KEYS[0]! } });
});
afterAll(() => Promise.all([standin.close(), slow.close()]));

/** A stateless server whose servers are counted as they are built; `api` is the default stand-in's config. */
async function stateless(options: { keyFromHeader?: boolean; sharedIdleMs?: number; maxSessions?: number; api?: Config } = {}) {
  const built: Array<string | undefined> = [];
  const config = options.api ?? defaultConfig;
  const http = await startHttp(
    config,
    { stateless: true, keyFromHeader: options.keyFromHeader ?? false },
    {
      sharedIdleMs: options.sharedIdleMs,
      maxSessions: options.maxSessions,
      // Servers are built per request, after startHttp has answered: its limiters exist by then.
      createMcpServer: (key) => {
        built.push(key);
        return createServer({ config: key ? withApiKey(config, key) : config, limiters: http.limiters });
      },
    },
  );
  return Object.assign(http, { built });
}

/** A plain JSON-RPC POST, as any HTTP client sends it; the answer's status and parsed body. */
async function post(url: string, body: unknown, headers: Record<string, string> = {}, signal?: AbortSignal) {
  const res = await request(url, { method: 'POST', headers: { ...MCP_HEADERS, ...headers }, body: JSON.stringify(body), signal });
  const text = await res.body.text();
  return { status: res.statusCode, type: res.headers['content-type'], body: text ? (JSON.parse(text) as Record<string, any>) : undefined };
}

const call = (id: unknown, name: string, args: Record<string, unknown> = {}) => ({
  jsonrpc: '2.0',
  id,
  method: 'tools/call',
  params: { name, arguments: args },
});

describe('--stateless: one server per key, shared by its plain requests', () => {
  it('builds one server for many calls of a key, so its category list is fetched once, not once per request', async () => {
    const server = await stateless();
    try {
      standin.reset();
      const answers = [];
      for (let id = 1; id <= 4; id++) answers.push(await post(server.url, call(id, 'fetch_tickets', { category: 'Billing', limit: 1 })));
      for (const [i, answer] of answers.entries()) {
        expect(answer.status).toBe(200);
        expect(answer.body).toMatchObject({ jsonrpc: '2.0', id: i + 1, result: { structuredContent: { tickets: expect.any(Array) } } });
        expect(answer.body!.result.isError).toBeUndefined();
      }
      expect(server.built).toHaveLength(1);
      expect(standin.requests.filter((r) => r.method === 'GET' && r.path === '/api/categories')).toHaveLength(1);
    } finally {
      await server.close();
    }
  });

  it("answers each request under its own client's id, when callers pick the same ids at once", async () => {
    const server = await stateless({ keyFromHeader: true });
    try {
      // The same id from both callers, and twice from one, all in flight together.
      const asked = [
        { key: KEYS[0]!, tool: 'list_categories', holds: 'categories' },
        { key: KEYS[1]!, tool: 'fetch_tickets', holds: 'tickets' },
        { key: KEYS[1]!, tool: 'list_categories', holds: 'categories' },
        { key: KEYS[0]!, tool: 'fetch_tickets', holds: 'tickets' },
      ];
      const answers = await Promise.all(asked.map(({ key, tool }) => post(server.url, call('same', tool), { 'x-mava-api-key': key })));
      for (const [i, answer] of answers.entries()) {
        expect(answer.body).toMatchObject({ id: 'same' });
        expect(Object.keys(answer.body!.result.structuredContent)).toContain(asked[i]!.holds);
      }
      // One server per key: each key's requests went upstream with that key.
      expect([...server.built].sort()).toEqual(KEYS);
      const keysUsed = new Set(standin.requests.map((r) => r.headers['x-auth-token']));
      expect(keysUsed).toEqual(new Set(KEYS));
    } finally {
      await server.close();
    }
  });

  it('gives every other request what the SDK gives it: initialize, notifications, batches, refusals', async () => {
    const server = await stateless();
    try {
      const init = await post(server.url, {
        jsonrpc: '2.0',
        id: 0,
        method: 'initialize',
        params: { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 'raw', version: '0' } },
      });
      expect(init).toMatchObject({ status: 200, body: { id: 0, result: { serverInfo: { name: 'helpdesk-mcp' } } } });
      expect(await post(server.url, { jsonrpc: '2.0', method: 'notifications/initialized' })).toMatchObject({ status: 202 });
      expect(await post(server.url, { jsonrpc: '2.0', id: 1, method: 'logging/setLevel', params: { level: 'debug' } })).toMatchObject({
        status: 200,
        body: { id: 1, result: {} },
      });
      // None of these touched a shared server: each had one of its own.
      expect(server.built).toHaveLength(3);

      expect(await post(server.url, call(2, 'list_categories'), { accept: 'application/json' })).toMatchObject({
        status: 406,
        body: { error: { message: expect.stringContaining('Not Acceptable') } },
      });
      expect(await post(server.url, call(3, 'list_categories'), { 'content-type': 'text/plain' })).toMatchObject({ status: 415 });
      expect(await post(server.url, call(4, 'list_categories'), { 'mcp-protocol-version': '1999-01-01' })).toMatchObject({
        status: 400,
        body: { error: { message: expect.stringContaining('Unsupported protocol version') } },
      });
      expect(await post(server.url, { ...call(5, 'list_categories'), extra: true })).toMatchObject({
        status: 400,
        body: { error: { code: -32700, message: 'Parse error: Invalid JSON-RPC message' } },
      });
      expect(await post(server.url, { jsonrpc: '2.0', id: 6, method: 'no/such/method' })).toMatchObject({
        status: 200,
        body: { id: 6, error: { code: -32601 } },
      });
      const batch = await request(server.url, {
        method: 'POST',
        headers: MCP_HEADERS,
        body: JSON.stringify([call(7, 'list_categories'), call(8, 'list_categories')]),
      });
      const streamed = await batch.body.text();
      expect(batch.headers['content-type']).toBe('text/event-stream');
      expect(streamed).toContain('"id":7');
      expect(streamed).toContain('"id":8');
      // Each refused or special request above had a server of its own too (as every request did before).
      expect(server.built).toHaveLength(9);
      // Plain calls after all that: one shared server, built once.
      expect(await post(server.url, call(9, 'list_categories'))).toMatchObject({ status: 200, body: { id: 9, result: { structuredContent: {} } } });
      expect(await post(server.url, { jsonrpc: '2.0', id: 10, method: 'ping' })).toMatchObject({ status: 200, body: { id: 10, result: {} } });
      expect(server.built).toHaveLength(10);
    } finally {
      await server.close();
    }
  });

  it('closes a shared server unused for its idle time, never one still answering', async () => {
    const server = await stateless({ sharedIdleMs: 200, api: slowConfig });
    try {
      // Each answer takes longer than the idle time: the server answering stays, and its idle
      // time counts from the answer, so a call soon after finds it still there.
      expect(await post(server.url, call(1, 'list_categories'))).toMatchObject({ body: { id: 1, result: { structuredContent: {} } } });
      await new Promise((resolve) => setTimeout(resolve, 80));
      expect(await post(server.url, call(2, 'fetch_tickets', { limit: 1 }))).toMatchObject({ body: { id: 2, result: { structuredContent: {} } } });
      expect(server.built).toHaveLength(1);
      // Idle now: closed, and the next call gets a new one.
      await new Promise((resolve) => setTimeout(resolve, 500));
      expect(await post(server.url, call(3, 'list_categories'))).toMatchObject({ body: { id: 3, result: { structuredContent: {} } } });
      expect(server.built).toHaveLength(2);
    } finally {
      await server.close();
    }
  });

  it('holds at most maxSessions shared servers; past that a request gets a server of its own and is answered', async () => {
    const server = await stateless({ keyFromHeader: true, maxSessions: 1 });
    try {
      for (const key of [KEYS[0]!, KEYS[1]!, KEYS[1]!, KEYS[0]!]) {
        expect(await post(server.url, call(1, 'list_categories'), { 'x-mava-api-key': key })).toMatchObject({ status: 200, body: { result: {} } });
      }
      // The first key's server is shared; the second key's requests each built their own.
      expect(server.built).toEqual([KEYS[0], KEYS[1], KEYS[1]]);
    } finally {
      await server.close();
    }
  });

  it('answers the call in flight when it shuts down, then closes the shared servers', async () => {
    const server = await stateless({ api: slowConfig });
    const inFlight = post(server.url, call('last', 'list_categories'));
    await vi.waitFor(() => expect(server.built).toHaveLength(1));
    await server.close(5_000);
    expect((await inFlight).body).toMatchObject({ id: 'last', result: { structuredContent: { categories: expect.any(Array) } } });
  });

  it('works for an SDK client: it initializes on a server of its own, then calls on the shared one', async () => {
    const server = await stateless();
    try {
      const client = await httpClient(server.url);
      const before = server.built.length;
      for (let i = 0; i < 3; i++) expect((await client.callTool({ name: 'fetch_tickets', arguments: { limit: 1 } })).isError).toBeFalsy();
      expect((await client.listTools()).tools).toHaveLength(6);
      expect(server.built.length - before).toBe(1);
      await client.close();
    } finally {
      await server.close();
    }
  });
});

describe('--stateless: a caller that hangs up', () => {
  it("stops its call (the handler's signal aborts), and the server goes on serving", async () => {
    const aborted: string[] = [];
    const http = await startHttp(
      defaultConfig,
      { stateless: true },
      {
        createMcpServer: () => {
          const server = new McpServer({ name: 'hang', version: '0' });
          server.registerTool('wait', { inputSchema: { label: z.string() } }, ({ label }, extra) => {
            return new Promise((resolve) => {
              extra.signal.addEventListener('abort', () => aborted.push(label));
              setTimeout(() => resolve({ content: [{ type: 'text', text: label }] }), 1_000);
            });
          });
          return server;
        },
      },
    );
    try {
      const hangUp = new AbortController();
      const gone = post(http.url, call(1, 'wait', { label: 'gone' }), {}, hangUp.signal).catch((error: Error) => error.name);
      const kept = post(http.url, call(1, 'wait', { label: 'kept' }));
      setTimeout(() => hangUp.abort(), 100);
      expect(await gone).toBe('AbortError');
      await vi.waitFor(() => expect(aborted).toEqual(['gone']));
      expect((await kept).body).toMatchObject({ id: 1, result: { content: [{ text: 'kept' }] } });
      expect(aborted).toEqual(['gone']);
    } finally {
      await http.close();
    }
  });
});

describe('--stateless: a shutdown', () => {
  it('waits for the answer of a shared request that is not a tool call (no tool call holds it open)', async () => {
    // A prompt that takes its time: shutdown's drain waits for tool calls only, so only the
    // request itself being counted as in flight keeps its answer from being cut off.
    const http = await startHttp(
      defaultConfig,
      { stateless: true },
      {
        createMcpServer: () => {
          const server = new McpServer({ name: 'slow-prompt', version: '0' });
          server.registerPrompt('slow', {}, async () => {
            await new Promise((resolve) => setTimeout(resolve, 300));
            return { messages: [{ role: 'user', content: { type: 'text', text: 'done' } }] };
          });
          return server;
        },
      },
    );
    const answer = post(http.url, { jsonrpc: '2.0', id: 'p', method: 'prompts/get', params: { name: 'slow' } });
    await new Promise((resolve) => setTimeout(resolve, 50));
    await http.close(5_000);
    expect((await answer).body).toMatchObject({ id: 'p', result: { messages: [{ content: { text: 'done' } }] } });
  });
});
