import { oneLine, sanitize } from '../../tools/sanitize.js';
import type { ApiMessage, ApiTicket } from './api.js';

/** The trimmed ticket an agent works with; field names stay Mava's. */
export function trimTicket(ticket: ApiTicket) {
  return {
    _id: ticket._id,
    createdAt: ticket.createdAt,
    updatedAt: ticket.updatedAt ?? null,
    status: ticket.status,
    priority: ticket.priority ?? null,
    sourceType: ticket.sourceType ?? null,
    category: ticket.category ? { _id: ticket.category._id, name: ticket.category.name ?? null } : null,
    assignedTo: ticket.assignedTo ? { _id: ticket.assignedTo._id, name: ticket.assignedTo.name ?? null } : null,
    tags: (ticket.tags ?? []).map((tag) => ({ _id: tag._id, name: tag.name ?? null })),
    csat: ticket.csat?.value ?? null,
    resolutionTime: ticket.resolutionTime ?? null,
    customer: ticket.customer
      ? {
          _id: ticket.customer._id,
          email: ticket.customer.email ?? null,
          attributes: Object.fromEntries((ticket.customer.attributes ?? []).map((a) => [a.name ?? '', a.content ?? ''])),
        }
      : null,
    discordUsers: (ticket.discordUsers ?? []).map((user) => user.name ?? user.discordAuthorId ?? '').filter(Boolean),
    ...(ticket.messages ? { messages: ticket.messages.map(trimMessage) } : {}),
  };
}

function trimMessage(message: ApiMessage) {
  return {
    _id: message._id,
    createdAt: message.createdAt ?? null,
    senderType: message.senderType ?? null,
    senderName: message.senderName ?? null,
    messageType: message.messageType ?? null,
    content: sanitize(message.content ?? ''),
    attachments: (message.attachments ?? []).map((a) => ({ fileName: a.fileName ?? null, url: a.url ?? null })),
  };
}

export type Ticket = ReturnType<typeof trimTicket>;

const minute = (iso: string | null) => (iso ? iso.slice(0, 16).replace('T', ' ') : '-');

/** One line a ticket: id | created | status | priority | origin | category | assignee | customer | CSAT | tags. */
export function ticketLine(ticket: Ticket): string {
  const customer = ticket.customer?.email ?? ticket.discordUsers[0] ?? '-';
  const tags = ticket.tags.map((tag) => tag.name ?? tag._id).join(',') || '-';
  return [
    ticket._id,
    minute(ticket.createdAt),
    ticket.status,
    ticket.priority === null ? 'P-' : `P${ticket.priority}`,
    ticket.sourceType ?? '-',
    oneLine(ticket.category?.name ?? '-', 40),
    oneLine(ticket.assignedTo?.name ?? 'Unassigned', 40),
    oneLine(customer, 60),
    ticket.csat === null ? 'CSAT -' : `CSAT ${ticket.csat}`,
    oneLine(tags, 80),
  ].join(' | ');
}

/**
 * A thread as data: each message fenced and labelled by its sender, so text a customer wrote
 * cannot pass for our instructions or for another message.
 */
export function threadLines(ticket: Ticket): string[] {
  return (ticket.messages ?? []).map((message) => {
    // A sender's name or a file name is customer-written too: one line, with no fence in it.
    const sender = message.senderName ? unfence(oneLine(message.senderName, 80)) : null;
    const who = [message.senderType ?? 'unknown', sender, message.messageType === 'InternalNote' ? 'internal note' : null]
      .filter(Boolean)
      .join(', ');
    const names = message.attachments.map((a) => unfence(oneLine(a.fileName ?? a.url ?? '', 120)));
    const files = names.length ? ` [attachments: ${names.join(', ')}]` : '';
    const body = unfence(message.content);
    return `  <<< ${minute(message.createdAt)} ${who}${files}\n${indent(body)}\n  >>>`;
  });
}

/** Customer text cannot close its fence or open another. */
function unfence(text: string): string {
  return text.replace(/<<</g, '‹‹‹').replace(/>>>/g, '›››');
}

function indent(text: string): string {
  return text
    .split('\n')
    .map((line) => `    ${line}`)
    .join('\n');
}
