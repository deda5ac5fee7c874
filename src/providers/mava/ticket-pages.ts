import { CancelledError } from '../../http/errors.js';
import type { DateRange } from '../../tools/dates.js';
import type { ApiTicket } from './api.js';
import type { MavaClient, TicketQuery } from './client.js';

/** Mava's largest page. */
export const MAX_PAGE = 100;

export interface PageRequest {
  /** Everything but the range and the page. */
  query: Omit<TicketQuery, 'startDate' | 'endDate' | 'limit' | 'skip'>;
  /** The range in spans the API accepts (a year at most), in the order tickets are wanted. */
  spans: DateRange[];
  /** Tickets to pass over first, across spans. */
  skip: number;
  /** Tickets wanted. */
  want: number;
  pageSize: number;
  signal: AbortSignal;
  /** Called after each page that brought tickets, with how many are gathered so far. */
  onPage?: (gathered: number) => Promise<void>;
}

export interface Gathered {
  tickets: ApiTicket[];
  /** Tickets matching in the whole range. */
  count: number;
}

/**
 * Gathers tickets page by page across the spans of a range. Every page is one request through
 * the client (so through the limiter); a cancellation stops before the next page. A span whose
 * tickets are all skipped or not wanted costs one request of one ticket, for its count.
 */
export async function gatherTickets(client: MavaClient, request: PageRequest): Promise<Gathered> {
  const { spans, want, pageSize, signal } = request;
  const tickets: ApiTicket[] = [];
  const seen = new Set<string>();
  let toSkip = request.skip;
  let count = 0;
  for (const span of spans) {
    let skip = toSkip;
    let spanCount = 0;
    for (;;) {
      if (signal.aborted) throw new CancelledError('no');
      const wanted = want - tickets.length;
      const limit = wanted > 0 ? Math.min(pageSize, wanted) : 1;
      const page = await client.fetchTickets({ ...request.query, startDate: span.start.toISOString(), endDate: span.end.toISOString(), limit, skip }, signal);
      spanCount = page.count;
      if (wanted <= 0) break;
      // A ticket created while we page shifts the pages by one: it must not show twice.
      for (const ticket of page.tickets) {
        if (seen.has(ticket._id) || tickets.length >= want) continue;
        seen.add(ticket._id);
        tickets.push(ticket);
      }
      if (page.tickets.length) await request.onPage?.(tickets.length);
      skip += page.tickets.length;
      if (!page.pagination.hasMore || page.tickets.length === 0 || tickets.length >= want) break;
    }
    count += spanCount;
    toSkip = Math.max(0, toSkip - spanCount);
  }
  return { tickets, count };
}
