import { createHash, randomBytes } from 'node:crypto';
import { createRemoteJWKSet, decodeProtectedHeader, jwtVerify, type JWTPayload } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SCOPES } from '../support/oidc/accounts.js';
import { REDIRECT_URI, startTestIssuer, type TestIssuer } from '../support/oidc/issuer.js';

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
    for (const [account, scope] of [['alice', ALL], ['rita', SCOPES.read]] as const) {
      const verifier = randomBytes(32).toString('base64url');
      const authorize = new URL(`${issuer.issuer}/auth`);
      const redirectUri = 'http://127.0.0.1:9/callback';
      authorize.search = new URLSearchParams({
        client_id: issuer.publicClientId,
        response_type: 'code',
        redirect_uri: redirectUri,
        scope: ALL,
        resource: RESOURCE,
        state: 'st4te',
        code_challenge: createHash('sha256').update(verifier).digest('base64url'),
        code_challenge_method: 'S256',
      }).toString();
      const back = await issuer.signIn(authorize, account);
      expect(`${back.origin}${back.pathname}`).toBe(redirectUri);
      expect(back.searchParams.get('state')).toBe('st4te');
      const code = back.searchParams.get('code');
      expect(code, back.href).toBeTruthy();

      const response = await fetch(`${issuer.issuer}/token`, {
        method: 'POST',
        body: new URLSearchParams({ grant_type: 'authorization_code', code: code!, redirect_uri: redirectUri, code_verifier: verifier, client_id: issuer.publicClientId, resource: RESOURCE }),
      });
      const tokens = (await response.json()) as { access_token: string };
      expect(response.status, JSON.stringify(tokens)).toBe(200);
      expect(await verify(tokens.access_token)).toMatchObject({ sub: account, email: `${account}@example.com`, name: expect.any(String), scope, aud: RESOURCE });
    }
    expect(REDIRECT_URI).toBe('http://127.0.0.1/callback');
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
