import { beforeAll, describe, expect, it } from 'vitest';
import { startMavaSandbox } from '../../src/providers/mava/sandbox/index.js';
import { fetchTickets } from '../../src/providers/mava/tools/fetch-tickets.js';
import { connect, testConfig } from '../support/harness.js';
import { sessionOn } from '../support/session-on.js';

// Every tool through a real MCP client against the project's sandbox over real HTTP.
interface Ticket {
  _id: string;
  status: string;
  priority: number | null;
  sourceType: string | null;
  category: { _id: string; name: string | null } | null;
  customer: { _id: string; email: string | null; attributes: Record<string, string> } | null;
  messages?: Array<{ content: string; messageType: string | null; senderType: string | null }>;
}
interface Page {
  tickets: Ticket[];
  count: number;
  pagination: { limit: number; skip: number; hasMore: boolean; nextSkip?: number };
}

const { mcp } = sessionOn(startMavaSandbox, (sandbox) => testConfig({ api: { baseUrl: sandbox.url, apiKey: sandbox.apiKey } }));

async function fetchPage(args: Record<string, unknown>): Promise<Page> {
  const result = await mcp().call('fetch_tickets', args);
  expect(result.isError, result.text).toBe(false);
  return result.structured as unknown as Page;
}

async function findTicket(id: string): Promise<Ticket> {
  // Pages are cut to the result budget: follow nextSkip, not the page size.
  for (let skip = 0; ; ) {
    const page = await fetchPage({
      startDate: new Date(Date.now() - 91 * 86_400_000).toISOString(),
      limit: 100,
      skip,
      includeMessages: true,
      lastMessages: 20,
    });
    const ticket = page.tickets.find((t) => t._id === id);
    if (ticket) return ticket;
    if (page.pagination.nextSkip === undefined) throw new Error(`ticket ${id} not found`);
    skip = page.pagination.nextSkip;
  }
}

describe('fetch_tickets on the sandbox', () => {
  it('finds tickets in the default range (the last 30 days), newest first', async () => {
    const page = await fetchPage({});
    expect(page.count).toBeGreaterThan(20);
    expect(page.tickets.length).toBe(Math.min(50, page.count));
    expect(page.pagination).toMatchObject({ skip: 0, shown: page.tickets.length });
  });

  it('filters by one value or a list', async () => {
    const open = await fetchPage({ status: 'Open', origin: ['discord', 'email'], limit: 100 });
    expect(open.tickets.length).toBeGreaterThan(0);
    for (const ticket of open.tickets) {
      expect(ticket.status).toBe('Open');
      expect(['discord', 'email']).toContain(ticket.sourceType);
    }
  });

  it('pages with limit and skip, and says how to get the next page', async () => {
    const first = await mcp().call('fetch_tickets', { limit: 10 });
    const page = first.structured as unknown as Page;
    expect(page.pagination).toMatchObject({ hasMore: true, nextSkip: 10 });
    expect(first.text).toContain('skip=10');
    const second = await fetchPage({ limit: 10, skip: 10 });
    const ids = new Set(page.tickets.map((t) => t._id));
    expect(second.tickets.some((t) => ids.has(t._id))).toBe(false);
  });

  it('includes threads on request, customer text fenced as data', async () => {
    const result = await mcp().call('fetch_tickets', { startDate: new Date(Date.now() - 91 * 86_400_000).toISOString(), limit: 100, includeMessages: true });
    const page = result.structured as unknown as Page;
    expect(page.tickets.every((t) => Array.isArray(t.messages) && t.messages.length > 0)).toBe(true);
    expect(result.text).toMatch(/ {2}<<< \d{4}-\d{2}-\d{2} \d{2}:\d{2} message from customer/);
  });
});

