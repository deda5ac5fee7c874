// GET /api/tickets: a page of the tickets created in a date range, filtered and sorted.

import { fail, ok, type Reply } from '../http-io.js';
import { parseTicketQuery } from '../ticket-query.js';
import { ticketJson } from '../wire.js';
import type { RouteRequest } from './route.js';

export function fetchTickets({ store, query }: RouteRequest): Reply {
  const parsed = parseTicketQuery(query);
  if (!parsed.ok) return fail(400, parsed.error);
  const { limit, skip, includeMessages } = parsed.query;
  const page = store.searchTickets(parsed.query);
  return ok({
    tickets: page.tickets.map((ticket) => ticketJson(ticket, includeMessages)),
    count: page.count,
    pagination: { limit, skip, hasMore: skip + page.tickets.length < page.count },
  });
}
