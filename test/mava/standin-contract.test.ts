import { describe, expect, it } from 'vitest';
import { BACKEND_NAMES, SHORT_DEADLINE_MS } from '../support/contract-backends.js';
import { startMavaBackend } from '../support/mava-backends.js';
import { startStandin } from '../support/mava-standin/index.js';
import { testConfig } from '../support/harness.js';
import { callOnce, expectRefusedUnsent, sessionOn } from '../support/session-on.js';

// Each tool must send exactly the documented request, and the documented errors must reach the
// agent in Mava's words: against a strict, independent stand-in of Mava's API, and the same
// scenarios against our sandbox (behind a recording proxy), so the README's "faithful copy" is
// checked. Answers only a script can produce (an error the client never provokes, an
// undocumented status, a wrong shape) run against the stand-in alone, at the end.
const KEY = 'mava_live_STANDINKEY_0123456789abcdef';
/** An id for calls refused before sending: no backend needs to know it. */
const ANY_TICKET = '6650a1b2c3d4e5f678901234';

/** The fields of a ticket in Mava's answer that the tool passes on (docs/api/mava.md). */
interface ApiTicket {
  _id: string;
  status: string;
  priority: number;
  sourceType: string;
  category: { _id: string; name: string } | null;
  csat: { value?: number } | null;
  customer: { email?: string } | null;
  assignedTo: { name?: string } | null;
  messages: Array<{ content: string }>;
}

