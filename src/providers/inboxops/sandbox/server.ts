// InboxOps's HTTP front, for every request in this order: the body, read in full; the bearer key
// (401), the workspace's API access (403 forbidden), injected faults, the workspace's rate limit
// (429 + Retry-After), the route (404/405), the key's scope (403 insufficient_scope on writes),
// then the handler. Every error is RFC 7807 problem+json. The request's life around these steps
// is the shared front's (src/sandbox/http-front.ts).

import type { Server } from 'node:http';
import { keyMatcher } from '../../../sandbox/api-key.js';
import type { FaultKind, Faults } from '../../../sandbox/faults.js';
import { createSandboxServer, type Arrival } from '../../../sandbox/http-front.js';
import { SlidingWindow } from '../../../sandbox/rate-window.js';
import { problem, ProblemError, readBody, sendReply, type Reply } from './http-io.js';
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
  key?: Scope;
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

type Scope = 'read-write' | 'read-only';

/** An authenticated request: which key, and the body already read. */
interface Admitted extends Arrival {
  key: Scope;
  body: Awaited<ReturnType<typeof readBody>>;
}

/** Both keys belong to one workspace, and the limit is the workspace's. */
const WORKSPACE = 'workspace';

export function createInboxopsServer(options: InboxopsServerOptions): Server {
  const { store } = options;
  const window = new SlidingWindow(options.rateLimit.requests, options.rateLimit.windowMs);
  const keyOf = keyMatcher<Scope>([
    [options.apiKey, 'read-write'],
    [options.readOnlyKey, 'read-only'],
  ]);
  /** Which key `Authorization: Bearer <key>` carries. */
  const scopeOf = (header: string | undefined): Scope | undefined => {
    const match = /^Bearer ([^\s]+)$/i.exec(header ?? '');
    return match ? keyOf(match[1]) : undefined;
  };
  const rateLimited = (retryAfter: string): Reply => problem(429, 'rate_limited', 'Rate limit exceeded. Please try again later', { 'Retry-After': retryAfter });

  return createSandboxServer<Admitted>({
    admit: async (arrival) => {
      const body = await readBody(arrival.req);
      const key = scopeOf(arrival.req.headers.authorization);
      if (!key) return { refusal: problem(401, 'unauthorized', 'Missing or invalid Authorization: Bearer, or revoked API key') };
      const request = { ...arrival, key, body };
      if (!options.apiAccess) return { refusal: problem(403, 'forbidden', 'This workspace has no API access entitlement'), request };
      return { request };
    },
    throttle: (arrivedAt) => {
      const waitMs = window.acquire(WORKSPACE, arrivedAt);
      return waitMs > 0 ? rateLimited(String(Math.max(1, Math.ceil(waitMs / 1000)))) : undefined;
    },
    route: ({ req, method, path, query, key, body }) => {
      const found = route(method, path);
      if ('reply' in found) return { reply: found.reply };
      if (key === 'read-only' && method !== 'GET') return { reply: problem(403, 'insufficient_scope', `Read-only API key used for ${method}`) };
      return { handle: () => found.handler({ store, query, body, contentType: req.headers['content-type'], ticketId: found.ticketId }) };
    },
    replies: {
      rateLimitFault: () => rateLimited('1'),
      serverError: () => problem(500, 'internal_error', 'Internal server error'),
      thrown: errorReply,
    },
    send: sendReply,
    faults: options.faults,
    onServed: (served, request, arrival) =>
      options.onServed?.({
        method: served.method,
        path: served.path,
        query: arrival.rawQuery,
        at: served.at,
        status: served.status,
        ...(request ? { key: request.key } : {}),
        ...(served.fault ? { fault: served.fault } : {}),
      }),
  });
}

function errorReply(error: unknown): Reply {
  return error instanceof ProblemError ? error.reply() : problem(500, 'internal_error', 'Internal server error');
}
