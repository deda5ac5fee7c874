// The sandbox's data model: what InboxOps keeps of a ticket, as far as its API shows it.

export const STATUS_NAMES = { open: 'Open', in_progress: 'In progress', waiting: 'Waiting', resolved: 'Resolved', closed: 'Closed' } as const;
export type TicketStatus = keyof typeof STATUS_NAMES;
export const TICKET_STATUSES = Object.keys(STATUS_NAMES) as TicketStatus[];

/** InboxOps publishes no priority values; the sandbox takes these (the tools pass any on). */
export const PRIORITY_NAMES = { low: 'Low', normal: 'Normal', high: 'High', urgent: 'Urgent' } as const;
export type Priority = keyof typeof PRIORITY_NAMES;
export const PRIORITIES = Object.keys(PRIORITY_NAMES) as Priority[];

export interface Agent {
  id: string;
  name: string;
}

export interface Tag {
  id: string;
  name: string;
}

export interface Inbox {
  id: string;
  name: string;
}

/** An email from the customer, a reply sent from InboxOps's own UI, or an internal note. */
export interface Message {
  id: string;
  type: 'customer_email' | 'reply' | 'internal_note';
  body_text: string | null;
  body_html: string | null;
  /** Epoch ms. */
  created_at: number;
}

export interface Ticket {
  id: string;
  ticket_number: number;
  subject: string;
  status: TicketStatus;
  priority: Priority;
  assignee_id: string | null;
  inbox_id: string;
  contact_id: string;
  tag_ids: string[];
  custom_fields: Record<string, string>;
  /** Epoch ms. */
  created_at: number;
  updated_at: number;
  messages: Message[];
}

export interface Dataset {
  agents: Agent[];
  tags: Tag[];
  inboxes: Inbox[];
  tickets: Ticket[];
}
