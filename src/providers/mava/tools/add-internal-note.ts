import type { MavaClient } from '../client.js';
import { defineTool, type ToolContext } from '../../../tools/define-tool.js';
import { z } from 'zod';
import { attachments, messageOutput, ticketId } from './fields.js';
import { CONTENT_MAX, messageSubject, postMessage } from './send-message.js';

export const addInternalNote = defineTool({
  name: 'add_internal_note',
  title: 'Add internal note',
  description: 'Add a note only the team sees, never the customer. Needs content or attachments.',
  input: {
    ticketId,
    content: z.string().max(CONTENT_MAX).optional(),
    attachments: attachments.optional(),
    allowDuplicate: z.boolean().optional(),
  },
  output: messageOutput,
  annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: false, openWorldHint: true },
  hints: { 'Ticket not found': 'Check ticketId: use a ticket _id from fetch_tickets.' },
  describeWrite: messageSubject,
  posts: 'note',
  handler: ({ ticketId, content, attachments }, { client, signal }: ToolContext<MavaClient>) =>
    postMessage(client, { ticketId, content, attachments, messageType: 'InternalNote' }, signal),
});
