import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { httpClient } from '../support/http-harness.js';
import { SCOPES } from '../support/oidc/accounts.js';
import { openBearerSession } from '../support/oidc/bearer-session.js';
import { startProtectedServer, type ProtectedServer } from '../support/oidc/protected-server.js';

// The token's scopes decide which tools a session sees and which calls it may make; a refused
// call says which scope to ask for, so a client can step up (MCP authorization, RFC 6750 3.1).
let protectedServer: ProtectedServer;
beforeAll(async () => {
  protectedServer = await startProtectedServer();
});
afterAll(() => protectedServer?.close());

const toolsFor = async (url: string, token: string) => {
  const client = await httpClient(url, { authorization: `Bearer ${token}` });
  const names = (await client.listTools()).tools.map((tool) => tool.name).sort();
  await client.close();
  return names;
};

interface RpcError {
  error?: { code: number; message: string };
}

describe('a read-only token', () => {
  it('sees the two read tools and can call them', async () => {
    const token = await protectedServer.issuer.clientCredentialsToken({ scope: SCOPES.read });
    expect(await toolsFor(protectedServer.url, token)).toEqual(['fetch_tickets', 'list_categories']);
    const client = await httpClient(protectedServer.url, { authorization: `Bearer ${token}` });
    const result = await client.callTool({ name: 'list_categories', arguments: {} });
    expect(result.isError, JSON.stringify(result.content)).toBeFalsy();
    await client.close();
  });

  it('gets 403 insufficient_scope naming helpdesk:send on send_message', async () => {
    const token = await protectedServer.issuer.clientCredentialsToken({ scope: SCOPES.read });
    const session = await openBearerSession(protectedServer.url, token);
    const response = await session.callTool('send_message', { ticketId: 'any', content: 'Hello' });
    expect(response.status).toBe(403);
    const challenge = response.headers.get('www-authenticate') ?? '';
    expect(challenge).toMatch(/^Bearer /);
    expect(challenge).toContain('error="insufficient_scope"');
    expect(challenge).toContain(`scope="${SCOPES.send}"`);
    expect(challenge).toContain(`resource_metadata="${protectedServer.resourceMetadataUrl}"`);
    const body = (await response.json()) as RpcError;
    expect(body.error?.message).toContain(SCOPES.send);
  });

  it('gets 403 naming helpdesk:write on the other writes, also inside a batch', async () => {
    const token = await protectedServer.issuer.clientCredentialsToken({ scope: SCOPES.read });
    const session = await openBearerSession(protectedServer.url, token);
    for (const [name, args] of [
      ['update_ticket', { ticketId: 'any', priority: 1 }],
      ['add_internal_note', { ticketId: 'any', content: 'x' }],
      ['identify_customer', { emailAddress: 'a@b.c' }],
    ] as const) {
      const response = await session.callTool(name, args);
      expect(response.status, name).toBe(403);
      expect(response.headers.get('www-authenticate'), name).toContain(`scope="${SCOPES.write}"`);
      await response.body?.cancel();
    }
    const batch = await session.post([
      { jsonrpc: '2.0', id: 901, method: 'tools/call', params: { name: 'list_categories', arguments: {} } },
      { jsonrpc: '2.0', id: 902, method: 'tools/call', params: { name: 'send_message', arguments: { ticketId: 'any', content: 'Hi' } } },
    ]);
    expect(batch.status).toBe(403);
    expect(batch.headers.get('www-authenticate')).toContain(`scope="${SCOPES.send}"`);
    await batch.body?.cancel();
  });
});

describe('scopes shape tools/list', () => {
  it('read + write sees every tool but send_message; all three see all six', async () => {
    const readWrite = await protectedServer.issuer.clientCredentialsToken({ scope: `${SCOPES.read} ${SCOPES.write}` });
    expect(await toolsFor(protectedServer.url, readWrite)).toEqual([
      'add_internal_note',
      'fetch_tickets',
      'identify_customer',
      'list_categories',
      'update_ticket',
    ]);
    const all = await protectedServer.issuer.clientCredentialsToken();
    expect(await toolsFor(protectedServer.url, all)).toHaveLength(6);
  });

  it('a person gets the scopes the issuer granted them, not those the client asked for', async () => {
    expect(await toolsFor(protectedServer.url, await protectedServer.issuer.tokenFor('rita'))).toEqual(['fetch_tickets', 'list_categories']);
  });

  // Each on a server of its own, side by side; sharing the machine, each may take as long as all three would.
  it.concurrent.each([
    [['--read-only'], ['fetch_tickets', 'list_categories']],
    [
      ['--tools', 'fetch_tickets,send_message'],
      ['fetch_tickets', 'send_message'],
    ],
    [
      ['--exclude-tools', 'send_message'],
      ['add_internal_note', 'fetch_tickets', 'identify_customer', 'list_categories', 'update_ticket'],
    ],
  ])(
    '%j still narrows a token with every scope',
    async (args, expected) => {
      const narrowed = await startProtectedServer({ args });
      try {
        expect(await toolsFor(narrowed.url, await narrowed.issuer.clientCredentialsToken())).toEqual(expected);
      } finally {
        await narrowed.close();
      }
    },
    90_000,
  );
});
