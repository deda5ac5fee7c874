import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_SCOPES } from '../../src/auth/scopes.js';
import type { Config } from '../../src/config.js';
import type { OAuthConfig } from '../../src/auth/oauth-verifier.js';
import { startMavaSandbox, type MavaSandbox } from '../../src/providers/mava/sandbox/index.js';
import { testConfig } from '../support/harness.js';
import { httpClient, startHttp } from '../support/http-harness.js';
import { pastJwksCooldown, statusPastJwksCooldown } from '../support/jwks-cooldown.js';
import { startOAuthFixture, type OAuthFixture } from '../support/oauth-fixture.js';

// The resource server against a tiny issuer of our own (test/support/oauth-fixture.ts): discovery,
// keys, every kind of refused token, the metadata document and the challenges clients sign in from.
const INIT = {
  jsonrpc: '2.0',
  id: 1,
  method: 'initialize',
  params: { protocolVersion: '2025-11-25', capabilities: {}, clientInfo: { name: 'raw', version: '0' } },
};
const MCP_HEADERS = { 'content-type': 'application/json', accept: 'application/json, text/event-stream' };

let sandbox: MavaSandbox;
let fixture: OAuthFixture;
const closing: Array<() => Promise<unknown>> = [];

beforeAll(async () => {
  sandbox = await startMavaSandbox();
  fixture = await startOAuthFixture();
});
afterAll(async () => {
  for (const close of closing.reverse()) await close();
  await fixture.close();
  await sandbox.close();
});

function signInConfig(oauth: OAuthConfig, http: Partial<Config['http']> = {}): Config {
  const base = testConfig({ api: { baseUrl: sandbox.url, apiKey: sandbox.apiKey } });
  return { ...base, transport: 'http', http: { ...base.http, ...http, auth: { scopes: DEFAULT_SCOPES, oauth } } };
}

async function serve(oauth: OAuthConfig = { issuer: fixture.issuer }, http: Partial<Config['http']> = {}) {
  const server = await startHttp(signInConfig(oauth, http));
  closing.push(() => server.close());
  return server;
}

