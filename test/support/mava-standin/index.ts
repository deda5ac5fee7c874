// A strict, independent stand-in of Mava's API for acceptance tests (not the project's sandbox):
// records every request exactly as it arrived, checks it against the documented contract
// (./contract.ts) and, when asked, rate-limits with a strict sliding window on ARRIVALS.
// Serving, recording and overrides: ../standin-core.ts. Node built-ins only.

import { parseJson, startStandinServer, type Outcome, type ServingOptions, type StandinServer } from '../standin-core.js';
import { answer, error, isViolationReply, type Incoming } from './contract.js';

export { STANDIN_DATA } from './data.js';
export type { StandinData, Ticket, TicketMessage, Ref, Customer, Attribute } from './data.js';
export type { StandinResponse } from '../standin-core.js';

/** A request exactly as it arrived (see Incoming in contract.ts), with when it came and what it got. */
export interface RecordedRequest extends Incoming, Outcome {}

export interface StandinOptions extends ServingOptions {
  /** The key accepted in x-auth-token; several keys act as several accounts of one API. */
  apiKey: string | string[];
  /** Methods /api/message accepts; default ['PUT','POST']; others => 404 {"error":"Not found"}. */
  messageMethods?: Array<'PUT' | 'POST'>;
}

/** Overrides are keyed "METHOD /path", e.g. "PUT /api/message". */
export type Standin = StandinServer<RecordedRequest>;

export async function startStandin(options: StandinOptions): Promise<Standin> {
  const keys = Array.isArray(options.apiKey) ? options.apiKey : [options.apiKey];
  const messageMethods: readonly string[] = options.messageMethods ?? ['PUT', 'POST'];
  let idCounter = 0;
  const nextId = (): string => `6653${(++idCounter).toString(16).padStart(20, '0')}`;

  return startStandinServer<RecordedRequest, true>(
    {
      name: 'standin',
      bodyEncoding: 'utf8',
      record: (arrival) => ({ ...arrival, body: undefined }),
      received: (record) => {
        record.body = parseJson(record.rawBody);
      },
      caller: ({ headers }) => {
        const presented = headers['x-auth-token'];
        return typeof presented === 'string' && keys.includes(presented) ? true : undefined;
      },
      answer: (record) => answer(record, messageMethods, nextId),
      isViolation: isViolationReply,
      unauthorized: error('Unauthorized', 401),
      tooManyRequests: error('Too many requests', 429),
      internalError: error('Internal server error', 500),
      contentType: () => 'application/json; charset=utf-8',
      reset: () => {
        idCounter = 0;
      },
    },
    options,
  );
}
