// A strict, independent stand-in of InboxOps's API for acceptance tests (not the project's
// sandbox): records every request exactly as it arrived (method, raw path, raw query, headers,
// raw body), checks it against the documented contract (./contract.ts) and, when asked,
// rate-limits with a strict sliding window on ARRIVALS. Serving, recording and overrides:
// ../standin-core.ts. Node built-ins only.

import { parseJson, startStandinServer, type Outcome, type ServingOptions, type StandinServer } from '../standin-core.js';
import { answer, caller, isViolationReply, problem, type Incoming } from './contract.js';

export { STANDIN_AGENT, STANDIN_TICKETS } from './data.js';
export { STANDIN_PREFIX } from './contract.js';
export type { StandinResponse } from '../standin-core.js';

export interface RecordedRequest extends Incoming, Outcome {}

export interface StandinOptions extends Omit<ServingOptions, 'delayMs'> {
  /** Keys accepted in `Authorization: Bearer <key>` with read-write scope. */
  apiKey: string | string[];
  /** Keys accepted read-only: POST and PATCH get 403 insufficient_scope. */
  readOnlyKey?: string | string[];
}

/** Overrides are keyed "METHOD <route>", route with {id}: e.g. "POST /api/v1/tickets/{id}/messages". */
export type Standin = StandinServer<RecordedRequest>;

const list = (keys: string | string[] | undefined): string[] => (keys === undefined ? [] : Array.isArray(keys) ? keys : [keys]);

/** "PATCH /api/v1/tickets/{id}" for any id: overrides are keyed by route, not by ticket. */
export function routeOf(method: string, path: string): string {
  return `${method} ${path.replace(/^(\/api\/v1\/tickets\/)[^/]+/, '$1{id}')}`;
}

export async function startInboxopsStandin(options: StandinOptions): Promise<Standin> {
  const keys = list(options.apiKey);
  const readOnlyKeys = list(options.readOnlyKey);
  return startStandinServer<RecordedRequest, 'read-write' | 'read-only'>(
    {
      name: 'inboxops standin',
      bodyEncoding: 'utf8',
      record: (arrival) => ({ ...arrival, body: undefined }),
      received: (record) => {
        record.body = parseJson(record.rawBody);
      },
      caller: (record) => caller(record, keys, readOnlyKeys),
      answer,
      isViolation: isViolationReply,
      unauthorized: problem(401, 'Unauthorized', 'Missing or invalid Authorization: Bearer, or revoked API key', 'unauthorized'),
      tooManyRequests: problem(429, 'Too Many Requests', 'Rate limit exceeded. Please try again later', 'rate_limited'),
      internalError: problem(500, 'Internal Server Error', 'Internal server error', 'internal_error'),
      contentType: (status) => (status >= 400 ? 'application/problem+json' : 'application/json; charset=utf-8'),
      routeOf: (record) => routeOf(record.method, record.path),
    },
    options,
  );
}
