// The sandbox's in-memory records. Times are epoch milliseconds; on the wire they are written as
// Omnidesk writes them, "YYYY-MM-DD HH:MM:SS" (wire.ts; the sandbox keeps its clock in UTC).

/** Omnidesk lists no values; these are the sandbox's (docs/api/omnidesk.md, "List tickets": statuses). */
export const TICKET_STATUSES = ['new', 'open', 'pending', 'solved', 'closed'] as const;
export const PRIORITIES = ['low', 'medium', 'high', 'urgent'] as const;
/** The permissions of an API key the sandbox knows (docs/api/omnidesk.md, "Authentication and permissions"). */
export const PERMISSIONS = ['MESSAGE_CREATE', 'TICKET_READ'] as const;

export type TicketStatus = (typeof TICKET_STATUSES)[number];
export type Priority = (typeof PRIORITIES)[number];
export type Permission = (typeof PERMISSIONS)[number];

export interface Brand {
  id: number;
  name: string;
}

export interface Channel {
  id: number;
  name: string;
  icon: string;
}

export interface Customer {
  id: number;
  name: string;
  email: string;
}

export interface TimelineMessage {
  id: number;
  ticket_id: number;
  direction: 'inbound' | 'outbound';
  /** The `type` it was sent with: a channel id, calllog or contactform. */
  channel_type: string;
  from: string;
  to: string;
  cc: string;
  bcc: string;
  message: string;
  plaintext: string;
  user_id: number;
  respond_message_id: number;
  forwarded_file_ids: number[];
  created_at: number;
  /** A scheduled message goes out then (sendAt); null when sent at once. */
  send_at: number | null;
}

export interface Ticket {
  id: number;
  subject: string;
  status: TicketStatus;
  priority: Priority;
  brand: Brand;
  channel: Channel;
  customer: Customer;
  assigned_user_id: number;
  created_at: number;
  last_update: number;
  /** Closed long ago: listed only with searchArchived=yes. */
  archived: boolean;
  timeline: TimelineMessage[];
}

export interface Dataset {
  brands: Brand[];
  channels: Channel[];
  customers: Customer[];
  tickets: Ticket[];
  /** The channel a chatbot's tickets arrive on. */
  chatbotChannel: Channel;
}
