// Records as the API returns them: field order and nullability as in Mava's example, ISO
// dates, copies rather than live references (a caller must not be able to edit the store).

import type { Attachment, Attribute, Category, Customer, Message, Ticket } from './model.js';

export interface MessageJson {
  _id: string;
  content: string;
  senderType: Message['senderType'];
  senderName: string | null;
  messageType: Message['messageType'];
  createdAt: string;
  attachments: Attachment[];
}

export interface CustomerJson {
  _id: string;
  email: string | null;
  attributes: Attribute[];
}

export interface TicketJson {
  _id: string;
  createdAt: string;
  updatedAt: string;
  status: Ticket['status'];
  priority: Ticket['priority'];
  sourceType: Ticket['sourceType'];
  resolutionTime: number | null;
  assignedTo: { _id: string; name: string } | null;
  category: { _id: string; name: string } | null;
  tags: Array<{ _id: string; name: string }>;
  csat: { value: number } | null;
  aiStatus: string | null;
  discordUsers: Array<{ discordAuthorId: string; name: string }>;
  attributes: Attribute[];
  customer: CustomerJson | null;
  /** Present only when the request asked for includeMessages=true. */
  messages?: MessageJson[];
}

export function ticketJson(ticket: Ticket, includeMessages: boolean): TicketJson {
  const json: TicketJson = {
    _id: ticket._id,
    createdAt: iso(ticket.createdAt),
    updatedAt: iso(ticket.updatedAt),
    status: ticket.status,
    priority: ticket.priority,
    sourceType: ticket.sourceType,
    resolutionTime: ticket.resolutionTime,
    assignedTo: ticket.assignedTo ? { _id: ticket.assignedTo._id, name: ticket.assignedTo.name } : null,
    category: ticket.category ? categoryJson(ticket.category) : null,
    tags: ticket.tags.map((tag) => ({ _id: tag._id, name: tag.name })),
    csat: ticket.csat === null ? null : { value: ticket.csat },
    aiStatus: ticket.aiStatus,
    discordUsers: ticket.discordUsers.map((user) => ({ discordAuthorId: user.discordAuthorId, name: user.name })),
    attributes: ticket.attributes.map(attributeJson),
    customer: ticket.customer ? customerJson(ticket.customer) : null,
  };
  if (includeMessages) {
    // Stable sort: messages written in the same millisecond keep the order they were written in.
    json.messages = [...ticket.messages].sort((a, b) => a.createdAt - b.createdAt).map(messageJson);
  }
  return json;
}

export function messageJson(message: Message): MessageJson {
  return {
    _id: message._id,
    content: message.content,
    senderType: message.senderType,
    senderName: message.senderName,
    messageType: message.messageType,
    createdAt: iso(message.createdAt),
    attachments: message.attachments.map((a) => ({ fileName: a.fileName, url: a.url, fileType: a.fileType })),
  };
}

export function customerJson(customer: Customer): CustomerJson {
  return { _id: customer._id, email: customer.email, attributes: customer.attributes.map(attributeJson) };
}

export function categoryJson(category: Category): { _id: string; name: string } {
  return { _id: category._id, name: category.name };
}

function attributeJson(attribute: Attribute): Attribute {
  return { attributeId: attribute.attributeId, name: attribute.name, content: attribute.content };
}

function iso(epochMs: number): string {
  return new Date(epochMs).toISOString();
}
