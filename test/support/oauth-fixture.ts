import { randomBytes, randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { exportJWK, generateKeyPair, SignJWT, type CryptoKey, type JWK } from 'jose';

/**
 * A tiny authorization server for tests, on loopback: its metadata (RFC 8414, or OpenID
 * discovery only), its keys (JWKS), and token introspection (RFC 7662). It mints access tokens
 * itself with jose, good ones and every kind of bad one, so the resource server is tested without
 * an IdP. It signs nobody in: the tests mint tokens for the people they need.
 */
export interface OAuthFixture {
  issuer: string;
  /** A signed access token for `audience`; the options make it wrong in one way at a time. */
  mint(audience: string, options?: MintOptions): Promise<string>;
  /** An unsigned token (`alg: none`) with good claims. */
  unsigned(audience: string, options?: MintOptions): string;
  /** Good claims signed HS256 with a secret of its own: a shared-secret token. */
  symmetric(audience: string, options?: MintOptions): Promise<string>;
  /** A good token whose payload was changed after signing (its scope widened). */
  tampered(audience: string, options?: MintOptions): Promise<string>;
  /** A token signed with a key the JWKS does not publish (yet): the key `rotateKeys` will publish. */
  mintWithNextKey(audience: string, options?: MintOptions): Promise<string>;
  /** The next key is published and becomes the signing key; the old one is removed. */
  rotateKeys(): Promise<void>;
  /** An opaque token the introspection endpoint answers for with these fields. */
  opaque(answer: Record<string, unknown>): string;
  /** How many times the JWKS was fetched. */
  readonly jwksFetches: number;
  /** The client that may introspect. */
  readonly client: { clientId: string; clientSecret: string };
  close(): Promise<void>;
}

export interface MintOptions {
  subject?: string;
  /** Space-separated (the `scope` claim); default every helpdesk scope. */
  scope?: string;
  /** Extra or overriding claims (email, name, scp, iss...). */
  claims?: Record<string, unknown>;
  /** Seconds from now; negative: already expired; null: no exp at all. */
  expiresIn?: number | null;
  /** Seconds from now. */
  notBefore?: number;
  /** Another issuer in `iss`. */
  issuer?: string;
}

export interface FixtureOptions {
  /** Serve only /.well-known/openid-configuration (as Keycloak or Entra ID do), not RFC 8414's path. */
  openIdOnly?: boolean;
  /** The issuer's path, e.g. /realms/support (default none). */
  path?: string;
}

export const ALL_SCOPES = 'helpdesk:read helpdesk:write helpdesk:send';

interface SigningKey {
  kid: string;
  privateKey: CryptoKey;
  jwk: JWK;
}

async function newKey(): Promise<SigningKey> {
  const kid = randomUUID();
  const { privateKey, publicKey } = await generateKeyPair('ES256');
  return { kid, privateKey, jwk: { ...(await exportJWK(publicKey)), kid, alg: 'ES256', use: 'sig' } };
}

export async function startOAuthFixture(options: FixtureOptions = {}): Promise<OAuthFixture> {
  let current = await newKey();
  let next = await newKey();
  let jwksFetches = 0;
  const opaqueTokens = new Map<string, Record<string, unknown>>();
  const client = { clientId: 'helpdesk-mcp', clientSecret: 'introspection-secret-0123456789' };

  const server = createServer((req, res) => void handle(req, res));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const issuer = `${origin}${options.path ?? ''}`;

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const path = req.url ?? '/';
    const metadata = { issuer, jwks_uri: `${origin}/jwks`, introspection_endpoint: `${origin}/introspect`, response_types_supported: ['code'] };
    const rfc8414 = `/.well-known/oauth-authorization-server${options.path ?? ''}`;
    const openId = `${options.path ?? ''}/.well-known/openid-configuration`;
    if (req.method === 'GET' && path === rfc8414 && !options.openIdOnly) return json(res, 200, metadata);
    if (req.method === 'GET' && path === openId) return json(res, 200, metadata);
    if (req.method === 'GET' && path === '/jwks') {
      jwksFetches++;
      return json(res, 200, { keys: [current.jwk] });
    }
    if (req.method === 'POST' && path === '/introspect') {
      const body = new URLSearchParams(await text(req));
      const basic = `Basic ${Buffer.from(`${client.clientId}:${client.clientSecret}`).toString('base64')}`;
      if (req.headers.authorization !== basic) return json(res, 401, { error: 'invalid_client' });
      return json(res, 200, opaqueTokens.get(body.get('token') ?? '') ?? { active: false });
    }
    json(res, 404, { error: 'not found' });
  }

  const claimsOf = (o: MintOptions) => ({ scope: o.scope ?? ALL_SCOPES, client_id: 'test-client', ...o.claims });
  async function sign(key: SigningKey | Uint8Array, audience: string, o: MintOptions = {}): Promise<string> {
    const now = Math.floor(Date.now() / 1000);
    const symmetric = key instanceof Uint8Array;
    const jwt = new SignJWT(claimsOf(o))
      .setProtectedHeader(symmetric ? { alg: 'HS256', typ: 'at+jwt' } : { alg: 'ES256', kid: key.kid, typ: 'at+jwt' })
      .setIssuer(o.issuer ?? issuer)
      .setAudience(audience)
      .setSubject(o.subject ?? 'user-1')
      .setIssuedAt(now);
    if (o.expiresIn !== null) jwt.setExpirationTime(now + (o.expiresIn ?? 600));
    if (o.notBefore !== undefined) jwt.setNotBefore(now + o.notBefore);
    return jwt.sign(symmetric ? key : key.privateKey);
  }

  return {
    issuer,
    client,
    get jwksFetches() {
      return jwksFetches;
    },
    mint: (audience, o) => sign(current, audience, o),
    mintWithNextKey: (audience, o) => sign(next, audience, o),
    symmetric: (audience, o) => sign(randomBytes(32), audience, o),
    unsigned(audience, o = {}) {
      const now = Math.floor(Date.now() / 1000);
      const part = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
      const payload = { ...claimsOf(o), iss: issuer, aud: audience, sub: o.subject ?? 'user-1', iat: now, exp: now + 600 };
      return `${part({ alg: 'none', typ: 'JWT' })}.${part(payload)}.`;
    },
    async tampered(audience, o) {
      const [header, payload, signature] = (await sign(current, audience, { ...o, scope: 'helpdesk:read' })).split('.');
      const claims = JSON.parse(Buffer.from(payload!, 'base64url').toString()) as Record<string, unknown>;
      return `${header}.${Buffer.from(JSON.stringify({ ...claims, scope: ALL_SCOPES })).toString('base64url')}.${signature}`;
    },
    async rotateKeys() {
      current = next;
      next = await newKey();
    },
    opaque(answer) {
      const token = `opaque-${randomUUID()}`;
      opaqueTokens.set(token, answer);
      return token;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

function json(res: ServerResponse, status: number, value: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(value));
}

async function text(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}
