import { oneLine, sanitize } from '../../tools/sanitize.js';
import type { ApiTicket } from './api.js';

const SUBJECT_CHARS = 200;

/**
 * The trimmed ticket an agent works with; field names stay Omnidesk's. Text a customer wrote
 * (subject, sender) is stripped of invisible characters.
 */
export function trimTicket(ticket: ApiTicket) {
  const clean = (value: string | null | undefined, max = 200) => (value ? oneLine(value, max) : null);
  return {
    ticketID: (ticket.ticketID ?? ticket.id) as number,
    subject: clean(ticket.subject ?? ticket.title, SUBJECT_CHARS),
    status: clean(ticket.status, 40),
    priority: clean(ticket.priority, 40),
    channel_id: ticket.channel_id ?? null,
    channel_name: clean(ticket.channel_name, 60),
    brand_id: ticket.brand_id ?? null,
    brand_name: clean(ticket.brand_name, 60),
    customer_id: ticket.customer_id ?? null,
    from: clean(ticket.from_name && ticket.from ? `${ticket.from_name} <${ticket.from}>` : (ticket.from ?? ticket.from_name), 120),
    created_at: clean(ticket.created_at, 30),
    last_update: clean(ticket.last_update, 30),
  };
}

export type Ticket = ReturnType<typeof trimTicket>;

export const TICKET_COLUMNS = 'ticketID | created | status | priority | channel (channel_id) | brand (brand_id) | from | subject';

/** One line a ticket, in TICKET_COLUMNS order; the subject as a JSON string, so it cannot pass for anything but data. */
export function ticketLine(ticket: Ticket): string {
  const named = (name: string | null, id: number | null) => (id === null ? (name ?? '-') : `${name ?? '?'} (${id})`);
  return [
    ticket.ticketID,
    ticket.created_at?.slice(0, 16) ?? '-',
    ticket.status ?? '-',
    ticket.priority ?? '-',
    named(ticket.channel_name, ticket.channel_id),
    named(ticket.brand_name, ticket.brand_id),
    ticket.from?.replace(/\|/g, '¦') ?? '-',
    JSON.stringify(sanitize(ticket.subject ?? '')),
  ].join(' | ');
}
