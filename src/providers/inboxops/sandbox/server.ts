// The HTTP front of the sandbox, for every request in this order: the bearer key (401), the
// workspace's API access (403 forbidden), injected faults, the rate limit (429 + Retry-After),
// the route (404/405), the key's scope (403 insufficient_scope on writes), then the handler.
// Nothing a client sends can crash it or make it print a stack trace.

import { createHash, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { performance } from 'node:perf_hooks';
import { truncatedJson, type FaultKind, type Faults } from '../../../sandbox/faults.js';
import { problem, ProblemError, readBody, sendReply, type Reply } from './http-io.js';
import { SlidingWindow } from '../../../sandbox/rate-window.js';
import { route } from './routes.js';
import type { InboxopsStore } from './store.js';

export interface ServedRequest {
  method: string;
  /** Without the query string, as sent (ids still encoded). */
  path: string;
  /** The query string as sent, without "?". */
  query: string;
  /** Arrival, epoch ms. */
  at: number;
  /** 0 when the connection was dropped without an answer (a 'drop' or 'drop_after' fault). */
  status: number;
  /** Which key authenticated it, if any. */
  key?: 'read-write' | 'read-only';
  fault?: FaultKind;
}

export interface InboxopsServerOptions {
  store: InboxopsStore;
  apiKey: string;
  readOnlyKey: string;
  /** false: the workspace's plan has no API access, every authenticated request gets 403 forbidden. */
  apiAccess: boolean;
  rateLimit: { requests: number; windowMs: number };
  onServed?: (request: ServedRequest) => void;
  faults?: Faults;
}

interface Outcome {
  reply: Reply;
  fault?: FaultKind;
  key?: ServedRequest['key'];
}

const NO_ANSWER: Reply = { status: 0, body: null };
const MAX_TIMER_MS = 2 ** 31 - 1;
/** Both keys belong to one workspace, and the limit is the workspace's. */
const WORKSPACE = 'workspace';

export function createInboxopsServer(options: InboxopsServerOptions): Server {
  const { store, faults } = options;
  const window = new SlidingWindow(options.rateLimit.requests, options.rateLimit.windowMs);
  const keys: Array<[Buffer, 'read-write' | 'read-only']> = [
    [digest(options.apiKey), 'read-write'],
    [digest(options.readOnlyKey), 'read-only'],
  ];
  const held = new Set<NodeJS.Timeout>();

  /** Which key `Authorization: Bearer <key>` carries; compared in constant time. */
  const scopeOf = (header: string | undefined): ServedRequest['key'] => {
    const match = /^Bearer ([^\s]+)$/i.exec(header ?? '');
    if (!match) return undefined;
    const presented = digest(match[1]!);
    return keys.find(([expected]) => timingSafeEqual(presented, expected))?.[1];
  };

  async function answer(req: IncomingMessage, method: string, path: string, query: URLSearchParams, arrivedAt: number): Promise<Outcome> {
    const body = await readBody(req);
    const key = scopeOf(req.headers.authorization);
    if (!key) return { reply: problem(401, 'unauthorized', 'Missing or invalid Authorization: Bearer, or revoked API key') };
    if (!options.apiAccess) return { reply: problem(403, 'forbidden', 'This workspace has no API access entitlement'), key };
    // Decided once per request. A fault before processing leaves the store and the window alone.
    const fault = faults?.draw(method, path);
    if (fault === 'rate_limit') return { reply: problem(429, 'rate_limited', 'Rate limit exceeded. Please try again later', { 'Retry-After': '1' }), fault, key };
    if (fault === 'server_error') return { reply: problem(500, 'internal_error', 'Internal server error'), fault, key };
    if (fault === 'drop') return { reply: NO_ANSWER, fault, key };
    // Only requests with a valid key count against the workspace's budget.
    const waitMs = window.acquire(WORKSPACE, arrivedAt);
    if (waitMs > 0) {
      const retryAfter = String(Math.max(1, Math.ceil(waitMs / 1000)));
      return { reply: problem(429, 'rate_limited', 'Rate limit exceeded. Please try again later', { 'Retry-After': retryAfter }), key };
    }
    const found = route(method, path);
    if ('reply' in found) return { reply: found.reply, key };
    if (key === 'read-only' && method !== 'GET') {
      return { reply: problem(403, 'insufficient_scope', `Read-only API key used for ${method}`), key };
    }
    let reply: Reply;
    try {
      reply = found.handler({ store, query, body, contentType: req.headers['content-type'], ticketId: found.ticketId });
    } catch (error) {
      reply = errorReply(error);
    }
    return fault ? { reply, fault, key } : { reply, key };
  }

  function deliver(req: IncomingMessage, res: ServerResponse, request: Omit<ServedRequest, 'status' | 'key' | 'fault'>, { reply, fault, key }: Outcome): void {
    if (req.socket.destroyed) return;
    if (fault) faults?.record(fault);
    const served = (status: number): ServedRequest => ({ ...request, status, ...(key ? { key } : {}), ...(fault ? { fault } : {}) });
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
        return write(problem(500, 'internal_error', 'Internal server error'));
      case 'malformed':
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
    res.once('close', () => {
      clearTimeout(timer);
      held.delete(timer);
    });
  }

  const server = createServer((req, res) => {
    // Counted on arrival, on a monotonic clock, as the API counts.
    const arrivedAt = performance.now();
    const at = Date.now();
    const method = req.method ?? 'GET';
    const url = req.url ?? '/';
    const mark = url.indexOf('?');
    const path = mark === -1 ? url : url.slice(0, mark);
    const rawQuery = mark === -1 ? '' : url.slice(mark + 1);
    req.on('error', () => {});
    res.on('error', () => {});
    answer(req, method, path, new URLSearchParams(rawQuery), arrivedAt)
      .catch((error: unknown): Outcome => ({ reply: errorReply(error) }))
      .then((outcome) => deliver(req, res, { method, path, query: rawQuery, at }, outcome))
      .catch(() => res.destroy());
  });
  server.on('close', () => {
    for (const timer of held) clearTimeout(timer);
    held.clear();
  });
  return server;
}

function errorReply(error: unknown): Reply {
  return error instanceof ProblemError ? error.reply() : problem(500, 'internal_error', 'Internal server error');
}

function digest(text: string): Buffer {
  return createHash('sha256').update(text).digest();
}
