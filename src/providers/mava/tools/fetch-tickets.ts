import type { MavaClient } from '../client.js';
import { z } from 'zod';
import { resolveRange, splitRange } from '../../../tools/dates.js';
import { InputError, defineTool, type ToolContext } from '../../../tools/define-tool.js';
import { CSAT_VALUES, ORIGINS, SORT_FIELDS, SORT_ORDERS, STATUSES } from '../api.js';
import { threadLines, TICKET_COLUMNS, ticketLine, trimTicket, type Ticket } from '../render.js';
import { gatherTickets, MAX_PAGE } from '../ticket-pages.js';
import { summarize, summaryLine } from '../ticket-summary.js';
import { choice, oneOrMany, toList } from './fields.js';
import { resolveFilterNames } from '../filter-names.js';
import { idText } from '../../../tools/id-text.js';
import { UNTRUSTED_TEXT } from '../../../tools/sanitize.js';
import { jsonSize } from '../../../tools/json-size.js';

const DEFAULT_DAYS = 30;
/** Mava takes a year per request; a longer range is fetched a year at a time, up to ten. */
const SPAN_DAYS = 365;
const MAX_DAYS = 10 * SPAN_DAYS;
/** Text plus structuredContent of one result, in bytes: about 15,000 tokens at most. */
const RESULT_BUDGET = 60_000;
const id = idText('id');
const ref = z.object({ _id: z.string(), name: z.string().nullable() }).nullable();

function oneOf<const T extends readonly [string, ...string[]]>(field: string, values: T) {
  return oneOrMany(field, z.enum(values), `one of ${values.join(', ')}`).optional();
}

const ticketOutput = z.object({
  _id: z.string(),
  createdAt: z.string(),
  updatedAt: z.string().nullable(),
  status: z.string(),
  priority: z.number().nullable(),
  sourceType: z.string().nullable(),
  category: ref,
  assignedTo: ref,
  tags: z.array(z.object({ _id: z.string(), name: z.string().nullable() })),
  csat: z.number().nullable(),
  resolutionTime: z.number().nullable(),
  customer: z.object({ _id: z.string(), email: z.string().nullable(), attributes: z.record(z.string(), z.string()) }).nullable(),
  discordUsers: z.array(z.string()),
  lastMessage: z.object({ from: z.string().nullable(), createdAt: z.string().nullable(), snippet: z.string() }).nullable(),
  olderMessages: z.number().optional(),
  messages: z
    .array(
      z.object({
        _id: z.string(),
        createdAt: z.string().nullable(),
        senderType: z.string().nullable(),
        senderName: z.string().nullable(),
        messageType: z.string().nullable(),
        content: z.string(),
        attachments: z.array(z.object({ fileName: z.string().nullable(), url: z.string().nullable() })),
      }),
    )
    .optional(),
});

