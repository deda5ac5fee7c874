import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { UnauthorizedError } from '@modelcontextprotocol/sdk/client/auth.js';
import { ClientCredentialsProvider } from '@modelcontextprotocol/sdk/client/auth-extensions.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SCOPES } from '../support/oidc/accounts.js';
import { connectWithSignIn, MemoryOAuthClient } from '../support/oidc/sdk-sign-in.js';
import { JWT_SHAPE, startProtectedServer, type ProtectedServer } from '../support/oidc/protected-server.js';

// The MCP SDK's own client OAuth support against the server and a real OpenID provider: the
// client discovers everything from the server's 401, and the test plays the person at the login
// and consent pages.
const ALL_TOOLS = ['add_internal_note', 'fetch_tickets', 'identify_customer', 'list_categories', 'send_message', 'update_ticket'];
const READ_TOOLS = ['fetch_tickets', 'list_categories'];

let protectedServer: ProtectedServer;
beforeAll(async () => {
  protectedServer = await startProtectedServer();
});
afterAll(() => protectedServer?.close());

const toolNames = async (client: Client) => (await client.listTools()).tools.map((tool) => tool.name).sort();

async function firstTicketId(client: Client): Promise<string> {
  const result = await client.callTool({ name: 'fetch_tickets', arguments: { limit: 1 } });
  expect(result.isError, JSON.stringify(result.content)).toBeFalsy();
  return (result.structuredContent as { tickets: { _id: string }[] }).tickets[0]!._id;
}

describe('authorization code + PKCE by the SDK client', () => {
  it('registers dynamically, signs the person in, then lists and calls tools', async () => {
    const oauth = new MemoryOAuthClient('http://127.0.0.1:8976/callback');
    const started = performance.now();
    const client = await connectWithSignIn(protectedServer.url, protectedServer.issuer, oauth, 'alice');
    const signInMs = performance.now() - started;

    // The SDK registered itself (no client was given), and asked for every scope the metadata names, for this server.
    expect(oauth.clientInformation()?.client_id).toBeTruthy();
    expect(oauth.clientInformation()?.client_id).not.toBe(protectedServer.issuer.publicClientId);
    expect(oauth.authorizationUrl?.searchParams.get('scope')).toBe(`${SCOPES.read} ${SCOPES.write} ${SCOPES.send}`);
    expect(oauth.authorizationUrl?.searchParams.get('resource')).toBe(protectedServer.url);
    expect(oauth.authorizationUrl?.searchParams.get('code_challenge_method')).toBe('S256');

    expect(await toolNames(client)).toEqual(ALL_TOOLS);
    const ticketId = await firstTicketId(client);
    const update = await client.callTool({ name: 'update_ticket', arguments: { ticketId, priority: 2 } });
    expect(update.isError, JSON.stringify(update.content)).toBeFalsy();
    await client.close();

    console.info(`PKCE sign-in by the SDK client (registration, login, consent, code exchange, reconnect): ${Math.round(signInMs)} ms`);
    expect(protectedServer.server.stderr()).not.toMatch(JWT_SHAPE);
  });

  it('uses a pre-registered public client as given', async () => {
    const oauth = new MemoryOAuthClient('http://127.0.0.1:8977/callback', { client_id: protectedServer.issuer.publicClientId });
    const client = await connectWithSignIn(protectedServer.url, protectedServer.issuer, oauth, 'alice');
    expect(oauth.authorizationUrl?.searchParams.get('client_id')).toBe(protectedServer.issuer.publicClientId);
    expect(await toolNames(client)).toEqual(ALL_TOOLS);
    await client.close();
  });

  it('shows a reader only the read tools, and on a send asks the person to step up to helpdesk:send', async () => {
    const oauth = new MemoryOAuthClient('http://127.0.0.1:8978/callback');
    const client = await connectWithSignIn(protectedServer.url, protectedServer.issuer, oauth, 'rita');
    expect(await toolNames(client)).toEqual(READ_TOOLS);
    const ticketId = await firstTicketId(client);

    // The 403 names the scope; the SDK starts a new authorization for exactly that scope.
    const before = oauth.authorizationUrl;
    await expect(client.callTool({ name: 'send_message', arguments: { ticketId, content: 'Hello' } })).rejects.toThrow(UnauthorizedError);
    expect(oauth.authorizationUrl).not.toBe(before);
    expect(oauth.authorizationUrl?.searchParams.get('scope')).toBe(SCOPES.send);
    await client.close();
  });
});

describe('client credentials by the SDK client (a machine caller)', () => {
  const robot = (scope?: string) => {
    const { issuer } = protectedServer;
    return new ClientCredentialsProvider({
      clientId: issuer.machine.clientId,
      clientSecret: issuer.machine.clientSecret,
      expectedIssuer: issuer.issuer,
      scope,
    });
  };

  it('gets a token for the scopes it names on the first 401, and lists and calls tools', async () => {
    const authProvider = robot(`${SCOPES.read} ${SCOPES.write} ${SCOPES.send}`);
    const client = new Client({ name: 'robot', version: '0' });
    await client.connect(new StreamableHTTPClientTransport(new URL(protectedServer.url), { authProvider }));
    expect(authProvider.tokens()?.access_token).toBeTruthy();
    expect(await toolNames(client)).toEqual(ALL_TOOLS);
    const categories = await client.callTool({ name: 'list_categories', arguments: {} });
    expect(categories.isError, JSON.stringify(categories.content)).toBeFalsy();
    await client.close();
    expect(protectedServer.server.stderr()).not.toContain(authProvider.tokens()!.access_token);
  });

  it('naming no scope, gets a token with none, and sees no tools', async () => {
    // The SDK asks the token endpoint for the provider's own scope only (not the metadata's).
    const client = new Client({ name: 'robot', version: '0' });
    await client.connect(new StreamableHTTPClientTransport(new URL(protectedServer.url), { authProvider: robot() }));
    expect(await toolNames(client)).toEqual([]);
    await client.close();
  });
});
