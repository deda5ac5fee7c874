import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LoggingMessageNotificationSchema } from '@modelcontextprotocol/sdk/types.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { httpClient } from '../support/http-harness.js';
import { spawnHttpServer, type SpawnedServer } from '../support/spawn-server.js';
import { STANDIN_DATA, startStandin, type Standin } from '../support/standin/index.js';

// Keys a hostile caller may choose: pieces of JSON syntax, and quotes and backslashes.
const SYNTAX_KEYS = ['"tool"', '"outcome":"done"', '{"', '":"'];
const QUOTED_KEY = 'mava"KEY\\quoted_secret_0001';
const NORMAL_KEY = 'mava_key_NORMAL_CALLER_000000001';
const TICKET = STANDIN_DATA.ticketIds.discord;

let standin: Standin;
let server: SpawnedServer;
let auditPath: string;

beforeAll(async () => {
  standin = await startStandin({ apiKey: [...SYNTAX_KEYS, QUOTED_KEY, NORMAL_KEY] });
  auditPath = join(await mkdtemp(join(tmpdir(), 'isolation-')), 'audit.log');
  server = await spawnHttpServer(['--key-from-header', '--log-format', 'json', '--audit-log', auditPath], { MAVA_BASE_URL: standin.url });
});
afterAll(async () => {
  await server.stop();
  await standin.close();
});

describe('one caller\'s key never touches another caller\'s output', () => {
  it('keeps every result, audit line and log line of a normal caller intact beside callers whose keys are JSON syntax', async () => {
    const hostile = await Promise.all(SYNTAX_KEYS.map((key) => httpClient(server.url, { 'x-mava-api-key': key })));
    for (const client of hostile) await client.callTool({ name: 'list_categories', arguments: {} });

    const normal = await httpClient(server.url, { 'x-mava-api-key': NORMAL_KEY });
    const notes: unknown[] = [];
    normal.setNotificationHandler(LoggingMessageNotificationSchema, (n) => void notes.push(n.params.data));
    await normal.setLoggingLevel('info');
    const update = await normal.callTool({ name: 'update_ticket', arguments: { ticketId: TICKET, status: 'Pending' } });
    const send = await normal.callTool({ name: 'send_message', arguments: { ticketId: TICKET, content: 'Your refund is on its way.' } });
    for (const client of [...hostile, normal]) await client.close();

    expect(update.isError, JSON.stringify(update.content)).toBeFalsy();
    expect(send.isError, JSON.stringify(send.content)).toBeFalsy();
    expect(update.structuredContent).toMatchObject({ ticketId: TICKET, status: 'Pending' });
    expect(notes).toEqual([
      { message: 'tool call', tool: 'update_ticket', ms: expect.any(Number), outcome: 'ok' },
      { message: 'tool call', tool: 'send_message', ms: expect.any(Number), outcome: 'ok' },
    ]);

    const audit = (await readFile(auditPath, 'utf8')).trim().split('\n').map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(audit).toEqual([
      expect.objectContaining({ tool: 'update_ticket', ticketId: TICKET, outcome: 'done', contentStart: 'status=Pending' }),
      expect.objectContaining({ tool: 'send_message', ticketId: TICKET, outcome: 'done', contentStart: 'Your refund is on its way.' }),
    ]);

    const lines = server.stderr().trim().split('\n').map((line) => JSON.parse(line) as Record<string, unknown>);
    const calls = lines.filter((line) => line.msg === 'tool call');
    expect(calls.map((line) => line.tool)).toEqual([...SYNTAX_KEYS.map(() => 'list_categories'), 'update_ticket', 'send_message']);
    expect(JSON.stringify(lines)).not.toContain('[redacted]');
  });

  it('blanks a key holding quotes and backslashes also where an API echoes it JSON-escaped', async () => {
    const client = await httpClient(server.url, { 'x-mava-api-key': QUOTED_KEY });
    // The API's words quote the key as JSON inside its own message.
    standin.respondNext('GET /api/categories', { status: 401, body: { error: `token ${JSON.stringify(QUOTED_KEY)} is not valid` } });
    const result = await client.callTool({ name: 'list_categories', arguments: {} });
    await client.close();

    const text = JSON.stringify(result);
    expect(result.isError).toBe(true);
    expect(text).toContain('[redacted]');
    for (const form of [QUOTED_KEY, JSON.stringify(QUOTED_KEY).slice(1, -1), 'KEY\\quoted', 'quoted_secret']) {
      expect(text).not.toContain(form);
      expect(server.stderr()).not.toContain(form);
    }
  });
});
