import { z } from 'zod';
import { toolsFor } from '../../../tools/define-tool.js';
import type { MavaClient } from '../client.js';

/** Types a Mava tool definition. */
export const mavaTool = toolsFor<MavaClient>();

export const ticketId = z.string().trim().min(1, 'ticketId is required').max(200).describe('Ticket _id, from fetch_tickets.');

export const attachments = z
  .array(
    z.object({
      fileName: z.string().min(1).max(500),
      url: z.url({ protocol: /^https?$/, error: 'url must be a public http(s) URL' }),
      fileType: z.string().min(3).max(200).describe('MIME type, e.g. image/png'),
    }),
  )
  .max(20)
  .describe('Files by public URL.');

/** A closed set of values whose refusal names the field and every allowed value. */
export function choice<const T extends readonly [string, ...string[]]>(field: string, values: T) {
  return z.enum(values, { error: `${field} must be one of ${values.join(', ')}` });
}

/** A filter that takes one value or a list, as Mava's repeatable query parameters do. */
export function oneOrMany<T extends z.ZodType>(field: string, item: T, allowed = 'a non-empty string') {
  return z.union([item, z.array(item).min(1).max(50)], { error: `${field} must be ${allowed}, or a list of 1 to 50 of them` });
}

export function toList<T>(value: T | T[] | undefined): T[] | undefined {
  return value === undefined ? undefined : Array.isArray(value) ? value : [value];
}

export const messageOutput = {
  ticketId: z.string(),
  messageId: z.string().optional(),
  messageType: z.enum(['ExternalMessage', 'InternalNote']),
  createdAt: z.string().optional(),
};
