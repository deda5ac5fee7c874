import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { httpClient } from '../support/http-harness.js';
import { badTokens, type BadTokens } from '../support/oidc/bad-tokens.js';
import { initializeMessage, mcpHeaders, openBearerSession } from '../support/oidc/bearer-session.js';
import { JWT_SHAPE, startProtectedServer, type ProtectedServer } from '../support/oidc/protected-server.js';

// Every kind of token that must not open the server gets 401 invalid_token, with the metadata
// location so a client can sign in again; and no token ever reaches the log.
let protectedServer: ProtectedServer;
let bad: BadTokens;
beforeAll(async () => {
  protectedServer = await startProtectedServer();
  bad = await badTokens(protectedServer.issuer);
});
afterAll(() => protectedServer?.close());

const KINDS: (keyof BadTokens)[] = [
  'expired',
  'notYetValid',
  'wrongAudience',
  'wrongIssuer',
  'tampered',
  'unsigned',
  'foreignKey',
  'unknownKid',
  'symmetric',
  'malformed',
];

describe('a refused token', () => {
  it.each(KINDS)('%s: 401 invalid_token with resource_metadata, on a new session and on an open one', async (kind) => {
    const token = bad[kind];
    const opening = await fetch(protectedServer.url, { method: 'POST', headers: mcpHeaders(token), body: JSON.stringify(initializeMessage()) });
    expect(opening.status).toBe(401);
    const challenge = opening.headers.get('www-authenticate') ?? '';
    expect(challenge).toMatch(/^Bearer /);
    expect(challenge).toContain('error="invalid_token"');
    expect(challenge).toMatch(/error_description="[^"]+"/);
    expect(challenge).toContain(`resource_metadata="${protectedServer.resourceMetadataUrl}"`);
    const body = await opening.text();
    expect(body).not.toContain(token);

    // A session opened with a good token is no way in either.
    const session = await openBearerSession(protectedServer.url, await protectedServer.issuer.clientCredentialsToken());
    const call = await session.callTool('list_categories', {}, token);
    expect(call.status).toBe(401);
    await call.body?.cancel();

    expect(protectedServer.server.stderr()).not.toContain(token);
  });

  it('a scheme other than Bearer, or an empty token: 401', async () => {
    for (const authorization of ['Basic dXNlcjpwYXNz', 'Bearer ', 'Bearer', `bearer-${await protectedServer.issuer.clientCredentialsToken()}`]) {
      const response = await fetch(protectedServer.url, {
        method: 'POST',
        headers: { ...mcpHeaders(), authorization },
        body: JSON.stringify(initializeMessage()),
      });
      expect(response.status, authorization.slice(0, 12)).toBe(401);
      await response.body?.cancel();
    }
  });

  it('the SDK client with a refused token fails to connect, and nothing it sent reached the log', async () => {
    await expect(httpClient(protectedServer.url, { authorization: `Bearer ${bad.expired}` })).rejects.toMatchObject({
      code: 401,
      message: expect.stringContaining('the token has expired'),
    });
    expect(protectedServer.server.stderr()).not.toMatch(JWT_SHAPE);
  });
});

describe('a session belongs to the person who opened it', () => {
  it("refuses (403) another subject's valid token on it", async () => {
    const alice = await protectedServer.issuer.tokenFor('alice');
    const robot = await protectedServer.issuer.clientCredentialsToken();
    const session = await openBearerSession(protectedServer.url, alice);
    const hijack = await session.callTool('list_categories', {}, robot);
    expect(hijack.status).toBe(403);
    await hijack.body?.cancel();
    const own = await session.callTool('list_categories', {}, await protectedServer.issuer.tokenFor('alice'));
    expect(own.status).toBe(200);
    await own.body?.cancel();
  });
});