describe('writes on the sandbox are visible on the next fetch', () => {
  let target: Ticket;
  beforeAll(async () => {
    target = (await fetchPage({ status: 'Open', limit: 1 })).tickets[0]!;
  });

  it('update_ticket changes status, priority and category', async () => {
    const categories = (await mcp().call('list_categories')).structured as { categories: Array<{ _id: string; name: string }> };
    expect(categories.categories.length).toBeGreaterThan(3);
    const category = categories.categories.find((c) => c._id !== target.category?._id)!;
    const priority = target.priority === 3 ? 1 : 3;
    const result = await mcp().call('update_ticket', { ticketId: target._id, status: 'Pending', priority, categoryId: category._id });
    expect(result.isError, result.text).toBe(false);
    const after = await findTicket(target._id);
    expect(after).toMatchObject({ status: 'Pending', priority, category: { _id: category._id, name: category.name } });
    expect(after.messages!.filter((m) => m.senderType === 'system').length).toBeGreaterThanOrEqual(3);
  });

  it('send_message and add_internal_note append to the thread', async () => {
    const reply = `We are on it (${Date.now()})`;
    expect((await mcp().call('send_message', { ticketId: target._id, content: reply })).isError).toBe(false);
    const note = `Escalated to billing (${Date.now()})`;
    expect((await mcp().call('add_internal_note', { ticketId: target._id, content: note })).isError).toBe(false);
    const messages = (await findTicket(target._id)).messages!;
    expect(messages.at(-2)).toMatchObject({ content: reply, messageType: 'ExternalMessage', senderType: 'agent' });
    expect(messages.at(-1)).toMatchObject({ content: note, messageType: 'InternalNote' });
  });

  it('identify_customer updates the customer seen on tickets', async () => {
    const withCustomer = (await fetchPage({ origin: 'email', limit: 1 })).tickets[0]!;
    const result = await mcp().call('identify_customer', {
      mavaCustomerId: withCustomer.customer!._id,
      customAttributes: [{ label: 'Plan', value: 'Enterprise (sandbox test)' }],
    });
    expect(result.isError, result.text).toBe(false);
    expect(result.structured).toEqual({ mavaCustomerId: withCustomer.customer!._id });
    expect((await findTicket(withCustomer._id)).customer!.attributes.Plan).toBe('Enterprise (sandbox test)');
  });

  it('identify_customer creates a customer and returns the id to keep', async () => {
    const result = await mcp().call('identify_customer', { emailAddress: `new-${Date.now()}@example.org` });
    expect((result.structured as { mavaCustomerId: string }).mavaCustomerId).toMatch(/^[0-9a-f]{24}$/);
  });
});

describe("documented errors from the sandbox reach the agent in Mava's words", () => {
  it.each([
    ['update_ticket', { ticketId: 'ffffffffffffffffffffffff', status: 'Open' }, '"Ticket not found"'],
    ['update_ticket', 'first-ticket', '"Category not found"'],
    ['send_message', { ticketId: 'ffffffffffffffffffffffff', content: 'hi' }, '"Ticket not found"'],
    ['add_internal_note', { ticketId: 'ffffffffffffffffffffffff', content: 'hi' }, '"Ticket not found"'],
    ['identify_customer', { mavaCustomerId: 'ffffffffffffffffffffffff' }, '"Customer not found"'],
  ] as const)('%s %j', async (tool, args, words) => {
    const real = args === 'first-ticket' ? { ticketId: (await fetchPage({ limit: 1 })).tickets[0]!._id, categoryId: 'ffffffffffffffffffffffff' } : args;
    const result = await mcp().call(tool, real);
    expect(result.isError).toBe(true);
    expect(result.text).toContain(words);
    expect(result.text).toContain('Nothing was changed');
  });
});

describe('429 handling under a tiny limit', () => {
  it('retries through the limiter until every call succeeds', async () => {
    const strict = await startMavaSandbox({ rateLimit: { requests: 3, windowMs: 1_000 } });
    // The client is allowed more than the server, so the server answers 429 and we must recover.
    const eager = await connect(testConfig({ api: { baseUrl: strict.url, apiKey: strict.apiKey, rateLimit: { requests: 20, windowMs: 1_000 } } }));
    const results = await Promise.all(Array.from({ length: 8 }, () => eager.call('list_categories')));
    await eager.close();
    const statuses = strict.requests.map((r) => r.status);
    await strict.close();
    expect(results.filter((r) => r.isError).map((r) => r.text)).toEqual([]);
    expect(statuses.filter((s) => s === 429).length).toBeGreaterThan(0);
    expect(statuses.filter((s) => s === 200).length).toBe(8);
  });
});

