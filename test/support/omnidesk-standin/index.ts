// A strict, independent stand-in of Omnidesk's API for acceptance tests (not the project's
// sandbox): records every request exactly as it arrived (method, path, raw query, headers, raw
// body, multipart parts) and checks it against the documented contract (./contract.ts).
// Serving, recording and overrides: ../standin-core.ts. Node built-ins only.

import { startStandinServer, type Outcome, type StandinServer } from '../standin-core.js';
import { answer, error, isViolationReply, type Incoming } from './contract.js';

export { STANDIN_DATA } from './data.js';
export type { Part } from './multipart.js';
export type { StandinResponse } from '../standin-core.js';

export interface RecordedRequest extends Incoming, Outcome {}

export interface StandinOptions {
  /** The key accepted in the apiKey header. */
  apiKey: string;
}

/** Overrides are keyed "METHOD /path", e.g. "POST /api/v2/message". No rate limit: Omnidesk documents none. */
export type OmnideskStandin = Omit<StandinServer<RecordedRequest>, 'rejected429' | 'maxInWindow'>;

/** A request's form as [name, value] pairs, in the order sent. */
export function formPairs(request: RecordedRequest): Array<[string, string]> {
  return (request.parts ?? []).map((part) => [part.name, part.value]);
}

export async function startOmnideskStandin(options: StandinOptions): Promise<OmnideskStandin> {
  return startStandinServer<RecordedRequest, true>(
    {
      name: 'omnidesk standin',
      bodyEncoding: 'latin1',
      record: (arrival) => ({ ...arrival, parts: undefined }),
      caller: ({ headers }) => (headers.apikey === options.apiKey ? true : undefined),
      answer: (record) => answer(record),
      isViolation: isViolationReply,
      unauthorized: error('Unauthorized', 401),
      tooManyRequests: error('Too many requests', 429),
      internalError: error('Internal server error', 500),
      // A 200 with no content carries no content-type.
      contentType: (_status, text) => (text === '' ? undefined : 'application/json; charset=utf-8'),
    },
    {},
  );
}
