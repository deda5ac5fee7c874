// The core the strict stand-ins of the vendor APIs share (./standin, ./omnidesk-standin,
// ./inboxops-standin): an HTTP server on 127.0.0.1 that records every request exactly as it
// arrived, decides the credential and an optional strict sliding-window rate limit on ARRIVAL
// (as a gateway would), answers from the vendor's contract unless a queued one-shot override
// replaces it, and closes without waiting for idle sockets. What differs per vendor (auth
// header, error shapes, routes, data) comes in as a StandinVendor. Node built-ins only and
// nothing from src/: the stand-ins are the independent check of our client.

import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** A request as it arrived, before any vendor reading of its body. */
export interface Arrival {
  method: string;
  /** Pathname exactly as sent (no decoding). */
  path: string;
  /** Exactly as received after "?", "" if none. */
  rawQuery: string;
  /** Decoded pairs in order (repeated keys kept). */
  query: Array<[string, string]>;
  /** Node's lower-cased headers. */
  headers: Record<string, string | string[] | undefined>;
  /** The body as text (in the vendor's bodyEncoding); "" if none. */
  rawBody: string;
}

/** An arrival whose body is read as JSON. */
export interface JsonArrival extends Arrival {
  /** JSON.parse(rawBody), or undefined if empty or invalid. */
  body: unknown;
}

/** What the core adds to a vendor's record: when it came and what it got. */
export interface Outcome {
  /** performance.now() when the request's headers arrived. */
  arrivedAt: number;
  /** Status answered; 0 while unanswered or when the socket was destroyed. */
  status: number;
}

export interface Reply {
  status: number;
  /** Undefined: no content. */
  body: unknown;
}

/** A request a client following the documented contract would never send. */
export class Violation extends Error {}

/** How a Violation's message starts, so a test can tell it from the API's own answers. */
export const STANDIN_PREFIX = 'STANDIN: ';

export const fail = (what: string): never => {
  throw new Violation(what);
};

/** A 400 whose text (in the vendor's error field) starts with STANDIN_PREFIX: the client broke the contract. */
export function isViolation(reply: Reply, field: string): boolean {
  const text = (reply.body as Record<string, unknown> | undefined)?.[field];
  return reply.status === 400 && typeof text === 'string' && text.startsWith(STANDIN_PREFIX);
}

export const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/** Any header that would carry a credential other than the documented one is a violation. */
export function refuseOtherCredentials(req: Arrival, names: readonly string[], documented: string): void {
  for (const name of names) {
    if (req.headers[name] !== undefined) fail(`unexpected ${name} header (${documented})`);
  }
}

const JSON_TYPE = /^application\/json\s*(;\s*charset="?utf-8"?\s*)?$/i;

/** The envelope of a documented JSON write: no query string, a JSON content-type, a JSON object body. */
export function checkJsonWrite(req: JsonArrival, where: string): void {
  if (req.rawQuery !== '') fail(`unexpected query string "${req.rawQuery}" on ${where}`);
  const type = req.headers['content-type'];
  if (typeof type !== 'string' || !JSON_TYPE.test(type)) fail(`content-type must be application/json, got ${JSON.stringify(type ?? null)}`);
  if (req.rawBody === '') fail('missing JSON body');
  if (req.body === undefined) fail('body is not valid JSON');
  if (!isObject(req.body)) fail('body must be a JSON object');
}

/** rawBody parsed, or undefined when empty or invalid (the contract reports which). */
export function parseJson(rawBody: string): unknown {
  if (rawBody === '') return undefined;
  try {
    return JSON.parse(rawBody);
  } catch {
    return undefined;
  }
}

export interface StandinResponse {
  status: number;
  /** JSON body; undefined with no rawBody: no content. */
  body?: unknown;
  rawBody?: string;
  headers?: Record<string, string>;
  delayMs?: number;
  /** Close the connection without answering (a dropped connection). */
  destroySocket?: boolean;
}

/** What every stand-in accepts besides its keys. */
export interface ServingOptions {
  /** Strict sliding window on arrivals; omit = no limit. */
  rateLimit?: { limit: number; windowMs: number };
  /** When set, 429 responses carry Retry-After: <n>. */
  retryAfterSeconds?: number;
  /** Delay before answering every request. */
  delayMs?: number;
}

/** One vendor's side: how it reads, authenticates, answers and words its errors. */
export interface StandinVendor<R extends Arrival & Outcome, Caller> {
  /** Prefix of what the stand-in writes to stderr when its contract code throws. */
  name: string;
  /** How the body's bytes become rawBody: latin1 keeps multipart bytes, JSON is utf8. */
  bodyEncoding: BufferEncoding;
  /** The record with the vendor's own fields added, before the body came. */
  record(arrival: Arrival & Outcome): R;
  /** Called once rawBody is complete, e.g. to parse it. */
  received?(record: R): void;
  /** Who the credential says is calling, undefined when it is missing or wrong. */
  caller(record: R): Caller | undefined;
  /** The documented API's answer to an authenticated, not rate-limited request. */
  answer(record: R, caller: Caller): Reply;
  /** Whether a reply is a contract violation, which always wins over an override. */
  isViolation(reply: Reply): boolean;
  /** The vendor's 401, 429 and 500 in its own error shape. */
  unauthorized: Reply;
  tooManyRequests: Reply;
  internalError: Reply;
  /** The content-type of a response, none when undefined. */
  contentType(status: number, text: string): string | undefined;
  /** The respondNext route key of a request; default "METHOD /path". */
  routeOf?(record: R): string;
  /** Clear what the vendor keeps between requests (e.g. an id counter). */
  reset?(): void;
}

