import type { OmnideskClient } from '../client.js';
import { defineTool, type ToolContext } from '../../../tools/define-tool.js';
import { z } from 'zod';
import { SEARCH_ARCHIVED } from '../api.js';
import { TICKET_COLUMNS, ticketLine, trimTicket } from '../render.js';
import { UNTRUSTED_TEXT } from '../../../tools/sanitize.js';
import { statusWord } from './fields.js';

const num = z.number().nullable();
const str = z.string().nullable();

export const fetchTickets = defineTool({
  name: 'fetch_tickets',
  title: 'Fetch tickets',
  description: 'List or search tickets by page. Gives ticketID, channel_id, brand_id.',
  input: {
    itemStart: z.int({ error: 'itemStart must be a whole number, 0 or more' }).min(0).optional(),
    itemLimit: z.int({ error: 'itemLimit must be a whole number from 1 to 100' }).min(1).max(100).optional(),
    status: statusWord('status').optional().describe('e.g. open, solved'),
    query: z.string().trim().min(1, 'query must not be empty').max(200).optional(),
    searchArchived: z.enum(SEARCH_ARCHIVED, { error: 'searchArchived must be yes or no' }).optional(),
  },
  output: {
    itemStart: z.number(),
    itemLimit: z.number(),
    itemTotal: z.number(),
    nextItemStart: z.number().optional(),
    tickets: z.array(
      z.object({
        ticketID: z.number(),
        subject: str,
        status: str,
        priority: str,
        channel_id: num,
        channel_name: str,
        brand_id: num,
        brand_name: str,
        customer_id: num,
        from: str,
        created_at: str,
        last_update: str,
      }),
    ),
  },
  annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: true },
  async handler(args, { client, signal }: ToolContext<OmnideskClient>) {
    const page = await client.fetchTickets(args, signal);
    const tickets = page.items.map(trimTicket);
    const { itemStart, itemLimit, itemTotal } = page;
    const end = itemStart + tickets.length;
    const nextItemStart = tickets.length > 0 && end < itemTotal ? end : undefined;
    const head = [`Tickets: ${itemTotal} match, ${tickets.length ? `showing ${itemStart + 1}-${end}` : 'none shown'}.`];
    if (nextItemStart !== undefined) head.push(`More: call again with itemStart=${nextItemStart}.`);
    if (tickets.length) head.push(UNTRUSTED_TEXT, TICKET_COLUMNS);
    return {
      structured: { itemStart, itemLimit, itemTotal, ...(nextItemStart === undefined ? {} : { nextItemStart }), tickets },
      text: [...head, ...tickets.map(ticketLine)].join('\n'),
    };
  },
});
