// The HTTP front of the sandbox: authentication, injected faults, rate limit, routing and error
// answers, in that order, for every request. Nothing a client sends can crash it or make it print
// a stack trace.

import { createHash, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { performance } from 'node:perf_hooks';
import { truncatedJson, type FaultKind, type Faults } from '../../../sandbox/faults.js';
import { drainBody, fail, HttpError, readJsonObject, sendReply, type Reply } from './http-io.js';
import { SlidingWindow } from '../../../sandbox/rate-window.js';
import { ROUTES } from './routes/index.js';
import type { MavaStore } from './store.js';

export interface ServedRequest {
  method: string;
  /** Without the query string. */
  path: string;
  /** Arrival, epoch ms. */
  at: number;
  /** 0 when the connection was dropped without an answer (a 'drop' or 'drop_after' fault). */
  status: number;
  /** The fault injected into this request, if any. */
  fault?: FaultKind;
}

export interface MavaServerOptions {
  store: MavaStore;
  apiKey: string;
  rateLimit: { requests: number; windowMs: number };
  /** Called for every request just before its answer is written (or its connection dropped). */
  onServed?: (request: ServedRequest) => void;
  /** Faults to inject into authorised requests; none without it. */
  faults?: Faults;
}

/** A request's fate: the answer, and the fault to apply when it is written. */
interface Outcome {
  reply: Reply;
  fault?: FaultKind;
}

/** No answer at all: the connection is destroyed. Reported with status 0. */
const NO_ANSWER: Reply = { status: 0, body: null };
/** setTimeout's ceiling: a longer delay would fire at once. */
const MAX_TIMER_MS = 2 ** 31 - 1;

export function createMavaServer(options: MavaServerOptions): Server {
  const { store, apiKey, faults } = options;
  const limiter = new SlidingWindow(options.rateLimit.requests, options.rateLimit.windowMs);
  const expectedKey = digest(apiKey);
  /** Timers holding back 'slow' answers: unref'd, and cleared on close so close() never waits. */
  const held = new Set<NodeJS.Timeout>();

  const isAuthorised = (presented: string | string[] | undefined): boolean =>
    // Digests have equal lengths, which timingSafeEqual needs; comparing in constant time keeps
    // the key from leaking through response timing, a habit worth keeping even in a sandbox.
    typeof presented === 'string' && timingSafeEqual(digest(presented), expectedKey);

  async function answer(req: IncomingMessage, method: string, path: string, query: URLSearchParams, arrivedAt: number): Promise<Outcome> {
    // Only requests with the valid key count against its budget: a stranger cannot use it up.
    if (!isAuthorised(req.headers['x-auth-token'])) return { reply: fail(401, 'Unauthorized') };
    // Decided once per request. A fault before processing leaves the store and the window alone.
    const fault = faults?.draw(method, path);
    if (fault === 'rate_limit') return { reply: fail(429, 'Too many requests', { 'Retry-After': '1' }), fault };
    if (fault === 'server_error') return { reply: fail(500, 'Internal server error'), fault };
    if (fault === 'drop') {
      // The client has sent everything by the time the connection dies, as when a server crashes.
      await drainBody(req);
      return { reply: NO_ANSWER, fault };
    }
    if (!limiter.tryAcquire(apiKey, arrivedAt)) return { reply: fail(429, 'Too many requests') };
    const route = ROUTES.get(path);
    if (!route) return { reply: fail(404, 'Not found') };
    const handler = route.get(method);
    if (!handler) return { reply: fail(405, 'Method not allowed', { Allow: [...route.keys()].join(', ') }) };
    let reply: Reply;
    try {
      reply = await handler({ store, query, readJson: () => readJsonObject(req) });
    } catch (error) {
      reply = errorReply(error);
    }
    // A fault after processing applies only here, once a handler ran: a request the window or
    // the router refused was not processed.
    return fault ? { reply, fault } : { reply };
  }

  /** Writes the answer, as the fault (if any) would have it. */
  function deliver(req: IncomingMessage, res: ServerResponse, request: Omit<ServedRequest, 'status'>, { reply, fault }: Outcome): void {
    // The client hung up (mid-upload, say): there is no one to answer and nothing was served.
    if (req.socket.destroyed) return;
    if (fault) faults?.record(fault);
    const served = (status: number): ServedRequest => (fault ? { ...request, status, fault } : { ...request, status });
    const write = (final: Reply, payload?: string): void => {
      options.onServed?.(served(final.status));
      sendReply(res, final, payload);
    };

    switch (fault) {
      case 'drop':
      case 'drop_after':
        options.onServed?.(served(NO_ANSWER.status));
        req.socket.destroy();
        return;
      case 'server_error_after':
        return write(fail(500, 'Internal server error'));
      case 'malformed':
        // The route's own status (200 for a request that succeeded) over a body cut in half.
        return write(reply, truncatedJson(reply.body));
      case 'slow':
        return holdBack(res, faults?.slowMs ?? 0, () => {
          if (!req.socket.destroyed) write(reply);
        });
      default:
        return write(reply);
    }
  }

  function holdBack(res: ServerResponse, ms: number, then: () => void): void {
    const timer = setTimeout(() => {
      held.delete(timer);
      then();
    }, Math.min(ms, MAX_TIMER_MS));
    timer.unref();
    held.add(timer);
    // A client that gives up first (its deadline) gets nothing, and the timer goes with it.
    res.once('close', () => {
      clearTimeout(timer);
      held.delete(timer);
    });
  }

  const server = createServer((req, res) => {
    // The server counts a request when it arrives; a monotonic clock keeps the window honest
    // if the wall clock is adjusted.
    const arrivedAt = performance.now();
    const at = Date.now();
    const method = req.method ?? 'GET';
    const { path, query } = splitUrl(req.url ?? '/');
    // A client that hangs up mid-request must not take the process down with an unhandled error.
    req.on('error', () => {});
    res.on('error', () => {});

    answer(req, method, path, query, arrivedAt)
      .catch((error: unknown): Outcome => ({ reply: errorReply(error) }))
      .then((outcome) => deliver(req, res, { method, path, at }, outcome))
      .catch(() => res.destroy());
  });
  server.on('close', () => {
    for (const timer of held) clearTimeout(timer);
    held.clear();
  });
  return server;
}

function errorReply(error: unknown): Reply {
  return error instanceof HttpError ? fail(error.status, error.message) : fail(500, 'Internal server error');
}

/** Split by hand: `new URL` reads a path like "//host/x" as an authority. */
function splitUrl(url: string): { path: string; query: URLSearchParams } {
  const mark = url.indexOf('?');
  return mark === -1
    ? { path: url, query: new URLSearchParams() }
    : { path: url.slice(0, mark), query: new URLSearchParams(url.slice(mark + 1)) };
}

function digest(text: string): Buffer {
  return createHash('sha256').update(text).digest();
}
