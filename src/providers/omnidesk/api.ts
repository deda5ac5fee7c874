import { z } from 'zod';

/** `type` of a message: a channel id, or one of two channel-less kinds (docs/api/omnidesk.md, "Create a message"). */
export const MESSAGE_TYPE = /^([0-9]+|calllog|contactform)$/;
/** `sendAt` as Omnidesk's pattern writes it (docs/api/omnidesk.md, "Create a message"). */
export const SEND_AT = /^(\d{4})-(\d{2})-(\d{2}) (\d{2}):(\d{2}):(\d{2})$/;
/** `searchArchived`: a string enum whose default is "no". */
export const SEARCH_ARCHIVED = ['yes', 'no'] as const;
/** Omnidesk documents `message` with at least 5 characters. */
export const MESSAGE_MIN = 5;

// Response schemas: strict on what the tools rely on, loose elsewhere: unknown fields are
// ignored by the check (src/http/checked.ts) and never reach an output, since each tool picks its
// fields; numbers may come as digit strings, optional fields may be null or absent.
const id = z.union([z.number().int(), z.string().regex(/^\d+$/).transform(Number)]);
const text = z.union([z.string(), z.number().transform(String)]).nullish();

/**
 * A ticket as the list returns it. The ticket reference names `ticketID` and `subject`; Omnidesk's
 * item example has `id` and `title`: either is taken (docs/api/omnidesk.md, "List tickets").
 */
export const apiTicket = z
  .looseObject({
    ticketID: id.optional(),
    id: id.optional(),
    subject: text,
    title: text,
    status: text,
    priority: text,
    customer_id: id.nullish(),
    brand_id: id.nullish(),
    brand_name: text,
    channel_id: id.nullish(),
    channel_name: text,
    from: text,
    from_name: text,
    created_at: text,
    last_update: text,
  })
  .refine((ticket) => ticket.ticketID !== undefined || ticket.id !== undefined, 'a ticket without ticketID (or id)');

export const ticketList = z.looseObject({
  itemStart: id,
  itemTotal: id,
  itemLimit: id,
  items: z.array(apiTicket),
});

/** "200 Success, No content"; a body, if one ever comes, is read for a ticket id and otherwise ignored. */
export const noContent = z.unknown().transform((body) => ({ ticketID: createdId(body) }));

function createdId(body: unknown): number | undefined {
  if (!body || typeof body !== 'object') return undefined;
  const record = body as Record<string, unknown>;
  const item = record.item && typeof record.item === 'object' ? (record.item as Record<string, unknown>) : {};
  for (const value of [record.ticketID, record.id, item.ticketID, item.id]) {
    const parsed = id.safeParse(value);
    if (parsed.success) return parsed.data;
  }
  return undefined;
}

/** Omnidesk's errors: `{"status":"error","message":"..."}`. */
export function readApiMessage(body: unknown): string | undefined {
  if (!body || typeof body !== 'object') return undefined;
  const { message, error } = body as { message?: unknown; error?: unknown };
  if (typeof message === 'string' && message.trim()) return message;
  if (typeof error === 'string' && error.trim()) return error;
  return undefined;
}

export type ApiTicket = z.infer<typeof apiTicket>;
export type TicketList = z.infer<typeof ticketList>;
