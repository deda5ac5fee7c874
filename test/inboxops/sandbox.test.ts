import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startInboxopsSandbox, type InboxopsSandbox } from '../../src/providers/inboxops/sandbox/index.js';

// The sandbox over plain fetch, no client code in between: the contract of docs/api/inboxops.md,
// errors as RFC 7807 problem details.
const DAY = 86_400_000;
let sandbox: InboxopsSandbox;

beforeAll(async () => {
  sandbox = await startInboxopsSandbox();
});
afterAll(() => sandbox.close());

interface Options {
  key?: string | null;
  json?: unknown;
  raw?: string;
  type?: string | null;
}

async function call(method: string, path: string, { key, json, raw, type }: Options = {}, sb = sandbox) {
  const headers: Record<string, string> = {};
  if (key !== null) headers.authorization = `Bearer ${key ?? sb.apiKey}`;
  const body = raw ?? (json === undefined ? undefined : JSON.stringify(json));
  if (body !== undefined && type !== null) headers['content-type'] = type ?? 'application/json';
  const response = await fetch(`${sb.url}${path}`, { method, headers, body });
  const text = await response.text();
  return { status: response.status, headers: response.headers, body: (text ? JSON.parse(text) : undefined) as Record<string, any> };
}

const ticket = () => sandbox.data.tickets.at(-1)!;
const notes = (id = ticket().id) => `/api/v1/tickets/${encodeURIComponent(id)}/messages`;

function expectProblem(answer: { status: number; headers: Headers; body: Record<string, unknown> }, status: number, code: string, detail?: string) {
  expect(answer.status).toBe(status);
  expect(answer.headers.get('content-type')).toBe('application/problem+json');
  expect(answer.body).toMatchObject({ type: 'about:blank', title: expect.any(String), status, code, detail: detail ?? expect.any(String) });
}

describe('keys', () => {
  it('look like InboxOps keys, and differ', () => {
    expect(sandbox.apiKey).toMatch(/^ixk_[A-Za-z0-9_-]{8,}$/);
    expect(sandbox.readOnlyKey).toMatch(/^ixk_[A-Za-z0-9_-]{8,}$/);
    expect(sandbox.readOnlyKey).not.toBe(sandbox.apiKey);
  });

  it('401 unauthorized for a missing, malformed or unknown bearer', async () => {
    const variants: Array<Record<string, string>> = [
      {},
      { authorization: sandbox.apiKey },
      { authorization: `Basic ${sandbox.apiKey}` },
      { authorization: 'Bearer ixk_unknown_key' },
      { 'x-auth-token': sandbox.apiKey },
    ];
    for (const headers of variants) {
      const response = await fetch(`${sandbox.url}/api/v1/tickets`, { headers });
      expect(response.status).toBe(401);
      expect(await response.json()).toMatchObject({ code: 'unauthorized', status: 401 });
    }
  });

  it('403 insufficient_scope for a read-only key on POST and PATCH; it reads', async () => {
    const key = sandbox.readOnlyKey;
    expect((await call('GET', '/api/v1/tickets', { key })).status).toBe(200);
    expectProblem(
      await call('PATCH', `/api/v1/tickets/${ticket().id}`, { key, json: { status: 'open' } }),
      403,
      'insufficient_scope',
      'Read-only API key used for PATCH',
    );
    expectProblem(await call('POST', notes(), { key, json: { type: 'internal_note', body_text: 'x' } }), 403, 'insufficient_scope');
  });

  it('403 forbidden to every request of a workspace without API access', async () => {
    const closed = await startInboxopsSandbox({ apiAccess: false, ticketCount: 2 });
    const answer = await call('GET', '/api/v1/tickets', {}, closed);
    await closed.close();
    expectProblem(answer, 403, 'forbidden', 'This workspace has no API access entitlement');
  });
});

