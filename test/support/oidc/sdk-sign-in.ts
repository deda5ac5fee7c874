import { randomBytes } from 'node:crypto';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { UnauthorizedError, type OAuthClientProvider } from '@modelcontextprotocol/sdk/client/auth.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import type { OAuthClientInformationMixed, OAuthClientMetadata, OAuthTokens } from '@modelcontextprotocol/sdk/shared/auth.js';
import type { AccountName } from './accounts.js';
import type { TestIssuer } from './issuer.js';

/**
 * What an MCP client application keeps for the SDK's OAuth support, in memory: its registration
 * (dynamic, unless it starts with a pre-registered client), the PKCE verifier, the tokens, and the
 * authorization URL it would open in a browser.
 */
export class MemoryOAuthClient implements OAuthClientProvider {
  authorizationUrl?: URL;
  private sentState?: string;
  private verifier?: string;
  private saved?: OAuthTokens;

  constructor(
    readonly redirectUrl: string,
    private information?: OAuthClientInformationMixed,
  ) {}

  get clientMetadata(): OAuthClientMetadata {
    return {
      client_name: 'helpdesk-mcp test client',
      redirect_uris: [this.redirectUrl],
      grant_types: ['authorization_code', 'refresh_token'],
      response_types: ['code'],
      token_endpoint_auth_method: 'none',
    };
  }

  state(): string {
    return (this.sentState = randomBytes(12).toString('base64url'));
  }

  /** The state the last authorization request carried, to check the redirect back against. */
  get expectedState(): string | undefined {
    return this.sentState;
  }

  clientInformation(): OAuthClientInformationMixed | undefined {
    return this.information;
  }

  saveClientInformation(information: OAuthClientInformationMixed): void {
    this.information = information;
  }

  tokens(): OAuthTokens | undefined {
    return this.saved;
  }

  saveTokens(tokens: OAuthTokens): void {
    this.saved = tokens;
  }

  redirectToAuthorization(url: URL): void {
    this.authorizationUrl = url;
  }

  saveCodeVerifier(verifier: string): void {
    this.verifier = verifier;
  }

  codeVerifier(): string {
    if (!this.verifier) throw new Error('no PKCE verifier saved');
    return this.verifier;
  }
}

/**
 * Connects an SDK client the way an MCP host does with OAuth: the first connect meets 401, the
 * SDK discovers the issuer, registers (or uses the pre-registered client) and asks for a browser
 * at the authorization URL; the test signs `account` in there, hands the code back to
 * `finishAuth`, and connects again with the tokens.
 */
export async function connectWithSignIn(url: string, issuer: TestIssuer, oauth: MemoryOAuthClient, account: AccountName = 'alice'): Promise<Client> {
  const transport = new StreamableHTTPClientTransport(new URL(url), { authProvider: oauth });
  const first = new Client({ name: 'oauth-test', version: '0' });
  try {
    await first.connect(transport);
    return first;
  } catch (error) {
    if (!(error instanceof UnauthorizedError) || !oauth.authorizationUrl) throw error;
  }
  const back = await issuer.signIn(oauth.authorizationUrl, account);
  const code = back.searchParams.get('code');
  if (!code || back.searchParams.get('state') !== oauth.expectedState) throw new Error(`sign-in came back without a code or with another state: ${back.href}`);
  await transport.finishAuth(code);
  const client = new Client({ name: 'oauth-test', version: '0' });
  await client.connect(new StreamableHTTPClientTransport(new URL(url), { authProvider: oauth }));
  return client;
}