async function initialize(url: string, token?: string) {
  const response = await fetch(url, {
    method: 'POST',
    headers: { ...MCP_HEADERS, ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify(INIT),
  });
  const body = await response.text();
  return { status: response.status, challenge: response.headers.get('www-authenticate'), retryAfter: response.headers.get('retry-after'), body };
}

const metadataAt = (url: string) => `${new URL(url).origin}/.well-known/oauth-protected-resource/mcp`;

describe('Protected Resource Metadata (RFC 9728)', () => {
  it('is served at both well-known paths, without a token, naming the issuer, the audience and the three scopes', async () => {
    const server = await serve();
    const origin = new URL(server.url).origin;
    const documents = [];
    for (const path of ['/.well-known/oauth-protected-resource', '/.well-known/oauth-protected-resource/mcp']) {
      const response = await fetch(`${origin}${path}`);
      expect(response.status, path).toBe(200);
      expect(response.headers.get('access-control-allow-origin')).toBe('*');
      documents.push(await response.json());
    }
    expect(documents[0]).toEqual({
      resource: server.url,
      authorization_servers: [fixture.issuer],
      scopes_supported: ['helpdesk:read', 'helpdesk:write', 'helpdesk:send'],
      bearer_methods_supported: ['header'],
      resource_name: 'helpdesk-mcp',
    });
    expect(documents[1]).toEqual(documents[0]);
  });

  it('names the public URL and the audience given, and is not served without OAuth (404)', async () => {
    const proxied = await serve({ issuer: fixture.issuer, audience: 'https://helpdesk.example.com/mcp' }, { publicUrl: 'https://helpdesk.example.com/mcp' });
    const document = (await (await fetch(`${new URL(proxied.url).origin}/.well-known/oauth-protected-resource/mcp`)).json()) as Record<string, unknown>;
    expect(document.resource).toBe('https://helpdesk.example.com/mcp');
    expect((await initialize(proxied.url)).challenge).toBe('Bearer resource_metadata="https://helpdesk.example.com/.well-known/oauth-protected-resource/mcp"');

    const plain = await startHttp(testConfig({ api: { baseUrl: sandbox.url, apiKey: sandbox.apiKey } }));
    closing.push(() => plain.close());
    expect((await fetch(`${new URL(plain.url).origin}/.well-known/oauth-protected-resource/mcp`)).status).toBe(404);
  });
});

describe('access tokens', () => {
  it('without a token: 401 naming the metadata, so a client can sign in on its own', async () => {
    const server = await serve();
    const answer = await initialize(server.url);
    expect(answer.status).toBe(401);
    expect(answer.challenge).toBe(`Bearer resource_metadata="${metadataAt(server.url)}"`);
    expect(JSON.parse(answer.body)).toMatchObject({ jsonrpc: '2.0', error: { message: expect.stringContaining(fixture.issuer) } });
  });

  it('a good token reaches the tools through the SDK client', async () => {
    const server = await serve();
    const client = await httpClient(server.url, { authorization: `Bearer ${await fixture.mint(server.url)}` });
    expect((await client.listTools()).tools).toHaveLength(6);
    expect((await client.callTool({ name: 'list_categories', arguments: {} })).isError).toBeFalsy();
    await client.close();
  });

  it('refuses every bad token kind with 401, error="invalid_token" and a reason', async () => {
    const server = await serve();
    const audience = server.url;
    const cases: Array<[string, string, RegExp]> = [
      ['expired', await fixture.mint(audience, { expiresIn: -120 }), /has expired/],
      ['not valid yet (nbf)', await fixture.mint(audience, { notBefore: 300 }), /not valid yet/],
      ['for another resource', await fixture.mint('https://other.example.com/mcp'), /another resource: its aud must contain http:\/\/127\.0\.0\.1:\d+\/mcp/],
      ['from another issuer', await fixture.mint(audience, { issuer: 'https://evil.example.com' }), /another issuer/],
      ['tampered', await fixture.tampered(audience), /signature does not verify/],
      ['unsigned (alg none)', fixture.unsigned(audience), /algorithm is not accepted/],
      ['signed with a shared secret (HS256)', await fixture.symmetric(audience), /algorithm is not accepted/],
      ['signed with an unknown key', await fixture.mintWithNextKey(audience), /none of the issuer's current keys matches/],
      ['malformed', 'abc.def.ghi', /malformed/],
      ['opaque, no introspection', 'an-opaque-token-without-dots', /not a JWT/],
    ];
    for (const [kind, token, reason] of cases) {
      const answer = await initialize(server.url, token);
      expect(answer.status, kind).toBe(401);
      expect(answer.challenge, kind).toMatch(
        new RegExp(`^Bearer error="invalid_token", error_description="[^"]+", resource_metadata="${metadataAt(server.url)}"$`),
      );
      expect(answer.challenge, kind).toMatch(reason);
      expect(JSON.parse(answer.body).error.message, kind).toMatch(reason);
    }
  });

  it('accepts a token within the 30 s clock skew, refuses one without exp', async () => {
    const server = await serve();
    expect((await initialize(server.url, await fixture.mint(server.url, { expiresIn: -10 }))).status).toBe(200);
    expect((await initialize(server.url, await fixture.mint(server.url, { notBefore: 10 }))).status).toBe(200);
    expect((await initialize(server.url, await fixture.mint(server.url, { expiresIn: -60 }))).status).toBe(401);
    const endless = await initialize(server.url, await fixture.mint(server.url, { expiresIn: null }));
    expect([endless.status, endless.challenge]).toEqual([401, expect.stringContaining("the token's exp claim is missing")]);
  });

  it('an unknown kid fetches the keys once more (then 401); a rotation at the issuer is picked up and the old key refused', async () => {
    const issuer = await startOAuthFixture();
    closing.push(() => issuer.close());
    const server = await serve({ issuer: issuer.issuer });
    const oldToken = await issuer.mint(server.url);
    expect((await initialize(server.url, oldToken)).status).toBe(200);
    expect(issuer.jwksFetches).toBe(1);

    // Past the 1 s cooldown, a made-up kid costs one fetch, however many requests carry it.
    await pastJwksCooldown();
    const stranger = await issuer.mintWithNextKey(server.url);
    const answers = await Promise.all(Array.from({ length: 5 }, () => initialize(server.url, stranger)));
    expect(answers.map((a) => a.status)).toEqual([401, 401, 401, 401, 401]);
    expect(issuer.jwksFetches).toBe(2);

    await issuer.rotateKeys();
    const newToken = await issuer.mint(server.url);
    expect(await statusPastJwksCooldown(async () => (await initialize(server.url, newToken)).status)).toBe(200);
    const old = await initialize(server.url, oldToken);
    expect(old.status).toBe(401);
    expect(old.challenge).toMatch(/none of the issuer's current keys matches/);
  });

  it('discovers through OpenID Connect discovery when RFC 8414 metadata is absent, for an issuer with a path', async () => {
    const keycloakLike = await startOAuthFixture({ openIdOnly: true, path: '/realms/support' });
    closing.push(() => keycloakLike.close());
    const server = await serve({ issuer: keycloakLike.issuer });
    expect((await initialize(server.url, await keycloakLike.mint(server.url))).status).toBe(200);
  });

  it('checks opaque tokens by introspection when configured: active, for this audience and issuer', async () => {
    const server = await serve({ issuer: fixture.issuer, introspection: fixture.client });
    const now = Math.floor(Date.now() / 1000);
    const good = { active: true, sub: 'machine-1', client_id: 'agent', scope: 'helpdesk:read', aud: server.url, iss: fixture.issuer, exp: now + 600 };
    const client = await httpClient(server.url, { authorization: `Bearer ${fixture.opaque(good)}` });
    expect((await client.listTools()).tools.map((tool) => tool.name)).toEqual(['fetch_tickets', 'list_categories']);
    await client.close();

    const refused: Array<[Record<string, unknown>, RegExp]> = [
      [{ active: false }, /not active/],
      [{ ...good, aud: 'https://other.example.com/mcp' }, /another resource/],
      [{ ...good, iss: 'https://evil.example.com' }, /another issuer/],
      [{ ...good, exp: now - 120 }, /has expired/],
    ];
    for (const [answer, reason] of refused) {
      const result = await initialize(server.url, fixture.opaque(answer));
      expect(result.status).toBe(401);
      expect(result.challenge).toMatch(reason);
    }
    expect((await initialize(server.url, 'opaque-never-issued')).status).toBe(401);
  });

  it('answers 503 with Retry-After while the issuer cannot be reached: the token may be good', async () => {
    const server = await serve({ issuer: 'http://127.0.0.1:1' });
    const answer = await initialize(server.url, await fixture.mint(server.url));
    expect(answer.status).toBe(503);
    expect(answer.retryAfter).toBe('5');
    expect(JSON.parse(answer.body).error.message).toMatch(/Sign-in is unavailable: the issuer's metadata could not be read/);
  });
});
