import type { OmnideskClient } from '../client.js';
import { z } from 'zod';
import { InputError, defineTool, type ToolContext } from '../../../tools/define-tool.js';
import { MESSAGE_MIN, MESSAGE_TYPE, SEND_AT } from '../api.js';
import type { NewMessage } from '../client.js';
import { numericId, statusWord, ticketID } from './fields.js';

const TEXT_MAX = 50_000;

export const sendMessage = defineTool({
  name: 'send_message',
  title: 'Send message',
  description: 'Message on a ticket: reaches the customer, cannot be unsent. message: 5+ chars.',
  input: {
    ticketID,
    type: z
      .string()
      .regex(MESSAGE_TYPE, "type must be a channel id (digits, the ticket's channel_id from fetch_tickets), calllog or contactform")
      .describe('channel_id, calllog or contactform'),
    message: z.string().max(TEXT_MAX),
    plaintext: z.string().max(TEXT_MAX).optional(),
    toAddress: z.string().max(2_000).optional(),
    ccInput: z.email().max(320).optional(),
    bccInput: z.email().max(320).optional(),
    respondMessageID: z.int().min(0).optional(),
    forwardedFileIDs: z.array(numericId('forwardedFileIDs')).max(50).optional(),
    sendAt: z.string().max(40).optional().describe('YYYY-MM-DD HH:MM:SS'),
    userID: z.int().min(0).optional(),
    submitStatus: statusWord('submitStatus').optional().describe('Ticket status after'),
    allowDuplicate: z.boolean().optional(),
  },
  output: {
    ticketID: z.number(),
    type: z.string(),
    sendAt: z.string().optional(),
    submitStatus: z.string().optional(),
  },
  annotations: { readOnlyHint: false, destructiveHint: true, idempotentHint: false, openWorldHint: true },
  hints: {
    'Ticket not found': 'Check ticketID: use a ticketID from fetch_tickets.',
    'Channel not found': "Use the ticket's channel_id from fetch_tickets as type, or calllog or contactform.",
  },
  describeWrite({ ticketID, message, sendAt, forwardedFileIDs }) {
    const length = Array.from(message.trim()).length;
    if (length < MESSAGE_MIN) {
      throw new InputError(`message must be at least ${MESSAGE_MIN} characters (Omnidesk's minimum), not counting surrounding spaces; it has ${length}.`);
    }
    const problem = sendAt === undefined ? undefined : sendAtProblem(sendAt);
    if (problem) throw new InputError(problem);
    return { ticketId: String(ticketID), content: message, attachments: forwardedFileIDs?.map((id) => `forwarded file ${id}`) };
  },
  posts: 'message',
  async handler({ allowDuplicate: _allowDuplicate, ...message }, { client, signal }: ToolContext<OmnideskClient>) {
    await client.sendMessage(message satisfies NewMessage, signal);
    const { ticketID, type, sendAt, submitStatus } = message;
    const when = sendAt ? `scheduled for ${sendAt}` : 'sent';
    const status = submitStatus ? `; ticket status set to ${submitStatus}` : '';
    return {
      structured: { ticketID, type, ...(sendAt ? { sendAt } : {}), ...(submitStatus ? { submitStatus } : {}) },
      text: `Message ${when} on ticket ${ticketID} (type ${type})${status}. Omnidesk returns no message id.`,
    };
  },
});

/** Why `sendAt` is not a real date and time as YYYY-MM-DD HH:MM:SS, or undefined when it is. */
export function sendAtProblem(value: string): string | undefined {
  const allowed = 'YYYY-MM-DD HH:MM:SS (24-hour, e.g. 2026-05-04 09:30:00)';
  const match = SEND_AT.exec(value);
  if (!match) return `sendAt must be ${allowed}; got ${JSON.stringify(value)}.`;
  const [year, month, day, hour, minute, second] = match.slice(1).map(Number) as [number, number, number, number, number, number];
  const date = new Date(Date.UTC(year, month - 1, day));
  const realDay = month >= 1 && month <= 12 && date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
  if (!realDay || hour > 23 || minute > 59 || second > 59) return `sendAt ${JSON.stringify(value)} is not a real date and time: use ${allowed}.`;
  return undefined;
}
