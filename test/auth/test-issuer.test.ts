import { createRemoteJWKSet, decodeJwt, decodeProtectedHeader, importJWK, jwtVerify, type JWTPayload, type JWTVerifyOptions } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SCOPES } from '../support/oidc/accounts.js';
import { badTokens } from '../support/oidc/bad-tokens.js';
import { basic, startTestIssuer, type ClientCredentials, type TestIssuer } from '../support/oidc/issuer.js';

// The test issuer itself, before any test leans on it: the tokens it mints are what a real IdP's would be.
const RESOURCE = 'http://127.0.0.1:1/mcp';
const ALL = `${SCOPES.read} ${SCOPES.write} ${SCOPES.send}`;

let issuer: TestIssuer;
let verify: (token: string) => Promise<JWTPayload>;
beforeAll(async () => {
  issuer = await startTestIssuer({ resource: RESOURCE });
  const metadata = (await (await fetch(`${issuer.issuer}/.well-known/openid-configuration`)).json()) as { jwks_uri: string };
  const jwks = createRemoteJWKSet(new URL(metadata.jwks_uri));
  verify = async (token) => (await jwtVerify(token, jwks, { issuer: issuer.issuer, audience: RESOURCE })).payload;
});
afterAll(() => issuer.close());

describe('the test issuer', () => {
  it('publishes metadata with the endpoints the server and the SDK client use', async () => {
    const metadata = (await (await fetch(`${issuer.issuer}/.well-known/openid-configuration`)).json()) as Record<string, unknown>;
    expect(metadata).toMatchObject({
      issuer: issuer.issuer,
      jwks_uri: `${issuer.issuer}/jwks`,
      token_endpoint: `${issuer.issuer}/token`,
      introspection_endpoint: `${issuer.issuer}/token/introspection`,
      registration_endpoint: `${issuer.issuer}/reg`,
      code_challenge_methods_supported: ['S256'],
    });
    expect(metadata.scopes_supported).toEqual(expect.arrayContaining(Object.values(SCOPES)));
  });

  it('gives a machine caller a JWT access token for the resource through client credentials', async () => {
    const token = await issuer.clientCredentialsToken();
    const claims = await verify(token);
    expect(decodeProtectedHeader(token)).toMatchObject({ alg: 'RS256', typ: 'at+jwt', kid: (await issuer.signingKey()).kid });
    expect(claims).toMatchObject({ iss: issuer.issuer, aud: RESOURCE, scope: ALL, sub: issuer.machine.clientId, client_id: issuer.machine.clientId });
    expect(claims.exp! - Math.floor(Date.now() / 1000)).toBeGreaterThan(500);
  });

  it('narrows the scope and the audience to what is asked', async () => {
    const claims = await verify(await issuer.clientCredentialsToken({ scope: SCOPES.read }));
    expect(claims.scope).toBe(SCOPES.read);
    const other = await issuer.clientCredentialsToken({ resource: 'http://127.0.0.1:2/mcp' });
    await expect(verify(other)).rejects.toThrow(/aud/);
  });

  it('signs a person in through authorization code + PKCE, with their email and name in the token, and only the scopes they may have', async () => {
    expect(await verify(await issuer.tokenFor('alice'))).toMatchObject({
      sub: 'alice',
      email: 'alice@example.com',
      name: 'Alice Agent',
      scope: ALL,
      aud: RESOURCE,
    });
    expect(await verify(await issuer.tokenFor('rita'))).toMatchObject({ sub: 'rita', email: 'rita@example.com', name: 'Rita Reader', scope: SCOPES.read });
  });

  it("returns to the client's loopback redirect URI, on any port, with the code and the state", async () => {
    const authorize = new URL(`${issuer.issuer}/auth`);
    authorize.search = new URLSearchParams({
      client_id: issuer.publicClientId,
      response_type: 'code',
      redirect_uri: 'http://127.0.0.1:9/callback',
      scope: SCOPES.read,
      resource: RESOURCE,
      state: 'st4te',
      code_challenge: 'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM',
      code_challenge_method: 'S256',
    }).toString();
    const back = await issuer.signIn(authorize, 'rita');
    expect(`${back.origin}${back.pathname}`).toBe('http://127.0.0.1:9/callback');
    expect(back.searchParams.get('state')).toBe('st4te');
    expect(back.searchParams.get('code')).toBeTruthy();
  });

  it('mints tokens that are wrong in exactly one way', async () => {
    const bad = await badTokens(issuer);
    const { jwk } = await issuer.signingKey();
    const key = await importJWK({ kty: jwk.kty, n: jwk.n, e: jwk.e }, 'RS256');
    const check = (token: string, options: JWTVerifyOptions = {}) => jwtVerify(token, key, { issuer: issuer.issuer, audience: RESOURCE, ...options });
    await expect(check(bad.expired)).rejects.toThrow(/"exp" claim/);
    await expect(check(bad.notYetValid)).rejects.toThrow(/"nbf" claim/);
    await expect(verify(bad.wrongAudience)).rejects.toThrow(/"aud" claim/);
    await expect(check(bad.wrongIssuer)).rejects.toThrow(/"iss" claim/);
    await expect(check(bad.tampered)).rejects.toThrow(/signature verification failed/);
    await expect(check(bad.foreignKey)).rejects.toThrow(/signature verification failed/);
    await expect(verify(bad.unknownKid)).rejects.toThrow(/no applicable key/);
    await expect(check(bad.unsigned)).rejects.toThrow(/Unsupported "alg"|alg/);
    await expect(verify(bad.symmetric)).rejects.toThrow();
    // Each is otherwise a token the issuer would mint: the right claims with the right key pass.
    await expect(check(bad.expired, { currentDate: new Date(Date.now() - 900_000) })).resolves.toBeTruthy();
    await expect(check(bad.wrongIssuer, { issuer: 'https://login.elsewhere.example' })).resolves.toBeTruthy();
    expect(decodeJwt(bad.tampered).scope).toBe(ALL);
  });

  it("answers introspection for its opaque tokens, to the resource server's client only", async () => {
    const opaque = await startTestIssuer({ resource: RESOURCE, accessTokenFormat: 'opaque' });
    try {
      const token = await opaque.clientCredentialsToken({ scope: SCOPES.read });
      expect(token.split('.')).toHaveLength(1);
      const introspect = (client: ClientCredentials, token: string) =>
        fetch(`${opaque.issuer}/token/introspection`, { method: 'POST', headers: { authorization: basic(client) }, body: new URLSearchParams({ token }) }).then(
          (r) => r.json(),
        );
      expect(await introspect(opaque.introspector, token)).toMatchObject({
        active: true,
        iss: opaque.issuer,
        aud: RESOURCE,
        scope: SCOPES.read,
        client_id: opaque.machine.clientId,
      });
      expect(await introspect(opaque.machine, token)).toEqual({ active: false });
      expect(await introspect(opaque.introspector, await opaque.tokenFor('alice'))).toMatchObject({
        active: true,
        sub: 'alice',
        email: 'alice@example.com',
        name: 'Alice Agent',
        aud: RESOURCE,
        scope: ALL,
      });
    } finally {
      await opaque.close();
    }
  });

  it('replaces its signing key on rotation: new tokens carry the new kid, the JWKS holds only the new key', async () => {
    const before = (await issuer.signingKey()).kid;
    await issuer.rotateKeys();
    const after = (await issuer.signingKey()).kid;
    expect(after).not.toBe(before);
    const jwks = (await (await fetch(`${issuer.issuer}/jwks`)).json()) as { keys: { kid: string }[] };
    expect(jwks.keys.map((key) => key.kid)).toEqual([after]);
    expect(decodeProtectedHeader(await issuer.clientCredentialsToken()).kid).toBe(after);
  });
});
