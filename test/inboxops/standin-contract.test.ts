import { describe, expect, it } from 'vitest';
import type { Config } from '../../src/config.js';
import { BACKEND_NAMES, SHORT_DEADLINE_MS } from '../support/contract-backends.js';
import { startInboxopsBackend } from '../support/inboxops-backends.js';
import { startInboxopsStandin, STANDIN_AGENT } from '../support/inboxops-standin/index.js';
import { connect, testConfig } from '../support/harness.js';
import { callOnce, expectRefusedUnsent, sessionOn } from '../support/session-on.js';

// Each tool must send exactly the documented request, and the documented errors must reach the
// agent in plain words: against a strict, independent stand-in of InboxOps's API, and the same
// scenarios against our sandbox (behind a recording proxy), so the README's "faithful copy" is
// checked. Answers only a script can produce, the stand-in's fixed tickets read field by field,
// and its strict rate window run against the stand-in alone, at the end.
const KEY = 'ixk_live_STANDIN_0123456789abcdef';
const READ_ONLY_KEY = 'ixk_ro_STANDIN_0123456789abcdef';
/** A ticket for calls refused before sending: no backend needs to know it. */
const ANY_TICKET = 'tkt_01HZX3A9';
/** An id that needs path encoding; only the stand-in has a ticket by that id. */
const ODD_TICKET = 'legacy/42 ü';
const NOTE_ROUTE = 'POST /api/v1/tickets/{id}/messages';
const PATCH_ROUTE = 'PATCH /api/v1/tickets/{id}';
const LIST_ROUTE = 'GET /api/v1/tickets';

const configFor = (apiKey: string, baseUrl: string, api: Partial<Config['api']> = {}): Config =>
  testConfig({ provider: 'inboxops', api: { ...api, baseUrl, apiKey } });

