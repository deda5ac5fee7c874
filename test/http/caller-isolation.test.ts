import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LoggingMessageNotificationSchema } from '@modelcontextprotocol/sdk/types.js';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { LimiterRegistry } from '../../src/http/limiter.js';
import { withApiKey } from '../../src/providers/provider.js';
import { createServer } from '../../src/server.js';
import { testConfig } from '../support/harness.js';
import { httpClient, startHttp } from '../support/http-harness.js';
import { spawnHttpServer, type SpawnedServer } from '../support/spawn-server.js';
import { STANDIN_DATA, startStandin, type Standin } from '../support/mava-standin/index.js';

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

describe("one caller's key never touches another caller's output", () => {
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

    const audit = (await readFile(auditPath, 'utf8'))
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(audit).toEqual([
      expect.objectContaining({ tool: 'update_ticket', ticketId: TICKET, outcome: 'done', contentStart: 'status=Pending' }),
      expect.objectContaining({ tool: 'send_message', ticketId: TICKET, outcome: 'done', contentStart: 'Your refund is on its way.' }),
    ]);

    const lines = server
      .stderr()
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as Record<string, unknown>);
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

describe('per-key state', () => {
  it('releases the limiter of a key once it is idle (nothing queued, nothing cooling down); a key that comes back starts afresh', async () => {
    const keys = Array.from({ length: 20 }, (_, i) => `mava_key_CHURN_${String(i).padStart(16, '0')}`);
    const api = await startStandin({ apiKey: keys });
    const limiters = new LimiterRegistry(undefined, { releaseIdleEveryMs: 50 });
    const config = testConfig({ api: { baseUrl: api.url, apiKey: 'unused', rateLimit: { requests: 5, windowMs: 100 } } });
    const http = await startHttp(config, { keyFromHeader: true }, { createMcpServer: (key) => createServer({ config: withApiKey(config, key!), limiters }) });
    try {
      for (const key of keys) {
        const client = await httpClient(http.url, { 'x-mava-api-key': key });
        expect((await client.callTool({ name: 'list_categories', arguments: {} })).isError).toBeFalsy();
        await client.close();
      }
      expect(limiters.size).toBeGreaterThan(0);
      await vi.waitFor(() => expect(limiters.size).toBe(0), { timeout: 5_000, interval: 50 });
      // The same key again: served, with a full budget.
      const again = await httpClient(http.url, { 'x-mava-api-key': keys[0]! });
      const results = await Promise.all(Array.from({ length: 5 }, () => again.callTool({ name: 'list_categories', arguments: {} })));
      expect(results.every((result) => !result.isError)).toBe(true);
      await again.close();
    } finally {
      await http.close();
      await limiters.stopAll();
      await api.close();
    }
  });
});
