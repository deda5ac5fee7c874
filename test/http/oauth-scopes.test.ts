import { createHash } from 'node:crypto';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import type { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_SCOPES } from '../../src/auth/scopes.js';
import type { Config } from '../../src/config.js';
import { LimiterRegistry } from '../../src/http/limiter.js';
import { providers } from '../../src/providers/index.js';
import { startMavaSandbox, type MavaSandbox } from '../../src/providers/mava/sandbox/index.js';
import type { SandboxHandle } from '../../src/providers/provider.js';
import { AuditLog } from '../../src/safety/audit-log.js';
import { MemorySendLedger } from '../../src/safety/send-ledger.js';
import { createServer } from '../../src/server.js';
import { captureLog, testConfig } from '../support/harness.js';
import { httpClient, startHttp } from '../support/http-harness.js';
import { startOAuthFixture, type OAuthFixture } from '../support/oauth-fixture.js';
import { configParser } from '../support/parse-config.js';

// Scopes per tool, and the person behind each call, over HTTP against the Mava and InboxOps
// sandboxes with tokens from the test issuer (test/support/oauth-fixture.ts).
const MCP_HEADERS = { 'content-type': 'application/json', accept: 'application/json, text/event-stream' };
const READ = 'helpdesk:read';
const WRITE = 'helpdesk:write';
const SEND = 'helpdesk:send';

let mava: MavaSandbox;
let inboxops: SandboxHandle;
let fixture: OAuthFixture;
let dir: string;
const closing: Array<() => Promise<unknown>> = [];
const log = captureLog();

beforeAll(async () => {
  [mava, inboxops, fixture] = await Promise.all([startMavaSandbox(), providers.inboxops.startSandbox(), startOAuthFixture()]);
  dir = await mkdtemp(join(tmpdir(), 'oauth-scopes-'));
});
afterAll(async () => {
  for (const close of closing.reverse()) await close();
  await Promise.all([fixture.close(), mava.close(), inboxops.close()]);
  await rm(dir, { recursive: true, force: true });
});

function signInConfig(overrides: Partial<Config> = {}, sandbox: SandboxHandle = mava): Config {
  const base = testConfig({ provider: 'mava', ...overrides, api: { baseUrl: sandbox.url, apiKey: sandbox.apiKey } });
  return { ...base, transport: 'http', http: { ...base.http, auth: { scopes: DEFAULT_SCOPES, oauth: { issuer: fixture.issuer } } } };
}

/** The server as the CLI wires it, with its own duplicate guard and, if given, an audit log. */
async function serve(config: Config, audit?: AuditLog, http: Partial<Config['http']> = {}) {
  const limiters = new LimiterRegistry();
  const sendLedger = new MemorySendLedger();
  const server = await startHttp(config, http, { createMcpServer: () => createServer({ config, limiters, sendLedger, audit }) });
  closing.push(async () => {
    await server.close();
    await limiters.stopAll();
  });
  return server;
}

async function signedIn(url: string, token: string): Promise<Client> {
  const client = await httpClient(url, { authorization: `Bearer ${token}` });
  closing.push(() => client.close());
  return client;
}

async function toolNames(url: string, token: string): Promise<string[]> {
  return (await (await signedIn(url, token)).listTools()).tools.map((tool) => tool.name);
}

/** A raw POST on an open session: what the HTTP layer answers before the body reaches the transport. */
async function postOnSession(url: string, client: Client, token: string, body: unknown) {
  const session = (client.transport as StreamableHTTPClientTransport).sessionId!;
  const response = await fetch(url, {
    method: 'POST',
    headers: { ...MCP_HEADERS, authorization: `Bearer ${token}`, 'mcp-session-id': session, 'mcp-protocol-version': '2025-11-25' },
    body: JSON.stringify(body),
  });
  return { status: response.status, challenge: response.headers.get('www-authenticate'), body: await response.text() };
}

const sendCall = (ticketId: string) => ({
  jsonrpc: '2.0',
  id: 7,
  method: 'tools/call',
  params: { name: 'send_message', arguments: { ticketId, content: 'Hello' } },
});

