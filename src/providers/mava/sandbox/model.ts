// The sandbox's in-memory records. Times are epoch milliseconds; they become ISO strings only
// on the wire (wire.ts). Tickets hold references to agents, categories, tags and customers, not
// ids, so an identify call that changes a customer shows in every ticket of that customer.

export const TICKET_STATUSES = ['Open', 'Resolved', 'Pending', 'Waiting'] as const;
export const PRIORITIES = [1, 2, 3] as const;
export const ORIGINS = ['web', 'discord', 'telegram', 'telegram-group', 'email'] as const;
/** The message types a client may send; AuditLog is written by the system only. */
export const API_MESSAGE_TYPES = ['ExternalMessage', 'InternalNote'] as const;

export type TicketStatus = (typeof TICKET_STATUSES)[number];
export type Priority = (typeof PRIORITIES)[number];
export type Origin = (typeof ORIGINS)[number];
export type ApiMessageType = (typeof API_MESSAGE_TYPES)[number];
export type MessageType = ApiMessageType | 'AuditLog';
export type SenderType = 'customer' | 'agent' | 'system';
/** Mava documents the field but not its values; these are the sandbox's. */
export type AiStatus = 'resolved' | 'escalated' | 'unresolved';

export interface Agent {
  _id: string;
  name: string;
}

export interface Tag {
  _id: string;
  name: string;
}

export interface Category {
  _id: string;
  name: string;
  archived: boolean;
}

export interface Attribute {
  attributeId: string;
  name: string;
  content: string;
}

export interface Attachment {
  fileName: string;
  url: string;
  fileType: string;
}

export interface Customer {
  _id: string;
  email: string | null;
  /** Set through identify's `plaformUserId`; never on the wire. */
  platformUserId: string | null;
  attributes: Attribute[];
}

export interface DiscordUser {
  discordAuthorId: string;
  name: string;
}

export interface Message {
  _id: string;
  content: string;
  senderType: SenderType;
  senderName: string | null;
  messageType: MessageType;
  createdAt: number;
  attachments: Attachment[];
}

export interface Ticket {
  _id: string;
  createdAt: number;
  updatedAt: number;
  status: TicketStatus;
  priority: Priority;
  sourceType: Origin;
  resolutionTime: number | null;
  assignedTo: Agent | null;
  category: Category | null;
  tags: Tag[];
  csat: number | null;
  aiStatus: AiStatus | null;
  discordUsers: DiscordUser[];
  attributes: Attribute[];
  customer: Customer | null;
  messages: Message[];
}

export interface Dataset {
  categories: Category[];
  agents: Agent[];
  tags: Tag[];
  customers: Customer[];
  tickets: Ticket[];
  /** Attribute definitions by name, so one name keeps one attributeId everywhere. */
  attributeIds: Map<string, string>;
  /** Who API-sent messages are attributed to in the send-message answer. */
  apiSender: { _id: string; name: string };
}
