import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { httpClient } from '../support/http-harness.js';
import { spawnHttpServer, type SpawnedServer } from '../support/spawn-server.js';
import { requestHead, trickle, within } from '../support/trickle.js';

// The built CLI in its own process, as a deployment meets these clients: what a client sees
// of a refusal depends on the server being another process (in one process, timing hides it).

const TOKEN = 'a-very-secret-token-1234';
const MCP_HEADERS = { 'content-type': 'application/json', accept: 'application/json, text/event-stream' };

describe('a body over the limit (8 MiB)', () => {
  let server: SpawnedServer;
  beforeAll(async () => {
    server = await spawnHttpServer(['--sandbox']);
  });
  afterAll(() => server.stop());

  // Node's fetch writes the whole body before it reads: a server that closes at once leaves it EPIPE.
  it.each([9, 64])('Node fetch reads the 413 and its JSON-RPC error for a %i MB body', async (megabytes) => {
    const body = JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'ping', params: { pad: 'x'.repeat(megabytes * 1_000_000) } });
    for (let attempt = 0; attempt < 3; attempt++) {
      const res = await fetch(server.url, { method: 'POST', headers: MCP_HEADERS, body });
      expect(res.status).toBe(413);
      expect(res.headers.get('connection')).toBe('close');
      expect(await res.json()).toEqual({ jsonrpc: '2.0', error: { code: -32600, message: expect.stringContaining('too large') }, id: null });
    }
  });

  it('Node fetch reads the 413 of a streamed body (no Content-Length: refused once past the limit)', async () => {
    const chunk = new Uint8Array(1024 * 1024).fill(0x20);
    for (let attempt = 0; attempt < 3; attempt++) {
      let sent = 0;
      const body = new ReadableStream<Uint8Array>({
        pull(controller) {
          if (sent++ < 16) controller.enqueue(chunk);
          else controller.close();
        },
      });
      const res = await fetch(server.url, { method: 'POST', headers: MCP_HEADERS, body, duplex: 'half' } as RequestInit);
      expect(res.status).toBe(413);
      expect(await res.json()).toMatchObject({ jsonrpc: '2.0', error: { code: -32600 }, id: null });
    }
  });
});

describe('trickling clients and file descriptors', () => {
  it('300 unauthenticated connections trickling bodies do not lock out a caller with the token (server at 256 descriptors)', async () => {
    const server = await spawnHttpServer(['--sandbox'], { MCP_AUTH_TOKEN: TOKEN });
    await promisify(execFile)('prlimit', ['--pid', String(server.child.pid), '--nofile=256:256']);
    const head = requestHead(server.url, 'POST', { ...MCP_HEADERS, 'content-length': '1000000' });
    const tricklers = Array.from({ length: 300 }, () => trickle(server.url, head, 'x', 2_000));
    try {
      // Each has its 401 (or, past the descriptors, was turned away); all still trickle.
      await Promise.all(tricklers.map((t) => t.answered));
      const client = await httpClient(server.url, { authorization: `Bearer ${TOKEN}` });
      for (let round = 0; round < 3; round++) {
        const categories = await client.callTool({ name: 'list_categories', arguments: {} });
        const tickets = await client.callTool({ name: 'fetch_tickets', arguments: { limit: 5 } });
        expect(categories.isError, JSON.stringify(categories.content)).toBeFalsy();
        expect(tickets.isError, JSON.stringify(tickets.content)).toBeFalsy();
      }
      await client.close();
      // The server closed every trickler itself (none of them ever ends its side).
      await within(Promise.all(tricklers.map((t) => t.closed)), 10_000, 'every trickling connection closed by the server');
    } finally {
      for (const t of tricklers) t.stop();
      await server.stop();
    }
    expect(server.stderr()).not.toContain(TOKEN);
  });
});