describe('GET /api/v1/tickets', () => {
  it('answers {data, meta: {page, per_page, total}} with the documented ticket fields', async () => {
    const { status, body } = await call('GET', '/api/v1/tickets?per_page=2&page=3');
    expect(status).toBe(200);
    expect(body.meta).toEqual({ page: 3, per_page: 2, total: 150 });
    expect(body.data).toHaveLength(2);
    expect(Object.keys(body.data[0]).sort()).toEqual(
      [
        'assignee_id',
        'contact_id',
        'created_at',
        'custom_fields',
        'id',
        'inbox_id',
        'priority',
        'priority_name',
        'status',
        'status_name',
        'subject',
        'tag_ids',
        'ticket_number',
        'updated_at',
      ].sort(),
    );
  });

  it.each([
    ['status=pending', 'status must be one of open, in_progress, waiting, resolved, closed'],
    ['priority=p1', 'priority must be one of low, normal, high, urgent'],
    ['per_page=101', 'per_page must be a whole number from 1 to 100'],
    ['page=0', 'page must be a whole number from 1 up'],
    ['created_after=last-week', 'created_after must be an ISO 8601 date or date-time'],
    ['tag_ids=a,,b', 'tag_ids must be tag ids separated by commas'],
    ['status=open&status=waiting', 'status is given 2 times'],
  ])('422 validation_failed for %s', async (query, detail) => {
    const answer = await call('GET', `/api/v1/tickets?${query}`);
    expectProblem(answer, 422, 'validation_failed');
    expect(answer.body.detail).toContain(detail);
  });

  it('counts created_after and created_before as exclusive bounds', async () => {
    const newest = sandbox.data.tickets.at(-1)!;
    const at = new Date(newest.created_at).toISOString();
    const after = await call('GET', `/api/v1/tickets?created_after=${encodeURIComponent(at)}`);
    expect(after.body.data.map((t: { id: string }) => t.id)).not.toContain(newest.id);
    const before = await call('GET', `/api/v1/tickets?created_before=${encodeURIComponent(new Date(newest.created_at + 1).toISOString())}&per_page=1`);
    expect(before.body.data[0].id).toBe(newest.id);
  });
});

describe('PATCH /api/v1/tickets/{id}', () => {
  it('answers {data: ticket} with the change applied', async () => {
    const { id } = sandbox.data.tickets[10]!;
    const { status, body } = await call('PATCH', `/api/v1/tickets/${id}`, { json: { status: 'in_progress', priority: 'high', assignee_id: null } });
    expect(status).toBe(200);
    expect(body.data).toMatchObject({ id, status: 'in_progress', status_name: 'In progress', priority: 'high', priority_name: 'High', assignee_id: null });
  });

  it.each([
    [{}, 422, 'validation_failed', 'Nothing to update'],
    [{ status: 'done' }, 422, 'validation_failed', 'status must be one of'],
    [{ assignee_id: 'usr_nobody' }, 422, 'validation_failed', 'assignee_id does not match an agent'],
  ])('refuses %j with %i %s', async (json, status, code, detail) => {
    const answer = await call('PATCH', `/api/v1/tickets/${ticket().id}`, { json });
    expectProblem(answer, status, code);
    expect(answer.body.detail).toContain(detail);
  });

  it('404 not_found for an unknown ticket, 400 for a body that is not JSON, 415 without a JSON content-type', async () => {
    expectProblem(await call('PATCH', '/api/v1/tickets/tkt_nope', { json: { status: 'open' } }), 404, 'not_found', 'Ticket not found');
    expectProblem(await call('PATCH', `/api/v1/tickets/${ticket().id}`, { raw: '{"status":' }), 400, 'bad_request');
    expectProblem(await call('PATCH', `/api/v1/tickets/${ticket().id}`, { raw: '{"status":"open"}', type: 'text/plain' }), 415, 'unsupported_media_type');
  });
});

describe('POST /api/v1/tickets/{id}/messages', () => {
  it('201 Created for an internal note', async () => {
    const { status, body } = await call('POST', notes(), { json: { type: 'internal_note', body_html: '<p>Hi</p>', body_text: 'Hi' } });
    expect(status).toBe(201);
    expect(body.data).toMatchObject({
      id: expect.stringMatching(/^msg_/),
      ticket_id: ticket().id,
      type: 'internal_note',
      body_html: '<p>Hi</p>',
      body_text: 'Hi',
    });
  });

  it.each([{ type: 'reply', body_text: 'Hello customer' }, { body_text: 'no type' }, { type: 'email', body_text: 'x' }])(
    'refuses %j: only internal_note (400)',
    async (json) => {
      expectProblem(await call('POST', notes(), { json }), 400, 'bad_request', 'Must use type: internal_note only');
    },
  );

  it('422 without a body, or with a body that is not text', async () => {
    expectProblem(
      await call('POST', notes(), { json: { type: 'internal_note', body_text: ' ' } }),
      422,
      'validation_failed',
      'body_html or body_text is required',
    );
    expectProblem(await call('POST', notes(), { json: { type: 'internal_note', body_text: 42 } }), 422, 'validation_failed', 'body_text must be a string');
  });

  it('404 for an unknown ticket; an encoded id is decoded', async () => {
    expectProblem(await call('POST', notes('no/such ticket'), { json: { type: 'internal_note', body_text: 'x' } }), 404, 'not_found', 'Ticket not found');
  });
});

