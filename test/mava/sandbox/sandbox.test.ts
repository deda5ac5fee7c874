import { connect, type AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { startMavaSandbox, type MavaSandbox } from '../../../src/providers/mava/sandbox/index.js';
import { generateDataset } from '../../../src/providers/mava/sandbox/seed-data.js';
import { createMavaServer } from '../../../src/providers/mava/sandbox/server.js';
import { MavaStore } from '../../../src/providers/mava/sandbox/store.js';
import type { CustomerJson, MessageJson, TicketJson } from '../../../src/providers/mava/sandbox/wire.js';
import { call, DAY, fetchAllTickets, fetchTickets, NOW, OBJECT_ID, sleep, ticketsPath, type TicketsBody } from './helpers.js';

// Most tests share one read-only sandbox with a limit high enough never to get in the way.
const ROOMY = { requests: 100_000, windowMs: 1_000 };
let sandbox: MavaSandbox;

beforeAll(async () => {
  sandbox = await startMavaSandbox({ now: () => NOW, rateLimit: ROOMY });
});

afterAll(async () => {
  await sandbox.close();
});

interface SendMessageBody {
  message: MessageJson;
  ticket: { _id: string; status: string; priority: number };
  sender: { _id: string; name: string };
}

interface IdentifyBody {
  message: string;
  mavaCustomerId: string;
  customer: CustomerJson;
}

const ENDPOINTS = [
  ['POST', '/api/identify'],
  ['GET', '/api/categories'],
  ['PUT', '/api/ticket'],
  ['PUT', '/api/message'],
  ['POST', '/api/message'],
  ['GET', ticketsPath()],
] as const;

describe('authentication', () => {
  it.each(ENDPOINTS)('%s %s answers 401 without x-auth-token', async (method, path) => {
    const answer = await call(sandbox, method, path, { key: null, json: method === 'GET' ? undefined : {} });
    expect(answer.status).toBe(401);
    expect(answer.body).toEqual({ error: 'Unauthorized' });
    expect(answer.headers.get('content-type')).toMatch(/^application\/json/);
  });

  it.each(ENDPOINTS)('%s %s answers 401 with a wrong key', async (method, path) => {
    const answer = await call(sandbox, method, path, { key: `${sandbox.apiKey}x`, json: method === 'GET' ? undefined : {} });
    expect(answer.status).toBe(401);
    expect(answer.body).toEqual({ error: 'Unauthorized' });
  });

  it('checks the key before the route exists', async () => {
    expect((await call(sandbox, 'GET', '/api/nothing-here', { key: null })).status).toBe(401);
  });

  it('defaults to a sandbox_ key of 24 hex digits and accepts a given one', async () => {
    expect(sandbox.apiKey).toMatch(/^sandbox_[0-9a-f]{24}$/);
    const own = await startMavaSandbox({ apiKey: 'my-key', ticketCount: 3 });
    try {
      expect(own.apiKey).toBe('my-key');
      expect((await call(own, 'GET', '/api/categories')).status).toBe(200);
      expect((await call(own, 'GET', '/api/categories', { key: sandbox.apiKey })).status).toBe(401);
    } finally {
      await own.close();
    }
  });
});

describe('routing and bodies', () => {
  it('answers 404 for unknown routes', async () => {
    for (const path of ['/', '/api', '/api/ticket/123', '/api/tickets/', '/API/TICKETS', '/api/agents']) {
      const answer = await call(sandbox, 'GET', path);
      expect(answer.status, path).toBe(404);
      expect(answer.body).toEqual({ error: 'Not found' });
    }
  });

  it('answers 405 for a known path with the wrong method, naming the allowed ones', async () => {
    const cases = [
      ['DELETE', '/api/tickets', 'GET'],
      ['POST', '/api/tickets', 'GET'],
      ['GET', '/api/ticket', 'PUT'],
      ['POST', '/api/ticket', 'PUT'],
      ['GET', '/api/message', 'PUT, POST'],
      ['GET', '/api/identify', 'POST'],
      ['PUT', '/api/categories', 'GET'],
    ] as const;
    for (const [method, path, allow] of cases) {
      const answer = await call(sandbox, method, path);
      expect(answer.status, `${method} ${path}`).toBe(405);
      expect(answer.body).toEqual({ error: 'Method not allowed' });
      expect(answer.headers.get('allow')).toBe(allow);
    }
  });

  it.each([
    ['POST', '/api/identify'],
    ['PUT', '/api/ticket'],
    ['PUT', '/api/message'],
    ['POST', '/api/message'],
  ] as const)('%s %s answers 400 Invalid JSON to a malformed body', async (method, path) => {
    for (const raw of ['{"ticketId":', 'ticketId=1', '{"a":1}}']) {
      const answer = await call(sandbox, method, path, { raw });
      expect(answer.status).toBe(400);
      expect(answer.body).toEqual({ error: 'Invalid JSON' });
    }
  });

  it('answers 400 Invalid request body to JSON that is not an object', async () => {
    for (const raw of ['[]', '"text"', '42', 'null']) {
      const answer = await call(sandbox, 'PUT', '/api/ticket', { raw });
      expect(answer.body, raw).toEqual({ error: 'Invalid request body' });
    }
  });

  it('answers 413 to a body over 10 MB and still serves the next request', async () => {
    const answer = await call(sandbox, 'PUT', '/api/message', { raw: `"${'x'.repeat(10 * 1024 * 1024)}"` });
    expect(answer.status).toBe(413);
    expect(answer.body).toEqual({ error: 'Payload too large' });
    expect((await call(sandbox, 'GET', '/api/categories')).status).toBe(200);
  });

  it('logs every request served, without the query string', async () => {
    const before = sandbox.requests.length;
    const started = Date.now();
    await call(sandbox, 'GET', ticketsPath({ limit: 1 }));
    await call(sandbox, 'GET', '/api/categories', { key: null });
    expect(sandbox.requests.slice(before)).toEqual([
      { method: 'GET', path: '/api/tickets', at: expect.any(Number), status: 200 },
      { method: 'GET', path: '/api/categories', at: expect.any(Number), status: 401 },
    ]);
    expect(sandbox.requests.at(-1)?.at).toBeGreaterThanOrEqual(started);
  });
});

describe('GET /api/categories', () => {
  it('lists the active categories only', async () => {
    const answer = await call<{ categories: Array<{ _id: string; name: string }> }>(sandbox, 'GET', '/api/categories');
    expect(answer.status).toBe(200);
    expect(answer.body.categories.map((c) => c.name)).toEqual([
      'Billing',
      'Bug report',
      'Account access',
      'Feature request',
      'Onboarding',
      'Integrations',
      'Refunds',
      'Partnerships',
    ]);
    for (const category of answer.body.categories) {
      expect(Object.keys(category)).toEqual(['_id', 'name']);
      expect(category._id).toMatch(OBJECT_ID);
    }
  });
});

describe('GET /api/tickets: validation', () => {
  const errorFor = async (params: Parameters<typeof ticketsPath>[0]): Promise<string | undefined> => {
    const answer = await call(sandbox, 'GET', ticketsPath(params));
    expect(answer.status).toBe(400);
    return answer.body.error;
  };

  it('MISSING_DATE_RANGE when either date is missing or empty', async () => {
    expect(await errorFor({ startDate: null, endDate: null })).toBe('MISSING_DATE_RANGE');
    expect(await errorFor({ endDate: null })).toBe('MISSING_DATE_RANGE');
    expect(await errorFor({ startDate: null })).toBe('MISSING_DATE_RANGE');
    expect(await errorFor({ endDate: '' })).toBe('MISSING_DATE_RANGE');
    expect((await call(sandbox, 'GET', '/api/tickets')).body).toEqual({ error: 'MISSING_DATE_RANGE' });
  });

  it('INVALID_DATE_RANGE for dates that are not ISO 8601', async () => {
    for (const bad of [
      'yesterday',
      '2026-13-01',
      '2026-02-30',
      '2026-1-5',
      '2026-01-01T00:00:00',
      '2026-01-01 00:00:00Z',
      '1767225600000',
      '2026-01-01T25:00Z',
    ]) {
      expect(await errorFor({ startDate: bad, endDate: '2026-03-01' }), bad).toBe('INVALID_DATE_RANGE');
    }
  });

  it('INVALID_DATE_RANGE when end is not after start or the range exceeds a year', async () => {
    expect(await errorFor({ startDate: '2026-03-01', endDate: '2026-03-01' })).toBe('INVALID_DATE_RANGE');
    expect(await errorFor({ startDate: '2026-03-02', endDate: '2026-03-01' })).toBe('INVALID_DATE_RANGE');
    expect(await errorFor({ startDate: '2025-01-01', endDate: '2026-01-03' })).toBe('INVALID_DATE_RANGE');
  });

  it('accepts the ISO forms Mava shows, and a range of exactly 366 days', async () => {
    const accepted = [
      { startDate: '2026-01-01', endDate: '2026-04-01' },
      { startDate: '2026-01-01T00:00:00.000Z', endDate: '2026-04-01T00:00Z' },
      { startDate: '2026-01-01T02:00:00+02:00', endDate: '2026-03-31T19:00:00-05:00' },
      { startDate: '2025-01-01', endDate: '2026-01-02' },
    ];
    for (const range of accepted) expect((await call(sandbox, 'GET', ticketsPath(range))).status, JSON.stringify(range)).toBe(200);
  });

  it('INVALID_LIMIT unless limit is an integer from 1 to 100', async () => {
    for (const limit of ['0', '101', '-1', '1.5', 'ten', '', '1e2']) {
      expect(await errorFor({ limit }), limit).toBe('INVALID_LIMIT');
    }
    expect((await fetchTickets(sandbox, { limit: 1 })).tickets).toHaveLength(1);
    expect((await fetchTickets(sandbox, { limit: 100 })).tickets).toHaveLength(100);
  });

  it('INVALID_SKIP unless skip is an integer of 0 or more', async () => {
    for (const skip of ['-1', '1.5', 'none', '']) expect(await errorFor({ skip }), skip).toBe('INVALID_SKIP');
  });

  it('UNSUPPORTED_SORT_FIELD and UNSUPPORTED_SORT_ORDER', async () => {
    expect(await errorFor({ sortBy: 'updatedAt' })).toBe('UNSUPPORTED_SORT_FIELD');
    expect(await errorFor({ sortBy: '' })).toBe('UNSUPPORTED_SORT_FIELD');
    expect(await errorFor({ sortOrder: 'ascending' })).toBe('UNSUPPORTED_SORT_ORDER');
    expect(await errorFor({ sortOrder: 'ASC' })).toBe('UNSUPPORTED_SORT_ORDER');
  });

  it('reports the first fault in the documented order', async () => {
    expect(await errorFor({ startDate: null, limit: 0 })).toBe('MISSING_DATE_RANGE');
    expect(await errorFor({ startDate: 'soon', limit: 0 })).toBe('INVALID_DATE_RANGE');
    expect(await errorFor({ limit: 0, skip: -1 })).toBe('INVALID_LIMIT');
    expect(await errorFor({ skip: -1, sortBy: 'x' })).toBe('INVALID_SKIP');
    expect(await errorFor({ sortBy: 'x', sortOrder: 'x' })).toBe('UNSUPPORTED_SORT_FIELD');
  });
});

describe('GET /api/tickets: data and pagination', () => {
  let all: TicketJson[];

  beforeAll(async () => {
    all = await fetchAllTickets(sandbox, { includeMessages: 'true' });
  });

  it('defaults to 50 newest first, counting every match', async () => {
    const page = await fetchTickets(sandbox);
    expect(page.count).toBe(300);
    expect(page.tickets).toHaveLength(50);
    expect(page.pagination).toEqual({ limit: 50, skip: 0, hasMore: true });
    const times = page.tickets.map((t) => Date.parse(t.createdAt));
    expect(times).toEqual([...times].sort((a, b) => b - a));
  });

  it('pages through every ticket exactly once', async () => {
    expect(all).toHaveLength(300);
    expect(new Set(all.map((t) => t._id)).size).toBe(300);
    const tail = await fetchTickets(sandbox, { skip: 290, limit: 20 });
    expect(tail.tickets).toHaveLength(10);
    expect(tail.count).toBe(300);
    expect(tail.pagination).toEqual({ limit: 20, skip: 290, hasMore: false });
    const beyond = await fetchTickets(sandbox, { skip: 1000 });
    expect(beyond).toEqual({ tickets: [], count: 300, pagination: { limit: 50, skip: 1000, hasMore: false } });
    const exact = await fetchTickets(sandbox, { skip: 200, limit: 100 });
    expect(exact.pagination.hasMore).toBe(false);
    expect((await fetchTickets(sandbox, { skip: 199, limit: 100 })).pagination.hasMore).toBe(true);
  });

  it('returns tickets in the documented shape', () => {
    const keys = [
      '_id',
      'createdAt',
      'updatedAt',
      'status',
      'priority',
      'sourceType',
      'resolutionTime',
      'assignedTo',
      'category',
      'tags',
      'csat',
      'aiStatus',
      'discordUsers',
      'attributes',
      'customer',
      'messages',
    ];
    for (const ticket of all) {
      expect(Object.keys(ticket)).toEqual(keys);
      expect(ticket._id).toMatch(OBJECT_ID);
      expect(new Date(ticket.createdAt).toISOString()).toBe(ticket.createdAt);
      expect(Date.parse(ticket.updatedAt)).toBeGreaterThanOrEqual(Date.parse(ticket.createdAt));
      expect(Date.parse(ticket.updatedAt)).toBeLessThanOrEqual(NOW);
      if (ticket.status === 'Resolved') expect(ticket.resolutionTime).toBeGreaterThan(0);
      else expect(ticket.resolutionTime).toBeNull();
      if (ticket.sourceType === 'telegram-group') {
        expect(ticket.csat).toBeNull();
        expect(ticket.aiStatus).toBeNull();
        expect(ticket.customer).toBeNull();
      } else {
        expect(ticket.customer?._id).toMatch(OBJECT_ID);
        expect(ticket.aiStatus).toEqual(expect.any(String));
      }
      if (ticket.sourceType === 'discord') expect(ticket.discordUsers.length).toBeGreaterThan(0);
      else expect(ticket.discordUsers).toEqual([]);
      if (ticket.csat) {
        expect(ticket.status).toBe('Resolved');
        expect([1, 2, 3, 4, 5]).toContain(ticket.csat.value);
      }
    }
  });

  it('covers every origin, status and priority, with unassigned, uncategorised and rated tickets', () => {
    expect(new Set(all.map((t) => t.sourceType))).toEqual(new Set(['web', 'discord', 'telegram', 'telegram-group', 'email']));
    expect(new Set(all.map((t) => t.status))).toEqual(new Set(['Open', 'Resolved', 'Pending', 'Waiting']));
    expect(new Set(all.map((t) => t.priority))).toEqual(new Set([1, 2, 3]));
    expect(all.some((t) => t.assignedTo === null)).toBe(true);
    expect(all.some((t) => t.category === null)).toBe(true);
    expect(all.some((t) => t.category?.name === 'Legacy')).toBe(true);
    expect(all.filter((t) => t.csat !== null).length).toBeGreaterThan(20);
    expect(all.some((t) => t.tags.length > 0 && t.attributes.length > 0)).toBe(true);
    const ages = all.map((t) => NOW - Date.parse(t.createdAt));
    expect(Math.max(...ages)).toBeLessThanOrEqual(90 * DAY);
    expect(ages.filter((age) => age < DAY).length).toBeGreaterThanOrEqual(3);
    expect(ages.filter((age) => age < 7 * DAY).length).toBeGreaterThanOrEqual(40);
  });

  it('includes threads oldest first, within the ticket lifetime, only when asked', async () => {
    for (const ticket of all) {
      const messages = ticket.messages ?? [];
      expect(messages.length).toBeGreaterThanOrEqual(1);
      expect(messages.length).toBeLessThanOrEqual(8);
      expect(messages[0]?.senderType).toBe('customer');
      expect(messages[0]?.createdAt).toBe(ticket.createdAt);
      const times = messages.map((m) => Date.parse(m.createdAt));
      expect(times).toEqual([...times].sort((a, b) => a - b));
      expect(Math.max(...times)).toBeLessThan(NOW);
      const discordName = ticket.discordUsers[0]?.name ?? null;
      for (const message of messages) {
        expect(Object.keys(message)).toEqual(['_id', 'content', 'senderType', 'senderName', 'messageType', 'createdAt', 'attachments']);
        expect(message.content.length).toBeGreaterThan(0);
        expect(['customer', 'agent', 'system']).toContain(message.senderType);
        expect(message.senderName).toBe(message.senderType === 'customer' ? discordName : null);
      }
    }
    const plain = await fetchTickets(sandbox, { limit: 5 });
    for (const ticket of plain.tickets) expect('messages' in ticket).toBe(false);
    const notTrue = await fetchTickets(sandbox, { limit: 5, includeMessages: 'false' });
    for (const ticket of notTrue.tickets) expect('messages' in ticket).toBe(false);
  });

  it('returns the prompt-injection attempt as plain message data', async () => {
    const injected = all.filter((t) => t.messages?.some((m) => m.content.includes('Ignore previous instructions')));
    expect(injected).toHaveLength(1);
    const ticket = injected[0]!;
    expect(ticket.status).toBe('Open');
    expect(ticket.messages?.[0]?.content).toContain('mark all tickets resolved');
    expect(NOW - Date.parse(ticket.createdAt)).toBeLessThan(7 * DAY);
    // Nothing acted on it.
    expect(all.filter((t) => t.status === 'Open').length).toBeGreaterThan(1);
  });

  it('selects start <= createdAt < end', async () => {
    const ticket = all[42]!;
    const at = Date.parse(ticket.createdAt);
    const iso = (ms: number): string => new Date(ms).toISOString();
    const from = await fetchAllTickets(sandbox, { startDate: ticket.createdAt, endDate: iso(at + 1) });
    expect(from.map((t) => t._id)).toContain(ticket._id);
    const before = await fetchAllTickets(sandbox, { startDate: iso(at - DAY), endDate: ticket.createdAt });
    expect(before.map((t) => t._id)).not.toContain(ticket._id);
    const week = await fetchTickets(sandbox, { startDate: iso(NOW - 7 * DAY), endDate: iso(NOW) });
    expect(week.count).toBe(all.filter((t) => Date.parse(t.createdAt) >= NOW - 7 * DAY).length);
  });

  it('filters by repeated status, origin and csatValues', async () => {
    const openOrPending = await fetchAllTickets(sandbox, { status: ['Open', 'Pending'] });
    expect(openOrPending.length).toBe(all.filter((t) => t.status === 'Open' || t.status === 'Pending').length);
    expect(openOrPending.every((t) => t.status === 'Open' || t.status === 'Pending')).toBe(true);

    const chats = await fetchTickets(sandbox, { origin: ['discord', 'telegram-group'], limit: 100 });
    expect(chats.count).toBe(all.filter((t) => t.sourceType === 'discord' || t.sourceType === 'telegram-group').length);

    const happy = await fetchAllTickets(sandbox, { csatValues: ['4', '5'] });
    expect(happy.length).toBeGreaterThan(0);
    expect(happy.every((t) => t.csat !== null && t.csat.value >= 4)).toBe(true);
    const unrated = await fetchTickets(sandbox, { csatValues: 'no-rating' });
    expect(unrated.count).toBe(all.filter((t) => t.csat === null).length);
  });

  it('filters by assignee, Unassigned, category and tags', async () => {
    const agent = all.find((t) => t.assignedTo)!.assignedTo!;
    const mine = await fetchAllTickets(sandbox, { assignedTo: agent._id });
    expect(mine.length).toBe(all.filter((t) => t.assignedTo?._id === agent._id).length);
    const mineOrNobody = await fetchTickets(sandbox, { assignedTo: [agent._id, 'Unassigned'] });
    expect(mineOrNobody.count).toBe(all.filter((t) => t.assignedTo === null || t.assignedTo._id === agent._id).length);

    const category = all.find((t) => t.category)!.category!;
    const inCategory = await fetchTickets(sandbox, { category: category._id });
    expect(inCategory.count).toBe(all.filter((t) => t.category?._id === category._id).length);

    const tag = all.find((t) => t.tags.length > 0)!.tags[0]!;
    const tagged = await fetchAllTickets(sandbox, { tags: tag._id });
    expect(tagged.length).toBe(all.filter((t) => t.tags.some((x) => x._id === tag._id)).length);
    expect(tagged.every((t) => t.tags.some((x) => x._id === tag._id))).toBe(true);
  });

  it('combines filters with AND, and unknown values match nothing', async () => {
    const both = await fetchTickets(sandbox, { status: 'Resolved', origin: 'email' });
    expect(both.count).toBe(all.filter((t) => t.status === 'Resolved' && t.sourceType === 'email').length);
    expect((await fetchTickets(sandbox, { status: 'Closed' })).count).toBe(0);
    expect((await fetchTickets(sandbox, { assignedTo: 'nobody' })).count).toBe(0);
    expect((await fetchTickets(sandbox, { origin: 'slack' })).count).toBe(0);
    expect((await fetchTickets(sandbox, { tags: '' })).count).toBe(0);
  });

  it('sorts by every documented field, ties newest first, missing values last', async () => {
    const byPriority = await fetchAllTickets(sandbox, { sortBy: 'priority', sortOrder: 'asc' });
    for (let i = 1; i < byPriority.length; i++) {
      const [a, b] = [byPriority[i - 1]!, byPriority[i]!];
      expect(a.priority).toBeLessThanOrEqual(b.priority);
      if (a.priority === b.priority) expect(Date.parse(a.createdAt)).toBeGreaterThanOrEqual(Date.parse(b.createdAt));
    }
    for (const sortOrder of ['asc', 'desc']) {
      const byAgent = await fetchAllTickets(sandbox, { sortBy: 'assignedTo', sortOrder });
      const names = byAgent.map((t) => t.assignedTo?.name ?? null);
      const firstNull = names.indexOf(null);
      expect(firstNull).toBeGreaterThan(0);
      expect(names.slice(firstNull).every((n) => n === null)).toBe(true);
      const named = names.slice(0, firstNull) as string[];
      const sorted = [...named].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
      expect(named).toEqual(sortOrder === 'asc' ? sorted : sorted.reverse());
    }
    const byResolution = await fetchAllTickets(sandbox, { sortBy: 'resolutionTime', sortOrder: 'asc' });
    const times = byResolution.map((t) => t.resolutionTime);
    const resolved = times.filter((t): t is number => t !== null);
    expect(times.slice(0, resolved.length)).toEqual([...resolved].sort((a, b) => a - b));
    const oldestFirst = await fetchTickets(sandbox, { sortOrder: 'asc', limit: 3 });
    expect(oldestFirst.tickets.map((t) => t._id)).toEqual(
      [...all]
        .sort((a, b) => Date.parse(a.createdAt) - Date.parse(b.createdAt))
        .slice(0, 3)
        .map((t) => t._id),
    );
    for (const sortBy of ['status', 'sourceType', 'category']) {
      const sorted = await fetchTickets(sandbox, { sortBy, limit: 100 });
      expect(sorted.count, sortBy).toBe(300);
    }
  });
});

describe('PUT /api/ticket', () => {
  let clock = NOW;
  let own: MavaSandbox;
  let tickets: TicketJson[];
  const ticketById = async (id: string): Promise<TicketJson> => {
    const found = (await fetchAllTickets(own, { includeMessages: 'true' })).find((t) => t._id === id);
    if (!found) throw new Error(`ticket ${id} gone`);
    return found;
  };
  const update = (json: unknown) => call(own, 'PUT', '/api/ticket', { json });

  beforeAll(async () => {
    own = await startMavaSandbox({ now: () => clock, rateLimit: ROOMY });
    tickets = await fetchAllTickets(own, { includeMessages: 'true' });
  });
  afterAll(async () => {
    await own.close();
  });

  it('answers Ticket not found for a missing, unknown or non-string ticketId', async () => {
    for (const json of [{}, { ticketId: 'ffffffffffffffffffffffff', status: 'Open' }, { ticketId: 12 }, { status: 'Open' }]) {
      const answer = await update(json);
      expect(answer.status).toBe(400);
      expect(answer.body).toEqual({ error: 'Ticket not found' });
    }
  });

  it('answers Invalid status or priority for values outside the documented ones', async () => {
    const ticketId = tickets[0]!._id;
    for (const change of [{ status: 'Closed' }, { status: 'open' }, { priority: '2' }, { priority: 4 }, { priority: 0 }, { status: 'Open', priority: 2.5 }]) {
      const answer = await update({ ticketId, ...change });
      expect(answer.status, JSON.stringify(change)).toBe(400);
      expect(answer.body).toEqual({ error: 'Invalid status or priority' });
    }
  });

  it('answers Category not found for unknown and archived categories', async () => {
    const ticketId = tickets[0]!._id;
    const legacy = tickets.find((t) => t.category?.name === 'Legacy')!.category!;
    for (const categoryId of ['ffffffffffffffffffffffff', legacy._id, 7]) {
      const answer = await update({ ticketId, categoryId });
      expect(answer.status).toBe(400);
      expect(answer.body).toEqual({ error: 'Category not found' });
    }
  });

  it('checks in order and changes nothing when a check fails', async () => {
    const ticket = tickets.find((t) => t.status !== 'Resolved')!;
    expect((await update({ ticketId: 'nope', status: 'Bad', categoryId: 'nope' })).body).toEqual({ error: 'Ticket not found' });
    expect((await update({ ticketId: ticket._id, status: 'Bad', categoryId: 'nope' })).body).toEqual({ error: 'Invalid status or priority' });
    expect((await update({ ticketId: ticket._id, status: 'Resolved', priority: 3, categoryId: 'nope' })).body).toEqual({ error: 'Category not found' });
    expect(await ticketById(ticket._id)).toEqual(ticket);
  });

  it('applies each differing field with an audit-log entry, and resolution time', async () => {
    const ticket = tickets.find((t) => t.status === 'Open' && t.priority === 1 && t.category?.name !== 'Refunds')!;
    const refunds = (await call<{ categories: Array<{ _id: string; name: string }> }>(own, 'GET', '/api/categories')).body.categories.find(
      (c) => c.name === 'Refunds',
    )!;
    clock = NOW + 60_000;
    const answer = await update({ ticketId: ticket._id, status: 'Resolved', priority: 3, categoryId: refunds._id });
    expect(answer.status).toBe(200);
    expect(answer.body).toEqual({ message: 'Ticket updated' });

    const after = await ticketById(ticket._id);
    expect(after.status).toBe('Resolved');
    expect(after.priority).toBe(3);
    expect(after.category).toEqual({ _id: refunds._id, name: 'Refunds' });
    expect(after.resolutionTime).toBe(clock - Date.parse(ticket.createdAt));
    expect(after.updatedAt).toBe(new Date(clock).toISOString());
    const audit = after.messages!.slice(ticket.messages!.length);
    expect(audit.map((m) => m.content)).toEqual([
      'Status changed from Open to Resolved via API',
      'Priority changed from 1 to 3 via API',
      `Category changed from ${ticket.category?.name ?? 'None'} to Refunds via API`,
    ]);
    for (const message of audit) {
      expect(message).toMatchObject({
        senderType: 'system',
        senderName: null,
        messageType: 'AuditLog',
        attachments: [],
        createdAt: new Date(clock).toISOString(),
      });
      expect(message._id).toMatch(OBJECT_ID);
    }

    // The same values again: accepted, nothing written, updatedAt stays.
    clock = NOW + 120_000;
    expect((await update({ ticketId: ticket._id, status: 'Resolved', priority: 3, categoryId: refunds._id })).body).toEqual({
      message: 'Ticket updated',
    });
    expect((await update({ ticketId: ticket._id })).status).toBe(200);
    expect(await ticketById(ticket._id)).toEqual(after);

    // Reopening clears the resolution time and writes one entry.
    const reopened = (await update({ ticketId: ticket._id, status: 'Waiting', priority: 3 })).status;
    expect(reopened).toBe(200);
    const final = await ticketById(ticket._id);
    expect(final.resolutionTime).toBeNull();
    expect(final.messages!.slice(after.messages!.length).map((m) => m.content)).toEqual(['Status changed from Resolved to Waiting via API']);
    expect(final.updatedAt).toBe(new Date(clock).toISOString());
  });

  it('treats null fields as not sent', async () => {
    const ticket = tickets[5]!;
    expect((await update({ ticketId: ticket._id, status: null, priority: null, categoryId: null })).status).toBe(200);
    expect((await ticketById(ticket._id)).messages).toHaveLength(ticket.messages!.length);
  });
});

describe('PUT and POST /api/message', () => {
  let own: MavaSandbox;
  let tickets: TicketJson[];
  const send = (json: unknown, method = 'PUT') => call<SendMessageBody & { error?: string }>(own, method, '/api/message', { json });

  beforeAll(async () => {
    own = await startMavaSandbox({ now: () => NOW + 1_000, rateLimit: ROOMY });
    tickets = await fetchAllTickets(own, { includeMessages: 'true' });
  });
  afterAll(async () => {
    await own.close();
  });

  it('sends an external message with PUT and answers message, ticket and sender', async () => {
    const ticket = tickets[3]!;
    const answer = await send({ ticketId: ticket._id, content: 'Thanks for reaching out! We will look into this right away.' });
    expect(answer.status).toBe(200);
    expect(answer.body.message).toEqual({
      _id: expect.stringMatching(OBJECT_ID),
      content: 'Thanks for reaching out! We will look into this right away.',
      senderType: 'agent',
      senderName: null,
      messageType: 'ExternalMessage',
      createdAt: new Date(NOW + 1_000).toISOString(),
      attachments: [],
    });
    expect(answer.body.ticket).toEqual({ _id: ticket._id, status: ticket.status, priority: ticket.priority });
    expect(answer.body.sender).toEqual({ _id: expect.stringMatching(OBJECT_ID), name: 'API' });

    const after = (await fetchAllTickets(own, { includeMessages: 'true' })).find((t) => t._id === ticket._id)!;
    expect(after.messages!.at(-1)).toEqual(answer.body.message);
    expect(after.updatedAt).toBe(new Date(NOW + 1_000).toISOString());
    expect(after.status).toBe(ticket.status);
  });

  it('adds an internal note with POST, and attachments without content', async () => {
    const ticket = tickets[4]!;
    const note = await send({ ticketId: ticket._id, content: 'Customer is a premium user, prioritise.', messageType: 'InternalNote' }, 'POST');
    expect(note.status).toBe(200);
    expect(note.body.message.messageType).toBe('InternalNote');

    const attachment = { fileName: 'invoice.pdf', url: 'https://files.example.com/invoice.pdf', fileType: 'application/pdf' };
    const file = await send({ ticketId: ticket._id, attachments: [{ ...attachment, extra: 'dropped' }] });
    expect(file.status).toBe(200);
    expect(file.body.message.content).toBe('');
    expect(file.body.message.attachments).toEqual([attachment]);

    const after = (await fetchAllTickets(own, { includeMessages: 'true' })).find((t) => t._id === ticket._id)!;
    expect(after.messages!.slice(-2).map((m) => m._id)).toEqual([note.body.message._id, file.body.message._id]);
  });

  it('answers Ticket not found, Invalid message type, Content or attachments are required, Invalid attachments', async () => {
    const ticketId = tickets[0]!._id;
    const attachment = { fileName: 'a.png', url: 'https://files.example.com/a.png', fileType: 'image/png' };
    const cases: Array<[unknown, string]> = [
      [{ content: 'hi' }, 'Ticket not found'],
      [{ ticketId: 'ffffffffffffffffffffffff', content: 'hi' }, 'Ticket not found'],
      [{ ticketId: 'nope', messageType: 'Bad' }, 'Ticket not found'],
      [{ ticketId, content: 'hi', messageType: 'PrivateNote' }, 'Invalid message type'],
      [{ ticketId, messageType: 'AuditLog' }, 'Invalid message type'],
      [{ ticketId }, 'Content or attachments are required'],
      [{ ticketId, content: '   \n' }, 'Content or attachments are required'],
      [{ ticketId, content: '', attachments: [] }, 'Content or attachments are required'],
      [{ ticketId, attachments: 'a.png' }, 'Content or attachments are required'],
      [{ ticketId, content: 'hi', attachments: 'a.png' }, 'Invalid attachments'],
      [{ ticketId, attachments: [{ fileName: 'a.png', url: 'https://x' }] }, 'Invalid attachments'],
      [{ ticketId, attachments: [attachment, 'b.png'] }, 'Invalid attachments'],
      [{ ticketId, content: 42, attachments: [attachment] }, 'Invalid request body'],
    ];
    const before = await fetchAllTickets(own, { includeMessages: 'true' });
    for (const [json, error] of cases) {
      for (const method of ['PUT', 'POST']) {
        const answer = await send(json, method);
        expect(answer.status, `${method} ${JSON.stringify(json)}`).toBe(400);
        expect(answer.body).toEqual({ error });
      }
    }
    expect(await fetchAllTickets(own, { includeMessages: 'true' })).toEqual(before);
  });
});

describe('POST /api/identify', () => {
  let own: MavaSandbox;
  let tickets: TicketJson[];
  const identify = (json: unknown) => call<IdentifyBody & { error?: string }>(own, 'POST', '/api/identify', { json });

  beforeAll(async () => {
    own = await startMavaSandbox({ now: () => NOW, rateLimit: ROOMY });
    tickets = await fetchAllTickets(own);
  });
  afterAll(async () => {
    await own.close();
  });

  it("creates a customer when no id is sent (Mava's example sends empty strings) and updates it by id", async () => {
    const created = await identify({ emailAddress: '', mavaCustomerId: '', customAttributes: [{ label: 'exampleLabel', value: 'exampleValue' }] });
    expect(created.status).toBe(200);
    const id = created.body.mavaCustomerId;
    expect(id).toMatch(OBJECT_ID);
    expect(created.body.message).toBe('Customer identified');
    expect(created.body.customer).toEqual({
      _id: id,
      email: null,
      attributes: [{ attributeId: expect.stringMatching(OBJECT_ID), name: 'exampleLabel', content: 'exampleValue' }],
    });

    const updated = await identify({
      mavaCustomerId: id,
      emailAddress: 'new.person@example.org',
      customAttributes: [
        { label: 'exampleLabel', value: 'changed' },
        { label: 'Plan', value: 'Pro' },
      ],
    });
    expect(updated.body.mavaCustomerId).toBe(id);
    expect(updated.body.customer.email).toBe('new.person@example.org');
    expect(updated.body.customer.attributes).toEqual([
      { ...created.body.customer.attributes[0], content: 'changed' },
      { attributeId: expect.stringMatching(OBJECT_ID), name: 'Plan', content: 'Pro' },
    ]);

    // Found again by email, whatever its case, then by platform user id.
    expect((await identify({ emailAddress: 'New.Person@Example.org' })).body.mavaCustomerId).toBe(id);
    expect((await identify({ mavaCustomerId: id, plaformUserId: 'usr_42' })).body.mavaCustomerId).toBe(id);
    expect((await identify({ plaformUserId: 'usr_42' })).body.mavaCustomerId).toBe(id);
    expect((await identify({ plaformUserId: 'usr_43' })).body.mavaCustomerId).not.toBe(id);
  });

  it('updates a seeded customer, visible on their tickets', async () => {
    const ticket = tickets.find((t) => t.customer?.email)!;
    const customer = ticket.customer!;
    const byEmail = await identify({ emailAddress: customer.email!, customAttributes: [{ label: 'Lifetime value', value: '$12,400' }] });
    expect(byEmail.body.mavaCustomerId).toBe(customer._id);

    const theirs = (await fetchAllTickets(own)).filter((t) => t.customer?._id === customer._id);
    expect(theirs.length).toBeGreaterThanOrEqual(1);
    for (const t of theirs) {
      expect(t.customer!.attributes).toEqual([
        ...customer.attributes,
        { attributeId: expect.stringMatching(OBJECT_ID), name: 'Lifetime value', content: '$12,400' },
      ]);
    }
  });

  it('answers Customer not found, Invalid custom attributes and Invalid request body', async () => {
    const cases: Array<[unknown, string]> = [
      [{ mavaCustomerId: 'ffffffffffffffffffffffff' }, 'Customer not found'],
      [{ customAttributes: [{ label: 'Plan' }] }, 'Invalid custom attributes'],
      [{ customAttributes: [{ value: 'Pro' }] }, 'Invalid custom attributes'],
      [{ customAttributes: [{ label: 'Plan', value: 3 }] }, 'Invalid custom attributes'],
      [{ customAttributes: { label: 'Plan', value: 'Pro' } }, 'Invalid custom attributes'],
      [{ customAttributes: ['Plan'] }, 'Invalid custom attributes'],
      [{ emailAddress: 42 }, 'Invalid request body'],
      [{ plaformUserId: ['x'] }, 'Invalid request body'],
      [{ mavaCustomerId: 7 }, 'Invalid request body'],
    ];
    for (const [json, error] of cases) {
      const answer = await identify(json);
      expect(answer.status, JSON.stringify(json)).toBe(400);
      expect(answer.body).toEqual({ error });
    }
  });
});

describe('rate limit', () => {
  it('refuses the request over the limit with 429 and no Retry-After, and recovers after the window', async () => {
    const small = await startMavaSandbox({ rateLimit: { requests: 5, windowMs: 1_000 }, ticketCount: 10 });
    try {
      // Requests with a wrong key are refused before they count.
      for (let i = 0; i < 3; i++) expect((await call(small, 'GET', '/api/categories', { key: 'wrong' })).status).toBe(401);
      const started = performance.now();
      for (let i = 0; i < 5; i++) expect((await call(small, 'GET', '/api/categories')).status).toBe(200);
      const refused = await call(small, 'GET', '/api/categories');
      expect(refused.status).toBe(429);
      expect(refused.body).toEqual({ error: 'Too many requests' });
      expect(refused.headers.get('retry-after')).toBeNull();
      expect(refused.headers.get('content-type')).toMatch(/^application\/json/);
      expect((await call(small, 'PUT', '/api/ticket', { json: {} })).status).toBe(429);

      await sleep(1_000 - (performance.now() - started) + 50);
      expect((await call(small, 'GET', '/api/categories')).status).toBe(200);
      expect(small.requests.map((r) => r.status)).toEqual([401, 401, 401, 200, 200, 200, 200, 200, 429, 429, 200]);
    } finally {
      await small.close();
    }
  });

  it('defaults to 90 requests per 30 seconds', async () => {
    const standard = await startMavaSandbox({ ticketCount: 5 });
    try {
      const statuses = await Promise.all(Array.from({ length: 91 }, () => call(standard, 'GET', '/api/categories').then((a) => a.status)));
      expect(statuses.filter((s) => s === 200)).toHaveLength(90);
      expect(statuses.filter((s) => s === 429)).toHaveLength(1);
    } finally {
      await standard.close();
    }
  });
});

describe('seeded data', () => {
  it('is the same for the same seed, with dates following the clock', async () => {
    const a = await startMavaSandbox({ now: () => NOW, rateLimit: ROOMY });
    const b = await startMavaSandbox({ now: () => NOW, rateLimit: ROOMY });
    const later = await startMavaSandbox({ now: () => NOW + 5 * DAY, rateLimit: ROOMY });
    const other = await startMavaSandbox({ now: () => NOW, rateLimit: ROOMY, seed: 7 });
    try {
      const ticketsA = await fetchAllTickets(a, { includeMessages: 'true' });
      expect(await fetchAllTickets(b, { includeMessages: 'true' })).toEqual(ticketsA);
      expect((await call(b, 'GET', '/api/categories')).body).toEqual((await call(a, 'GET', '/api/categories')).body);

      const shifted = await fetchAllTickets(later, {
        includeMessages: 'true',
        startDate: new Date(NOW - 95 * DAY).toISOString(),
        endDate: new Date(NOW + 6 * DAY).toISOString(),
      });
      const shift = (iso: string): string => new Date(Date.parse(iso) - 5 * DAY).toISOString();
      expect(
        shifted.map((t) => ({
          ...t,
          createdAt: shift(t.createdAt),
          updatedAt: shift(t.updatedAt),
          messages: t.messages?.map((m) => ({ ...m, createdAt: shift(m.createdAt) })),
        })),
      ).toEqual(ticketsA);

      const ticketsOther = await fetchAllTickets(other);
      expect(ticketsOther).toHaveLength(300);
      expect(ticketsOther.map((t) => t._id).filter((id) => ticketsA.some((t) => t._id === id))).toEqual([]);
    } finally {
      await Promise.all([a, b, later, other].map((s) => s.close()));
    }
  });

  it('honours ticketCount', async () => {
    const few = await startMavaSandbox({ ticketCount: 12, now: () => NOW });
    const none = await startMavaSandbox({ ticketCount: 0, now: () => NOW });
    try {
      expect((await fetchTickets(few)).count).toBe(12);
      expect((await fetchTickets(none)).count).toBe(0);
    } finally {
      await Promise.all([few.close(), none.close()]);
    }
  });

  it('rejects nonsensical options', async () => {
    await expect(startMavaSandbox({ ticketCount: -1 })).rejects.toThrow(RangeError);
    await expect(startMavaSandbox({ rateLimit: { requests: 0, windowMs: 1_000 } })).rejects.toThrow(RangeError);
    await expect(startMavaSandbox({ apiKey: '' })).rejects.toThrow(RangeError);
  });
});

describe('failures', () => {
  it('answers 500 Internal server error to an unexpected exception and keeps serving', async () => {
    const store = new MavaStore(generateDataset({ seed: 1, ticketCount: 5, now: NOW }), () => NOW);
    vi.spyOn(store, 'activeCategories').mockImplementation(() => {
      throw new Error('disk on fire at /secret/path.ts:12');
    });
    const server = createMavaServer({ store, apiKey: 'k', rateLimit: ROOMY });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    try {
      const response = await fetch(`${url}/api/categories`, { headers: { 'x-auth-token': 'k' } });
      expect(response.status).toBe(500);
      expect(await response.text()).toBe('{"error":"Internal server error"}');
      const next = await fetch(`${url}${ticketsPath()}`, { headers: { 'x-auth-token': 'k' } });
      expect(next.status).toBe(200);
      expect(((await next.json()) as TicketsBody).count).toBe(5);
    } finally {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });

  it('shrugs off a client that hangs up mid-upload', async () => {
    const short = await startMavaSandbox({ ticketCount: 1 });
    try {
      const socket = connect(Number(new URL(short.url).port), '127.0.0.1');
      await new Promise<void>((resolve) => socket.once('connect', resolve));
      socket.write(`PUT /api/ticket HTTP/1.1\r\nHost: sandbox\r\nx-auth-token: ${short.apiKey}\r\nContent-Length: 100\r\n\r\n{"ticketId":`);
      await sleep(50);
      socket.destroy();
      await sleep(50);
      expect((await call(short, 'GET', '/api/categories')).status).toBe(200);
      // Nobody was answered, so nothing was served.
      expect(short.requests.map((r) => `${r.method} ${r.path} ${r.status}`)).toEqual(['GET /api/categories 200']);
    } finally {
      await short.close();
    }
  });

  it('closes idempotently and stops answering', async () => {
    const short = await startMavaSandbox({ ticketCount: 1 });
    expect((await call(short, 'GET', '/api/categories')).status).toBe(200);
    await Promise.all([short.close(), short.close()]);
    await short.close();
    await expect(fetch(`${short.url}/api/categories`)).rejects.toThrow();
  });
});
