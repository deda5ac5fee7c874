// The HTTP front every sandbox shares, for every request in this order: the provider's admission
// (its key, and whatever it refuses before any work), injected faults, the provider's rate limit,
// its route (404/405 and its own 403s), then the handler; and the answer, as the fault (if any)
// would have it. The provider supplies every answer's words and shape, so each sandbox still
// speaks exactly its vendor's API. Nothing a client sends can crash it or make it print a stack
// trace.

import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { performance } from 'node:perf_hooks';
import { truncatedJson, type FaultKind, type Faults } from './faults.js';
import { drainBody, type Reply } from './http-io.js';

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

/** A request as it arrived, before any check. */
export interface Arrival {
  req: IncomingMessage;
  method: string;
  /** Without the query string, as sent (still encoded). */
  path: string;
  /** The query string as sent, without "?". */
  rawQuery: string;
  query: URLSearchParams;
  /** Arrival, epoch ms. */
  at: number;
  /** Arrival on a monotonic clock, for rate windows. */
  arrivedAt: number;
}

/** The provider's verdict on the caller: the request to serve (the arrival plus what it learnt), or a refusal answered at once. */
export type Admission<R> = { request: R } | { refusal: Reply; request?: R };

/** Where a request goes: the work to do, or the answer when it goes nowhere (404, 405, a 403). */
export type Routed = { handle: () => Reply | Promise<Reply> } | { reply: Reply };

export interface FrontOptions<R extends Arrival> {
  /** Authentication, and anything refused before faults (InboxOps: a plan without API access). */
  admit(arrival: Arrival): Admission<R> | Promise<Admission<R>>;
  /** The rate limit, after faults and before routing: the 429 when over it (and the request is not counted), else undefined. */
  throttle?(arrivedAt: number): Reply | undefined;
  route(request: R): Routed;
  replies: {
    /** An injected rate_limit fault: a 429 with Retry-After: 1. */
    rateLimitFault(): Reply;
    /** An injected server_error or server_error_after fault. */
    serverError(): Reply;
    /** What a handler threw, as the provider's error body. */
    thrown(error: unknown): Reply;
  };
  /** Writes a reply; `payload` replaces the body's JSON (for malformed answers). */
  send(res: ServerResponse, reply: Reply, payload?: string): void;
  /** What a malformed answer cuts in half; default the reply's body. */
  malformedBody?(reply: Reply): unknown;
  /** Reads whatever body is left before answering, so a client answered early still finishes sending. */
  drainBeforeAnswer?: boolean;
  /** Faults to inject into admitted requests; none without it. */
  faults?: Faults;
  /** Called for every request just before its answer is written (or its connection dropped). */
  onServed?: (served: ServedRequest, request: R | undefined, arrival: Arrival) => void;
}

/** A request's fate: the answer, the fault to apply when it is written, and who asked (when known). */
interface Outcome<R> {
  reply: Reply;
  fault?: FaultKind;
  request?: R;
}

/** No answer at all: the connection is destroyed. Reported with status 0. */
const NO_ANSWER: Reply = { status: 0, body: null };
/** setTimeout's ceiling: a longer delay would fire at once. */
const MAX_TIMER_MS = 2 ** 31 - 1;

export function createSandboxServer<R extends Arrival>(options: FrontOptions<R>): Server {
  const { faults, replies } = options;
  /** Timers holding back 'slow' answers: unref'd, and cleared on close so close() never waits. */
  const held = new Set<NodeJS.Timeout>();

  async function answer(arrival: Arrival): Promise<Outcome<R>> {
    const admission = await options.admit(arrival);
    if ('refusal' in admission) return { reply: admission.refusal, request: admission.request };
    const { request } = admission;
    // Decided once per request. A fault before processing leaves the store and the window alone.
    const fault = faults?.draw(arrival.method, arrival.path);
    if (fault === 'rate_limit') return { reply: replies.rateLimitFault(), fault, request };
    if (fault === 'server_error') return { reply: replies.serverError(), fault, request };
    if (fault === 'drop') {
      // The client has sent everything by the time the connection dies, as when a server crashes.
      if (!arrival.req.readableEnded) await drainBody(arrival.req);
      return { reply: NO_ANSWER, fault, request };
    }
    // Only admitted requests count against the budget: a stranger cannot use it up.
    const limited = options.throttle?.(arrival.arrivedAt);
    if (limited) return { reply: limited, request };
    const routed = options.route(request);
    if ('reply' in routed) return { reply: routed.reply, request };
    let reply: Reply;
    try {
      reply = await routed.handle();
    } catch (error) {
      reply = replies.thrown(error);
    }
    // A fault after processing applies only here, once a handler ran: a request the window or
    // the router refused was not processed.
    return fault ? { reply, fault, request } : { reply, request };
  }

  /** Writes the answer, as the fault (if any) would have it. */
  function deliver(arrival: Arrival, res: ServerResponse, { reply, fault, request }: Outcome<R>): void {
    const { req } = arrival;
    // The client hung up (mid-upload, say): there is no one to answer and nothing was served.
    if (req.socket.destroyed) return;
    if (fault) faults?.record(fault);
    const base = { method: arrival.method, path: arrival.path, at: arrival.at };
    const served = (status: number): ServedRequest => (fault ? { ...base, status, fault } : { ...base, status });
    const write = (final: Reply, payload?: string): void => {
      options.onServed?.(served(final.status), request, arrival);
      options.send(res, final, payload);
    };

    switch (fault) {
      case 'drop':
      case 'drop_after':
        options.onServed?.(served(NO_ANSWER.status), request, arrival);
        req.socket.destroy();
        return;
      case 'server_error_after':
        return write(replies.serverError());
      case 'malformed':
        // The route's own status (200 for a request that succeeded) over a body cut in half.
        return write(reply, truncatedJson(options.malformedBody ? options.malformedBody(reply) : reply.body));
      case 'slow':
        return holdBack(res, faults?.slowMs ?? 0, () => {
          if (!req.socket.destroyed) write(reply);
        });
      default:
        return write(reply);
    }
  }

  function holdBack(res: ServerResponse, ms: number, then: () => void): void {
    const timer = setTimeout(
      () => {
        held.delete(timer);
        then();
      },
      Math.min(ms, MAX_TIMER_MS),
    );
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
    // Split by hand: `new URL` reads a path like "//host/x" as an authority.
    const url = req.url ?? '/';
    const mark = url.indexOf('?');
    const path = mark === -1 ? url : url.slice(0, mark);
    const rawQuery = mark === -1 ? '' : url.slice(mark + 1);
    const arrival: Arrival = { req, method, path, rawQuery, query: new URLSearchParams(rawQuery), at, arrivedAt };
    // A client that hangs up mid-request must not take the process down with an unhandled error.
    req.on('error', () => {});
    res.on('error', () => {});

    answer(arrival)
      .catch((error: unknown): Outcome<R> => ({ reply: replies.thrown(error) }))
      .then(async (outcome) => {
        if (options.drainBeforeAnswer && !req.readableEnded) await drainBody(req);
        deliver(arrival, res, outcome);
      })
      .catch(() => res.destroy());
  });
  server.on('close', () => {
    for (const timer of held) clearTimeout(timer);
    held.clear();
  });
  return server;
}