describe('routes', () => {
  it('404 for an unknown route, 405 with Allow for a wrong method', async () => {
    expectProblem(await call('GET', '/api/v2/tickets'), 404, 'not_found');
    const answer = await call('DELETE', `/api/v1/tickets/${ticket().id}`);
    expectProblem(answer, 405, 'method_not_allowed');
    expect(answer.headers.get('allow')).toBe('PATCH');
  });
});

describe('the rate limit: 100 per 60 s for the workspace, on arrival, sliding', () => {
  it('answers the 101st request 429 with Retry-After, for either key', async () => {
    const limited = await startInboxopsSandbox({ ticketCount: 1 });
    const answers = await Promise.all(Array.from({ length: 100 }, () => call('GET', '/api/v1/tickets', {}, limited)));
    expect(answers.every((a) => a.status === 200)).toBe(true);
    const over = await call('GET', '/api/v1/tickets', { key: limited.readOnlyKey }, limited);
    await limited.close();
    expectProblem(over, 429, 'rate_limited', 'Rate limit exceeded. Please try again later');
    const retryAfter = Number(over.headers.get('retry-after'));
    expect(retryAfter).toBeGreaterThanOrEqual(55);
    expect(retryAfter).toBeLessThanOrEqual(60);
  });

  it('does not count requests without a valid key', async () => {
    const limited = await startInboxopsSandbox({ ticketCount: 1, rateLimit: { requests: 2, windowMs: 60_000 } });
    for (let i = 0; i < 5; i++) await call('GET', '/api/v1/tickets', { key: 'ixk_stranger_key' }, limited);
    const statuses = [];
    for (let i = 0; i < 3; i++) statuses.push((await call('GET', '/api/v1/tickets', {}, limited)).status);
    await limited.close();
    expect(statuses).toEqual([200, 200, 429]);
  });
});

describe('seeded data', () => {
  it('is relative to now: the last 60 days, most recent first in the list, every status and priority present', () => {
    const { tickets, agents, tags, inboxes } = sandbox.data;
    expect(agents.length).toBe(5);
    expect(tags.length).toBeGreaterThanOrEqual(8);
    expect(inboxes.length).toBe(3);
    const now = Date.now();
    for (const t of tickets) {
      expect(t.created_at).toBeLessThanOrEqual(now);
      expect(now - t.created_at).toBeLessThan(61 * DAY);
      expect(t.updated_at).toBeGreaterThanOrEqual(t.created_at);
    }
    expect(tickets.filter((t) => now - t.created_at < 30 * DAY).length).toBeGreaterThan(60);
    expect(new Set(tickets.map((t) => t.status))).toEqual(new Set(['open', 'in_progress', 'waiting', 'resolved', 'closed']));
    expect(new Set(tickets.map((t) => t.priority))).toEqual(new Set(['low', 'normal', 'high', 'urgent']));
    expect(tickets.some((t) => t.assignee_id === null)).toBe(true);
    expect(tickets.map((t) => t.ticket_number)).toEqual(tickets.map((_, i) => 1001 + i));
  });

  it('is the same for the same seed', async () => {
    const [a, b] = await Promise.all([startInboxopsSandbox({ ticketCount: 20 }), startInboxopsSandbox({ ticketCount: 20 })]);
    const shape = (sb: InboxopsSandbox) => sb.data.tickets.map(({ id, subject, status, priority }) => [id, subject, status, priority]);
    expect(shape(a)).toEqual(shape(b));
    await Promise.all([a.close(), b.close()]);
  });
});
