// The sandbox's state: the seeded tickets, the queries over them, and the changes the API makes.

import { randomBytes } from 'node:crypto';
import { PRIORITY_NAMES, STATUS_NAMES, type Dataset, type Message, type Priority, type Ticket, type TicketStatus } from './model.js';

export interface TicketFilter {
  /** Words that must all appear (any case) in the subject or a message. */
  q?: string;
  status?: TicketStatus;
  priority?: Priority;
  assignee_id?: string;
  /** Tickets with any of these tags. */
  tag_ids?: string[];
  /** Epoch ms, exclusive. */
  created_after?: number;
  created_before?: number;
}

export interface TicketChanges {
  status?: TicketStatus;
  priority?: Priority;
  /** null unassigns. */
  assignee_id?: string | null;
}

export class InboxopsStore {
  private readonly byId: Map<string, Ticket>;

  constructor(
    readonly data: Dataset,
    private readonly now: () => number,
  ) {
    this.byId = new Map(data.tickets.map((ticket) => [ticket.id, ticket]));
  }

  /** Newest first. */
  list(filter: TicketFilter): Ticket[] {
    const words = (filter.q ?? '').toLowerCase().split(/\s+/).filter(Boolean);
    const tags = filter.tag_ids ? new Set(filter.tag_ids) : undefined;
    return this.data.tickets
      .filter(
        (ticket) =>
          (filter.status === undefined || ticket.status === filter.status) &&
          (filter.priority === undefined || ticket.priority === filter.priority) &&
          (filter.assignee_id === undefined || ticket.assignee_id === filter.assignee_id) &&
          (tags === undefined || ticket.tag_ids.some((id) => tags.has(id))) &&
          (filter.created_after === undefined || ticket.created_at > filter.created_after) &&
          (filter.created_before === undefined || ticket.created_at < filter.created_before) &&
          (words.length === 0 || matches(ticket, words)),
      )
      .sort((a, b) => b.created_at - a.created_at || b.ticket_number - a.ticket_number);
  }

  find(id: string): Ticket | undefined {
    return this.byId.get(id);
  }

  isAgent(id: string): boolean {
    return this.data.agents.some((agent) => agent.id === id);
  }

  update(ticket: Ticket, changes: TicketChanges): void {
    let changed = false;
    for (const field of ['status', 'priority', 'assignee_id'] as const) {
      const value = changes[field];
      if (value === undefined || ticket[field] === value) continue;
      (ticket as unknown as Record<string, unknown>)[field] = value;
      changed = true;
    }
    if (changed) ticket.updated_at = this.now();
  }

  addNote(ticket: Ticket, body: { body_text: string | null; body_html: string | null }): Message {
    const note: Message = { id: `msg_${randomBytes(6).toString('hex')}`, type: 'internal_note', ...body, created_at: this.now() };
    ticket.messages.push(note);
    ticket.updated_at = note.created_at;
    return note;
  }
}

function matches(ticket: Ticket, words: string[]): boolean {
  const text = [ticket.subject, ...ticket.messages.flatMap((m) => [m.body_text ?? '', stripTags(m.body_html ?? '')])].join('\n').toLowerCase();
  return words.every((word) => text.includes(word));
}

function stripTags(html: string): string {
  return html.replace(/<[^>]*>/g, ' ');
}

const iso = (ms: number) => new Date(ms).toISOString();

/** A ticket as the API shows it: no messages (the list and PATCH answer tickets alone). */
export function ticketJson(ticket: Ticket) {
  return {
    id: ticket.id,
    ticket_number: ticket.ticket_number,
    subject: ticket.subject,
    status: ticket.status,
    status_name: STATUS_NAMES[ticket.status],
    priority: ticket.priority,
    priority_name: PRIORITY_NAMES[ticket.priority],
    assignee_id: ticket.assignee_id,
    inbox_id: ticket.inbox_id,
    contact_id: ticket.contact_id,
    tag_ids: ticket.tag_ids,
    custom_fields: ticket.custom_fields,
    created_at: iso(ticket.created_at),
    updated_at: iso(ticket.updated_at),
  };
}

export function noteJson(ticket: Ticket, note: Message) {
  return { id: note.id, ticket_id: ticket.id, type: note.type, body_text: note.body_text, body_html: note.body_html, created_at: iso(note.created_at) };
}
