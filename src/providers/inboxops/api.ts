import { z } from 'zod';

/** InboxOps's documented ticket statuses (docs/api/inboxops.md), shared by the tools' input schemas and the client. */
export const STATUSES = ['open', 'in_progress', 'waiting', 'resolved', 'closed'] as const;
export type Status = (typeof STATUSES)[number];

/** The only message type the API accepts: outbound replies are not possible (docs/api/inboxops.md, "Add an internal note"). */
export const NOTE_TYPE = 'internal_note' as const;

// Response schemas: strict on what the tools rely on (a ticket's id and status, the list's data),
// so a changed API fails loudly; unknown fields are ignored by the check (src/http/checked.ts) and
// never reach an output, since each tool picks its fields; missing or null ones tolerated.

/** Ids may come as strings or numbers; the tools treat them as text. */
const id = z.union([z.string(), z.number()]).transform(String);
const text = z.string().nullish();

export const apiTicket = z.object({
  id,
  ticket_number: z.union([z.number(), z.string()]).nullish(),
  subject: text,
  status: z.string(),
  status_name: text,
  // Undocumented values (the sandbox uses low|normal|high|urgent); a number is kept as text.
  priority: z.union([z.string(), z.number().transform(String)]).nullish(),
  priority_name: text,
  assignee_id: id.nullish(),
  inbox_id: id.nullish(),
  contact_id: id.nullish(),
  tag_ids: z.array(id).nullish(),
  // Some list endpoints embed tags instead of listing their ids.
  tags: z.array(z.object({ id, name: text })).nullish(),
  custom_fields: z.record(z.string(), z.unknown()).nullish(),
  created_at: text,
  updated_at: text,
});

export const ticketsResponse = z.object({
  data: z.array(apiTicket),
  meta: z.object({ page: z.number().nullish(), per_page: z.number().nullish(), total: z.number().nullish() }).nullish(),
});

export const ticketResponse = z.object({ data: apiTicket });

// InboxOps's reference shows `{}` for 201 Created; a body of `{data: {...}}` like other single
// resources is read too. Any 2xx means the note was added, so nothing in the body can make it a
// failure.
export const noteResponse = z.unknown().transform((body): CreatedNote => {
  const data = isRecord(body) && isRecord(body.data) ? body.data : {};
  const id = typeof data.id === 'string' || typeof data.id === 'number' ? String(data.id) : undefined;
  return { id, created_at: typeof data.created_at === 'string' ? data.created_at : undefined };
});

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export type ApiTicket = z.infer<typeof apiTicket>;
export type TicketsPage = z.infer<typeof ticketsResponse>;
export interface CreatedNote {
  id?: string;
  created_at?: string;
}
