import { createHash, randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { exportJWK, generateKeyPair, type JWK } from 'jose';
import Provider, { type Configuration } from 'oidc-provider';
import { accountFor, SCOPES, type AccountName } from './accounts.js';
import { handleInteraction } from './interactions.js';
import { driveSignIn } from './sign-in.js';
import { memoryStore } from './store.js';

/** The public client's redirect URI: loopback, any port (RFC 8252 7.3), never fetched: the test catches the redirect. */
export const REDIRECT_URI = 'http://127.0.0.1/callback';

export interface TestIssuerOptions {
  /** The resource indicator tokens are minted for by default (RFC 8707): the MCP server's audience. */
  resource: string;
  /** The scopes resource servers at this issuer know; default helpdesk:read, helpdesk:write, helpdesk:send. */
  scopes?: string[];
  /** 'opaque' issues reference tokens only introspection can read; default 'jwt'. */
  accessTokenFormat?: 'jwt' | 'opaque';
}

export interface ClientCredentials {
  clientId: string;
  clientSecret: string;
}

export interface TestIssuer {
  /** The issuer identifier, e.g. http://127.0.0.1:41234 (its metadata is at /.well-known/openid-configuration). */
  issuer: string;
  resource: string;
  scopes: string[];
  /** A confidential client (client_secret_basic) allowed the client_credentials grant: a machine caller. */
  machine: ClientCredentials;
  /** A confidential client the resource server authenticates with at the introspection endpoint. */
  introspector: ClientCredentials;
  /** A pre-registered public client (no secret) for authorization code + PKCE. */
  publicClientId: string;
  /** The private signing key in use (with its kid), for minting tokens the issuer could have issued. */
  signingKey(): Promise<{ jwk: JWK; kid: string }>;
  /** An access token from the client_credentials grant, for `resource` (default the issuer's) and `scope` (default all). */
  clientCredentialsToken(options?: { scope?: string; resource?: string }): Promise<string>;
  /**
   * Drives an authorization request as the person would in a browser: follows `authorizationUrl`,
   * signs in as `account`, consents to the requested scopes the account may have, and returns the
   * redirect back to the client (with `code` and `state`).
   */
  signIn(authorizationUrl: URL | string, account?: AccountName): Promise<URL>;
  /**
   * An access token for `account` through the pre-registered public client: authorization code +
   * PKCE, with the sign-in driven as in `signIn`. `scope` is what the client asks for (default all);
   * the token holds the part of it the account may have.
   */
  tokenFor(account: AccountName, options?: { scope?: string; resource?: string }): Promise<string>;
  /** Replaces the signing key with a new one (new kid); the old one leaves the JWKS. */
  rotateKeys(): Promise<void>;
  close(): Promise<void>;
}

interface SigningKey {
  jwk: JWK;
  kid: string;
}

async function newSigningKey(): Promise<SigningKey> {
  const { privateKey } = await generateKeyPair('RS256', { extractable: true });
  const kid = `key-${randomBytes(6).toString('hex')}`;
  return { jwk: { ...(await exportJWK(privateKey)), kid, alg: 'RS256', use: 'sig' }, kid };
}

const secret = () => randomBytes(24).toString('base64url');

/**
 * A real OpenID provider (oidc-provider) on a free loopback port, for tests of the server's
 * sign-in: JWT (or opaque) access tokens bound to a resource, the helpdesk scopes, client
 * credentials, authorization code + PKCE with a test-driven login and consent, dynamic client
 * registration (as the MCP SDK's client uses it), introspection, and key rotation.
 */
export async function startTestIssuer(options: TestIssuerOptions): Promise<TestIssuer> {
  const scopes = options.scopes ?? Object.values(SCOPES);
  const machine = { clientId: 'helpdesk-robot', clientSecret: secret() };
  const introspector = { clientId: 'helpdesk-mcp', clientSecret: secret() };
  const publicClientId = 'helpdesk-desktop';
  const cookieKeys = [secret()];
  const adapter = memoryStore();

  const http = createServer((req, res) => void route(req, res));
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
  const issuer = `http://127.0.0.1:${(http.address() as AddressInfo).port}`;

  const configuration = (key: SigningKey): Configuration => ({
    adapter,
    jwks: { keys: [key.jwk] },
    clients: [
      {
        client_id: machine.clientId,
        client_secret: machine.clientSecret,
        grant_types: ['client_credentials'],
        response_types: [],
        redirect_uris: [],
        token_endpoint_auth_method: 'client_secret_basic',
        scope: scopes.join(' '),
      },
      {
        client_id: introspector.clientId,
        client_secret: introspector.clientSecret,
        grant_types: [],
        response_types: [],
        redirect_uris: [],
        token_endpoint_auth_method: 'client_secret_basic',
      },
      {
        client_id: publicClientId,
        application_type: 'native',
        grant_types: ['authorization_code', 'refresh_token'],
        response_types: ['code'],
        redirect_uris: [REDIRECT_URI],
        token_endpoint_auth_method: 'none',
      },
    ],
    scopes: ['openid', 'offline_access', ...scopes],
    claims: { openid: ['sub'], email: ['email'], profile: ['name'] },
    cookies: { keys: cookieKeys },
    pkce: { required: () => true },
    findAccount: (_ctx, sub) => {
      const account = accountFor(sub);
      return account && { accountId: sub, claims: () => ({ sub, email: account.email, name: account.name }) };
    },
    // The person's email and name in their access tokens, as IdPs can be set up to add them.
    extraTokenClaims: (_ctx, token) => {
      const account = 'accountId' in token && typeof token.accountId === 'string' ? accountFor(token.accountId) : undefined;
      return account && { email: account.email, name: account.name };
    },
    interactions: { url: (_ctx, interaction) => `/interaction/${interaction.uid}` },
    features: {
      devInteractions: { enabled: false },
      clientCredentials: { enabled: true },
      introspection: { enabled: true, allowedPolicy: (_ctx, client) => client.clientId === introspector.clientId },
      revocation: { enabled: true },
      registration: { enabled: true, initialAccessToken: false },
      resourceIndicators: {
        enabled: true,
        defaultResource: (_ctx, _client, oneOf) => oneOf ?? options.resource,
        useGrantedResource: () => true,
        // Any resource indicator is known, so a test can have a token minted for another server.
        getResourceServerInfo: (_ctx, resourceIndicator) => ({
          scope: scopes.join(' '),
          audience: resourceIndicator,
          accessTokenTTL: 600,
          accessTokenFormat: options.accessTokenFormat ?? 'jwt',
          jwt: { sign: { alg: 'RS256' } },
        }),
      },
    },
    ttl: { AccessToken: 600, AuthorizationCode: 60, ClientCredentials: 600, Grant: 3600, Interaction: 600, RefreshToken: 3600, Session: 3600 },
    renderError: (ctx, out) => {
      ctx.type = 'json';
      ctx.body = out;
    },
  });

  let key = await newSigningKey();
  let provider = new Provider(issuer, configuration(key));
  let handle = provider.callback();

  async function route(req: IncomingMessage, res: ServerResponse): Promise<void> {
    try {
      if (req.url?.startsWith('/interaction/')) await handleInteraction(provider, req, res);
      else handle(req, res);
    } catch (error) {
      res.writeHead(500, { 'content-type': 'text/plain' }).end(String(error));
    }
  }

  const tokenEndpoint = `${issuer}/token`;

  return {
    issuer,
    resource: options.resource,
    scopes,
    machine,
    introspector,
    publicClientId,
    signingKey: async () => key,
    async clientCredentialsToken({ scope = scopes.join(' '), resource = options.resource } = {}) {
      const response = await fetch(tokenEndpoint, {
        method: 'POST',
        headers: { authorization: basic(machine), 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ grant_type: 'client_credentials', scope, resource }),
      });
      return tokenResponse(response);
    },
    signIn: (authorizationUrl, account = 'alice') => driveSignIn(new URL(authorizationUrl), issuer, account),
    async tokenFor(account, { scope = scopes.join(' '), resource = options.resource } = {}) {
      const verifier = randomBytes(32).toString('base64url');
      const authorize = new URL(`${issuer}/auth`);
      authorize.search = new URLSearchParams({
        client_id: publicClientId,
        response_type: 'code',
        redirect_uri: REDIRECT_URI,
        scope,
        resource,
        code_challenge: createHash('sha256').update(verifier).digest('base64url'),
        code_challenge_method: 'S256',
      }).toString();
      const back = await driveSignIn(authorize, issuer, account);
      const code = back.searchParams.get('code');
      if (!code) throw new Error(`sign-in for ${account} came back without a code: ${back.href}`);
      return tokenResponse(
        await fetch(tokenEndpoint, {
          method: 'POST',
          body: new URLSearchParams({
            grant_type: 'authorization_code',
            code,
            redirect_uri: REDIRECT_URI,
            code_verifier: verifier,
            client_id: publicClientId,
            resource,
          }),
        }),
      );
    },
    async rotateKeys() {
      // A provider's keys are fixed when it is made: the next one serves the same clients and
      // store, with only the new key in its JWKS.
      key = await newSigningKey();
      provider = new Provider(issuer, configuration(key));
      handle = provider.callback();
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        http.close((error) => (error ? reject(error) : resolve()));
        http.closeAllConnections();
      }),
  };
}

async function tokenResponse(response: Response): Promise<string> {
  const body = (await response.json()) as { access_token?: string };
  if (!response.ok || !body.access_token) throw new Error(`token endpoint: ${response.status} ${JSON.stringify(body)}`);
  return body.access_token;
}

export function basic({ clientId, clientSecret }: ClientCredentials): string {
  return `Basic ${Buffer.from(`${encodeURIComponent(clientId)}:${encodeURIComponent(clientSecret)}`).toString('base64')}`;
}
