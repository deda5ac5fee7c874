import { createHash } from 'node:crypto';
import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AuditLog } from '../../src/safety/audit-log.js';
import { connect, testConfig, type Harness } from '../support/harness.js';
import { startStandin, type Standin } from '../support/mava-standin/index.js';

// --audit-log: one JSON line per write attempt, on disk before the agent has the result.
const KEY = 'mava_live_AUDITLOGKEY_0123456789abcdef';
const TICKET = '6650a1b2c3d4e5f678901234';

let standin: Standin;
let dir: string;
let path: string;
let audit: AuditLog;
let mcp: Harness;

async function lines(): Promise<Array<Record<string, unknown>>> {
  const text = await readFile(path, 'utf8');
  return text.trim() === ''
    ? []
    : text
        .trim()
        .split('\n')
        .map((line) => JSON.parse(line) as Record<string, unknown>);
}

beforeAll(async () => {
  standin = await startStandin({ apiKey: KEY });
  dir = await mkdtemp(join(tmpdir(), 'audit-'));
  path = join(dir, 'audit.jsonl');
  audit = await AuditLog.open(path);
  mcp = await connect(testConfig({ api: { baseUrl: standin.url, apiKey: KEY } }), { audit });
});
afterAll(async () => {
  await mcp.close();
  await audit.close();
  await standin.close();
  await rm(dir, { recursive: true, force: true });
});

describe('audit log', () => {
  it('records each write attempt with its outcome before the result returns, and never reads', async () => {
    const content = `Hello, your key ${KEY} is not something we would ever log. Regards, the team at Example Inc.`;
    expect((await mcp.call('send_message', { ticketId: TICKET, content })).isError).toBe(false);
    // Read right after the call returned: the line must already be there.
    const [sent] = await lines();
    expect(sent).toMatchObject({ tool: 'send_message', ticketId: TICKET, outcome: 'done' });
    expect(Date.parse(sent!.time as string)).toBeGreaterThan(Date.now() - 60_000);
    expect(sent!.contentSha256).toBe(createHash('sha256').update(content).digest('hex'));
    expect(sent!.contentStart).toBe('Hello, your key [redacted] is not someth…');

    await mcp.call('fetch_tickets', {});
    await mcp.call('list_categories', {});
    await mcp.call('send_message', { ticketId: TICKET, content }); // duplicate: refused
    await mcp.call('update_ticket', { ticketId: TICKET }); // invalid: no change given
    standin.respondNext('PUT /api/ticket', { status: 400, body: { error: 'Invalid status or priority' } });
    await mcp.call('update_ticket', { ticketId: TICKET, status: 'Resolved' });
    standin.respondNext('PUT /api/message', { status: 502, body: { error: 'Bad gateway' } });
    await mcp.call('add_internal_note', { ticketId: TICKET, content: 'Escalated to billing' });
    await mcp.call('identify_customer', { emailAddress: 'sam@example.com', customAttributes: [{ label: 'plan', value: 'pro' }] });

    const all = await lines();
    expect(all.map(({ tool, outcome, reason }) => [tool, outcome, reason ?? null])).toEqual([
      ['send_message', 'done', null],
      ['send_message', 'refused', 'duplicate'],
      ['update_ticket', 'refused', 'invalid input'],
      ['update_ticket', 'failed', 'bad_request'],
      ['add_internal_note', 'uncertain', 'server_error'],
      ['identify_customer', 'done', null],
    ]);
    expect(all[3]).toMatchObject({ ticketId: TICKET, contentStart: 'status=Resolved' });
    expect(all[5]).toMatchObject({ customer: 'sam@example.com', contentStart: 'plan=pro' });
    const raw = await readFile(path, 'utf8');
    expect(raw).not.toContain(KEY);
    expect((await stat(path)).mode & 0o777).toBe(0o600);
  });
});
