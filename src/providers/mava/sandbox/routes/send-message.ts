// PUT (and POST) /api/message: a reply to the customer or an internal note on a ticket.

import { isAbsent, isOneOf, isRecord } from '../guards.js';
import { fail, ok, type Reply } from '../http-io.js';
import { API_MESSAGE_TYPES, type Attachment } from '../model.js';
import { messageJson } from '../wire.js';
import type { RouteRequest } from './route.js';

export async function sendMessage({ store, readJson }: RouteRequest): Promise<Reply> {
  const body = await readJson();
  const ticket = typeof body.ticketId === 'string' ? store.findTicket(body.ticketId) : undefined;
  if (!ticket) return fail(400, 'Ticket not found');

  const messageType = body.messageType ?? 'ExternalMessage';
  if (!isOneOf(API_MESSAGE_TYPES, messageType)) return fail(400, 'Invalid message type');

  const content = typeof body.content === 'string' && body.content.trim() !== '' ? body.content : undefined;
  const hasAttachments = Array.isArray(body.attachments) && body.attachments.length > 0;
  if (content === undefined && !hasAttachments) return fail(400, 'Content or attachments are required');
  const attachments = parseAttachments(body.attachments);
  if (!attachments) return fail(400, 'Invalid attachments');
  // Attachments alone make a valid message, so a non-text content must not be silently dropped.
  if (!isAbsent(body.content) && typeof body.content !== 'string') return fail(400, 'Invalid request body');

  const message = store.addMessage(ticket, { content: content ?? '', messageType, attachments });
  return ok({
    message: messageJson(message),
    ticket: { _id: ticket._id, status: ticket.status, priority: ticket.priority },
    sender: { _id: store.apiSender._id, name: store.apiSender.name },
  });
}

/** Only the documented fields are kept; undefined when any item lacks one. */
function parseAttachments(value: unknown): Attachment[] | undefined {
  if (isAbsent(value)) return [];
  if (!Array.isArray(value)) return undefined;
  const attachments: Attachment[] = [];
  for (const item of value) {
    if (!isRecord(item)) return undefined;
    const { fileName, url, fileType } = item;
    if (typeof fileName !== 'string' || typeof url !== 'string' || typeof fileType !== 'string') return undefined;
    attachments.push({ fileName, url, fileType });
  }
  return attachments;
}
