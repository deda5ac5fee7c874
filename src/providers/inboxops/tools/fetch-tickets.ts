import type { InboxOpsClient } from '../client.js';
import { z } from 'zod';
import { parseIsoDate } from '../../../tools/dates.js';
import { InputError, defineTool, type ToolContext } from '../../../tools/define-tool.js';
import { STATUSES } from '../api.js';
import { TICKET_COLUMNS, ticketLine, trimTicket } from '../render.js';
import { choice, priority } from './fields.js';
import { idText } from '../../../tools/id-text.js';
import { UNTRUSTED_TEXT } from '../../../tools/sanitize.js';

const DEFAULT_PER_PAGE = 25;
const date = z.string().max(40);

const ticketOutput = z.object({
  id: z.string(),
  ticket_number: z.union([z.number(), z.string()]).nullable(),
  subject: z.string().nullable(),
  status: z.string(),
  priority: z.string().nullable(),
  assignee_id: z.string().nullable(),
  inbox_id: z.string().nullable(),
  contact_id: z.string().nullable(),
  tag_ids: z.array(z.string()),
  created_at: z.string().nullable(),
  updated_at: z.string().nullable(),
  custom_fields: z.record(z.string(), z.string()),
});

export const fetchTickets = defineTool({
  name: 'fetch_tickets',
  title: 'Fetch tickets',
  description: 'Find tickets, newest first. q: text search; dates ISO 8601.',
  input: {
    q: z.string().trim().min(1, 'q must not be empty').max(500).optional(),
    status: choice('status', STATUSES).optional(),
    priority: priority.optional(),
    assignee_id: idText('assignee_id').optional(),
    tag_ids: z.union([idText('tag_ids'), z.array(idText('tag_ids')).min(1).max(50)], { error: 'tag_ids must be an id or a list of 1 to 50 ids' }).optional(),
    created_after: date.optional(),
    created_before: date.optional(),
    page: z.int({ error: 'page must be a whole number, 1 or more' }).min(1).max(100_000).optional(),
    per_page: z.int({ error: 'per_page must be a whole number from 1 to 100' }).min(1).max(100).optional(),
  },
  output: {
    created_after: z.string().nullable(),
    created_before: z.string().nullable(),
    today: z.string(),
    total: z.number().nullable(),
    pagination: z.object({ page: z.number(), per_page: z.number(), shown: z.number(), hasMore: z.boolean(), nextPage: z.number().optional() }),
    tickets: z.array(ticketOutput),
  },
  annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: true },
  async handler(args, { client, signal }: ToolContext<InboxOpsClient>) {
    const now = new Date();
    const created_after = isoDate('created_after', args.created_after);
    const created_before = isoDate('created_before', args.created_before);
    if (created_after && created_before && created_before <= created_after) {
      throw new InputError(`created_before (${created_before}) must be after created_after (${created_after}).`);
    }
    const page = args.page ?? 1;
    const per_page = args.per_page ?? DEFAULT_PER_PAGE;
    const tag_ids = args.tag_ids === undefined ? undefined : [args.tag_ids].flat();
    const answer = await client.fetchTickets(
      {
        q: args.q,
        status: args.status,
        assignee_id: args.assignee_id,
        priority: args.priority,
        tag_ids,
        created_after: created_after ?? undefined,
        created_before: created_before ?? undefined,
        page,
        per_page,
      },
      signal,
    );
    const tickets = answer.data.map(trimTicket);
    // Without a total, a full page is taken to mean there may be more.
    const total = answer.meta?.total ?? null;
    const first = (page - 1) * per_page;
    const hasMore = total === null ? tickets.length >= per_page : first + tickets.length < total;
    const nextPage = hasMore ? page + 1 : undefined;
    const today = now.toISOString().slice(0, 10);

    const range = `${created_after ?? 'any time'} to ${created_before ?? 'now'}`;
    const filters = describeFilters({ q: args.q, status: args.status, priority: args.priority, assignee_id: args.assignee_id, tag_ids: tag_ids?.join(',') });
    const shown = tickets.length ? `showing ${first + 1}-${first + tickets.length}` : 'none on this page';
    const head = [`Tickets created ${range} (today ${today} UTC)${filters}: ${total ?? 'unknown number'} match, ${shown}.`];
    if (nextPage !== undefined) head.push(`More: call again with page=${nextPage} (same filters).`);
    else if (!tickets.length && page > 1) head.push('This page is past the last one: use a lower page.');
    if (tickets.length) head.push(UNTRUSTED_TEXT, TICKET_COLUMNS);
    return {
      structured: {
        created_after,
        created_before,
        today,
        total,
        pagination: { page, per_page, shown: tickets.length, hasMore, ...(nextPage === undefined ? {} : { nextPage }) },
        tickets,
      },
      text: [...head, ...tickets.map(ticketLine)].join('\n'),
    };
  },
});

/** The date as the full ISO 8601 instant InboxOps is sent; null when not given. */
function isoDate(field: string, text: string | undefined): string | null {
  if (text === undefined) return null;
  const date = parseIsoDate(text.trim());
  if (!date) throw new InputError(`${field} "${text}" is not an ISO 8601 date: use e.g. 2026-01-31 or 2026-01-31T12:00:00Z.`);
  return date.toISOString();
}

/** ", status=open, q="refund"": the filters given, customer-free since the agent wrote them. */
function describeFilters(filters: Record<string, string | undefined>): string {
  const given = Object.entries(filters).filter(([, value]) => value !== undefined);
  return given.length ? `, ${given.map(([name, value]) => `${name}=${name === 'q' ? JSON.stringify(value) : value}`).join(', ')}` : '';
}
