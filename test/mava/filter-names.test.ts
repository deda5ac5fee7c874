import { describe, expect, it } from 'vitest';
import { startMavaSandbox } from '../../src/providers/mava/sandbox/index.js';
import { testConfig } from '../support/harness.js';
import { sessionOn } from '../support/session-on.js';
import { STANDIN_DATA } from '../support/mava-standin/index.js';
import { standinSessions } from '../support/standin-sessions.js';

// fetch_tickets' category, assignedTo and tags filters take what the output shows (names), as a
// model uses them, not only the ids Mava filters by.
type Ref = { _id: string; name: string | null };
interface Ticket {
  _id: string;
  category: Ref | null;
  assignedTo: Ref | null;
  tags: Ref[];
}
const WIDE = { startDate: new Date(Date.now() - 120 * 86_400_000).toISOString(), limit: 100 };

describe('filters by name on the sandbox', () => {
  const { mcp } = sessionOn(startMavaSandbox, (sandbox) => testConfig({ api: { baseUrl: sandbox.url, apiKey: sandbox.apiKey } }));

  async function fetch(args: Record<string, unknown>) {
    const result = await mcp().call('fetch_tickets', { ...WIDE, ...args });
    expect(result.isError, result.text).toBe(false);
    return { text: result.text, count: result.structured!.count as number, tickets: result.structured!.tickets as Ticket[] };
  }

  it('a category, an agent and a tag named as the output shows them find what their ids find', async () => {
    const all = await fetch({});
    const sample = all.tickets.find((t) => t.category?.name && t.assignedTo?.name && t.tags.some((tag) => tag.name))!;
    const line = all.text.split('\n').find((l) => l.startsWith(sample._id))!;
    const tag = sample.tags.find((t) => t.name)!;
    // What a model reads on the ticket's line is what it will filter with.
    expect(line).toContain(sample.category!.name!);
    expect(line).toContain(sample.assignedTo!.name!);
    expect(line).toContain(tag.name!);

    for (const [filter, ref] of [
      ['category', sample.category!],
      ['assignedTo', sample.assignedTo!],
      ['tags', tag],
    ] as const) {
      const byId = await fetch({ [filter]: ref._id });
      const byName = await fetch({ [filter]: ref.name!.toUpperCase() });
      expect(byId.count, filter).toBeGreaterThan(0);
      expect(byName.count, filter).toBe(byId.count);
      expect(byName.tickets.map((t) => t._id)).toEqual(byId.tickets.map((t) => t._id));
      expect(byName.text).toContain(`${filter} "${ref.name!.toUpperCase()}" = ${ref.name} (${ref._id})`);
    }
  });

  it('"Billing" in any case, in a list with another name, and "unassigned"', async () => {
    const billing = await fetch({ category: 'billing' });
    expect(billing.count).toBeGreaterThan(0);
    expect(billing.tickets.every((t) => t.category?.name === 'Billing')).toBe(true);
    const two = await fetch({ category: ['Billing', 'Refunds'] });
    expect(two.count).toBeGreaterThan(billing.count);
    const unassigned = await fetch({ assignedTo: 'unassigned' });
    expect(unassigned.count).toBeGreaterThan(0);
    expect(unassigned.tickets.every((t) => t.assignedTo === null)).toBe(true);
  });

  it('an unknown name is refused with the names there are', async () => {
    const result = await mcp().call('fetch_tickets', { tags: 'Platinum' });
    expect(result.isError).toBe(true);
    expect(result.text).toMatch(
      /^Invalid input: no tag called "Platinum" is on recent tickets \(tags: .*VIP.*\)\. Give a name fetch_tickets shows, or an _id\. Nothing was sent\.$/,
    );
    const agent = await mcp().call('fetch_tickets', { assignedTo: 'Nobody Known' });
    expect(agent.text).toContain('or "Unassigned"');
    const category = await mcp().call('fetch_tickets', { category: 'Shipping' });
    expect(category.text).toMatch(/no category called "Shipping" is in list_categories or on recent tickets \(categorys?|categories/);
  });
});

describe('filters by name, as Mava is asked', () => {
  const api = standinSessions('mava_live_FILTERNAMES_0123456789abcdef');
  const ticketsAsked = () => api.standin.requests.filter((r) => `${r.method} ${r.path}` === 'GET /api/tickets');
  const [billing] = STANDIN_DATA.categories;

  it('sends the ids, and learns agents and tags from one page of recent tickets when it has seen none', async () => {
    const mcp = await api.session();
    const result = await mcp.call('fetch_tickets', { assignedTo: 'jane smith', tags: 'vip', category: 'Billing' });
    expect(result.isError, result.text).toBe(false);
    const asked = ticketsAsked().map((r) => new URLSearchParams(r.rawQuery));
    expect(asked).toHaveLength(2); // the look at recent tickets, then the query
    expect(asked[1]!.getAll('assignedTo')).toEqual(['6650b2c3d4e5f67890123456']);
    expect(asked[1]!.getAll('tags')).toEqual(['6650d4e5f678901234567890']);
    expect(asked[1]!.getAll('category')).toEqual([billing._id]);
    // Known now: no second look.
    await mcp.call('fetch_tickets', { assignedTo: 'Jane Smith' });
    expect(ticketsAsked()).toHaveLength(3);
  });

  it('an id passes unchanged, without a look', async () => {
    const mcp = await api.session();
    await mcp.call('fetch_tickets', { assignedTo: '6650b2c3d4e5f67890123456', tags: ['6650d4e5f678901234567890'] });
    expect(ticketsAsked()).toHaveLength(1);
  });

  it('two agents of one name: the output tells them apart by id, and the bare name is refused with both', async () => {
    const mcp = await api.session();
    const [a, b] = [
      { _id: 'aaaaaaaaaaaaaaaaaaaaaaaa', name: 'Alex Kim' },
      { _id: 'bbbbbbbbbbbbbbbbbbbbbbbb', name: 'Alex Kim' },
    ];
    const ticket = STANDIN_DATA.tickets[0]!;
    const tickets = [
      { ...ticket, _id: '111111111111111111111111', assignedTo: a },
      { ...ticket, _id: '222222222222222222222222', assignedTo: b },
    ];
    api.standin.respondNext('GET /api/tickets', { status: 200, body: { tickets, count: 2, pagination: { limit: 50, skip: 0, hasMore: false } } });
    const listed = await mcp.call('fetch_tickets', {});
    expect(listed.isError, listed.text).toBe(false);
    expect(listed.text).toContain(`Alex Kim (${a._id})`);
    expect(listed.text).toContain(`Alex Kim (${b._id})`);
    const refused = await mcp.call('fetch_tickets', { assignedTo: 'alex kim' });
    expect(refused.isError).toBe(true);
    expect(refused.text).toBe(
      `Invalid input: assignedTo "alex kim" matches 2 agents: Alex Kim (${a._id}), Alex Kim (${b._id}). Give the full name or the _id. Nothing was sent.`,
    );
    expect(ticketsAsked()).toHaveLength(1);
  });
});
