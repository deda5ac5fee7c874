import { cell, cut, oneLine, quoted, sanitize } from '../../tools/sanitize.js';
import type { ApiMessage, ApiTicket } from './api.js';

/** A message body is cut here in the text, and at STORED_CHARS in structuredContent. */
const BODY_CHARS = 500;
const STORED_CHARS = 2_000;
const SNIPPET_CHARS = 100;

/**
 * The trimmed ticket an agent works with; field names stay Mava's. With `lastMessages`, the
 * thread's latest messages and how many earlier ones were left out.
 */
export function trimTicket(ticket: ApiTicket, lastMessages?: number) {
  const thread = ticket.messages ?? [];
  const last = thread.at(-1);
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
    lastMessage: last ? { from: last.senderType ?? null, createdAt: last.createdAt ?? null, snippet: oneLine(last.content ?? '', SNIPPET_CHARS) } : null,
    ...(lastMessages === undefined ? {} : { messages: thread.slice(-lastMessages).map(trimMessage), olderMessages: Math.max(0, thread.length - lastMessages) }),
  };
}

function trimMessage(message: ApiMessage) {
  return {
    _id: message._id,
    createdAt: message.createdAt ?? null,
    senderType: message.senderType ?? null,
    senderName: message.senderName ?? null,
    messageType: message.messageType ?? null,
    content: cut(sanitize(message.content ?? ''), STORED_CHARS),
    attachments: (message.attachments ?? []).map((a) => ({ fileName: a.fileName ?? null, url: a.url ?? null })),
  };
}

export type Ticket = ReturnType<typeof trimTicket>;

const minute = (iso: string | null) => (iso ? iso.slice(0, 16).replace('T', ' ') : '-');

export const TICKET_COLUMNS = '_id | created (UTC) | status | priority | origin | category | assignee | tags | customer | CSAT | last message';

/** How a category, agent or tag is shown: by default its name (its id if it has none). */
export type Labeller = (filter: 'category' | 'assignedTo' | 'tags', ref: { _id: string; name: string | null }) => string;
const byName: Labeller = (_, ref) => ref.name ?? ref._id;

/** One line a ticket, in TICKET_COLUMNS order; categories, agents and tags as the filters take them. */
export function ticketLine(ticket: Ticket, label: Labeller = byName): string {
  const customer = ticket.customer?.email ?? ticket.discordUsers[0] ?? '-';
  const last = ticket.lastMessage ? `${cell(ticket.lastMessage.from ?? '?', 20)}: ${quoted(unfence(ticket.lastMessage.snippet), SNIPPET_CHARS)}` : '-';
  return [
    ticket._id,
    minute(ticket.createdAt),
    cell(ticket.status, 20),
    ticket.priority === null ? 'P-' : `P${ticket.priority}`,
    cell(ticket.sourceType ?? '-', 20),
    ticket.category ? cell(label('category', ticket.category), 70) : '-',
    ticket.assignedTo ? cell(label('assignedTo', ticket.assignedTo), 70) : 'Unassigned',
    ticket.tags.length ? cell(ticket.tags.map((tag) => label('tags', tag)).join(', '), 200) : '-',
    cell(customer, 60),
    ticket.csat === null ? '-' : String(ticket.csat),
    last,
  ].join(' | ');
}

/**
 * A thread as data: each message fenced and labelled, so text a customer wrote cannot pass for
 * our instructions or for another message. The label is ours: what the message is comes first,
 * and the names a customer chose follow as JSON strings, so a name cannot relabel it. Long
 * bodies are cut.
 */
export function threadLines(ticket: Ticket): string[] {
  const lines = ticket.olderMessages ? [`  (${ticket.olderMessages} earlier messages not shown: raise lastMessages to see them)`] : [];
  for (const message of ticket.messages ?? []) {
    const what = message.messageType === 'InternalNote' ? 'internal note by' : 'message from';
    const sender = `${cell(message.senderType ?? 'unknown', 20)}${message.senderName ? ` ${quoted(unfence(message.senderName), 80)}` : ''}`;
    const names = message.attachments.map((a) => quoted(unfence(a.fileName ?? a.url ?? ''), 120));
    const files = names.length ? `, files [${names.join(', ')}]` : '';
    lines.push(`  <<< ${minute(message.createdAt)} ${what} ${sender}${files}\n${indent(unfence(cut(message.content, BODY_CHARS)))}\n  >>>`);
  }
  return lines;
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
