// GET /api/tickets parameters, checked in the order Mava lists its errors, so a request
// with several faults gets the error the real API would give first.

import { isOneOf } from './guards.js';
import { parseIsoInstant } from './iso-date.js';

export const SORT_FIELDS = ['createdAt', 'status', 'priority', 'sourceType', 'assignedTo', 'category', 'resolutionTime'] as const;
export const SORT_ORDERS = ['asc', 'desc'] as const;
/** Repeatable filters (`?status=Open&status=Pending`); within one, any value matches. */
export const FILTER_PARAMS = ['status', 'assignedTo', 'category', 'tags', 'csatValues', 'origin'] as const;

export type SortField = (typeof SORT_FIELDS)[number];
export type SortOrder = (typeof SORT_ORDERS)[number];
export type FilterParam = (typeof FILTER_PARAMS)[number];

export type TicketQueryError =
  | 'MISSING_DATE_RANGE'
  | 'INVALID_DATE_RANGE'
  | 'INVALID_LIMIT'
  | 'INVALID_SKIP'
  | 'UNSUPPORTED_SORT_FIELD'
  | 'UNSUPPORTED_SORT_ORDER';

export interface TicketQuery {
  /** Inclusive, epoch ms. */
  start: number;
  /** Exclusive, epoch ms. */
  end: number;
  limit: number;
  skip: number;
  filters: Partial<Record<FilterParam, ReadonlySet<string>>>;
  sortBy: SortField;
  sortOrder: SortOrder;
  includeMessages: boolean;
}

export type ParsedTicketQuery = { ok: true; query: TicketQuery } | { ok: false; error: TicketQueryError };

const DEFAULT_LIMIT = 50;
const MAX_LIMIT = 100;
/** "Max range: 1 year", read generously enough to admit a leap year (docs/api/mava.md, "Fetch tickets"). */
const MAX_RANGE_MS = 366 * 24 * 60 * 60 * 1000;
const UNSIGNED_INTEGER = /^\d+$/;

export function parseTicketQuery(params: URLSearchParams): ParsedTicketQuery {
  const startText = params.get('startDate');
  const endText = params.get('endDate');
  if (!startText || !endText) return { ok: false, error: 'MISSING_DATE_RANGE' };
  const start = parseIsoInstant(startText);
  const end = parseIsoInstant(endText);
  if (start === undefined || end === undefined || end <= start || end - start > MAX_RANGE_MS) {
    return { ok: false, error: 'INVALID_DATE_RANGE' };
  }

  const limit = parseCount(params.get('limit'), DEFAULT_LIMIT);
  if (limit === undefined || limit < 1 || limit > MAX_LIMIT) return { ok: false, error: 'INVALID_LIMIT' };
  const skip = parseCount(params.get('skip'), 0);
  if (skip === undefined) return { ok: false, error: 'INVALID_SKIP' };

  const sortBy = params.get('sortBy') ?? 'createdAt';
  if (!isOneOf(SORT_FIELDS, sortBy)) return { ok: false, error: 'UNSUPPORTED_SORT_FIELD' };
  const sortOrder = params.get('sortOrder') ?? 'desc';
  if (!isOneOf(SORT_ORDERS, sortOrder)) return { ok: false, error: 'UNSUPPORTED_SORT_ORDER' };

  const filters: TicketQuery['filters'] = {};
  for (const name of FILTER_PARAMS) {
    if (params.has(name)) filters[name] = new Set(params.getAll(name));
  }
  return {
    ok: true,
    query: { start, end, limit, skip, filters, sortBy, sortOrder, includeMessages: params.get('includeMessages') === 'true' },
  };
}

/** A non-negative integer, the fallback when absent, undefined when malformed. */
function parseCount(text: string | null, fallback: number): number | undefined {
  if (text === null) return fallback;
  if (!UNSIGNED_INTEGER.test(text)) return undefined;
  const value = Number(text);
  return Number.isSafeInteger(value) ? value : undefined;
}
