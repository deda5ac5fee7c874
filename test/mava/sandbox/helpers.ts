// Shared by the sandbox tests: plain fetch against the sandbox, no client code in between.

import type { MavaSandbox } from '../../../src/providers/mava/sandbox/index.js';
import type { TicketJson } from '../../../src/providers/mava/sandbox/wire.js';

export const DAY = 24 * 60 * 60 * 1000;
/** A fixed clock, so dates in the seeded data and in the answers are predictable. */
export const NOW = Date.parse('2026-03-15T12:00:00.000Z');
/** Covers every seeded ticket (the last 90 days) and is under the one-year maximum. */
export const ALL_TIME = { startDate: new Date(NOW - 100 * DAY).toISOString(), endDate: new Date(NOW + DAY).toISOString() };

export interface Answer<T> {
  status: number;
  body: T;
  headers: Headers;
}

export interface RequestOptions {
  /** Sent as JSON. */
  json?: unknown;
  /** Sent as is, for malformed bodies. */
  raw?: string;
  /** The x-auth-token to send; null sends none; default the sandbox's key. */
  key?: string | null;
}

export async function call<T = { error?: string }>(sandbox: MavaSandbox, method: string, path: string, options: RequestOptions = {}): Promise<Answer<T>> {
  const headers: Record<string, string> = {};
  if (options.key !== null) headers['x-auth-token'] = options.key ?? sandbox.apiKey;
  const body = options.raw ?? (options.json === undefined ? undefined : JSON.stringify(options.json));
  if (body !== undefined) headers['content-type'] = 'application/json';
  const response = await fetch(`${sandbox.url}${path}`, { method, headers, body });
  const text = await response.text();
  return { status: response.status, body: JSON.parse(text) as T, headers: response.headers };
}

export type QueryValue = string | number | readonly string[];

/** `/api/tickets?...` with repeated keys for arrays; the all-time range unless overridden or nulled. */
export function ticketsPath(params: Record<string, QueryValue | null> = {}): string {
  const search = new URLSearchParams();
  for (const [name, value] of Object.entries({ ...ALL_TIME, ...params })) {
    if (value === null) continue;
    if (Array.isArray(value)) for (const item of value) search.append(name, item);
    else search.append(name, String(value));
  }
  return `/api/tickets?${search.toString()}`;
}

export interface TicketsBody {
  tickets: TicketJson[];
  count: number;
  pagination: { limit: number; skip: number; hasMore: boolean };
}

export async function fetchTickets(sandbox: MavaSandbox, params: Record<string, QueryValue | null> = {}): Promise<TicketsBody> {
  const answer = await call<TicketsBody & { error?: string }>(sandbox, 'GET', ticketsPath(params));
  if (answer.status !== 200) throw new Error(`GET tickets answered ${answer.status} ${JSON.stringify(answer.body)}`);
  return answer.body;
}

/** Every ticket in the range, following hasMore as Mava tells clients to (docs/api/mava.md, "Fetch tickets"). */
export async function fetchAllTickets(sandbox: MavaSandbox, params: Record<string, QueryValue | null> = {}): Promise<TicketJson[]> {
  const all: TicketJson[] = [];
  for (let skip = 0; ; skip += 100) {
    const page = await fetchTickets(sandbox, { ...params, limit: 100, skip });
    all.push(...page.tickets);
    if (!page.pagination.hasMore) return all;
  }
}

export const OBJECT_ID = /^[0-9a-f]{24}$/;

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
