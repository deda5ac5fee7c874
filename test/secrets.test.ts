import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { setLogLevel, setLogSink } from '../src/log.js';
import { Secrets } from '../src/secrets.js';
import { startStandin, type Standin } from './support/mava-standin/index.js';
import { captureLog, connect, testConfig, type Harness } from './support/harness.js';
import { callOnce } from './support/session-on.js';

// The key must not appear in any result, error or log line, whatever happens upstream.
const KEY = 'mava_live_SECRET_7f3a9c2e5b1d4f60';
const TICKET = '6650a1b2c3d4e5f678901234';

let standin: Standin;
let mcp: Harness;
let log: string[];

beforeAll(async () => {
  log = captureLog();
  setLogLevel('debug');
  standin = await startStandin({ apiKey: KEY });
  mcp = await connect(testConfig({ api: { baseUrl: standin.url, apiKey: KEY } }));
});
afterAll(async () => {
  setLogLevel('info');
  setLogSink(() => undefined);
  await mcp.close();
  await standin.close();
});

describe('the Mava API key', () => {
  it('appears in no result, error or log line', async () => {
    const echo = { error: `invalid token ${KEY}` };
    const calls: Array<[string, Record<string, unknown>, (() => void)?]> = [
      ['fetch_tickets', { startDate: '2026-01-01', endDate: '2026-04-01', includeMessages: true }],
      ['list_categories', {}],
      ['update_ticket', { ticketId: TICKET, status: 'Open' }],
      ['send_message', { ticketId: TICKET, content: 'hello' }],
      ['add_internal_note', { ticketId: TICKET, content: 'note' }],
      ['identify_customer', { emailAddress: 'a@example.com' }],
      ['update_ticket', { ticketId: 'missing', status: 'Open' }],
      ['fetch_tickets', { startDate: 'nope' }],
      // An upstream that echoes the key back in its error must not leak it either.
      ['list_categories', {}, () => standin.respondNext('GET /api/categories', { status: 401, body: echo })],
      ['send_message', { ticketId: TICKET, content: 'x' }, () => standin.respondNext('PUT /api/message', { status: 400, body: echo })],
      ['update_ticket', { ticketId: TICKET, status: 'Open' }, () => standin.respondNext('PUT /api/ticket', { status: 500, body: echo })],
      ['list_categories', {}, () => standin.respondNext('GET /api/categories', { status: 200, body: { categories: KEY } })],
    ];
    const seen: string[] = [];
    for (const [tool, args, arrange] of calls) {
      arrange?.();
      const result = await mcp.call(tool, args);
      seen.push(JSON.stringify(result.raw));
    }
    // A timeout, on a client of its own whose deadline comes before the answer; the calls above keep the default, which a busy machine does not reach.
    standin.respondNext('PUT /api/message', { status: 200, body: {}, delayMs: 800 });
    const timedOut = await callOnce(testConfig({ api: { baseUrl: standin.url, apiKey: KEY, timeoutMs: 500 } }), 'send_message', {
      ticketId: TICKET,
      content: 'slow',
    });
    expect(timedOut.text).toContain('did not answer in time');
    seen.push(JSON.stringify(timedOut.raw));
    expect(seen.some((text) => text.includes('[redacted]'))).toBe(true);
    for (const text of [...seen, ...log]) expect(text).not.toContain(KEY);
    expect(log.length).toBeGreaterThanOrEqual(calls.length);
  });
});

describe('Secrets scopes', () => {
  it("blanks a child scope's secret only in that scope, and never rewrites JSON syntax", () => {
    const root = new Secrets();
    root.add('root_secret_1234');
    const caller = root.with('"tool"');
    const other = root.with('other_key_5678');
    const line = { tool: 'send_message', note: 'said "tool" and root_secret_1234' };
    expect(JSON.stringify(caller.value(line))).toBe('{"tool":"send_message","note":"said [redacted] and [redacted]"}');
    expect(other.value(line)).toEqual({ tool: 'send_message', note: 'said "tool" and [redacted]' });
    expect(root.text('"tool"')).toBe('"tool"');
  });

  it('blanks the JSON-escaped and URL-encoded forms of a key', () => {
    const scope = new Secrets().with('a"b\\c/d e');
    expect(scope.text(`x ${JSON.stringify('a"b\\c/d e')} y ${encodeURIComponent('a"b\\c/d e')}`)).toBe('x "[redacted]" y [redacted]');
  });
});