async function firstMavaTicket(client: Client): Promise<string> {
  const fetched = await client.callTool({ name: 'fetch_tickets', arguments: { limit: 1 } });
  return (fetched.structuredContent as { tickets: Array<{ _id: string }> }).tickets[0]!._id;
}

describe('scopes shape what a session sees and may call', () => {
  it('Mava: each scope adds its tools; a read-only token sees two tools and no draft_reply prompt', async () => {
    const server = await serve(signInConfig());
    const as = async (scope: string) => toolNames(server.url, await fixture.mint(server.url, { scope }));
    expect(await as(READ)).toEqual(['fetch_tickets', 'list_categories']);
    expect(await as(`${READ} ${WRITE}`)).toEqual(['fetch_tickets', 'update_ticket', 'add_internal_note', 'identify_customer', 'list_categories']);
    expect(await as(`${READ} ${SEND}`)).toEqual(['fetch_tickets', 'send_message', 'list_categories']);
    expect(await as(`${READ} ${WRITE} ${SEND}`)).toHaveLength(6);
    expect(await as('openid profile')).toEqual([]);

    const reader = await signedIn(server.url, await fixture.mint(server.url, { scope: READ }));
    const full = await signedIn(server.url, await fixture.mint(server.url));
    expect((await reader.listPrompts()).prompts.map((p) => p.name)).not.toContain('draft_reply');
    expect((await full.listPrompts()).prompts.map((p) => p.name)).toContain('draft_reply');
  });

  it('InboxOps: read sees fetch_tickets, write adds the ticket update and the note, send adds nothing', async () => {
    const server = await serve(signInConfig({ provider: 'inboxops' }, inboxops));
    const as = async (scope: string) => toolNames(server.url, await fixture.mint(server.url, { scope }));
    expect(await as(READ)).toEqual(['fetch_tickets']);
    expect(await as(`${READ} ${WRITE}`)).toEqual(['fetch_tickets', 'update_ticket', 'add_internal_note']);
    expect(await as(`${READ} ${SEND}`)).toEqual(['fetch_tickets']);
  });

  it('scopes given as scp (an array, as Okta does) count the same; --read-only and --exclude-tools still narrow', async () => {
    const okta = await serve(signInConfig());
    expect(await toolNames(okta.url, await fixture.mint(okta.url, { scope: '', claims: { scope: undefined, scp: [READ, SEND] } }))).toEqual([
      'fetch_tickets',
      'send_message',
      'list_categories',
    ]);
    const narrowed = await serve(signInConfig({ readOnly: true }));
    expect(await toolNames(narrowed.url, await fixture.mint(narrowed.url))).toEqual(['fetch_tickets', 'list_categories']);
    const excluded = await serve(signInConfig({ excludeTools: ['send_message'] }));
    expect(await toolNames(excluded.url, await fixture.mint(excluded.url, { scope: `${READ} ${SEND}` }))).toEqual(['fetch_tickets', 'list_categories']);
  });

  it('a send with a read-only token: 403 insufficient_scope naming helpdesk:send, before anything reaches the API', async () => {
    const server = await serve(signInConfig());
    const token = await fixture.mint(server.url, { scope: READ });
    const reader = await signedIn(server.url, token);
    const ticketId = await firstMavaTicket(reader);
    const before = mava.requests.length;

    const single = await postOnSession(server.url, reader, token, sendCall(ticketId));
    const batch = await postOnSession(server.url, reader, token, [{ jsonrpc: '2.0', id: 8, method: 'tools/list' }, sendCall(ticketId)]);
    for (const answer of [single, batch]) {
      expect(answer.status).toBe(403);
      expect(answer.challenge).toBe(
        `Bearer error="insufficient_scope", scope="helpdesk:send", resource_metadata="${new URL(server.url).origin}/.well-known/oauth-protected-resource/mcp"`,
      );
      expect(JSON.parse(answer.body)).toMatchObject({
        jsonrpc: '2.0',
        error: { message: expect.stringMatching(/send_message needs the scope helpdesk:send.*Nothing was sent/) },
      });
    }
    await expect(reader.callTool({ name: 'send_message', arguments: { ticketId, content: 'Hello' } })).rejects.toThrow(/needs the scope helpdesk:send/);
    expect(mava.requests.length).toBe(before);
  });

  it("a session belongs to the person who opened it: another person's token on it gets 403", async () => {
    const server = await serve(signInConfig());
    const alice = await fixture.mint(server.url, { subject: 'alice' });
    const bob = await fixture.mint(server.url, { subject: 'bob' });
    const session = await signedIn(server.url, alice);
    const list = { jsonrpc: '2.0', id: 9, method: 'tools/list' };
    expect((await postOnSession(server.url, session, alice, list)).status).toBe(200);
    const intruder = await postOnSession(server.url, session, bob, list);
    expect(intruder.status).toBe(403);
    expect(JSON.parse(intruder.body).error.message).toMatch(/session was opened by someone else/);
  });
});

