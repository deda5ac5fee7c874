import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { httpClient } from '../support/http-harness.js';
import { JWT_SHAPE, startProtectedServer, type ProtectedServer } from '../support/oidc/protected-server.js';

// Every write traced to a person: the audit line names who signed in, the stderr line of each
// call names the subject, and the duplicate guard says who sent a message first. No token in any.
let protectedServer: ProtectedServer;
let auditPath: string;
const tokens: string[] = [];
beforeAll(async () => {
  auditPath = join(await mkdtemp(join(tmpdir(), 'oauth-audit-')), 'audit.log');
  protectedServer = await startProtectedServer({ args: ['--audit-log', auditPath, '--log-format', 'json'] });
});
afterAll(() => protectedServer?.close());

async function signedIn(token: string): Promise<Client> {
  tokens.push(token);
  return httpClient(protectedServer.url, { authorization: `Bearer ${token}` });
}

async function call(client: Client, name: string, args: Record<string, unknown>) {
  const result = (await client.callTool({ name, arguments: args })) as CallToolResult;
  return { ...result, text: result.content.map((part) => (part.type === 'text' ? part.text : '')).join('\n') };
}

const auditLines = async () =>
  (await readFile(auditPath, 'utf8'))
    .trim()
    .split('\n')
    .map((line) => JSON.parse(line) as Record<string, unknown>);
const stderrLines = () =>
  protectedServer.server
    .stderr()
    .trim()
    .split('\n')
    .map((line) => JSON.parse(line) as Record<string, unknown>);

describe('the person behind each write', () => {
  let ticketId: string;

  it('is in the audit line of each write: subject, email and name of a person; the client for a machine', async () => {
    const alice = await signedIn(await protectedServer.issuer.tokenFor('alice'));
    const page = await call(alice, 'fetch_tickets', { limit: 1 });
    ticketId = (page.structuredContent as { tickets: { _id: string }[] }).tickets[0]!._id;
    expect((await call(alice, 'update_ticket', { ticketId, priority: 3 })).isError).toBeFalsy();
    expect((await call(alice, 'send_message', { ticketId, content: 'Your refund went out today.' })).isError).toBeFalsy();
    await alice.close();

    const robot = await signedIn(await protectedServer.issuer.clientCredentialsToken());
    expect((await call(robot, 'add_internal_note', { ticketId, content: 'Refund confirmed by the billing job.' })).isError).toBeFalsy();
    await robot.close();

    const alicePerson = { subject: 'alice', email: 'alice@example.com', name: 'Alice Agent' };
    expect(await auditLines()).toEqual([
      expect.objectContaining({ tool: 'update_ticket', ticketId, outcome: 'done', by: alicePerson }),
      expect.objectContaining({ tool: 'send_message', ticketId, outcome: 'done', by: alicePerson }),
      expect.objectContaining({ tool: 'add_internal_note', ticketId, outcome: 'done', by: { subject: protectedServer.issuer.machine.clientId } }),
    ]);
  });

  it('is in the stderr line of every call, by subject only', () => {
    const calls = stderrLines().filter((line) => line.msg === 'tool call');
    expect(calls.map(({ tool, by }) => [tool, by])).toEqual([
      ['fetch_tickets', 'alice'],
      ['update_ticket', 'alice'],
      ['send_message', 'alice'],
      ['add_internal_note', protectedServer.issuer.machine.clientId],
    ]);
    expect(protectedServer.server.stderr()).not.toContain('alice@example.com');
  });

  it('is named when the duplicate guard refuses the same message from someone else', async () => {
    const robot = await signedIn(await protectedServer.issuer.clientCredentialsToken());
    const again = await call(robot, 'send_message', { ticketId, content: 'Your refund went out today.' });
    await robot.close();
    expect(again.isError).toBe(true);
    expect(again.text).toMatch(/already sent by Alice Agent at /);
    expect(again.text).toContain('Nothing was sent');
    expect((await auditLines()).at(-1)).toMatchObject({
      tool: 'send_message',
      outcome: 'refused',
      reason: 'duplicate',
      by: { subject: protectedServer.issuer.machine.clientId },
    });
  });

  it('leaves no token in stderr or the audit log', async () => {
    const everything = `${protectedServer.server.stderr()}\n${await readFile(auditPath, 'utf8')}`;
    expect(everything).not.toMatch(JWT_SHAPE);
    for (const token of tokens) expect(everything).not.toContain(token);
  });
});
