import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { httpClient } from '../support/http-harness.js';
import { SCOPES } from '../support/oidc/accounts.js';
import { initializeMessage, mcpHeaders } from '../support/oidc/bearer-session.js';
import { basic } from '../support/oidc/issuer.js';
import { startProtectedServer, type ProtectedServer } from '../support/oidc/protected-server.js';

// Opaque access tokens: the server asks the issuer's introspection endpoint (RFC 7662), as its
// own client there, whether a token is active, whom it names, for which resource and scopes.
let protectedServer: ProtectedServer;
beforeAll(async () => {
  protectedServer = await startProtectedServer({
    issuer: { accessTokenFormat: 'opaque' },
    env: (issuer) => ({ HELPDESK_OAUTH_CLIENT_ID: issuer.introspector.clientId, HELPDESK_OAUTH_CLIENT_SECRET: issuer.introspector.clientSecret }),
  });
});
afterAll(() => protectedServer?.close());

const opens = async (url: string, token: string) => {
  const response = await fetch(url, { method: 'POST', headers: mcpHeaders(token), body: JSON.stringify(initializeMessage()) });
  await response.body?.cancel();
  return { status: response.status, challenge: response.headers.get('www-authenticate') ?? '' };
};

describe('an opaque token, checked by introspection', () => {
  it('opens the server with the scopes the issuer says it has', async () => {
    const { issuer } = protectedServer;
    const reader = await issuer.clientCredentialsToken({ scope: SCOPES.read });
    expect(reader.split('.')).toHaveLength(1);
    const client = await httpClient(protectedServer.url, { authorization: `Bearer ${reader}` });
    expect((await client.listTools()).tools.map((tool) => tool.name).sort()).toEqual(['fetch_tickets', 'list_categories']);
    expect((await client.callTool({ name: 'list_categories', arguments: {} })).isError).toBeFalsy();
    await client.close();

    const person = await issuer.tokenFor('alice');
    const alice = await httpClient(protectedServer.url, { authorization: `Bearer ${person}` });
    expect((await alice.listTools()).tools).toHaveLength(6);
    await alice.close();
    expect(protectedServer.server.stderr()).not.toContain(reader);
    expect(protectedServer.server.stderr()).not.toContain(person);
  });

  it('is refused (401 invalid_token) when revoked, made up, or issued for another resource', async () => {
    const { issuer } = protectedServer;
    // Revoked before the server first sees it: the server may reuse an active answer for a while
    // (src/auth/introspection.ts), so a revocation shows there within that time, not at once.
    const revoked = await issuer.clientCredentialsToken();
    const revocation = await fetch(`${issuer.issuer}/token/revocation`, {
      method: 'POST',
      headers: { authorization: basic(issuer.machine) },
      body: new URLSearchParams({ token: revoked }),
    });
    expect(revocation.status).toBe(200);

    for (const [kind, token] of [
      ['revoked', revoked],
      ['made up', 'x'.repeat(43)],
      ['another resource', await issuer.clientCredentialsToken({ resource: 'https://other.example/mcp' })],
    ] as const) {
      const { status, challenge } = await opens(protectedServer.url, token);
      expect(status, kind).toBe(401);
      expect(challenge, kind).toContain('error="invalid_token"');
      expect(protectedServer.server.stderr(), kind).not.toContain(token);
    }
  });

  it('is refused (401) by a server that has no client for introspection', async () => {
    const plain = await startProtectedServer({ issuer: { accessTokenFormat: 'opaque' } });
    try {
      const { status, challenge } = await opens(plain.url, await plain.issuer.clientCredentialsToken());
      expect(status).toBe(401);
      expect(challenge).toContain('error="invalid_token"');
    } finally {
      await plain.close();
    }
  });
});
