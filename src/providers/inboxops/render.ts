import { cell, cut, oneLine, sanitize } from '../../tools/sanitize.js';
import type { ApiTicket } from './api.js';

/** A subject is cut here in the text line, and at SUBJECT_CHARS in structuredContent. */
const SNIPPET_CHARS = 80;
const SUBJECT_CHARS = 300;
/** Custom fields kept per ticket, and the length of each value. */
const MAX_FIELDS = 20;
const FIELD_CHARS = 200;

/**
 * The trimmed ticket an agent works with; field names stay InboxOps's. Text a customer may have
 * written (the subject, custom field values) is stripped of invisible characters.
 */
export function trimTicket(ticket: ApiTicket) {
  const tagIds = ticket.tag_ids ?? ticket.tags?.map((tag) => tag.id) ?? [];
  return {
    id: ticket.id,
    ticket_number: ticket.ticket_number ?? null,
    subject: ticket.subject == null ? null : cut(sanitize(ticket.subject), SUBJECT_CHARS),
    status: ticket.status,
    priority: ticket.priority ?? null,
    assignee_id: ticket.assignee_id ?? null,
    inbox_id: ticket.inbox_id ?? null,
    contact_id: ticket.contact_id ?? null,
    tag_ids: tagIds,
    created_at: ticket.created_at ?? null,
    updated_at: ticket.updated_at ?? null,
    custom_fields: Object.fromEntries(
      Object.entries(ticket.custom_fields ?? {})
        .slice(0, MAX_FIELDS)
        .map(([name, value]) => [oneLine(name, 60), oneLine(typeof value === 'string' ? value : (JSON.stringify(value) ?? ''), FIELD_CHARS)]),
    ),
  };
}

export type Ticket = ReturnType<typeof trimTicket>;

export const TICKET_COLUMNS = 'id | # | created (UTC) | status | priority | assignee_id | tag_ids | subject';

const minute = (iso: string | null) => (iso ? iso.slice(0, 16).replace('T', ' ') : '-');

/** One line a ticket, in TICKET_COLUMNS order; the subject as a JSON string, so it cannot break out of its quotes. */
export function ticketLine(ticket: Ticket): string {
  return [
    ticket.id,
    ticket.ticket_number === null ? '-' : `#${ticket.ticket_number}`,
    minute(ticket.created_at),
    ticket.status,
    ticket.priority ?? '-',
    ticket.assignee_id ?? 'unassigned',
    // The filters take ids: what a next call needs is on the line.
    ticket.tag_ids.length ? cell(ticket.tag_ids.join(','), 200) : '-',
    ticket.subject === null ? '-' : JSON.stringify(oneLine(ticket.subject, SNIPPET_CHARS)),
  ].join(' | ');
}

/** "status in_progress, priority high, assignee usr_1": where a ticket stands. */
export function ticketState(ticket: Ticket): string {
  return `status ${ticket.status}, priority ${ticket.priority ?? '-'}, assignee ${ticket.assignee_id ?? 'none'}`;
}
