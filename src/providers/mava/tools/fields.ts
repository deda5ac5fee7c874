import { z } from 'zod';
import { idText } from '../../../tools/id-text.js';
import { describeFile } from '../../../tools/file-types.js';

export const ticketId = idText('ticketId').describe('From fetch_tickets.');

/** Hosts a helpdesk cannot fetch a file from: this machine, private networks, cloud metadata. */
const PRIVATE_HOST =
  /^(localhost|.*\.localhost|.*\.local|.*\.internal|127\.\d+\.\d+\.\d+|10\.\d+\.\d+\.\d+|192\.168\.\d+\.\d+|172\.(1[6-9]|2\d|3[01])\.\d+\.\d+|169\.254\.\d+\.\d+|0\.0\.0\.0|\[.*\])$/i;

/** A URL the helpdesk can fetch: http(s), a public host, no credentials, nothing to re-encode. */
const publicUrl = z
  .string()
  .max(2000)
  .refine((value) => {
    if (/\s/.test(value) || !URL.canParse(value)) return false;
    const url = new URL(value);
    return /^https?:$/.test(url.protocol) && !url.username && !url.password && !PRIVATE_HOST.test(url.hostname);
  }, 'must be a public http(s) URL: no spaces, no credentials, not localhost, a private address or an IP literal in brackets');

/** A file by its URL alone (name and MIME type from its path), or all three as Mava takes them. */
const attachment = z.union(
  [
    publicUrl.transform((url) => ({ url, ...describeFile(url) })),
    z.strictObject({ fileName: z.string().min(1).max(500), url: publicUrl, fileType: z.string().min(3).max(200) }),
  ],
  { error: 'must be a public file URL, or an object {fileName, url, fileType}' },
);

export const attachments = z.array(attachment).max(20).describe('Public file URLs');

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
