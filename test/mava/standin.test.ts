import { request as httpRequest } from 'node:http';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { freezeClock } from '../support/frozen-clock.js';
import { STANDIN_DATA, startStandin, type Standin, type StandinOptions } from '../support/mava-standin/index.js';

const KEY = 'standin-test-key';
const RANGE = 'startDate=2026-01-01&endDate=2026-04-01';
const [exampleTicket, telegramTicket, emailTicket] = STANDIN_DATA.tickets;

interface Answer {
  status: number;
  json: any;
  headers: Headers;
}

async function call(
  base: string,
  method: string,
  target: string,
  init: { body?: unknown; rawBody?: string; headers?: Record<string, string>; key?: string | null } = {},
): Promise<Answer> {
  const headers: Record<string, string> = {};
  if (init.key !== null) headers['x-auth-token'] = init.key ?? KEY;
  let body: string | undefined = init.rawBody;
  if (init.body !== undefined) {
    headers['content-type'] = 'application/json';
    body = JSON.stringify(init.body);
  }
  const res = await fetch(base + target, { method, headers: { ...headers, ...init.headers }, body });
  const text = await res.text();
  return { status: res.status, json: text === '' ? undefined : JSON.parse(text), headers: res.headers };
}

/** node:http for what fetch refuses to send (a GET with a body). */
function rawRequest(base: string, method: string, path: string, headers: Record<string, string>, body: string): Promise<{ status: number; json: any }> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(base + path, { method, headers: { ...headers, 'content-length': String(Buffer.byteLength(body)) } }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (text += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, json: JSON.parse(text) }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

const standins: Standin[] = [];
async function start(options: Partial<StandinOptions> = {}): Promise<Standin> {
  const s = await startStandin({ apiKey: KEY, ...options });
  standins.push(s);
  return s;
}
afterAll(async () => {
  await Promise.all(standins.map((s) => s.close()));
});

describe('stand-in: recording and auth', () => {
  let s: Standin;
  beforeAll(async () => {
    s = await start();
  });
  afterEach(() => s.reset());

  it('records a GET exactly as it arrived, repeated params kept', async () => {
    const before = performance.now();
    const target = `/api/tickets?${RANGE}&status=Open&status=Pending&origin=telegram-group&includeMessages=true`;
    const r = await call(s.url, 'GET', target);
    expect(r.status).toBe(200);
    expect(s.requests).toHaveLength(1);
    const rec = s.requests[0]!;
    expect(rec.method).toBe('GET');
    expect(rec.path).toBe('/api/tickets');
    expect(rec.rawQuery).toBe(`${RANGE}&status=Open&status=Pending&origin=telegram-group&includeMessages=true`);
    expect(rec.query).toEqual([
      ['startDate', '2026-01-01'],
      ['endDate', '2026-04-01'],
      ['status', 'Open'],
      ['status', 'Pending'],
      ['origin', 'telegram-group'],
      ['includeMessages', 'true'],
    ]);
    expect(rec.headers['x-auth-token']).toBe(KEY);
    expect(rec.rawBody).toBe('');
    expect(rec.body).toBeUndefined();
    expect(rec.arrivedAt).toBeGreaterThanOrEqual(before);
    expect(rec.arrivedAt).toBeLessThanOrEqual(performance.now());
    expect(rec.status).toBe(200);
    expect(r.json.tickets.map((t: { _id: string }) => t._id)).toEqual([telegramTicket._id]);
  });

  it('records raw encoding and a JSON body verbatim', async () => {
    await call(s.url, 'GET', '/api/tickets?startDate=2026-01-01T00%3A00%3A00.000Z&endDate=2026-04-01&assignedTo=Unassigned');
    expect(s.requests[0]!.rawQuery).toBe('startDate=2026-01-01T00%3A00%3A00.000Z&endDate=2026-04-01&assignedTo=Unassigned');
    expect(s.requests[0]!.query[0]).toEqual(['startDate', '2026-01-01T00:00:00.000Z']);
    expect(s.requests[0]!.status).toBe(200);

    const raw = '{"ticketId":"6650a1b2c3d4e5f678901234",  "status":"Open"}';
    await call(s.url, 'PUT', '/api/ticket', { rawBody: raw, headers: { 'content-type': 'application/json' } });
    const rec = s.requests[1]!;
    expect(rec.rawBody).toBe(raw);
    expect(rec.body).toEqual({ ticketId: exampleTicket._id, status: 'Open' });
    expect(rec.headers['content-type']).toBe('application/json');
    expect(rec.status).toBe(200);
  });

  it('answers 401 without the right x-auth-token', async () => {
    expect(await call(s.url, 'GET', '/api/categories', { key: null })).toMatchObject({ status: 401, json: { error: 'Unauthorized' } });
    expect(await call(s.url, 'GET', '/api/categories', { key: 'wrong' })).toMatchObject({ status: 401, json: { error: 'Unauthorized' } });
    // The key in another header is not the key.
    const bearer = await call(s.url, 'GET', '/api/categories', { key: null, headers: { authorization: `Bearer ${KEY}` } });
    expect(bearer.status).toBe(401);
    expect(s.requests.map((r) => r.status)).toEqual([401, 401, 401]);
    expect(s.maxInWindow()).toBe(0);
  });

  it('rejects any other auth header next to x-auth-token', async () => {
    const r = await call(s.url, 'GET', '/api/categories', { headers: { authorization: `Bearer ${KEY}` } });
    expect(r.status).toBe(400);
    expect(r.json.error).toMatch(/^STANDIN: unexpected authorization header/);
  });

  it('answers 404 for other paths', async () => {
    for (const [method, path] of [
      ['GET', '/api/ticket'],
      ['GET', '/api/tickets/6650a1b2c3d4e5f678901234'],
      ['DELETE', '/api/ticket'],
      ['GET', '/api/agents'],
    ] as const) {
      expect(await call(s.url, method, path)).toMatchObject({ status: 404, json: { error: 'Not found' } });
    }
  });

  it('reset clears requests and counters', async () => {
    await call(s.url, 'GET', '/api/categories');
    s.respondNext('GET /api/categories', { status: 500, body: { error: 'Internal server error' } });
    s.reset();
    expect(s.requests).toHaveLength(0);
    expect(s.maxInWindow()).toBe(0);
    expect((await call(s.url, 'GET', '/api/categories')).status).toBe(200);
  });
});

describe('stand-in: documented endpoints', () => {
  let s: Standin;
  beforeAll(async () => {
    s = await start();
  });

  it('GET /api/categories', async () => {
    const r = await call(s.url, 'GET', '/api/categories');
    expect(r).toMatchObject({ status: 200, json: { categories: STANDIN_DATA.categories } });
    expect(r.json.categories[0]).toEqual({ _id: '6650c3d4e5f678901234567a', name: 'Billing' });
    expect((await call(s.url, 'GET', '/api/categories?x=1')).json.error).toMatch(/^STANDIN: unexpected query string/);
  });

  describe('POST /api/identify', () => {
    it('creates a customer when no id is given', async () => {
      const r = await call(s.url, 'POST', '/api/identify', {
        body: { emailAddress: 'new@example.com', plaformUserId: 'discord:42', customAttributes: [{ label: 'Plan', value: 'Pro' }] },
      });
      expect(r.status).toBe(200);
      expect(r.json).toMatchObject({
        message: 'Customer identified',
        mavaCustomerId: STANDIN_DATA.newCustomerId,
        customer: { _id: STANDIN_DATA.newCustomerId, email: 'new@example.com', attributes: [{ name: 'Plan', content: 'Pro' }] },
      });
      // The documented example sends an empty mavaCustomerId: that also creates one.
      const empty = await call(s.url, 'POST', '/api/identify', { body: { emailAddress: '', mavaCustomerId: '', customAttributes: [] } });
      expect(empty.json).toMatchObject({ mavaCustomerId: STANDIN_DATA.newCustomerId, customer: { email: null, attributes: [] } });
    });

    it('updates the known customer and rejects an unknown id', async () => {
      const r = await call(s.url, 'POST', '/api/identify', {
        body: {
          mavaCustomerId: STANDIN_DATA.customerId,
          customAttributes: [
            { label: 'Company', value: 'Acme Corp' },
            { label: 'Tier', value: 'Gold' },
          ],
        },
      });
      expect(r.status).toBe(200);
      expect(r.json.mavaCustomerId).toBe(STANDIN_DATA.customerId);
      expect(r.json.customer).toMatchObject({
        _id: STANDIN_DATA.customerId,
        email: 'user@example.com',
        attributes: [
          { attributeId: '665012345678abcdef012345', name: 'Company', content: 'Acme Corp' },
          { name: 'Tier', content: 'Gold' },
        ],
      });
      expect(exampleTicket.customer?.attributes[0]?.content).toBe('Acme Inc'); // fixed data untouched
      const unknown = await call(s.url, 'POST', '/api/identify', { body: { mavaCustomerId: '6650f6789012345678000000' } });
      expect(unknown).toMatchObject({ status: 400, json: { error: 'Customer not found' } });
    });

    it('enforces the documented fields and spelling', async () => {
      const cases: Array<[unknown, RegExp]> = [
        [{ platformUserId: 'x' }, /unknown field "platformUserId".*plaformUserId/],
        [{ emailAddress: 'a@b.c', name: 'Ann' }, /unknown field "name"/],
        [{ emailAddress: null }, /emailAddress must be a string/],
        [{ customAttributes: [{ label: 'Plan' }] }, /customAttributes\[0\]\.value is required/],
        [{ customAttributes: [{ label: 'Plan', value: 3 }] }, /value must be a string/],
        [{ customAttributes: [{ label: 'Plan', value: 'x', type: 'text' }] }, /unknown field "type"/],
        [{ customAttributes: { Plan: 'x' } }, /customAttributes must be an array/],
      ];
      for (const [body, pattern] of cases) {
        const r = await call(s.url, 'POST', '/api/identify', { body });
        expect(r.status, JSON.stringify(body)).toBe(400);
        expect(r.json.error).toMatch(/^STANDIN: /);
        expect(r.json.error).toMatch(pattern);
      }
    });
  });

  describe('PUT /api/ticket', () => {
    it('updates and answers the documented errors', async () => {
      const put = (body: unknown) => call(s.url, 'PUT', '/api/ticket', { body });
      expect(await put({ ticketId: exampleTicket._id, status: 'Open', priority: 3, categoryId: STANDIN_DATA.categories[1]._id })).toMatchObject({
        status: 200,
        json: { message: 'Ticket updated' },
      });
      expect(exampleTicket.status).toBe('Resolved');
      expect(await put({ ticketId: '6650a1b2c3d4e5f678900000', status: 'Open' })).toMatchObject({ status: 400, json: { error: 'Ticket not found' } });
      for (const bad of [{ status: 'Closed' }, { status: 'open' }, { priority: 4 }, { priority: '2' }, { priority: 0 }]) {
        expect(await put({ ticketId: exampleTicket._id, ...bad })).toMatchObject({ status: 400, json: { error: 'Invalid status or priority' } });
      }
      expect(await put({ ticketId: exampleTicket._id, categoryId: '6650c3d4e5f6789012340000' })).toMatchObject({
        status: 400,
        json: { error: 'Category not found' },
      });
      // Documented order: ticket, then status/priority, then category.
      expect((await put({ ticketId: 'nope', status: 'Closed' })).json.error).toBe('Ticket not found');
      expect((await put({ ticketId: exampleTicket._id, status: 'Closed', categoryId: 'nope' })).json.error).toBe('Invalid status or priority');
    });

    it('rejects undocumented fields and envelopes', async () => {
      const put = (body: unknown) => call(s.url, 'PUT', '/api/ticket', { body });
      expect((await put({ ticketId: exampleTicket._id, tags: ['VIP'] })).json.error).toMatch(/^STANDIN: unknown field "tags"/);
      expect((await put({ status: 'Open' })).json.error).toMatch(/^STANDIN: body.ticketId is required/);
      expect((await put([{ ticketId: exampleTicket._id }])).json.error).toBe('STANDIN: body must be a JSON object');
      const plain = await call(s.url, 'PUT', '/api/ticket', {
        rawBody: JSON.stringify({ ticketId: exampleTicket._id }),
        headers: { 'content-type': 'text/plain' },
      });
      expect(plain.json.error).toMatch(/^STANDIN: content-type must be application\/json/);
      const broken = await call(s.url, 'PUT', '/api/ticket', { rawBody: '{"ticketId":', headers: { 'content-type': 'application/json' } });
      expect(broken.json.error).toBe('STANDIN: body is not valid JSON');
      expect(s.requests.at(-1)!.body).toBeUndefined();
      const empty = await call(s.url, 'PUT', '/api/ticket', { headers: { 'content-type': 'application/json' } });
      expect(empty.json.error).toBe('STANDIN: missing JSON body');
      const query = await call(s.url, 'PUT', `/api/ticket?ticketId=${exampleTicket._id}`, { body: { ticketId: exampleTicket._id } });
      expect(query.json.error).toMatch(/^STANDIN: unexpected query string/);
      expect((await call(s.url, 'POST', '/api/ticket', { body: { ticketId: exampleTicket._id } })).status).toBe(404);
    });
  });

  describe('/api/message', () => {
    it('sends a message with PUT and with POST', async () => {
      for (const method of ['PUT', 'POST']) {
        const r = await call(s.url, method, '/api/message', { body: { ticketId: emailTicket._id, content: 'On it.', messageType: 'ExternalMessage' } });
        expect(r.status).toBe(200);
        expect(r.json).toMatchObject({
          message: { content: 'On it.', messageType: 'ExternalMessage', senderType: 'agent', attachments: [] },
          ticket: { _id: emailTicket._id },
          sender: { _id: 'api', name: 'API' },
        });
        expect(r.json.message._id).toMatch(/^[0-9a-f]{24}$/);
        expect(Number.isNaN(Date.parse(r.json.message.createdAt))).toBe(false);
      }
    });

    it('defaults to ExternalMessage, takes notes and attachments', async () => {
      const plain = await call(s.url, 'PUT', '/api/message', { body: { ticketId: exampleTicket._id, content: 'Hi' } });
      expect(plain.json.message.messageType).toBe('ExternalMessage');
      const note = await call(s.url, 'PUT', '/api/message', { body: { ticketId: exampleTicket._id, content: 'VIP', messageType: 'InternalNote' } });
      expect(note.json.message.messageType).toBe('InternalNote');
      const file = { fileName: 'invoice.pdf', url: 'https://files.example.com/invoice.pdf', fileType: 'application/pdf' };
      const att = await call(s.url, 'PUT', '/api/message', { body: { ticketId: exampleTicket._id, attachments: [file] } });
      expect(att.json.message).toMatchObject({ content: '', attachments: [file] });
    });

    it('answers the documented errors', async () => {
      const put = (body: unknown) => call(s.url, 'PUT', '/api/message', { body });
      const required = { status: 400, json: { error: 'Content or attachments are required' } };
      expect(await put({ ticketId: exampleTicket._id })).toMatchObject(required);
      expect(await put({ ticketId: exampleTicket._id, content: '', attachments: [] })).toMatchObject(required);
      expect(await put({ ticketId: '6650a1b2c3d4e5f678900000', content: 'Hi' })).toMatchObject({ status: 400, json: { error: 'Ticket not found' } });
    });

    it('rejects undocumented fields and values', async () => {
      const put = (body: unknown) => call(s.url, 'PUT', '/api/message', { body });
      expect((await put({ ticketId: exampleTicket._id, content: 'x', messageType: 'PrivateNote' })).json.error).toMatch(/^STANDIN: body.messageType must be/);
      expect((await put({ ticketId: exampleTicket._id, content: 'x', isPrivate: true })).json.error).toMatch(/^STANDIN: unknown field "isPrivate"/);
      expect((await put({ ticketId: exampleTicket._id, attachments: [{ fileName: 'a', url: 'u' }] })).json.error).toMatch(/fileType is required/);
      expect((await put({ ticketId: exampleTicket._id, attachments: [{ fileName: 'a', url: 'u', fileType: 't', size: 1 }] })).json.error).toMatch(
        /unknown field "size"/,
      );
      expect((await put({ content: 'x' })).json.error).toMatch(/ticketId is required/);
    });

    it('answers 404 for a method outside messageMethods (route absent)', async () => {
      const putOnly = await start({ messageMethods: ['PUT'] });
      const body = { ticketId: exampleTicket._id, content: 'Hi' };
      expect(await call(putOnly.url, 'POST', '/api/message', { body })).toMatchObject({ status: 404, json: { error: 'Not found' } });
      expect((await call(putOnly.url, 'PUT', '/api/message', { body })).status).toBe(200);
      const postOnly = await start({ messageMethods: ['POST'] });
      expect(await call(postOnly.url, 'PUT', '/api/message', { body })).toMatchObject({ status: 404, json: { error: 'Not found' } });
      expect((await call(postOnly.url, 'POST', '/api/message', { body })).status).toBe(200);
      expect((await call(s.url, 'PATCH', '/api/message', { body })).status).toBe(404);
      expect(postOnly.requests.map((r) => `${r.method} ${r.status}`)).toEqual(['PUT 404', 'POST 200']);
    });
  });

  describe('GET /api/tickets', () => {
    const get = (query: string) => call(s.url, 'GET', `/api/tickets${query === '' ? '' : `?${query}`}`);

    it('lists tickets newest first, without messages by default', async () => {
      const r = await get(RANGE);
      expect(r.status).toBe(200);
      expect(r.json.count).toBe(3);
      expect(r.json.pagination).toEqual({ limit: 50, skip: 0, hasMore: false });
      expect(r.json.tickets.map((t: { _id: string }) => t._id)).toEqual([telegramTicket._id, exampleTicket._id, emailTicket._id]);
      for (const t of r.json.tickets) expect(t).not.toHaveProperty('messages');
      const { messages: _m, ...withoutMessages } = exampleTicket;
      expect(r.json.tickets[1]).toEqual(withoutMessages);
      expect(Object.keys(r.json.tickets[1])).toEqual(Object.keys(withoutMessages));
    });

    it('includes messages only with includeMessages=true, the example ticket verbatim', async () => {
      const r = await get(`${RANGE}&includeMessages=true&origin=discord`);
      expect(r.json.tickets).toEqual([exampleTicket]);
      expect(r.json.tickets[0].messages).toHaveLength(2);
      const off = await get(`${RANGE}&includeMessages=false&origin=discord`);
      expect(off.json.tickets[0]).not.toHaveProperty('messages');
    });

    it('has the documented telegram-group variant', async () => {
      const r = await get(`${RANGE}&origin=telegram-group`);
      expect(r.json.tickets[0]).toMatchObject({ customer: null, csat: null, aiStatus: null, assignedTo: null, category: null, discordUsers: [] });
    });

    it('filters by status, origin, assignee, category, tags, csat and dates', async () => {
      const ids = async (q: string) => (await get(q)).json.tickets.map((t: { _id: string }) => t._id);
      expect(await ids(`${RANGE}&status=Open&status=Pending`)).toEqual([telegramTicket._id, emailTicket._id]);
      expect(await ids(`${RANGE}&origin=discord&origin=email`)).toEqual([exampleTicket._id, emailTicket._id]);
      expect(await ids(`${RANGE}&assignedTo=Unassigned`)).toEqual([telegramTicket._id]);
      expect(await ids(`${RANGE}&category=6650c3d4e5f678901234567a`)).toEqual([exampleTicket._id]);
      expect(await ids(`${RANGE}&tags=6650d4e5f678901234567891`)).toEqual([emailTicket._id]);
      expect(await ids(`${RANGE}&csatValues=no-rating`)).toEqual([telegramTicket._id, emailTicket._id]);
      expect(await ids(`${RANGE}&csatValues=4&csatValues=5`)).toEqual([exampleTicket._id]);
      // endDate is exclusive.
      expect(await ids('startDate=2026-03-15T10:30:00.000Z&endDate=2026-03-20T08:15:00.000Z')).toEqual([exampleTicket._id]);
      expect(await ids('startDate=2026-03-01&endDate=2026-04-01&sortOrder=asc')).toEqual([exampleTicket._id, telegramTicket._id]);
      expect(await ids(`${RANGE}&sortBy=priority&sortOrder=asc`)).toEqual([telegramTicket._id, exampleTicket._id, emailTicket._id]);
      expect((await get('startDate=2025-01-01&endDate=2025-06-01')).json).toEqual({
        tickets: [],
        count: 0,
        pagination: { limit: 50, skip: 0, hasMore: false },
      });
    });

    it('paginates with limit and skip', async () => {
      const first = await get(`${RANGE}&limit=2`);
      expect(first.json.tickets).toHaveLength(2);
      expect(first.json).toMatchObject({ count: 3, pagination: { limit: 2, skip: 0, hasMore: true } });
      const second = await get(`${RANGE}&limit=2&skip=2`);
      expect(second.json.tickets.map((t: { _id: string }) => t._id)).toEqual([emailTicket._id]);
      expect(second.json).toMatchObject({ count: 3, pagination: { limit: 2, skip: 2, hasMore: false } });
      expect((await get(`${RANGE}&skip=10`)).json).toMatchObject({ tickets: [], count: 3, pagination: { skip: 10, hasMore: false } });
    });

    it('answers each documented error, in the documented order', async () => {
      const cases: Array<[string, string]> = [
        ['', 'MISSING_DATE_RANGE'],
        ['startDate=2026-01-01', 'MISSING_DATE_RANGE'],
        ['endDate=2026-04-01&limit=0', 'MISSING_DATE_RANGE'],
        ['startDate=&endDate=2026-04-01', 'MISSING_DATE_RANGE'],
        ['startDate=01/01/2026&endDate=2026-04-01', 'INVALID_DATE_RANGE'],
        ['startDate=2026-02-30&endDate=2026-04-01', 'INVALID_DATE_RANGE'],
        ['startDate=yesterday&endDate=2026-04-01', 'INVALID_DATE_RANGE'],
        ['startDate=2026-04-01&endDate=2026-04-01', 'INVALID_DATE_RANGE'],
        ['startDate=2026-04-01&endDate=2026-01-01', 'INVALID_DATE_RANGE'],
        ['startDate=2025-01-01&endDate=2026-01-03', 'INVALID_DATE_RANGE'],
        // An unencoded "+" decodes to a space: not ISO 8601.
        ['startDate=2026-01-01&endDate=2026-04-01T00:00:00+02:00', 'INVALID_DATE_RANGE'],
        ['startDate=2026-01-01&endDate=2026-04-01&limit=0&sortBy=x', 'INVALID_LIMIT'],
        [`${RANGE}&limit=101`, 'INVALID_LIMIT'],
        [`${RANGE}&limit=1.5`, 'INVALID_LIMIT'],
        [`${RANGE}&limit=ten`, 'INVALID_LIMIT'],
        [`${RANGE}&limit=`, 'INVALID_LIMIT'],
        [`${RANGE}&skip=-1&sortBy=x`, 'INVALID_SKIP'],
        [`${RANGE}&skip=abc`, 'INVALID_SKIP'],
        [`${RANGE}&sortBy=updatedAt&sortOrder=up`, 'UNSUPPORTED_SORT_FIELD'],
        [`${RANGE}&sortOrder=ascending`, 'UNSUPPORTED_SORT_ORDER'],
        [`${RANGE}&sortOrder=DESC`, 'UNSUPPORTED_SORT_ORDER'],
      ];
      for (const [query, code] of cases) {
        expect(await get(query), query).toMatchObject({ status: 400, json: { error: code } });
      }
      // The edges that are fine: exactly one (leap) year, limits 1 and 100, skip 0.
      for (const query of [
        'startDate=2024-01-01&endDate=2025-01-01',
        `${RANGE}&limit=1`,
        `${RANGE}&limit=100&skip=0`,
        'startDate=2026-01-01T00:00:00Z&endDate=2026-04-01T00:00:00%2B02:00',
      ]) {
        expect((await get(query)).status, query).toBe(200);
      }
    });

    it('rejects undocumented parameters, values and a GET body', async () => {
      const violations: Array<[string, RegExp]> = [
        [`${RANGE}&page=2`, /unknown query parameter "page"/],
        [`${RANGE}&origin=slack`, /origin=slack is not a documented value/],
        [`${RANGE}&status=Closed`, /status=Closed is not a documented value/],
        [`${RANGE}&csatValues=6`, /csatValues=6/],
        [`${RANGE}&status=`, /empty value for query parameter "status"/],
        [`${RANGE}&limit=10&limit=20`, /"limit" repeated/],
        [`${RANGE}&includeMessages=1`, /includeMessages must be true or false/],
        [`${RANGE}&status[]=Open`, /unknown query parameter "status\[\]"/],
      ];
      for (const [query, pattern] of violations) {
        const r = await get(query);
        expect(r.status, query).toBe(400);
        expect(r.json.error, query).toMatch(/^STANDIN: /);
        expect(r.json.error, query).toMatch(pattern);
      }
      const withBody = await rawRequest(s.url, 'GET', `/api/tickets?${RANGE}`, { 'x-auth-token': KEY, 'content-type': 'application/json' }, '{}');
      expect(withBody).toEqual({ status: 400, json: { error: 'STANDIN: GET request with a body' } });
    });
  });
});

describe('stand-in: rate limit (strict sliding window on arrivals)', () => {
  it('answers 429 beyond the limit, with Retry-After, and does not count rejections', async () => {
    const s = await start({ rateLimit: { limit: 3, windowMs: 1000 }, retryAfterSeconds: 7 });
    await call(s.url, 'GET', '/api/categories', { key: 'wrong' }); // 401: not counted
    const burst = await Promise.all(Array.from({ length: 5 }, () => call(s.url, 'GET', '/api/categories')));
    const statuses = burst.map((r) => r.status).sort();
    expect(statuses).toEqual([200, 200, 200, 429, 429]);
    const rejected = burst.find((r) => r.status === 429)!;
    expect(rejected.json).toEqual({ error: 'Too many requests' });
    expect(rejected.headers.get('retry-after')).toBe('7');
    expect(burst.find((r) => r.status === 200)!.headers.get('retry-after')).toBeNull();
    expect(s.rejected429).toBe(2);
    expect(s.maxInWindow()).toBe(3);
    expect(s.requests).toHaveLength(6);
    expect(s.requests.filter((r) => r.status === 429)).toHaveLength(2);
  });

  it('slides: a slot comes back exactly one window after its arrival', async () => {
    const s = await start({ rateLimit: { limit: 2, windowMs: 1000 } });
    const get = () => call(s.url, 'GET', '/api/categories');
    freezeClock(); // each request arrives at the moment the test says, however busy the machine
    try {
      expect((await get()).status).toBe(200); // A at 0
      vi.advanceTimersByTime(500);
      expect((await get()).status).toBe(200); // B at 500
      vi.advanceTimersByTime(100);
      const c = await get(); // C at 600: A and B in the window
      expect(c.status).toBe(429);
      expect(c.headers.get('retry-after')).toBeNull(); // not configured
      vi.advanceTimersByTime(399);
      expect((await get()).status).toBe(429); // at 999: A still in the window
      vi.advanceTimersByTime(2);
      expect((await get()).status).toBe(200); // D at 1001: A left the window, B still in it
      expect((await get()).status).toBe(429); // E with D: B and D in the window
    } finally {
      vi.useRealTimers();
    }
    expect(s.rejected429).toBe(3);
    expect(s.maxInWindow()).toBe(2);
    const accepted = s.requests.filter((r) => r.status === 200).map((r) => r.arrivedAt);
    expect(accepted[2]! - accepted[0]!).toBeCloseTo(1001);
  });

  it('counts 404s and contract errors as accepted arrivals', async () => {
    const s = await start({ rateLimit: { limit: 2, windowMs: 5000 } });
    expect((await call(s.url, 'GET', '/api/nothing')).status).toBe(404);
    expect((await call(s.url, 'GET', '/api/tickets')).status).toBe(400);
    expect((await call(s.url, 'GET', '/api/categories')).status).toBe(429);
    expect(s.maxInWindow()).toBe(2);
  });
});

describe('stand-in: respondNext and delays', () => {
  let s: Standin;
  beforeAll(async () => {
    s = await start();
  });
  afterEach(() => s.reset());

  it('overrides the next request on a route, once', async () => {
    s.respondNext('PUT /api/message', { status: 500, body: { error: 'Internal server error' } });
    const body = { ticketId: exampleTicket._id, content: 'Hi' };
    expect((await call(s.url, 'POST', '/api/message', { body })).status).toBe(200); // other route
    expect(await call(s.url, 'PUT', '/api/message', { body })).toMatchObject({ status: 500, json: { error: 'Internal server error' } });
    expect((await call(s.url, 'PUT', '/api/message', { body })).status).toBe(200);
    expect(s.requests.map((r) => r.status)).toEqual([200, 500, 200]);
    expect(s.requests[1]!.body).toEqual(body); // still recorded
  });

  it('queues overrides in order, with raw bodies and headers', async () => {
    s.respondNext('GET /api/categories', { status: 429, rawBody: '{"error":"Too many requests"}', headers: { 'retry-after': '2' } });
    s.respondNext('GET /api/categories', { status: 502, rawBody: '<html>Bad gateway</html>', headers: { 'content-type': 'text/html' } });
    const first = await call(s.url, 'GET', '/api/categories');
    expect(first.status).toBe(429);
    expect(first.headers.get('retry-after')).toBe('2');
    expect(s.rejected429).toBe(1);
    expect(s.maxInWindow()).toBe(0); // a simulated rejection is not an accepted arrival
    const res = await fetch(`${s.url}/api/categories`, { headers: { 'x-auth-token': KEY } });
    expect(res.status).toBe(502);
    expect(res.headers.get('content-type')).toBe('text/html');
    expect(await res.text()).toBe('<html>Bad gateway</html>');
  });

  it('does not let an override hide a contract violation', async () => {
    s.respondNext('PUT /api/ticket', { status: 200, body: { message: 'Ticket updated' } });
    const bad = await call(s.url, 'PUT', '/api/ticket', { body: { ticketId: exampleTicket._id, state: 'Open' } });
    expect(bad.json.error).toMatch(/^STANDIN: unknown field "state"/);
    s.reset();
    s.respondNext('PUT /api/ticket', { status: 200, body: { message: 'Ticket updated' } });
    // A documented error, however, is replaced by the override.
    expect((await call(s.url, 'PUT', '/api/ticket', { body: { ticketId: 'unknown' } })).status).toBe(200);
  });

  it('drops the connection without answering (destroySocket)', async () => {
    s.respondNext('PUT /api/message', { status: 200, destroySocket: true });
    await expect(call(s.url, 'PUT', '/api/message', { body: { ticketId: exampleTicket._id, content: 'Hi' } })).rejects.toThrow();
    expect(s.requests).toHaveLength(1);
    expect(s.requests[0]!.status).toBe(0);
    expect(s.requests[0]!.body).toEqual({ ticketId: exampleTicket._id, content: 'Hi' });
    expect((await call(s.url, 'PUT', '/api/message', { body: { ticketId: exampleTicket._id, content: 'Hi' } })).status).toBe(200);
  });

  it('delays an override, and every answer with delayMs', async () => {
    s.respondNext('GET /api/categories', { status: 200, body: { categories: [] }, delayMs: 150 });
    let t0 = performance.now();
    expect((await call(s.url, 'GET', '/api/categories')).json).toEqual({ categories: [] });
    expect(performance.now() - t0).toBeGreaterThanOrEqual(140);

    const slow = await start({ delayMs: 150 });
    t0 = performance.now();
    const [a, b] = await Promise.all([call(slow.url, 'GET', '/api/categories'), call(slow.url, 'GET', '/api/nothing', { key: 'bad' })]);
    const answeredAt = performance.now();
    expect(answeredAt - t0).toBeGreaterThanOrEqual(140);
    expect([a.status, b.status]).toEqual([200, 401]);
    // Arrival is stamped on arrival, not when answered: each a delay before its answer came.
    for (const request of slow.requests) expect(answeredAt - request.arrivedAt).toBeGreaterThanOrEqual(140);
  });

  it('closes promptly with a pending delayed answer', async () => {
    // Held for ten minutes: a close() that waited for the answer would outlast the test.
    const slow = await start({ delayMs: 10 * 60_000 });
    const pending = call(slow.url, 'GET', '/api/categories').catch((e: unknown) => e);
    await vi.waitFor(() => expect(slow.requests).toHaveLength(1), { timeout: 10_000, interval: 5 });
    await slow.close();
    expect(await pending).toBeInstanceOf(Error);
  });
});
