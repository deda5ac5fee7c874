import { describe, expect, it } from 'vitest';
import { testConfig } from '../support/harness.js';
import { STANDIN_DATA, startStandin } from '../support/mava-standin/index.js';
import { sessionOn } from '../support/session-on.js';

// An answer's fields the schema does not name are ignored by the check (src/http/checked.ts) and
// must never reach the agent: every tool picks the fields it shows. Each answer below carries an
// extra field in every object, at every depth, and no trace of it may appear in the result.
const KEY = 'mava_live_STANDINKEY_0123456789abcdef';
const EXTRA_KEY = 'undocumentedField';
const EXTRA_VALUE = 'UNDOCUMENTED-VALUE-5e1c';

/** A copy of `value` with the extra field added to every object in it. */
function withExtras(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withExtras);
  if (typeof value !== 'object' || value === null) return value;
  const copy: Record<string, unknown> = { [EXTRA_KEY]: EXTRA_VALUE };
  for (const [key, field] of Object.entries(value)) copy[key] = withExtras(field);
  return copy;
}

describe('fields of an answer that the schema does not name', () => {
  const { backend: standin, mcp } = sessionOn(
    () => startStandin({ apiKey: KEY }),
    (standin) => testConfig({ api: { baseUrl: standin.url, apiKey: KEY } }),
    (standin) => standin.reset(),
  );

  async function callWithExtras(route: string, body: unknown, tool: string, args: Record<string, unknown>) {
    standin().respondNext(route, { status: 200, body: withExtras(body) });
    const result = await mcp().call(tool, args);
    expect(result.isError, result.text).toBe(false);
    expect(standin().requests.map((request) => `${request.method} ${request.path}`)).toEqual([route]);
    const seen = `${result.text}\n${JSON.stringify(result.structured)}`;
    expect(seen).not.toContain(EXTRA_KEY);
    expect(seen).not.toContain(EXTRA_VALUE);
    return result;
  }

  it('fetch_tickets shows none of them, threads included', async () => {
    const tickets = STANDIN_DATA.tickets;
    const page = { tickets, count: tickets.length, pagination: { limit: 50, skip: 0, hasMore: false } };
    const result = await callWithExtras('GET /api/tickets', page, 'fetch_tickets', { includeMessages: true, lastMessages: 20 });
    // The extras did not cost the tickets: each is shown, with its thread.
    for (const ticket of tickets) expect(result.text).toContain(ticket._id);
    const shown = result.structured?.tickets as Array<{ messages: unknown[] }>;
    expect(shown.map((ticket) => ticket.messages.length)).toEqual(tickets.map((ticket) => ticket.messages.length));
  });

  it('list_categories shows none of them', async () => {
    const result = await callWithExtras('GET /api/categories', { categories: STANDIN_DATA.categories }, 'list_categories', {});
    expect(result.structured).toEqual({ categories: STANDIN_DATA.categories.map(({ _id, name }) => ({ _id, name })) });
  });

  it('update_ticket shows none of them', async () => {
    const ticketId = STANDIN_DATA.tickets[0]._id;
    const result = await callWithExtras('PUT /api/ticket', { message: 'Ticket updated' }, 'update_ticket', { ticketId, status: 'Resolved' });
    expect(result.structured).toEqual({ ticketId, status: 'Resolved', message: 'Ticket updated' });
  });

  it.each(['send_message', 'add_internal_note'])('%s shows none of them', async (tool) => {
    const ticketId = STANDIN_DATA.tickets[0]._id;
    const answer = { message: { _id: 'msg-1', createdAt: '2026-01-02T03:04:05.000Z' }, ticket: { _id: ticketId }, sender: { _id: 'api', name: 'API' } };
    const result = await callWithExtras('PUT /api/message', answer, tool, { ticketId, content: 'Hello' });
    expect(result.structured).toMatchObject({ ticketId, messageId: 'msg-1', createdAt: '2026-01-02T03:04:05.000Z' });
  });

  it('identify_customer shows none of them', async () => {
    const result = await callWithExtras('POST /api/identify', { mavaCustomerId: 'cust-1' }, 'identify_customer', { emailAddress: 'sam@example.com' });
    expect(result.structured).toEqual({ mavaCustomerId: 'cust-1' });
  });
});
