import { discoverAuthorizationServerMetadata, discoverOAuthProtectedResourceMetadata } from '@modelcontextprotocol/sdk/client/auth.js';
import { OAuthProtectedResourceMetadataSchema } from '@modelcontextprotocol/sdk/shared/auth.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { initializeMessage, mcpHeaders } from '../support/oidc/bearer-session.js';
import { SCOPES } from '../support/oidc/accounts.js';
import { startProtectedServer, type ProtectedServer } from '../support/oidc/protected-server.js';
import { spawnHttpServer } from '../support/spawn-server.js';

// What a client meets before it has a token: a 401 pointing at the metadata, and metadata that
// names the issuer and the scopes, so it can sign in on its own (RFC 9728, MCP authorization).
let protectedServer: ProtectedServer;
beforeAll(async () => {
  protectedServer = await startProtectedServer();
});
afterAll(() => protectedServer?.close());

const origin = () => new URL(protectedServer.url).origin;

describe('an unauthenticated request', () => {
  it('gets 401 with WWW-Authenticate: Bearer resource_metadata, on every /mcp method', async () => {
    for (const [method, body] of [
      ['POST', JSON.stringify(initializeMessage())],
      ['GET', undefined],
      ['DELETE', undefined],
    ] as const) {
      const response = await fetch(protectedServer.url, { method, headers: mcpHeaders(), body });
      expect(response.status, method).toBe(401);
      const challenge = response.headers.get('www-authenticate');
      expect(challenge, method).toMatch(/^Bearer /);
      expect(challenge, method).toContain(`resource_metadata="${protectedServer.resourceMetadataUrl}"`);
      // No token was given, so nothing was wrong with one (RFC 6750 3.1).
      expect(challenge, method).not.toContain('error=');
    }
  });

  it('still reaches /healthz', async () => {
    expect((await fetch(`${origin()}/healthz`)).status).toBe(200);
  });
});

describe('Protected Resource Metadata', () => {
  const expected = () => ({
    resource: protectedServer.url,
    authorization_servers: [protectedServer.issuer.issuer],
    scopes_supported: [SCOPES.read, SCOPES.write, SCOPES.send],
    bearer_methods_supported: ['header'],
    resource_name: 'helpdesk-mcp',
  });

  it('is served without a token at the root and the /mcp-suffixed path, valid and naming the issuer and the scopes', async () => {
    for (const path of ['/.well-known/oauth-protected-resource', '/.well-known/oauth-protected-resource/mcp']) {
      const response = await fetch(`${origin()}${path}`);
      expect(response.status, path).toBe(200);
      expect(response.headers.get('content-type'), path).toMatch(/^application\/json/);
      const body: unknown = await response.json();
      expect(OAuthProtectedResourceMetadataSchema.safeParse(body).success, path).toBe(true);
      expect(body, path).toEqual(expected());
    }
  });

  it("is what the SDK client discovers, and leads it to the issuer's own metadata", async () => {
    const metadata = await discoverOAuthProtectedResourceMetadata(protectedServer.url);
    expect(metadata).toEqual(expected());
    const issuerMetadata = await discoverAuthorizationServerMetadata(metadata.authorization_servers![0]!);
    expect(issuerMetadata).toMatchObject({ issuer: protectedServer.issuer.issuer, code_challenge_methods_supported: ['S256'] });
  });

  it('is absent (404) when the server does not sign callers in', async () => {
    const open = await spawnHttpServer(['--sandbox']);
    try {
      const { origin: openOrigin } = new URL(open.url);
      for (const path of ['/.well-known/oauth-protected-resource', '/.well-known/oauth-protected-resource/mcp'])
        expect((await fetch(`${openOrigin}${path}`)).status, path).toBe(404);
    } finally {
      await open.stop();
    }
  });
});

describe('behind a proxy (--public-url)', () => {
  it('names the public URL as the resource and the metadata location, and takes only tokens for it', async () => {
    const publicUrl = 'https://helpdesk.example.com/mcp';
    const proxied = await startProtectedServer({ args: ['--public-url', publicUrl] });
    try {
      const unauthenticated = await fetch(proxied.url, { method: 'POST', headers: mcpHeaders(), body: JSON.stringify(initializeMessage()) });
      expect(unauthenticated.status).toBe(401);
      expect(unauthenticated.headers.get('www-authenticate')).toContain(
        'resource_metadata="https://helpdesk.example.com/.well-known/oauth-protected-resource/mcp"',
      );
      const metadata = (await (await fetch(proxied.resourceMetadataUrl)).json()) as { resource: string };
      expect(metadata.resource).toBe(publicUrl);

      const forPublic = await proxied.issuer.clientCredentialsToken({ resource: publicUrl });
      const forBound = await proxied.issuer.clientCredentialsToken({ resource: proxied.url });
      const status = async (token: string) =>
        (await fetch(proxied.url, { method: 'POST', headers: mcpHeaders(token), body: JSON.stringify(initializeMessage()) })).status;
      expect(await status(forPublic)).toBe(200);
      expect(await status(forBound)).toBe(401);
    } finally {
      await proxied.close();
    }
  });

  it("takes tokens for --oauth-audience when it is set; an audience that is not a URL leaves the /mcp URL as the metadata's resource", async () => {
    // Entra ID style: the application id URI is the audience, while clients compare the metadata's
    // resource with the URL they connect to (the SDK client refuses a mismatch).
    const audience = 'api://helpdesk-mcp';
    const custom = await startProtectedServer({ args: ['--oauth-audience', audience] });
    try {
      const metadata = (await (await fetch(custom.resourceMetadataUrl)).json()) as { resource: string };
      expect(metadata.resource).toBe(custom.url);
      const status = async (token: string) =>
        (await fetch(custom.url, { method: 'POST', headers: mcpHeaders(token), body: JSON.stringify(initializeMessage()) })).status;
      expect(await status(await custom.issuer.clientCredentialsToken({ resource: audience }))).toBe(200);
      expect(await status(await custom.issuer.clientCredentialsToken({ resource: custom.url }))).toBe(401);
    } finally {
      await custom.close();
    }
  });
});