describe.each(BACKEND_NAMES)('against the %s', (name) => {
  const { backend, mcp } = sessionOn(
    () => startMavaBackend(name, KEY),
    (backend) => testConfig({ api: { baseUrl: backend.url, apiKey: KEY } }),
    (backend) => backend.reset(),
  );
  const ticket = () => backend().fixtures.ticket;
  const category = () => backend().fixtures.category;

  function only() {
    expect(backend().requests).toHaveLength(1);
    const request = backend().requests[0]!;
    expect(request.headers['x-auth-token']).toBe(KEY);
    return request;
  }

  describe('fetch_tickets', () => {
    it('sends every filter as documented, repeated parameters included', async () => {
      const result = await mcp().call('fetch_tickets', {
        startDate: '2026-01-01',
        endDate: '2026-04-01',
        status: ['Open', 'Pending'],
        origin: 'discord',
        assignedTo: 'Unassigned',
        category: [category()],
        tags: '6650d4e5f678901234567890',
        csatValues: ['4', 'no-rating'],
        sortBy: 'priority',
        sortOrder: 'asc',
        limit: 10,
        skip: 0,
        includeMessages: true,
      });
      const request = only();
      expect(request.method).toBe('GET');
      expect(request.path).toBe('/api/tickets');
      expect(request.rawBody).toBe('');
      expect(request.query).toEqual([
        ['startDate', '2026-01-01T00:00:00.000Z'],
        ['endDate', '2026-04-01T00:00:00.000Z'],
        ['limit', '10'],
        ['skip', '0'],
        ['sortBy', 'priority'],
        ['sortOrder', 'asc'],
        ['status', 'Open'],
        ['status', 'Pending'],
        ['assignedTo', 'Unassigned'],
        ['category', category()],
        ['tags', '6650d4e5f678901234567890'],
        ['csatValues', '4'],
        ['csatValues', 'no-rating'],
        ['origin', 'discord'],
        ['includeMessages', 'true'],
      ]);
      expect(result.isError, result.text).toBe(false);
    });

    it('returns the tickets, count and pagination the API answered, and states the range', async () => {
      const result = await mcp().call('fetch_tickets', { startDate: '2026-01-01', endDate: '2026-12-31', includeMessages: true, limit: 5 });
      expect(result.isError, result.text).toBe(false);
      const out = result.structured as {
        tickets: Array<Record<string, unknown>>;
        count: number;
        pagination: Record<string, unknown>;
        startDate: string;
        today: string;
      };
      // The same request again, straight to the API: what the tool made of it, field by field.
      const api = (await (await fetch(`${backend().direct}/api/tickets?${only().rawQuery}`, { headers: { 'x-auth-token': KEY } })).json()) as {
        tickets: ApiTicket[];
        count: number;
        pagination: Record<string, unknown>;
      };
      expect(api.tickets.length).toBeGreaterThan(0);
      expect(out.tickets.map((t) => t._id)).toEqual(api.tickets.map((t) => t._id));
      api.tickets.forEach((raw, i) => {
        const { status, priority, sourceType, category, csat, customer, assignedTo, messages } = raw;
        expect(out.tickets[i]).toMatchObject({ status, priority, sourceType, category: category ?? null });
        expect(out.tickets[i]!.csat ?? null).toBe(csat?.value ?? null);
        expect((out.tickets[i]!.customer as { email?: string } | null)?.email).toBe(customer?.email);
        expect((out.tickets[i]!.assignedTo as { name?: string } | null)?.name).toBe(assignedTo?.name);
        expect((out.tickets[i]!.messages as unknown[]).length).toBe(messages.length);
      });
      expect(out.count).toBe(api.count);
      expect(out.pagination).toMatchObject({ skip: api.pagination.skip, hasMore: api.pagination.hasMore });
      expect(out.startDate).toBe('2026-01-01T00:00:00.000Z');
      expect(result.text).toContain(`today ${new Date().toISOString().slice(0, 10)} UTC`);
      expect(result.text).toContain(api.tickets[0]!._id);
      const spoken = api.tickets.flatMap((t) => t.messages.slice(0, 1));
      expect(result.text).toContain(spoken[0]!.content.slice(0, 40));
    });

    it('defaults to the last 30 days ending now', async () => {
      await mcp().call('fetch_tickets', {});
      const query = new Map(only().query);
      const start = Date.parse(query.get('startDate')!);
      const end = Date.parse(query.get('endDate')!);
      expect(Math.abs(end - Date.now())).toBeLessThan(60_000);
      expect(end - start).toBe(30 * 86_400_000);
    });

    it('fetches a range over a year a year at a time, newest first, and states the whole range', async () => {
      const result = await mcp().call('fetch_tickets', { startDate: '2023-01-01', endDate: '2025-06-01' });
      expect(result.isError, result.text).toBe(false);
      const spans = backend()
        .requests.map((r) => new Map(r.query))
        .map((q) => [q.get('startDate'), q.get('endDate')]);
      expect(spans).toEqual([
        ['2024-12-31T00:00:00.000Z', '2025-06-01T00:00:00.000Z'],
        ['2024-01-01T00:00:00.000Z', '2024-12-31T00:00:00.000Z'],
        ['2023-01-01T00:00:00.000Z', '2024-01-01T00:00:00.000Z'],
      ]);
      expect(result.text).toMatch(/^Tickets created 2023-01-01T00:00:00.000Z to 2025-06-01T00:00:00.000Z \(today \d{4}-\d\d-\d\d UTC\)/);
      expect(result.text).toContain('fetched a year at a time (3 spans)');
    });

    it.each([
      [{ startDate: 'yesterday' }, 'startDate'],
      [{ endDate: '2026-13-01' }, 'endDate'],
      [{ startDate: '2026-03-01', endDate: '2026-02-01' }, 'after startDate'],
      [{ startDate: '2026-03-01', endDate: '2026-03-01' }, 'after startDate'],
      [{ startDate: '2010-01-01', endDate: '2025-06-01' }, 'over 3650 days'],
      [{ limit: 0 }, 'limit'],
      [{ limit: 101 }, 'limit'],
      [{ limit: 2.5 }, 'limit'],
      [{ skip: -1 }, 'skip'],
      [{ sortBy: 'subject' }, 'sortBy'],
      [{ sortOrder: 'up' }, 'sortOrder'],
      [{ status: 'Closed' }, 'status'],
      [{ origin: ['web', 'slack'] }, 'origin'],
      [{ csatValues: '6' }, 'csatValues'],
    ])('refuses %j before sending anything', async (args, field) => {
      await expectRefusedUnsent(mcp(), backend(), 'fetch_tickets', args, field);
    });
  });

  describe('update_ticket', () => {
    it('sends PUT /api/ticket with exactly the given fields', async () => {
      const result = await mcp().call('update_ticket', { ticketId: ticket(), status: 'Resolved', priority: 3, categoryId: category() });
      const request = only();
      expect([request.method, request.path]).toEqual(['PUT', '/api/ticket']);
      expect(request.headers['content-type']).toBe('application/json');
      expect(request.body).toEqual({ ticketId: ticket(), status: 'Resolved', priority: 3, categoryId: category() });
      expect(result).toMatchObject({ isError: false, structured: { ticketId: ticket(), status: 'Resolved', priority: 3, message: 'Ticket updated' } });
    });

    it('sends only the fields that change', async () => {
      await mcp().call('update_ticket', { ticketId: ticket(), priority: 1 });
      expect(only().body).toEqual({ ticketId: ticket(), priority: 1 });
    });

    it.each([
      [{ ticketId: ANY_TICKET }, 'at least one'],
      [{ ticketId: '', status: 'Open' }, 'ticketId'],
      [{ ticketId: ANY_TICKET, status: 'Closed' }, 'status'],
      [{ ticketId: ANY_TICKET, priority: 4 }, 'priority'],
      [{ ticketId: ANY_TICKET, priority: '2' }, 'priority'],
      [{ status: 'Open' }, 'ticketId'],
    ])('refuses %j before sending anything', async (args, field) => {
      await expectRefusedUnsent(mcp(), backend(), 'update_ticket', args, field);
    });

    it('reports "Ticket not found" and "Category not found" in Mava\'s words with the next step', async () => {
      const missing = await mcp().call('update_ticket', { ticketId: '000000000000000000000000', status: 'Open' });
      expect(missing.isError).toBe(true);
      expect(missing.text).toContain('"Ticket not found"');
      expect(missing.text).toContain('fetch_tickets');
      expect(missing.text).toContain('Nothing was changed');
      const unknown = await mcp().call('update_ticket', { ticketId: ticket(), categoryId: 'nope' });
      expect(unknown.text).toContain('"Category not found"');
      expect(unknown.text).toContain('list_categories');
    });
  });

  describe('send_message and add_internal_note', () => {
    it('send_message sends PUT /api/message with an ExternalMessage', async () => {
      const result = await mcp().call('send_message', { ticketId: ticket(), content: 'Thanks for reaching out!' });
      const request = only();
      expect([request.method, request.path]).toEqual(['PUT', '/api/message']);
      expect(request.body).toEqual({ ticketId: ticket(), content: 'Thanks for reaching out!', messageType: 'ExternalMessage' });
      expect(result.isError, result.text).toBe(false);
      expect(result.structured).toMatchObject({ ticketId: ticket(), messageType: 'ExternalMessage' });
      expect(result.text).toContain('sent to the customer');
    });

    it('add_internal_note sends an InternalNote, attachments as documented', async () => {
      const attachments = [{ fileName: 'log.txt', url: 'https://files.example.com/log.txt', fileType: 'text/plain' }];
      const result = await mcp().call('add_internal_note', { ticketId: ticket(), content: 'Premium user', attachments });
      expect(only().body).toEqual({ ticketId: ticket(), content: 'Premium user', messageType: 'InternalNote', attachments });
      expect(result).toMatchObject({ isError: false, structured: { messageType: 'InternalNote' } });
    });

    it('sends attachments without content', async () => {
      const attachments = [{ fileName: 'a.png', url: 'https://x.example/a.png', fileType: 'image/png' }];
      const result = await mcp().call('send_message', { ticketId: ticket(), attachments });
      expect(only().body).toEqual({ ticketId: ticket(), messageType: 'ExternalMessage', attachments });
      expect(result.isError, result.text).toBe(false);
    });

    it.each([
      [{ ticketId: ANY_TICKET }, 'content'],
      [{ ticketId: ANY_TICKET, content: '   ' }, 'content'],
      [{ ticketId: ANY_TICKET, attachments: [] }, 'content'],
      [{ ticketId: ANY_TICKET, attachments: [{ fileName: 'a', url: 'ftp://x/a', fileType: 'image/png' }] }, 'url'],
      [{ content: 'hi' }, 'ticketId'],
    ])('refuses %j before sending anything', async (args, field) => {
      for (const tool of ['send_message', 'add_internal_note']) {
        const result = await mcp().call(tool, args);
        expect(result.isError).toBe(true);
        expect(result.text).toContain(field);
      }
      expect(backend().requests).toHaveLength(0);
    });

    it('reports "Ticket not found" in Mava\'s words', async () => {
      const missing = await mcp().call('send_message', { ticketId: 'nope', content: 'hi' });
      expect(missing.text).toContain('"Ticket not found"');
    });

    it.each([
      ['a 500', 'server_error_after', ['"Internal server error"', 'may have been sent: check the ticket before retrying']],
      ['a timeout', 'slow', ['did not answer in time', 'check the ticket before retrying']],
      ['a dropped connection', 'drop_after', ['may have been sent: check the ticket before retrying']],
    ] as const)('never retries a message after %s: says it may have been sent', async (what, fault, words) => {
      backend().fail(fault, 'PUT', '/api/message');
      const args = { ticketId: ticket(), content: `Once only, after ${what}` };
      const result =
        fault === 'slow'
          ? await callOnce(testConfig({ api: { baseUrl: backend().url, apiKey: KEY, timeoutMs: SHORT_DEADLINE_MS } }), 'send_message', args)
          : await mcp().call('send_message', args);
      expect(result.isError).toBe(true);
      for (const part of words) expect(result.text).toContain(part);
      expect(backend().requests).toHaveLength(1);
    });
  });

  describe('identify_customer', () => {
    it('sends POST /api/identify with plaformUserId spelled as documented and returns the id to keep', async () => {
      const result = await mcp().call('identify_customer', {
        emailAddress: 'new@example.com',
        platformUserId: 'u-42',
        customAttributes: [{ label: 'Plan', value: 'Pro' }],
      });
      const request = only();
      expect([request.method, request.path]).toEqual(['POST', '/api/identify']);
      expect(request.body).toEqual({ emailAddress: 'new@example.com', plaformUserId: 'u-42', customAttributes: [{ label: 'Plan', value: 'Pro' }] });
      expect(result.isError, result.text).toBe(false);
      const id = (result.structured as { mavaCustomerId: string }).mavaCustomerId;
      expect(id).toMatch(/^[0-9a-f]{24}$/);
      expect(result.text).toContain(`Keep mavaCustomerId ${id}`);
    });

    it('refuses a call that names no customer, and a bad email, before sending', async () => {
      expect((await mcp().call('identify_customer', { customAttributes: [{ label: 'a', value: 'b' }] })).text).toContain('emailAddress');
      expect((await mcp().call('identify_customer', { emailAddress: 'not-an-email' })).isError).toBe(true);
      expect((await mcp().call('identify_customer', { emailAddress: 'a@b.co', customAttributes: [{ label: 'x' }] })).isError).toBe(true);
      expect(backend().requests).toHaveLength(0);
    });

    it('refuses an attribute named __proto__, constructor or prototype, in either form, rather than drop it', async () => {
      for (const name of ['__proto__', 'constructor', 'prototype']) {
        // JSON, as a client sends it: __proto__ is then an ordinary key.
        const map = JSON.parse(`{"Plan":"Pro","${name}":"x"}`) as Record<string, string>;
        for (const customAttributes of [
          map,
          [
            { label: 'Plan', value: 'Pro' },
            { label: name, value: 'x' },
          ],
        ]) {
          const result = await mcp().call('identify_customer', { emailAddress: 'a@b.co', customAttributes });
          expect(result.isError, name).toBe(true);
          expect(result.text).toContain(`"${name}" cannot be used as a name (it is reserved); rename it`);
          expect(result.text).toContain('Nothing was sent');
        }
      }
      expect(backend().requests).toHaveLength(0);
    });

    it("reports an unknown customer id in Mava's words", async () => {
      const result = await mcp().call('identify_customer', { mavaCustomerId: 'ffffffffffffffffffffffff' });
      expect(result.isError).toBe(true);
      expect(result.text).toContain('"Customer not found"');
    });
  });

  describe('list_categories', () => {
    it('sends GET /api/categories and returns the categories', async () => {
      const result = await mcp().call('list_categories');
      const request = only();
      expect([request.method, request.path, request.rawQuery]).toEqual(['GET', '/api/categories', '']);
      const categories = (result.structured as { categories: Array<{ _id: string; name: string }> }).categories;
      expect(categories).toContainEqual({ _id: category(), name: 'Billing' });
      expect(result.text).toContain(`${category()}  Billing`);
    });

    it('retries a read after a 500 and succeeds', async () => {
      backend().fail('server_error', 'GET', '/api/categories');
      const result = await mcp().call('list_categories');
      expect(result.isError, result.text).toBe(false);
      expect(backend().requests.map((r) => r.status)).toEqual([500, 200]);
    });
  });

  describe('authentication', () => {
    it('a rejected key names the variable to fix and never echoes the key', async () => {
      const result = await callOnce(testConfig({ api: { baseUrl: backend().url, apiKey: 'wrong-key-value-123' } }), 'list_categories');
      expect(result.isError).toBe(true);
      expect(result.text).toContain('rejected the API key (401)');
      expect(result.text).toContain('MAVA_API_KEY');
      expect(result.text).not.toContain('wrong-key-value-123');
    });
  });

  describe('fields a helpdesk could not use as given', () => {
    it.each([
      'http://localhost/a.png',
      'https://127.0.0.1:8080/a.png',
      'https://[::1]/a.png',
      'http://169.254.169.254/latest/meta-data/',
      'https://10.1.2.3/a.png',
      'https://user:secret@files.example.com/a.png',
      'https://files.example.com/a b.png',
      'ftp://files.example.com/a.png',
    ])('refuses the attachment url %s before sending anything', async (url) => {
      const result = await mcp().call('add_internal_note', { ticketId: ANY_TICKET, attachments: [{ fileName: 'a.png', url, fileType: 'image/png' }] });
      expect(result.isError).toBe(true);
      expect(result.text).toContain('url must be a public http(s) URL');
      expect(backend().requests).toHaveLength(0);
    });

    it('refuses an id with broken Unicode instead of sending a different one', async () => {
      const result = await mcp().call('fetch_tickets', { tags: ['vip\ud800'] });
      expect(result.isError).toBe(true);
      expect(result.text).toContain('contains an unpaired surrogate');
      expect(backend().requests).toHaveLength(0);
    });
  });

  describe('shorthands a model writes naturally', () => {
    it('an attachment given as a bare URL is sent with the name and type its path implies', async () => {
      const result = await mcp().call('add_internal_note', {
        ticketId: ticket(),
        attachments: ['https://files.example.com/q3/Report%20final.PDF', 'https://files.example.com/blob'],
      });
      expect(JSON.parse(only().rawBody).attachments).toEqual([
        { url: 'https://files.example.com/q3/Report%20final.PDF', fileName: 'Report final.PDF', fileType: 'application/pdf' },
        { url: 'https://files.example.com/blob', fileName: 'blob', fileType: 'application/octet-stream' },
      ]);
      expect(result.isError, result.text).toBe(false);
    });

    it("custom attributes given as a map are sent as Mava's list of label and value", async () => {
      const result = await mcp().call('identify_customer', { emailAddress: 'sam@example.com', customAttributes: { plan: 'Pro', ' seats ': '12' } });
      expect(JSON.parse(only().rawBody).customAttributes).toEqual([
        { label: 'plan', value: 'Pro' },
        { label: 'seats', value: '12' },
      ]);
      expect(result.isError, result.text).toBe(false);
    });
  });
});

