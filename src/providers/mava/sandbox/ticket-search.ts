// Which tickets a parsed query selects, in which order, and which page of them.

import type { Ticket } from './model.js';
import type { FilterParam, SortField, TicketQuery } from './ticket-query.js';

export interface TicketPage {
  tickets: Ticket[];
  /** All matches, not just this page. */
  count: number;
}

/** The values a ticket offers to each filter; it matches when any of them was asked for. */
const FILTER_VALUES: Record<FilterParam, (ticket: Ticket) => readonly string[]> = {
  status: (t) => [t.status],
  assignedTo: (t) => [t.assignedTo?._id ?? 'Unassigned'],
  category: (t) => (t.category ? [t.category._id] : []),
  tags: (t) => t.tags.map((tag) => tag._id),
  csatValues: (t) => [t.csat === null ? 'no-rating' : String(t.csat)],
  origin: (t) => [t.sourceType],
};

/** People sort assignees and categories by what they read, the name, not by id. */
const SORT_KEYS: Record<SortField, (ticket: Ticket) => string | number | null> = {
  createdAt: (t) => t.createdAt,
  status: (t) => t.status,
  priority: (t) => t.priority,
  sourceType: (t) => t.sourceType,
  assignedTo: (t) => t.assignedTo?.name ?? null,
  category: (t) => t.category?.name ?? null,
  resolutionTime: (t) => t.resolutionTime,
};

export function searchTickets(tickets: readonly Ticket[], query: TicketQuery): TicketPage {
  const filters = Object.entries(query.filters) as Array<[FilterParam, ReadonlySet<string>]>;
  const matches = tickets.filter(
    (ticket) =>
      ticket.createdAt >= query.start &&
      ticket.createdAt < query.end &&
      filters.every(([name, wanted]) => FILTER_VALUES[name](ticket).some((value) => wanted.has(value))),
  );
  matches.sort(comparator(query));
  return { tickets: matches.slice(query.skip, query.skip + query.limit), count: matches.length };
}

/**
 * Missing values sort last in either direction (they are not "smallest", just unknown). Ties
 * fall back to newest first, then id, so pages never overlap or skip a ticket.
 */
function comparator(query: TicketQuery): (a: Ticket, b: Ticket) => number {
  const key = SORT_KEYS[query.sortBy];
  const direction = query.sortOrder === 'asc' ? 1 : -1;
  return (a, b) => {
    const keyA = key(a);
    const keyB = key(b);
    if (keyA !== keyB) {
      if (keyA === null) return 1;
      if (keyB === null) return -1;
      return (keyA < keyB ? -1 : 1) * direction;
    }
    if (a.createdAt !== b.createdAt) return b.createdAt - a.createdAt;
    return a._id < b._id ? -1 : a._id > b._id ? 1 : 0;
  };
}
