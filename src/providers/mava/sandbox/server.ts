// Mava's HTTP front: the key in `x-auth-token`, `{"error": message}` answers, a sliding window
// per key, and routes by path then method. The order of checks (authentication, injected
// faults, rate limit, routing) and the rest of a request's life are the shared front's
// (src/sandbox/http-front.ts).

import type { Server } from 'node:http';
import { keyMatcher } from '../../../sandbox/api-key.js';
import type { Faults } from '../../../sandbox/faults.js';
import { createSandboxServer, type Arrival, type ServedRequest } from '../../../sandbox/http-front.js';
import { SlidingWindow } from '../../../sandbox/rate-window.js';
import { fail, HttpError, readJsonObject, sendReply, type Reply } from './http-io.js';
import { ROUTES } from './routes/index.js';
import type { MavaStore } from './store.js';

export type { ServedRequest } from '../../../sandbox/http-front.js';

export interface MavaServerOptions {
  store: MavaStore;
  apiKey: string;
  rateLimit: { requests: number; windowMs: number };
  /** Called for every request just before its answer is written (or its connection dropped). */
  onServed?: (request: ServedRequest) => void;
  /** Faults to inject into authorised requests; none without it. */
  faults?: Faults;
}

export function createMavaServer(options: MavaServerOptions): Server {
  const { store, apiKey } = options;
  const limiter = new SlidingWindow(options.rateLimit.requests, options.rateLimit.windowMs);
  const isKey = keyMatcher([[apiKey, true]]);

  return createSandboxServer<Arrival>({
    // One answer for a missing and a wrong key alike.
    admit: (arrival) => (isKey(arrival.req.headers['x-auth-token']) ? { request: arrival } : { refusal: fail(401, 'Unauthorized') }),
    // The window's 429 carries no Retry-After (Mava documents only the status), unlike the injected one.
    throttle: (arrivedAt) => (limiter.tryAcquire(apiKey, arrivedAt) ? undefined : fail(429, 'Too many requests')),
    route: ({ req, method, path, query }) => {
      const route = ROUTES.get(path);
      if (!route) return { reply: fail(404, 'Not found') };
      const handler = route.get(method);
      if (!handler) return { reply: fail(405, 'Method not allowed', { Allow: [...route.keys()].join(', ') }) };
      return { handle: () => handler({ store, query, readJson: () => readJsonObject(req) }) };
    },
    replies: {
      rateLimitFault: () => fail(429, 'Too many requests', { 'Retry-After': '1' }),
      serverError: () => fail(500, 'Internal server error'),
      thrown: errorReply,
    },
    send: sendReply,
    faults: options.faults,
    onServed: options.onServed,
  });
}

function errorReply(error: unknown): Reply {
  return error instanceof HttpError ? fail(error.status, error.message) : fail(500, 'Internal server error');
}