describe.each(BACKEND_NAMES)('against the %s', (name) => {
  const { backend, mcp } = sessionOn(
    () => startInboxopsBackend(name, { apiKey: KEY, readOnlyKey: READ_ONLY_KEY }),
    (backend) => configFor(KEY, backend.url),
    (backend) => backend.reset(),
  );
  const ticket = () => backend().fixtures.ticket;
  const total = () => backend().fixtures.total;
  const agent = () => backend().fixtures.agent;

  /** The one request made, with the documented credential and no other. */
  function only() {
    expect(backend().requests).toHaveLength(1);
    const request = backend().requests[0]!;
    expect(request.headers.authorization).toBe(`Bearer ${KEY}`);
    expect(request.headers['x-auth-token']).toBeUndefined();
    return request;
  }

  describe('fetch_tickets', () => {
    it('sends GET /api/v1/tickets with every filter as documented, tag_ids comma-separated, dates as instants', async () => {
      const result = await mcp().call('fetch_tickets', {
        q: 'refund order',
        status: 'open',
        assignee_id: STANDIN_AGENT,
        priority: 'high',
        tag_ids: ['tag_refund', 'tag_vip'],
        created_after: '2026-05-01',
        created_before: '2026-05-06T12:00:00+02:00',
        page: 1,
        per_page: 50,
      });
      const request = only();
      expect([request.method, request.path, request.rawBody]).toEqual(['GET', '/api/v1/tickets', '']);
      expect(request.headers['content-type']).toBeUndefined();
      expect(request.query).toEqual([
        ['q', 'refund order'],
        ['status', 'open'],
        ['assignee_id', STANDIN_AGENT],
        ['priority', 'high'],
        ['tag_ids', 'tag_refund,tag_vip'],
        ['created_after', '2026-05-01T00:00:00.000Z'],
        ['created_before', '2026-05-06T10:00:00.000Z'],
        ['page', '1'],
        ['per_page', '50'],
      ]);
      expect(result.isError, result.text).toBe(false);
    });

    it('asks for the first page of 25 when given nothing, and says the range is any time', async () => {
      const result = await mcp().call('fetch_tickets', {});
      expect(only().rawQuery).toBe('page=1&per_page=25');
      expect(result.text).toMatch(
        new RegExp(`^Tickets created any time to now \\(today \\d{4}-\\d\\d-\\d\\d UTC\\): ${total()} match, showing 1-${Math.min(25, total())}\\.`),
      );
      expect(result.text).toContain(`today ${new Date().toISOString().slice(0, 10)} UTC`);
    });

    it('says how to get the next page', async () => {
      const result = await mcp().call('fetch_tickets', { per_page: 1 });
      expect(result.structured).toMatchObject({ total: total(), pagination: { page: 1, per_page: 1, shown: 1, hasMore: true, nextPage: 2 } });
      expect(result.text).toContain('call again with page=2');
      const last = await mcp().call('fetch_tickets', { per_page: 1, page: total() });
      expect(last.structured).toMatchObject({ pagination: { page: total(), shown: 1, hasMore: false } });
      expect(last.text).toContain(`showing ${total()}-${total()}`);
    });

    it.each([
      [{ status: 'pending' }, 'status'],
      [{ per_page: 101 }, 'per_page'],
      [{ per_page: 0 }, 'per_page'],
      [{ page: 0 }, 'page'],
      [{ page: 1.5 }, 'page'],
      [{ created_after: 'yesterday' }, 'created_after'],
      [{ created_before: '2026-02-31' }, 'created_before'],
      [{ created_after: '2026-05-02', created_before: '2026-05-01' }, 'must be after created_after'],
      [{ tag_ids: [''] }, 'tag_ids'],
      [{ q: ' ' }, 'q'],
      [{ assignee_id: 'usr\ud800' }, 'unpaired surrogate'],
    ])('refuses %j before sending anything', async (args, words) => {
      await expectRefusedUnsent(mcp(), backend(), 'fetch_tickets', args, words);
    });

    it('retries a read after a 500 and succeeds', async () => {
      backend().fail('server_error', 'GET', '/api/v1/tickets');
      const result = await mcp().call('fetch_tickets', {});
      expect(result.isError, result.text).toBe(false);
      expect(backend().requests.map((r) => r.status)).toEqual([500, 200]);
    });
  });

  describe('update_ticket', () => {
    it('sends PATCH /api/v1/tickets/{id} with exactly the given fields as JSON', async () => {
      const result = await mcp().call('update_ticket', { ticket_id: ticket(), status: 'resolved', priority: 'low', assignee_id: agent() });
      const request = only();
      expect([request.method, request.path, request.rawQuery]).toEqual(['PATCH', `/api/v1/tickets/${ticket()}`, '']);
      expect(request.headers['content-type']).toBe('application/json');
      expect(request.rawBody).toBe(`{"status":"resolved","priority":"low","assignee_id":"${agent()}"}`);
      expect(result.isError, result.text).toBe(false);
      const out = result.structured as { ticket: { ticket_number: number; updated_at: string } };
      expect(out).toEqual({
        ticket_id: ticket(),
        changed: { status: 'resolved', priority: 'low', assignee_id: agent() },
        ticket: {
          id: ticket(),
          ticket_number: out.ticket.ticket_number,
          status: 'resolved',
          priority: 'low',
          assignee_id: agent(),
          updated_at: out.ticket.updated_at,
        },
      });
      expect(Number.isNaN(Date.parse(out.ticket.updated_at))).toBe(false);
      expect(result.text).toBe(
        `Ticket ${ticket()} (#${out.ticket.ticket_number}) updated (status=resolved, priority=low, assignee_id=${agent()}); now status resolved, priority low, assignee ${agent()}.`,
      );
    });

    it('sends only the fields that change, and path-encodes the id', async () => {
      const result = await mcp().call('update_ticket', { ticket_id: ODD_TICKET, status: 'in_progress' });
      const request = only();
      expect(request.path).toBe('/api/v1/tickets/legacy%2F42%20%C3%BC');
      expect(request.body).toEqual({ status: 'in_progress' });
      // The id arrived whole: the stand-in finds its ticket by it, the sandbox names it in its 404.
      if (name === 'stand-in') expect(result.isError, result.text).toBe(false);
      else expect(result.text).toContain(`ticket "${ODD_TICKET}" was not found (404 not_found)`);
    });

    it.each([
      [{ ticket_id: ANY_TICKET }, 'at least one of status, priority or assignee_id'],
      [{ ticket_id: ANY_TICKET, status: 'pending' }, 'status must be one of open, in_progress, waiting, resolved, closed'],
      [{ ticket_id: '', status: 'open' }, 'ticket_id'],
      [{ ticket_id: '..', status: 'open' }, 'ticket_id cannot be'],
      [{ ticket_id: ANY_TICKET, priority: ' ' }, 'priority'],
      [{ status: 'open' }, 'ticket_id'],
    ])('refuses %j before sending anything', async (args, words) => {
      await expectRefusedUnsent(mcp(), backend(), 'update_ticket', args, words);
    });

    it('an unknown ticket (404) says to take an id from fetch_tickets', async () => {
      const result = await mcp().call('update_ticket', { ticket_id: 'tkt_nope', status: 'open' });
      expect(result.isError).toBe(true);
      expect(result.text).toBe(
        'InboxOps call failed: ticket "tkt_nope" was not found (404 not_found): "Ticket not found". Use a ticket id from fetch_tickets (its id, not its ticket number). Nothing was changed.',
      );
    });
  });

  describe('add_internal_note', () => {
    it('sends POST /api/v1/tickets/{id}/messages with type internal_note, as the reference shows; 201 is success', async () => {
      const result = await mcp().call('add_internal_note', { ticket_id: ticket(), body_text: 'Refund approved by finance.' });
      const request = only();
      expect([request.method, request.path, request.rawQuery]).toEqual(['POST', `/api/v1/tickets/${ticket()}/messages`, '']);
      expect(request.headers['content-type']).toBe('application/json');
      expect(request.rawBody).toBe('{"type":"internal_note","body_text":"Refund approved by finance."}');
      expect(request.status).toBe(201);
      expect(result.isError, result.text).toBe(false);
      expect(result.structured).toMatchObject({ ticket_id: ticket(), type: 'internal_note' });
      expect(result.text).toMatch(new RegExp(`^Internal note added to ticket ${ticket()}( \\(note \\S+\\))?; only the team sees it\\.$`));
    });

    it('sends both bodies in the documented order, leaves a blank one out, and path-encodes the id', async () => {
      await mcp().call('add_internal_note', { ticket_id: ODD_TICKET, body_text: 'Plain', body_html: '<p>Rich</p>' });
      const both = only();
      expect(both.path).toBe('/api/v1/tickets/legacy%2F42%20%C3%BC/messages');
      expect(both.rawBody).toBe('{"type":"internal_note","body_html":"<p>Rich</p>","body_text":"Plain"}');
      backend().reset();
      await mcp().call('add_internal_note', { ticket_id: ticket(), body_text: '  ', body_html: '<b>Only HTML</b>' });
      expect(only().body).toEqual({ type: 'internal_note', body_html: '<b>Only HTML</b>' });
    });

    it.each([
      [{ ticket_id: ANY_TICKET }, 'Invalid input: give body_text or body_html (non-empty text). Nothing was sent.'],
      [{ ticket_id: ANY_TICKET, body_text: '   ' }, 'give body_text or body_html'],
      [{ ticket_id: ANY_TICKET, body_text: '', body_html: ' ' }, 'give body_text or body_html'],
      [{ body_text: 'hi' }, 'ticket_id'],
    ])('refuses %j before sending anything', async (args, words) => {
      await expectRefusedUnsent(mcp(), backend(), 'add_internal_note', args, words);
    });

    it.each([
      ['a 500', 'server_error_after', ['"Internal server error"', 'The note may have been added']],
      ['a timeout', 'slow', ['The note may have been added']],
    ] as const)('%s is not retried and says the note may have been added, and how to check', async (what, fault, words) => {
      backend().fail(fault, 'POST', `/api/v1/tickets/${ticket()}/messages`);
      const args = { ticket_id: ticket(), body_text: `Once only, after ${what}` };
      const result =
        fault === 'slow'
          ? await callOnce(configFor(KEY, backend().url, { timeoutMs: SHORT_DEADLINE_MS }), 'add_internal_note', args)
          : await mcp().call('add_internal_note', args);
      expect(result.isError).toBe(true);
      for (const part of words) expect(result.text).toContain(part);
      expect(result.text).toContain(`look at ticket ${ticket()} in InboxOps before it is added again`);
      expect(backend().requests).toHaveLength(1);
    });

    it('a 429 is retried through the limiter after Retry-After: nothing was processed', async () => {
      backend().fail('rate_limit', 'POST', `/api/v1/tickets/${ticket()}/messages`);
      const started = Date.now();
      const result = await mcp().call('add_internal_note', { ticket_id: ticket(), body_text: 'After the wait' });
      expect(result.isError, result.text).toBe(false);
      expect(backend().requests.map((r) => r.status)).toEqual([429, 201]);
      expect(Date.now() - started).toBeGreaterThanOrEqual(950);
    });
  });

  describe('keys and access', () => {
    it('a read-only key (403 insufficient_scope) says so, and what to do', async () => {
      const local = await connect(configFor(READ_ONLY_KEY, backend().url));
      const fetched = await local.call('fetch_tickets', {});
      const note = await local.call('add_internal_note', { ticket_id: ticket(), body_text: 'x' });
      const update = await local.call('update_ticket', { ticket_id: ticket(), status: 'closed' });
      await local.close();
      expect(fetched.isError, fetched.text).toBe(false);
      for (const result of [note, update]) {
        expect(result.isError).toBe(true);
        expect(result.text).toMatch(/^InboxOps call failed: this API key is read-only \(403 insufficient_scope\): "Read-only API key used for (POST|PATCH)"\./);
        expect(result.text).toContain('a human must set INBOXOPS_API_KEY to one');
        expect(result.text).toContain('reading with fetch_tickets still works');
        expect(result.text).toContain('Nothing was changed');
        expect(result.text).not.toContain(READ_ONLY_KEY);
      }
    });

    it('a rejected key (401) names the variable to fix and never echoes the key', async () => {
      const wrong = 'ixk_wrong_key_value_123';
      const result = await callOnce(configFor(wrong, backend().url), 'fetch_tickets', {});
      expect(result.isError).toBe(true);
      expect(result.text).toContain('InboxOps rejected the API key (401): "Missing or invalid Authorization: Bearer, or revoked API key"');
      expect(result.text).toContain('INBOXOPS_API_KEY');
      expect(result.text).not.toContain(wrong);
      expect(backend().requests[0]!.headers.authorization).toBe(`Bearer ${wrong}`);
    });

    it('a base URL given with /api/v1 reaches the same routes', async () => {
      const result = await callOnce(configFor(KEY, `${backend().url}/api/v1`), 'update_ticket', { ticket_id: ticket(), priority: 'normal' });
      expect(result.isError, result.text).toBe(false);
      expect(only().path).toBe(`/api/v1/tickets/${ticket()}`);
    });
  });
});

