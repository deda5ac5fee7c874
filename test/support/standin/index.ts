// A strict, independent stand-in of Mava's API for acceptance tests (not the project's sandbox):
// records every request exactly as it arrived, checks it against the documented contract
// (./contract.ts) and, when asked, rate-limits with a strict sliding window on ARRIVALS.
// Node built-ins only.

import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { performance } from 'node:perf_hooks';
import { answer, isViolationReply, type Incoming, type Reply } from './contract.js';

export { STANDIN_DATA } from './data.js';
export type { StandinData, Ticket, TicketMessage, Ref, Customer, Attribute } from './data.js';

/** A request exactly as it arrived (see Incoming in contract.ts), with when it came and what it got. */
export interface RecordedRequest extends Incoming {
  /** performance.now() when the request's headers arrived. */
  arrivedAt: number;
  /** Status answered; 0 while unanswered or when the socket was destroyed. */
  status: number;
}

export interface StandinOptions {
  /** The key accepted in x-auth-token; several keys act as several accounts of one API. */
  apiKey: string | string[];
  /** Strict sliding window on arrivals; omit = no limit. */
  rateLimit?: { limit: number; windowMs: number };
  /** When set, 429 responses carry Retry-After: <n>. */
  retryAfterSeconds?: number;
  /** Methods /api/message accepts; default ['PUT','POST']; others => 404 {"error":"Not found"}. */
  messageMethods?: Array<'PUT' | 'POST'>;
  /** Delay before answering every request. */
  delayMs?: number;
}

export interface StandinResponse {
  status: number;
  body?: unknown;
  rawBody?: string;
  headers?: Record<string, string>;
  delayMs?: number;
  /** Close the connection without answering (a dropped connection). */
  destroySocket?: boolean;
}

export interface Standin {
  /** http://127.0.0.1:PORT */
  readonly url: string;
  /** Every request, in arrival order. */
  readonly requests: RecordedRequest[];
  /** How many 429s were answered. */
  readonly rejected429: number;
  /** The largest number of ACCEPTED arrivals in any windowMs span (sliding). */
  maxInWindow(): number;
  /** One-shot override for the next request on route "METHOD /path", e.g. "PUT /api/message". */
  respondNext(route: string, response: StandinResponse): void;
  /** Clear recorded requests, overrides and counters. */
  reset(): void;
  close(): Promise<void>;
}

export async function startStandin(options: StandinOptions): Promise<Standin> {
  const keys = Array.isArray(options.apiKey) ? options.apiKey : [options.apiKey];
  const messageMethods: readonly string[] = options.messageMethods ?? ['PUT', 'POST'];
  const windowMs = options.rateLimit?.windowMs ?? Number.POSITIVE_INFINITY;
  const requests: RecordedRequest[] = [];
  const overrides = new Map<string, StandinResponse[]>();
  const timers = new Set<NodeJS.Timeout>();
  let accepted: number[] = []; // arrival times of accepted requests, ascending
  let rejected429 = 0;
  let idCounter = 0;
  const nextId = (): string => `6653${(++idCounter).toString(16).padStart(20, '0')}`;

  const send = (res: ServerResponse, record: RecordedRequest, response: StandinResponse): void => {
    if (res.destroyed) return; // the client went away (or close() ran): nothing to answer
    if (response.destroySocket) {
      res.socket?.destroy();
      return;
    }
    record.status = response.status;
    if (response.status === 429) rejected429++;
    const text = response.rawBody ?? (response.body === undefined ? '' : JSON.stringify(response.body));
    res.writeHead(response.status, { 'content-type': 'application/json; charset=utf-8', ...response.headers });
    res.end(text);
  };

  const handle = (req: IncomingMessage, res: ServerResponse): void => {
    const arrivedAt = performance.now();
    const url = req.url ?? '/';
    const q = url.indexOf('?');
    const rawQuery = q === -1 ? '' : url.slice(q + 1);
    const record: RecordedRequest = {
      method: req.method ?? '',
      path: q === -1 ? url : url.slice(0, q),
      rawQuery,
      query: [...new URLSearchParams(rawQuery)],
      headers: { ...req.headers },
      rawBody: '',
      body: undefined,
      arrivedAt,
      status: 0,
    };
    requests.push(record);

    // Auth and the rate limit are decided on arrival, as a gateway would.
    let early: Reply | undefined;
    const presented = req.headers['x-auth-token'];
    if (typeof presented !== 'string' || !keys.includes(presented)) {
      early = { status: 401, body: { error: 'Unauthorized' } };
    } else if (options.rateLimit && accepted.filter((t) => arrivedAt - t < windowMs).length >= options.rateLimit.limit) {
      early = { status: 429, body: { error: 'Too many requests' } };
    } else {
      accepted.push(arrivedAt);
    }

    const chunks: Buffer[] = [];
    req.on('error', () => {}); // an aborted upload must not crash the test run
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      record.rawBody = Buffer.concat(chunks).toString('utf8');
      try {
        record.body = record.rawBody === '' ? undefined : JSON.parse(record.rawBody);
      } catch {
        record.body = undefined;
      }
      let response: StandinResponse;
      if (early) {
        const retryAfter = early.status === 429 && options.retryAfterSeconds !== undefined;
        response = { ...early, headers: retryAfter ? { 'retry-after': String(options.retryAfterSeconds) } : undefined };
      } else {
        response = reply(record);
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
  const reply = (record: RecordedRequest): StandinResponse => {
    let natural: Reply;
    try {
      natural = answer(record, messageMethods, nextId);
    } catch (e) {
      process.stderr.write(`standin: ${String(e)}\n`);
      natural = { status: 500, body: { error: 'Internal server error' } };
    }
    if (isViolationReply(natural)) return natural;
    const queue = overrides.get(`${record.method} ${record.path}`);
    const override = queue?.shift();
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
      const queue = overrides.get(route) ?? [];
      queue.push(response);
      overrides.set(route, queue);
    },
    reset() {
      requests.length = 0;
      overrides.clear();
      accepted = [];
      rejected429 = 0;
      idCounter = 0;
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