export const fetchTickets = defineTool({
  name: 'fetch_tickets',
  title: 'Fetch tickets',
  description: 'Find tickets by creation date (ISO 8601, end exclusive; default last 30 days), newest first. Filters: a value or a list.',
  input: {
    startDate: z.string().max(40).optional(),
    endDate: z.string().max(40).optional(),
    status: oneOf('status', STATUSES),
    origin: oneOf('origin', ORIGINS),
    assignedTo: oneOrMany('assignedTo', id).optional().describe('Agent name or _id, or "Unassigned"'),
    category: oneOrMany('category', id).optional().describe('Name or _id'),
    tags: oneOrMany('tags', id).optional().describe('Tag name or _id'),
    csatValues: oneOf('csatValues', CSAT_VALUES),
    sortBy: choice('sortBy', SORT_FIELDS).optional(),
    sortOrder: choice('sortOrder', SORT_ORDERS).optional(),
    limit: z.int({ error: 'limit must be a whole number from 1 to 100' }).min(1).max(100).optional(),
    skip: z.int({ error: 'skip must be a whole number, 0 or more' }).min(0).optional(),
    includeMessages: z.boolean().optional(),
    lastMessages: z.int().min(1).max(20).optional().describe('Default 5'),
    maxTickets: z.int().min(1).max(10_000).optional().describe('Gather up to this many'),
  },
  output: {
    startDate: z.string(),
    endDate: z.string(),
    today: z.string(),
    count: z.number(),
    pagination: z.object({ skip: z.number(), shown: z.number(), hasMore: z.boolean(), nextSkip: z.number().optional() }),
    gathered: z.number().optional(),
    summary: z.record(z.string(), z.record(z.string(), z.number())).optional(),
    tickets: z.array(ticketOutput),
  },
  annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: true },
  async handler(args, { client, signal, progress }: ToolContext<MavaClient>) {
    const now = new Date();
    const range = resolveRange(args.startDate, args.endDate, now, { defaultDays: DEFAULT_DAYS, maxDays: MAX_DAYS });
    if (typeof range === 'string') throw new InputError(range);
    const spans = splitRange(range, SPAN_DAYS, (args.sortOrder ?? 'desc') === 'desc');
    const skip = args.skip ?? 0;
    const want = args.maxTickets ?? args.limit ?? 50;
    const gathering = args.maxTickets !== undefined;
    const named = await resolveFilterNames(client, { category: toList(args.category), assignedTo: toList(args.assignedTo), tags: toList(args.tags) }, signal);
    const { tickets: found, count } = await gatherTickets(client, {
      // Threads always come along: each line shows the last message, one request either way.
      query: { ...filters(args), ...named.ids, sortBy: args.sortBy, sortOrder: args.sortOrder, includeMessages: true },
      spans,
      skip,
      want,
      pageSize: gathering ? MAX_PAGE : want,
      signal,
      onPage: gathering ? (gathered) => progress(gathered, want, `${gathered} tickets gathered`) : undefined,
    });
    const tickets = found.map((ticket) => trimTicket(ticket, args.includeMessages ? (args.lastMessages ?? 5) : undefined));

    const startDate = range.start.toISOString();
    const endDate = range.end.toISOString();
    const today = now.toISOString().slice(0, 10);
    const summary = gathering ? summarize(tickets) : undefined;
    const label = client.names.label.bind(client.names);
    const { shown, lines } = fit(tickets, (ticket) => [ticketLine(ticket, label), ...(ticket.messages ? threadLines(ticket) : [])]);
    const nextSkip = skip + shown.length < count ? skip + shown.length : undefined;

    const head = [
      `Tickets created ${startDate} to ${endDate} (today ${today} UTC): ${count} match, ${shown.length ? `showing ${skip + 1}-${skip + shown.length}` : 'none shown'}.`,
    ];
    if (named.names.length) head.push(`Names in filters: ${named.names.join(', ')}.`);
    if (spans.length > 1) head.push(`Over a year: fetched a year at a time (${spans.length} spans); other sortBy orders apply within each span.`);
    if (summary) head.push(`Gathered ${tickets.length}: ${summaryLine(summary)}.`);
    if (shown.length < tickets.length) head.push(`Cut at ${shown.length} tickets to keep this result small: for the rest call again with skip=${nextSkip}.`);
    else if (nextSkip !== undefined) head.push(`More: call again with skip=${nextSkip}${gathering ? '' : ', or set maxTickets'}.`);
    if (shown.length) head.push(UNTRUSTED_TEXT, TICKET_COLUMNS);
    return {
      structured: {
        startDate,
        endDate,
        today,
        count,
        pagination: { skip, shown: shown.length, hasMore: nextSkip !== undefined, nextSkip },
        ...(summary ? { gathered: tickets.length, summary } : {}),
        tickets: shown,
      },
      text: [...head, ...lines].join('\n'),
    };
  },
});

/** The filters Mava takes as given; category, assignedTo and tags go through resolveFilterNames. */
function filters(args: { status?: string | string[]; origin?: string | string[]; csatValues?: string | string[] }) {
  return { status: toList(args.status), origin: toList(args.origin), csatValues: toList(args.csatValues) };
}

/** As many tickets as fit the result budget (text and structuredContent), cut at a ticket. */
function fit(tickets: Ticket[], render: (ticket: Ticket) => string[]): { shown: Ticket[]; lines: string[] } {
  const lines: string[] = [];
  let used = 2_000; // the header and the result's envelope
  let shown = 0;
  for (const ticket of tickets) {
    const rendered = render(ticket);
    // Counted, not built: the text is joined once for the result, and the SDK serialises the tickets.
    let size = jsonSize(ticket) + rendered.length - 1;
    for (const line of rendered) size += Buffer.byteLength(line);
    if (used + size > RESULT_BUDGET && shown > 0) break;
    used += size;
    lines.push(...rendered);
    shown++;
  }
  return { shown: tickets.slice(0, shown), lines };
}