describe('--stateless: people with different tokens on one shared server', () => {
  it('each sees and may call only what its token allows, and each write names its own person', async () => {
    const auditPath = join(dir, 'stateless-audit.log');
    const audit = await AuditLog.open(auditPath);
    closing.push(() => audit.close());
    const server = await serve(signInConfig(), audit, { stateless: true });
    const readerToken = await fixture.mint(server.url, { subject: 'reader-1', scope: READ });
    const senderToken = await fixture.mint(server.url, { subject: 'sender-1', scope: `${READ} ${SEND}` });
    const reader = await signedIn(server.url, readerToken);
    const sender = await signedIn(server.url, senderToken);
    // Interleaved, so that one server answers both people in turn.
    expect((await reader.listTools()).tools.map((tool) => tool.name)).toEqual(['fetch_tickets', 'list_categories']);
    expect((await sender.listTools()).tools.map((tool) => tool.name)).toEqual(['fetch_tickets', 'send_message', 'list_categories']);
    const ticketId = await firstMavaTicket(reader);
    await expect(reader.callTool({ name: 'send_message', arguments: { ticketId, content: 'Hello' } })).rejects.toThrow(/needs the scope helpdesk:send/);
    const content = `Stateless hello (${Date.now()})`;
    expect((await sender.callTool({ name: 'send_message', arguments: { ticketId, content } })).isError).toBeFalsy();
    expect((await reader.listTools()).tools).toHaveLength(2);
    const lines = (await readFile(auditPath, 'utf8')).trim().split('\n');
    expect(lines.map((line) => JSON.parse(line) as unknown)).toEqual([
      expect.objectContaining({ tool: 'send_message', outcome: 'done', by: { subject: 'sender-1' } }),
    ]);
    const calls = log.filter((line) => line.includes(' tool call ') && line.includes('fetch_tickets'));
    expect(calls.some((line) => line.includes('"by":"reader-1"'))).toBe(true);
  });
});

describe('every write names the person', () => {
  it("in the audit line (by), the stderr line of each call (the subject), and the duplicate guard's refusal; never the token", async () => {
    const auditPath = join(dir, 'audit.log');
    const audit = await AuditLog.open(auditPath);
    closing.push(() => audit.close());
    const server = await serve(signInConfig(), audit);
    const samToken = await fixture.mint(server.url, { subject: 'auth0|sam', claims: { email: 'sam@example.com', name: 'Sam Lee' } });
    const robotToken = await fixture.mint(server.url, { subject: 'robot-7' });
    const sam = await signedIn(server.url, samToken);
    const robot = await signedIn(server.url, robotToken);
    const ticketId = await firstMavaTicket(sam);
    const reply = { ticketId, content: `Your refund is on its way (${Date.now()}).` };

    expect((await sam.callTool({ name: 'send_message', arguments: reply })).isError).toBeFalsy();
    const again = await robot.callTool({ name: 'send_message', arguments: reply });
    // An agent that pastes its own token into a note: the note goes out (it is the agent's to write), the audit line blanks it.
    const note = await robot.callTool({ name: 'add_internal_note', arguments: { ticketId, content: `Checked with ${robotToken}` } });
    expect(again.isError).toBe(true);
    expect((again.content as Array<{ text: string }>)[0]!.text).toMatch(
      new RegExp(
        `^The same message to ticket ${ticketId} was already sent by Sam Lee at \\d{4}-\\d\\d-\\d\\dT[\\d:.]+Z \\(\\d+ s ago\\)\\. Nothing was sent this time\\.`,
      ),
    );
    expect(note.isError).toBeFalsy();

    const lines = (await readFile(auditPath, 'utf8'))
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(lines).toEqual([
      expect.objectContaining({ tool: 'send_message', outcome: 'done', by: { subject: 'auth0|sam', email: 'sam@example.com', name: 'Sam Lee' } }),
      expect.objectContaining({ tool: 'send_message', outcome: 'refused', reason: 'duplicate', by: { subject: 'robot-7' } }),
      expect.objectContaining({ tool: 'add_internal_note', outcome: 'done', by: { subject: 'robot-7' }, contentStart: 'Checked with [redacted]' }),
    ]);

    const calls = log.filter((line) => line.includes(' tool call '));
    expect(calls.filter((line) => line.includes('"by":"auth0|sam"'))).toHaveLength(2); // fetch_tickets, send_message
    expect(calls.filter((line) => line.includes('"by":"robot-7"'))).toHaveLength(2);
    expect(calls.join('\n')).not.toContain('sam@example.com'); // the subject only
    const everything = `${log.join('\n')}\n${lines.map((line) => JSON.stringify(line)).join('\n')}`;
    for (const token of [samToken, robotToken]) {
      for (const part of token.split('.')) expect(everything).not.toContain(part);
    }
  });
});