export interface StandinServer<R> {
  /** http://127.0.0.1:PORT */
  readonly url: string;
  /** Every request, in arrival order. */
  readonly requests: R[];
  /** How many 429s were answered. */
  readonly rejected429: number;
  /** The largest number of ACCEPTED arrivals in any windowMs span (sliding). */
  maxInWindow(): number;
  /** One-shot override for the next request on the vendor's route key. */
  respondNext(route: string, response: StandinResponse): void;
  /** Clear recorded requests, overrides and counters. */
  reset(): void;
  close(): Promise<void>;
}

export async function startStandinServer<R extends Arrival & Outcome, Caller>(
  vendor: StandinVendor<R, Caller>,
  options: ServingOptions,
): Promise<StandinServer<R>> {
  const windowMs = options.rateLimit?.windowMs ?? Number.POSITIVE_INFINITY;
  const requests: R[] = [];
  const overrides = new Map<string, StandinResponse[]>();
  const timers = new Set<NodeJS.Timeout>();
  let accepted: number[] = []; // arrival times of accepted requests, ascending
  let rejected429 = 0;

  const send = (res: ServerResponse, record: R, response: StandinResponse): void => {
    if (res.destroyed) return; // the client went away (or close() ran): nothing to answer
    if (response.destroySocket) {
      res.socket?.destroy();
      return;
    }
    record.status = response.status;
    if (response.status === 429) rejected429++;
    const text = response.rawBody ?? (response.body === undefined ? '' : JSON.stringify(response.body));
    const type = vendor.contentType(response.status, text);
    res.writeHead(response.status, { ...(type === undefined ? {} : { 'content-type': type }), ...response.headers });
    res.end(text);
  };

  const handle = (req: IncomingMessage, res: ServerResponse): void => {
    const arrivedAt = performance.now();
    const url = req.url ?? '/';
    const mark = url.indexOf('?');
    const rawQuery = mark === -1 ? '' : url.slice(mark + 1);
    const record = vendor.record({
      method: req.method ?? '',
      path: mark === -1 ? url : url.slice(0, mark),
      rawQuery,
      query: [...new URLSearchParams(rawQuery)],
      headers: { ...req.headers },
      rawBody: '',
      arrivedAt,
      status: 0,
    });
    requests.push(record);

    // The credential and the rate limit are decided on arrival, as a gateway would.
    const who = vendor.caller(record);
    let early: Reply | undefined;
    if (who === undefined) {
      early = vendor.unauthorized;
    } else if (options.rateLimit && accepted.filter((t) => arrivedAt - t < windowMs).length >= options.rateLimit.limit) {
      early = vendor.tooManyRequests;
    } else {
      accepted.push(arrivedAt);
    }

    const chunks: Buffer[] = [];
    req.on('error', () => {}); // an aborted upload must not crash the test run
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      record.rawBody = Buffer.concat(chunks).toString(vendor.bodyEncoding);
      vendor.received?.(record);
      let response: StandinResponse;
      if (early) {
        const retryAfter = early.status === 429 && options.retryAfterSeconds !== undefined;
        response = { ...early, headers: retryAfter ? { 'retry-after': String(options.retryAfterSeconds) } : undefined };
      } else {
        response = reply(record, who!);
      }
      const delay = response.delayMs ?? options.delayMs ?? 0;
      if (delay <= 0) return send(res, record, response);
      const timer = setTimeout(() => {
        timers.delete(timer);
        send(res, record, response);
      }, delay);
      timers.add(timer);
    });
  };

  // The contract's answer, unless a queued override replaces it. A contract violation always
  // wins (and leaves the override queued), so an override never hides a malformed request.
  const reply = (record: R, who: Caller): StandinResponse => {
    let natural: Reply;
    try {
      natural = vendor.answer(record, who);
    } catch (e) {
      process.stderr.write(`${vendor.name}: ${String(e)}\n`);
      natural = vendor.internalError;
    }
    if (vendor.isViolation(natural)) return natural;
    const route = vendor.routeOf ? vendor.routeOf(record) : `${record.method} ${record.path}`;
    const override = overrides.get(route)?.shift();
    if (!override) return natural;
    if (override.status === 429 && !override.destroySocket) {
      // A simulated rejection is not an accepted arrival.
      const at = accepted.lastIndexOf(record.arrivedAt);
      if (at >= 0) accepted.splice(at, 1);
    }
    return override;
  };

  const server = createServer(handle);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  let closing: Promise<void> | undefined;

  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    get rejected429() {
      return rejected429;
    },
    maxInWindow() {
      let max = 0;
      let first = 0;
      accepted.forEach((t, i) => {
        while (t - accepted[first]! >= windowMs) first++;
        max = Math.max(max, i - first + 1);
      });
      return max;
    },
    respondNext(route, response) {
      overrides.set(route, [...(overrides.get(route) ?? []), response]);
    },
    reset() {
      requests.length = 0;
      overrides.clear();
      accepted = [];
      rejected429 = 0;
      vendor.reset?.();
    },
    close() {
      for (const timer of timers) clearTimeout(timer);
      timers.clear();
      closing ??= new Promise<void>((resolve, reject) => {
        server.close((err) => (err ? reject(err) : resolve()));
        server.closeAllConnections();
      });
      return closing;
    },
  };
}
