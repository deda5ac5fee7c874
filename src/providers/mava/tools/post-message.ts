import { z } from 'zod';
import { InputError, defineTool, type ToolContext } from '../../../tools/define-tool.js';
import type { MavaClient, NewMessage } from '../client.js';
import type { MessageType } from '../api.js';
import { attachments, messageOutput, ticketId } from './fields.js';

export const CONTENT_MAX = 20_000;

/** What tells send_message from add_internal_note: the words a model reads, and the message type. */
interface MessageKind {
  name: 'send_message' | 'add_internal_note';
  title: string;
  description: string;
  messageType: MessageType;
}

/**
 * send_message and add_internal_note are one endpoint (POST /api/message, docs/api/mava.md) with
 * two message types: the same input, guard and answer. A customer message cannot be taken back
 * (destructive); a note can be.
 */
export function definePostMessageTool({ name, title, description, messageType }: MessageKind) {
  const external = messageType === 'ExternalMessage';
  return defineTool({
    name,
    title,
    description,
    input: {
      ticketId,
      content: z.string().max(CONTENT_MAX).optional(),
      attachments: attachments.optional(),
      allowDuplicate: z.boolean().optional(),
    },
    output: messageOutput,
    annotations: { readOnlyHint: false, destructiveHint: external, idempotentHint: false, openWorldHint: true },
    hints: { 'Ticket not found': 'Check ticketId: use a ticket _id from fetch_tickets.' },
    describeWrite: messageSubject,
    posts: external ? 'message' : 'note',
    handler: ({ ticketId, content, attachments }, { client, signal }: ToolContext<MavaClient>) =>
      postMessage(client, { ticketId, content, attachments, messageType }, signal),
  });
}

/** Text, files, or both; what the duplicate guard and the audit log see. */
function messageSubject({ ticketId, content, attachments }: Pick<NewMessage, 'ticketId' | 'content' | 'attachments'>) {
  if (!content?.trim() && !attachments?.length) throw new InputError('give content (non-empty text) or attachments.');
  return { ticketId, content, attachments: attachments?.map((file) => file.url) };
}

async function postMessage(client: MavaClient, message: NewMessage, signal: AbortSignal) {
  const content = message.content?.trim() ? message.content : undefined;
  const answer = await client.sendMessage({ ...message, content }, signal);
  const structured = {
    ticketId: message.ticketId,
    messageId: answer.message._id,
    messageType: message.messageType,
    createdAt: answer.message.createdAt,
  };
  const done = message.messageType === 'InternalNote' ? 'Internal note added' : 'Message sent to the customer';
  return { structured, text: `${done} on ticket ${message.ticketId}${answer.message._id ? ` (message ${answer.message._id})` : ''}.` };
}