describe('a strict client\'s null means "not set"; refusals say what is expected and that nothing was sent', () => {
  const { backend: sandbox, mcp: session } = sessionOn(startMavaSandbox, (sandbox) => testConfig({ api: { baseUrl: sandbox.url, apiKey: sandbox.apiKey } }));

  it('takes null for every optional field, as OpenAI strict mode sends them', async () => {
    // Every optional field of the tool's own input, so a field added later is covered too.
    const optional = Object.entries(fetchTickets.input).filter(([, schema]) => schema.isOptional());
    expect(optional.length).toBeGreaterThan(10);
    const all = await session().call('fetch_tickets', Object.fromEntries(optional.map(([name]) => [name, null])));
    expect(all.isError, all.text).toBe(false);
    const ticket = (all.structured as unknown as Page).tickets[0]!;
    const category = ((await session().call('list_categories', {})).structured as { categories: Array<{ _id: string; name: string }> }).categories[1]!;
    const update = await session().call('update_ticket', { ticketId: ticket._id, status: null, priority: null, categoryId: null, category: category.name });
    expect(update.isError, update.text).toBe(false);
    expect(update.structured).toMatchObject({ categoryId: category._id });
    const note = await session().call('add_internal_note', {
      ticketId: ticket._id,
      content: `Null-safe note ${Date.now()}`,
      attachments: null,
      allowDuplicate: null,
    });
    expect(note.isError, note.text).toBe(false);
  });

  it.each([
    ['update_ticket', { ticketId: null, status: 'Open' }, 'ticketId must be text, not null'],
    ['update_ticket', { ticketId: 'x'.repeat(201), status: 'Open' }, 'ticketId must be at most 200 characters'],
    ['update_ticket', { ticketId: 'abc', priority: 0 }, 'priority must be the number 1, 2 or 3'],
    ['update_ticket', { ticketId: 'abc', priority: 4 }, 'priority must be the number 1, 2 or 3'],
    ['send_message', { ticketId: 'abc', content: 'x'.repeat(20_001) }, 'content must be at most 20000 characters'],
    ['send_message', { ticketId: 'abc', attachments: [123] }, 'attachments[0] must be a public file URL, or an object {fileName, url, fileType}'],
    ['send_message', { ticketId: 'abc', attachments: ['ftp://files.example.com/a.png'] }, 'attachments[0] must be a public http(s) URL'],
    ['send_message', { ticketId: 'abc', attachments: [{ url: 'https://files.example.com/a.png' }] }, 'attachments[0].fileName is required (text)'],
    [
      'send_message',
      { ticketId: 'abc', attachments: [{ fileName: 'a.png', url: 'https://files.example.com/a.png', fileType: 'image/png', size: 1 }] },
      'attachments[0]: unknown field size',
    ],
    [
      'identify_customer',
      { emailAddress: 'ana@example.com', customAttributes: 'Pro' },
      'customAttributes must be a list of {label, value} (text each), or a map of label to text',
    ],
    ['identify_customer', { emailAddress: 'ana@example.com', customAttributes: [{ label: 'Plan' }] }, 'customAttributes[0].value is required (text)'],
    ['identify_customer', { emailAddress: 'ana@example.com', customAttributes: { '': 'Pro' } }, 'customAttributes: the name "" must not be empty'],
    [
      'identify_customer',
      { emailAddress: 'ana@example.com', customAttributes: Object.fromEntries(Array.from({ length: 101 }, (_, i) => [`k${i}`, 'v'])) },
      'customAttributes must hold at most 100 attributes',
    ],
    ['identify_customer', { emailAddress: 'not an address' }, 'emailAddress must be an email address'],
    ['no_such_tool', {}, 'Tool no_such_tool not found'],
  ] as const)('%s %j is refused before any request', async (tool, args, words) => {
    const before = sandbox().requests.length;
    const result = await session().call(tool, args);
    expect(result.isError).toBe(true);
    expect(result.text).toContain(words);
    expect(result.text).toContain('Nothing was sent.');
    expect(sandbox().requests.length).toBe(before);
  });
});
