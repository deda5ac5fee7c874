import type { Ticket } from './render.js';

/** Counts of gathered tickets by the fields a triage looks at first. */
export type TicketSummary = {
  status: Record<string, number>;
  priority: Record<string, number>;
  origin: Record<string, number>;
  category: Record<string, number>;
};

export function summarize(tickets: readonly Ticket[]): TicketSummary {
  const count = (key: (ticket: Ticket) => string) => {
    const counts: Record<string, number> = {};
    for (const ticket of tickets) counts[key(ticket)] = (counts[key(ticket)] ?? 0) + 1;
    return Object.fromEntries(Object.entries(counts).sort((a, b) => b[1] - a[1]));
  };
  return {
    status: count((t) => t.status),
    priority: count((t) => (t.priority === null ? 'none' : `P${t.priority}`)),
    origin: count((t) => t.sourceType ?? 'unknown'),
    category: count((t) => t.category?.name ?? t.category?._id ?? 'none'),
  };
}

/** "status Open 12, Pending 3; priority P1 2, ..." */
export function summaryLine(summary: TicketSummary): string {
  return Object.entries(summary)
    .map(
      ([field, counts]) =>
        `${field} ${Object.entries(counts)
          .map(([value, n]) => `${value} ${n}`)
          .join(', ')}`,
    )
    .join('; ');
}