// Answers a script gives: errors our client never provokes (it refuses such calls itself),
// statuses and shapes Mava does not document, a Mava that routes only POST. The sandbox answers
// as documented, so only the stand-in can play these.
describe('against the stand-in only: scripted answers', () => {
  const TICKET = '6650a1b2c3d4e5f678901234';
  const { backend: standin, mcp } = sessionOn(
    () => startStandin({ apiKey: KEY }),
    (standin) => testConfig({ api: { baseUrl: standin.url, apiKey: KEY } }),
    (standin) => standin.reset(),
  );

  it.each(['MISSING_DATE_RANGE', 'INVALID_DATE_RANGE', 'INVALID_LIMIT', 'INVALID_SKIP', 'UNSUPPORTED_SORT_FIELD', 'UNSUPPORTED_SORT_ORDER'])(
    "passes Mava's %s on in its own words",
    async (code) => {
      standin().respondNext('GET /api/tickets', { status: 400, body: { error: code } });
      const result = await mcp().call('fetch_tickets', {});
      expect(result.isError).toBe(true);
      expect(result.text).toContain(`"${code}"`);
      expect(standin().requests).toHaveLength(1);
    },
  );

  it('reports "Invalid status or priority" in Mava\'s words', async () => {
    standin().respondNext('PUT /api/ticket', { status: 400, body: { error: 'Invalid status or priority' } });
    const result = await mcp().call('update_ticket', { ticketId: TICKET, status: 'Open' });
    expect(result.isError).toBe(true);
    expect(result.text).toContain('"Invalid status or priority"');
  });

  it('reports "Content or attachments are required" in Mava\'s words', async () => {
    standin().respondNext('PUT /api/message', { status: 400, body: { error: 'Content or attachments are required' } });
    const empty = await mcp().call('add_internal_note', { ticketId: TICKET, content: 'x' });
    expect(empty.text).toContain('"Content or attachments are required"');
    expect(empty.text).toContain('Nothing was changed');
  });

  it('falls back to POST once when PUT is not routed (404)', async () => {
    const postOnly = await startStandin({ apiKey: KEY, messageMethods: ['POST'] });
    try {
      const result = await callOnce(testConfig({ api: { baseUrl: postOnly.url, apiKey: KEY } }), 'send_message', { ticketId: TICKET, content: 'Hello' });
      expect(result.isError).toBe(false);
      expect(postOnly.requests.map((r) => `${r.method} ${r.status}`)).toEqual(['PUT 404', 'POST 200']);
    } finally {
      await postOnly.close();
    }
  });

  // Statuses Mava does not document: each keeps its own status and reading, none passes for a 400.
  it.each([
    [403, 'Forbidden', /^Mava does not allow this API key to do that \(403\): "Forbidden"\. The key is valid but lacks the permission/],
    [404, 'Not found', /^Mava found nothing there \(404\): "Not found"\. Check the ids/],
    [409, 'Busy', /^Mava refused the request \(409\): "Busy"\. Check the arguments/],
    [422, 'Bad value', /^Mava refused the request \(422\): "Bad value"\. Check the arguments/],
    [418, 'Teapot', /^Mava refused the request \(418\): "Teapot"\. Check the arguments/],
  ])('answers %i in its own words, with its status', async (status, error, text) => {
    standin().respondNext('GET /api/categories', { status, body: { error } });
    const result = await mcp().call('list_categories');
    expect(result.isError).toBe(true);
    expect(result.text).toMatch(text);
    expect(standin().requests).toHaveLength(1);
  });

  it('fails loudly when the answer is not the documented shape', async () => {
    standin().respondNext('GET /api/categories', { status: 200, body: { items: [] } });
    const result = await mcp().call('list_categories');
    expect(result.isError).toBe(true);
    expect(result.text).toContain('unexpected shape');
    expect(result.text).toContain('categories');
  });

  // No API at all: which backend it would have been does not matter.
  it('a refused connection says nothing was sent', async () => {
    const closed = await startStandin({ apiKey: KEY });
    const url = closed.url;
    await closed.close();
    const result = await callOnce(testConfig({ api: { baseUrl: url, apiKey: KEY } }), 'send_message', { ticketId: TICKET, content: 'hi' });
    expect(result.isError).toBe(true);
    expect(result.text).toContain('Could not connect to Mava (ECONNREFUSED)');
    expect(result.text).toContain('Nothing was changed');
  });
});
