// PUT /api/ticket: status, priority and category. Every check runs before anything changes,
// so a rejected request leaves the ticket exactly as it was.

import { isAbsent, isOneOf } from '../guards.js';
import { fail, ok, type Reply } from '../http-io.js';
import { PRIORITIES, TICKET_STATUSES, type Category } from '../model.js';
import type { RouteRequest } from './route.js';

export async function updateTicket({ store, readJson }: RouteRequest): Promise<Reply> {
  const body = await readJson();
  const ticket = typeof body.ticketId === 'string' ? store.findTicket(body.ticketId) : undefined;
  if (!ticket) return fail(400, 'Ticket not found');

  const status = body.status ?? undefined;
  const priority = body.priority ?? undefined;
  if ((status !== undefined && !isOneOf(TICKET_STATUSES, status)) || (priority !== undefined && !isOneOf(PRIORITIES, priority))) {
    return fail(400, 'Invalid status or priority');
  }

  let category: Category | undefined;
  if (!isAbsent(body.categoryId)) {
    category = typeof body.categoryId === 'string' ? store.findActiveCategory(body.categoryId) : undefined;
    if (!category) return fail(400, 'Category not found');
  }

  store.updateTicket(ticket, { status, priority, category });
  return ok({ message: 'Ticket updated' });
}