describe('static tokens', () => {
  const token = (name: string) => `${name}-token-0123456789abcdef`;
  const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

  it('a tokens file names each caller, hashes their token and gives each its scopes', async () => {
    const file = join(dir, 'tokens.json');
    await writeFile(
      file,
      JSON.stringify({
        callers: [
          { name: 'alice', sha256: sha256(token('alice')), scopes: [READ] },
          { name: 'bob', sha256: sha256(token('bob')), scopes: [READ, SEND] },
        ],
      }),
    );
    const auditPath = join(dir, 'tokens-audit.log');
    const audit = await AuditLog.open(auditPath);
    closing.push(() => audit.close());
    const config = configParser().config(['--transport', 'http', '--tokens-file', file], { MAVA_API_KEY: mava.apiKey, MAVA_BASE_URL: mava.url });
    const server = await serve(config, audit);

    expect(await toolNames(server.url, token('alice'))).toEqual(['fetch_tickets', 'list_categories']);
    const bob = await signedIn(server.url, token('bob'));
    const ticketId = await firstMavaTicket(bob);
    expect((await bob.callTool({ name: 'send_message', arguments: { ticketId, content: `From Bob (${Date.now()})` } })).isError).toBeFalsy();
    expect(JSON.parse((await readFile(auditPath, 'utf8')).trim())).toMatchObject({ tool: 'send_message', outcome: 'done', by: { subject: 'bob' } });

    const stranger = await fetch(server.url, { method: 'POST', headers: { ...MCP_HEADERS, authorization: `Bearer ${token('mallory')}` }, body: '{}' });
    expect(stranger.status).toBe(401);
    expect(stranger.headers.get('www-authenticate')).toBe('Bearer error="invalid_token", error_description="the token is not in the tokens file"');
  });

  it('MCP_AUTH_TOKEN stays: every tool, and the caller is named "token"', async () => {
    const auditPath = join(dir, 'shared-audit.log');
    const audit = await AuditLog.open(auditPath);
    closing.push(() => audit.close());
    const config = configParser().config(['--transport', 'http'], { MAVA_API_KEY: mava.apiKey, MAVA_BASE_URL: mava.url, MCP_AUTH_TOKEN: token('shared') });
    const server = await serve(config, audit);
    const client = await signedIn(server.url, token('shared'));
    expect((await client.listTools()).tools).toHaveLength(6);
    const ticketId = await firstMavaTicket(client);
    expect((await client.callTool({ name: 'update_ticket', arguments: { ticketId, priority: 2 } })).isError).toBeFalsy();
    expect(JSON.parse((await readFile(auditPath, 'utf8')).trim())).toMatchObject({ tool: 'update_ticket', by: { subject: 'token' } });
  });
});
