import { z } from 'zod';
import { InputError, defineTool, type ToolContext } from '../../../tools/define-tool.js';
import type { MavaClient, NewMessage } from '../client.js';
import type { MessageType } from '../api.js';
import { attachments, messageOutput, ticketId } from './fields.js';

export const CONTENT_MAX = 20_000;

export const sendMessage = defineTool({
  name: 'send_message',
  title: 'Reply to customer',
  description: 'Reply to the customer (email or chat); cannot be unsent. Needs content or attachments.',
  input: {
    ticketId,
    content: z.string().max(CONTENT_MAX).optional(),
    attachments: attachments.optional(),
    allowDuplicate: z.boolean().optional(),
  },
  output: messageOutput,
  annotations: { readOnlyHint: false, destructiveHint: true, idempotentHint: false, openWorldHint: true },
  hints: { 'Ticket not found': 'Check ticketId: use a ticket _id from fetch_tickets.' },
  describeWrite: messageSubject,
  posts: 'message',
  handler: ({ ticketId, content, attachments }, { client, signal }: ToolContext<MavaClient>) =>
    postMessage(client, { ticketId, content, attachments, messageType: 'ExternalMessage' }, signal),
});

/** Shared by send_message and add_internal_note: text, files, or both. */
export function messageSubject({ ticketId, content, attachments }: Pick<NewMessage, 'ticketId' | 'content' | 'attachments'>) {
  if (!content?.trim() && !attachments?.length) throw new InputError('give content (non-empty text) or attachments.');
  return { ticketId, content, attachments: attachments?.map((file) => file.url) };
}

/** Shared by send_message and add_internal_note: one endpoint, two message types. */
export async function postMessage(client: MavaClient, message: NewMessage, signal: AbortSignal) {
  const content = message.content?.trim() ? message.content : undefined;
  const answer = await client.sendMessage({ ...message, content }, signal);
  const structured = {
    ticketId: message.ticketId,
    messageId: answer.message._id,
    messageType: message.messageType,
    createdAt: answer.message.createdAt,
  };
  return { structured, text: `${describe(message.messageType)} on ticket ${message.ticketId}${answer.message._id ? ` (message ${answer.message._id})` : ''}.` };
}

function describe(type: MessageType): string {
  return type === 'InternalNote' ? 'Internal note added' : 'Message sent to the customer';
}
