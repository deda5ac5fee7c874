// GET /api/v2/ticket (a page of tickets) and GET /api/v2/ticket/:ticketID (one, with its timeline).

import { fail, HttpError, ok, type Reply } from '../http-io.js';
import { TICKET_STATUSES, type TicketStatus } from '../model.js';
import { ticketItemJson, ticketJson } from '../wire.js';
import type { RouteRequest } from './route.js';

/** itemLimit: at most 9999, default 15 (docs/api/omnidesk.md, "List tickets"). */
const MAX_LIMIT = 9_999;
const DEFAULT_LIMIT = 15;

export function listTickets({ store, query }: RouteRequest): Reply {
  const itemStart = count(query, 'itemStart', 0);
  const itemLimit = count(query, 'itemLimit', DEFAULT_LIMIT);
  if (itemLimit > MAX_LIMIT) throw new HttpError(400, `itemLimit must be at most ${MAX_LIMIT}`);
  const status = query.get('status') || undefined;
  if (status !== undefined && !(TICKET_STATUSES as readonly string[]).includes(status)) {
    throw new HttpError(400, `status must be one of ${TICKET_STATUSES.join(', ')}`);
  }
  const archived = query.get('searchArchived') || 'no';
  if (archived !== 'yes' && archived !== 'no') throw new HttpError(400, 'searchArchived must be yes or no');
  const search = query.get('query') || undefined;
  const page = store.listTickets({ itemStart, itemLimit, status: status as TicketStatus | undefined, query: search, searchArchived: archived === 'yes' });
  return ok({ type: 'list', itemStart, itemLimit, itemTotal: page.total, items: page.items.map(ticketJson) });
}

export function getTicket({ store, params }: RouteRequest): Reply {
  const id = params.ticketID ?? '';
  const ticket = /^\d{1,15}$/.test(id) ? store.findTicket(Number(id)) : undefined;
  if (!ticket) return fail(404, 'Ticket not found');
  return ok({ type: 'item', item: ticketItemJson(ticket) });
}

function count(query: URLSearchParams, name: string, fallback: number): number {
  const value = query.get(name);
  if (value === null || value === '') return fallback;
  if (!/^\d{1,9}$/.test(value)) throw new HttpError(400, `${name} must be a number`);
  return Number(value);
}