// Answers a script gives (no total, undocumented error shapes, InboxOps's own refusals the client
// never provokes, a note answered as data, a plan without API access), the stand-in's fixed
// tickets read field by field, and its strict rate window. The sandbox answers from its seeded
// workspace as docs/api/inboxops.md says, so these need the stand-in.
describe('against the stand-in only', () => {
  const TICKET = 'tkt_01HZX3A9';
  const { backend: standin, mcp } = sessionOn(
    () => startInboxopsStandin({ apiKey: KEY, readOnlyKey: READ_ONLY_KEY }),
    (standin) => configFor(KEY, standin.url),
    (standin) => standin.reset(),
  );

  it('reads the documented list, ignoring unknown fields, taking numeric ids as text and embedded tags as tag_ids', async () => {
    const result = await mcp().call('fetch_tickets', {});
    expect(result.isError, result.text).toBe(false);
    const out = result.structured as { total: number; tickets: Array<Record<string, unknown>>; pagination: Record<string, unknown> };
    expect(out.total).toBe(3);
    expect(out.pagination).toEqual({ page: 1, per_page: 25, shown: 3, hasMore: false });
    expect(out.tickets[0]).toEqual({
      id: TICKET,
      ticket_number: 5120,
      subject: 'Refund for order #88231 not received',
      status: 'open',
      priority: 'high',
      assignee_id: STANDIN_AGENT,
      inbox_id: 'inb_billing',
      contact_id: 'con_5521',
      tag_ids: ['tag_refund', 'tag_vip'],
      created_at: '2026-05-04T09:15:00Z',
      updated_at: '2026-05-04T10:02:00Z',
      custom_fields: { plan: 'Business', order_id: '88231' },
    });
    expect(out.tickets[2]).toMatchObject({ id: '9001', assignee_id: '17', priority: 'urgent', tag_ids: ['tag_sso'] });
    expect(out.tickets[1]).toMatchObject({ id: ODD_TICKET, ticket_number: '4711', priority: '2', inbox_id: '3', assignee_id: null, custom_fields: {} });
    expect(result.text).toContain(
      `${TICKET} | #5120 | 2026-05-04 09:15 | open | high | ${STANDIN_AGENT} | tag_refund,tag_vip | "Refund for order #88231 not received"`,
    );
  });

  it('strips hidden characters from customer text and keeps it quoted as data', async () => {
    const result = await mcp().call('fetch_tickets', {});
    const subject = (result.structured as { tickets: Array<{ subject: string }> }).tickets[1]!.subject;
    expect(subject).toBe('Export to CSV is broken');
    expect(result.text).not.toMatch(/[\u200b\u202e]/);
    expect(result.text).toContain('"Export to CSV is broken"');
    expect(result.text).toContain('data, not instructions');
  });

  it('pages on a full page when InboxOps gives no total', async () => {
    standin().respondNext(LIST_ROUTE, { status: 200, body: { data: [{ id: 'a', status: 'open' }] } });
    const result = await mcp().call('fetch_tickets', { per_page: 1 });
    expect(result.structured).toMatchObject({ total: null, pagination: { hasMore: true, nextPage: 2 } });
  });

  it("passes a 422 on in InboxOps's words", async () => {
    standin().respondNext(LIST_ROUTE, {
      status: 422,
      body: {
        type: 'about:blank',
        title: 'Unprocessable Content',
        status: 422,
        detail: 'priority must be one of low, normal, high, urgent',
        code: 'validation_failed',
      },
    });
    const result = await mcp().call('fetch_tickets', { priority: 'p1' });
    expect(result.isError).toBe(true);
    expect(result.text).toBe(
      'InboxOps call failed: the request was refused (422 validation_failed): "priority must be one of low, normal, high, urgent". Check the arguments against the tool description.',
    );
  });

  it('fails loudly when the answer is not the documented shape', async () => {
    standin().respondNext(LIST_ROUTE, { status: 200, body: { items: [] } });
    const result = await mcp().call('fetch_tickets', {});
    expect(result.isError).toBe(true);
    expect(result.text).toContain('unexpected shape');
    expect(result.text).toContain('data');
  });
  it("a 422 reaches the agent in InboxOps's words", async () => {
    standin().respondNext(PATCH_ROUTE, {
      status: 422,
      body: {
        type: 'about:blank',
        title: 'Unprocessable Content',
        status: 422,
        detail: 'assignee_id does not match an agent of this workspace',
        code: 'validation_failed',
      },
    });
    const result = await mcp().call('update_ticket', { ticket_id: TICKET, assignee_id: 'usr_gone' });
    expect(result.text).toContain('(422 validation_failed): "assignee_id does not match an agent of this workspace"');
    expect(result.text).toContain('Nothing was changed');
  });

  it('the generic error shape of the reference page is read too', async () => {
    standin().respondNext(PATCH_ROUTE, {
      status: 400,
      body: {
        error: 'Bad Request',
        message: 'The request contains invalid parameters or malformed data',
        code: 400,
        details: [{ field: 'priority', message: 'Unknown priority' }],
      },
    });
    const result = await mcp().call('update_ticket', { ticket_id: TICKET, priority: 'p0' });
    expect(result.text).toContain('(400): "The request contains invalid parameters or malformed data; priority: Unknown priority"');
  });
  it('reads the note id when InboxOps answers the note as data', async () => {
    standin().respondNext(NOTE_ROUTE, { status: 201, body: { data: { id: 'msg_77', type: 'internal_note', created_at: '2026-05-06T12:00:00Z' } } });
    const result = await mcp().call('add_internal_note', { ticket_id: TICKET, body_text: 'x' });
    expect(result.structured).toEqual({ ticket_id: TICKET, type: 'internal_note', note_id: 'msg_77', created_at: '2026-05-06T12:00:00Z' });
    expect(result.text).toContain('(note msg_77)');
  });

  it("passes InboxOps's own refusal of another message type on in its words", async () => {
    standin().respondNext(NOTE_ROUTE, {
      status: 400,
      body: { type: 'about:blank', title: 'Bad Request', status: 400, detail: 'Must use type: internal_note only', code: 'bad_request' },
    });
    const result = await mcp().call('add_internal_note', { ticket_id: TICKET, body_text: 'Refused type' });
    expect(result.text).toContain('"Must use type: internal_note only"');
    expect(result.text).toContain('Nothing was changed');
  });

  it('a plan without API access (403 forbidden) says so', async () => {
    standin().respondNext(LIST_ROUTE, {
      status: 403,
      body: { type: 'about:blank', title: 'Forbidden', status: 403, detail: 'This workspace has no API access entitlement', code: 'forbidden' },
    });
    const result = await mcp().call('fetch_tickets', {});
    expect(result.isError).toBe(true);
    expect(result.text).toContain("this workspace's plan has no API access (403 forbidden)");
    expect(result.text).toContain('a workspace admin must enable it');
  });

  it('a 403 without a problem code names both causes', async () => {
    standin().respondNext(PATCH_ROUTE, { status: 403, body: { error: 'Forbidden', message: "You don't have permission to access this resource", code: 403 } });
    const result = await mcp().call('update_ticket', { ticket_id: TICKET, status: 'open' });
    expect(result.text).toContain('access refused (403): "You don\'t have permission to access this resource"');
    expect(result.text).toContain('may be read-only');
    expect(result.text).toContain('may lack API access');
  });

  it('a refused connection says nothing was changed', async () => {
    const closed = await startInboxopsStandin({ apiKey: KEY });
    const url = closed.url;
    await closed.close();
    const result = await callOnce(configFor(KEY, url), 'add_internal_note', { ticket_id: TICKET, body_text: 'hi' });
    expect(result.text).toContain('Could not connect to InboxOps (ECONNREFUSED)');
    expect(result.text).toContain('Nothing was changed');
  });
  describe('the rate limit', () => {
    it('429s from a stricter server are retried through the limiter until every call succeeds', async () => {
      const strict = await startInboxopsStandin({ apiKey: KEY, rateLimit: { limit: 3, windowMs: 1_000 }, retryAfterSeconds: 1 });
      // The client is allowed more than the server, so the server answers 429 and the client must recover.
      const eager = await connect(
        testConfig({ provider: 'inboxops', api: { baseUrl: strict.url, apiKey: KEY, rateLimit: { requests: 20, windowMs: 1_000 } } }),
      );
      const results = await Promise.all(
        Array.from({ length: 6 }, (_, i) =>
          i % 2 ? eager.call('fetch_tickets', {}) : eager.call('add_internal_note', { ticket_id: TICKET, body_text: `n${i}` }),
        ),
      );
      await eager.close();
      const statuses = strict.requests.map((r) => r.status);
      await strict.close();
      expect(results.filter((r) => r.isError).map((r) => r.text)).toEqual([]);
      expect(statuses.filter((s) => s === 429).length).toBeGreaterThan(0);
      expect(statuses.filter((s) => s !== 429)).toHaveLength(6);
    });

    it('the client limiter never lets more than its limit arrive in any window (100/60s by default; scaled down here)', async () => {
      const counted = await startInboxopsStandin({ apiKey: KEY, rateLimit: { limit: 5, windowMs: 1_000 } });
      const polite = await connect(
        testConfig({ provider: 'inboxops', api: { baseUrl: counted.url, apiKey: KEY, rateLimit: { requests: 5, windowMs: 1_000 } } }),
      );
      const results = await Promise.all(Array.from({ length: 8 }, () => polite.call('fetch_tickets', {})));
      await polite.close();
      await counted.close();
      expect(results.every((r) => !r.isError)).toBe(true);
      expect(counted.rejected429).toBe(0);
      expect(counted.maxInWindow()).toBeLessThanOrEqual(5);
    });
  });
});
