// Records as the API writes them: Omnidesk's field names, dates as "YYYY-MM-DD HH:MM:SS".

import type { Ticket, TimelineMessage } from './model.js';

export function wireDate(ms: number): string {
  return new Date(ms).toISOString().slice(0, 19).replace('T', ' ');
}

/** A ticket in a list: the fields of Omnidesk's ticket reference (ticketID, subject, ...) and of its item example (docs/api/omnidesk.md, "List tickets"). */
export function ticketJson(ticket: Ticket) {
  return {
    ticketID: ticket.id,
    subject: ticket.subject,
    status: ticket.status,
    priority: ticket.priority,
    customer_id: ticket.customer.id,
    brand_id: ticket.brand.id,
    brand_name: ticket.brand.name,
    channel_id: ticket.channel.id,
    channel_name: ticket.channel.name,
    channel_icon: ticket.channel.icon,
    from: ticket.customer.email,
    from_name: ticket.customer.name,
    assigned_user_id: ticket.assigned_user_id,
    created_at: wireDate(ticket.created_at),
    last_update: wireDate(ticket.last_update),
  };
}

/** GET /api/v2/ticket/:ticketID's item: the ticket and its timeline. */
export function ticketItemJson(ticket: Ticket) {
  return { ...ticketJson(ticket), timeline: ticket.timeline.map(messageJson) };
}

function messageJson(message: TimelineMessage) {
  return {
    id: message.id,
    ticket_id: message.ticket_id,
    type: 'message',
    direction: message.direction,
    channel_type: message.channel_type,
    from: message.from,
    to: message.to,
    cc: message.cc,
    bcc: message.bcc,
    message: message.message,
    plaintext: message.plaintext,
    user_id: message.user_id,
    respond_message_id: message.respond_message_id,
    forwarded_file_ids: message.forwarded_file_ids,
    created_at: wireDate(message.created_at),
    send_at: message.send_at === null ? null : wireDate(message.send_at),
  };
}
