// A strict, independent stand-in of InboxOps's API for acceptance tests (not the project's
// sandbox): records every request exactly as it arrived (method, raw path, raw query, headers,
// raw body), checks it against the documented contract (./contract.ts) and, when asked,
// rate-limits with a strict sliding window on ARRIVALS. Node built-ins only.

import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { performance } from 'node:perf_hooks';
import { answer, caller, isViolationReply, problem, type Incoming, type Reply } from './contract.js';

export { STANDIN_AGENT, STANDIN_TICKETS } from './data.js';
export { STANDIN_PREFIX } from './contract.js';

export interface RecordedRequest extends Incoming {
  /** performance.now() when the request's headers arrived. */
  arrivedAt: number;
  /** Status answered; 0 while unanswered or when the socket was destroyed. */
  status: number;
}

export interface StandinOptions {
  /** Keys accepted in `Authorization: Bearer <key>` with read-write scope. */
  apiKey: string | string[];
  /** Keys accepted read-only: POST and PATCH get 403 insufficient_scope. */
  readOnlyKey?: string | string[];
  /** Strict sliding window on arrivals; omit = no limit. */
  rateLimit?: { limit: number; windowMs: number };
  /** When set, 429 responses carry Retry-After: <n>. */
  retryAfterSeconds?: number;
}

export interface StandinResponse {
  status: number;
  body?: unknown;
  rawBody?: string;
  headers?: Record<string, string>;
  delayMs?: number;
  /** Close the connection without answering. */
  destroySocket?: boolean;
}

export interface Standin {
  readonly url: string;
  readonly requests: RecordedRequest[];
  readonly rejected429: number;
  /** The largest number of ACCEPTED arrivals in any windowMs span. */
  maxInWindow(): number;
  /** One-shot override for the next request on "METHOD <route>", route with {id}: e.g. "POST /api/v1/tickets/{id}/messages". */
  respondNext(route: string, response: StandinResponse): void;
  reset(): void;
  close(): Promise<void>;
}

const list = (keys: string | string[] | undefined): string[] => (keys === undefined ? [] : Array.isArray(keys) ? keys : [keys]);

/** "PATCH /api/v1/tickets/{id}" for any id: overrides are keyed by route, not by ticket. */
function routeOf(method: string, path: string): string {
  return `${method} ${path.replace(/^(\/api\/v1\/tickets\/)[^/]+/, '$1{id}')}`;
}

export async function startInboxopsStandin(options: StandinOptions): Promise<Standin> {
  const keys = list(options.apiKey);
  const readOnlyKeys = list(options.readOnlyKey);
  const windowMs = options.rateLimit?.windowMs ?? Number.POSITIVE_INFINITY;
  const requests: RecordedRequest[] = [];
  const overrides = new Map<string, StandinResponse[]>();
  const timers = new Set<NodeJS.Timeout>();
  let accepted: number[] = [];
  let rejected429 = 0;

  const send = (res: ServerResponse, record: RecordedRequest, response: StandinResponse): void => {
    if (res.destroyed) return;
    if (response.destroySocket) {
      res.socket?.destroy();
      return;
    }
    record.status = response.status;
    if (response.status === 429) rejected429++;
    const text = response.rawBody ?? (response.body === undefined ? '' : JSON.stringify(response.body));
    const type = response.status >= 400 ? 'application/problem+json' : 'application/json; charset=utf-8';
    res.writeHead(response.status, { 'content-type': type, ...response.headers });
    res.end(text);
  };

  const handle = (req: IncomingMessage, res: ServerResponse): void => {
    const arrivedAt = performance.now();
    const url = req.url ?? '/';
    const mark = url.indexOf('?');
    const rawQuery = mark === -1 ? '' : url.slice(mark + 1);
    const record: RecordedRequest = {
      method: req.method ?? '',
      path: mark === -1 ? url : url.slice(0, mark),
      rawQuery,
      query: [...new URLSearchParams(rawQuery)],
      headers: { ...req.headers },
      rawBody: '',
      body: undefined,
      arrivedAt,
      status: 0,
    };
    requests.push(record);

    // The key and the rate limit are decided on arrival, as a gateway would.
    const who = caller(record, keys, readOnlyKeys);
    let early: Reply | undefined;
    if (!who) {
      early = problem(401, 'Unauthorized', 'Missing or invalid Authorization: Bearer, or revoked API key', 'unauthorized');
    } else if (options.rateLimit && accepted.filter((t) => arrivedAt - t < windowMs).length >= options.rateLimit.limit) {
      early = problem(429, 'Too Many Requests', 'Rate limit exceeded. Please try again later', 'rate_limited');
    } else {
      accepted.push(arrivedAt);
    }

    const chunks: Buffer[] = [];
    req.on('error', () => {});
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
        response = reply(record, who!);
      }
      const delay = response.delayMs ?? 0;
      if (delay <= 0) return send(res, record, response);
      const timer = setTimeout(() => {
        timers.delete(timer);
        send(res, record, response);
      }, delay);
      timers.add(timer);
    });
  };

  // The contract's answer unless an override replaces it; a violation always wins (the override stays queued).
  const reply = (record: RecordedRequest, who: 'read-write' | 'read-only'): StandinResponse => {
    let natural: Reply;
    try {
      natural = answer(record, who);
    } catch (e) {
      process.stderr.write(`inboxops standin: ${String(e)}\n`);
      natural = problem(500, 'Internal Server Error', 'Internal server error', 'internal_error');
    }
    if (isViolationReply(natural)) return natural;
    const override = overrides.get(routeOf(record.method, record.path))?.shift();
    if (!override) return natural;
    if (override.status === 429 && !override.destroySocket) {
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
