// The HTTP front of the sandbox: authentication, rate limit, routing and error answers, in that
// order, for every request. Nothing a client sends can crash it or make it print a stack trace.

import { createHash, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import { performance } from 'node:perf_hooks';
import { fail, HttpError, readJsonObject, sendReply, type Reply } from './http-io.js';
import { SlidingWindow } from './rate-window.js';
import { ROUTES } from './routes/index.js';
import type { MavaStore } from './store.js';

export interface ServedRequest {
  method: string;
  /** Without the query string. */
  path: string;
  /** Arrival, epoch ms. */
  at: number;
  status: number;
}

export interface MavaServerOptions {
  store: MavaStore;
  apiKey: string;
  rateLimit: { requests: number; windowMs: number };
  /** Called for every request just before its answer is written. */
  onServed?: (request: ServedRequest) => void;
}

export function createMavaServer(options: MavaServerOptions): Server {
  const { store, apiKey } = options;
  const limiter = new SlidingWindow(options.rateLimit.requests, options.rateLimit.windowMs);
  const expectedKey = digest(apiKey);

  const isAuthorised = (presented: string | string[] | undefined): boolean =>
    // Digests have equal lengths, which timingSafeEqual needs; comparing in constant time keeps
    // the key from leaking through response timing, a habit worth keeping even in a sandbox.
    typeof presented === 'string' && timingSafeEqual(digest(presented), expectedKey);

  async function answer(req: IncomingMessage, method: string, path: string, query: URLSearchParams, arrivedAt: number): Promise<Reply> {
    // Only requests with the valid key count against its budget: a stranger cannot use it up.
    if (!isAuthorised(req.headers['x-auth-token'])) return fail(401, 'Unauthorized');
    if (!limiter.tryAcquire(apiKey, arrivedAt)) return fail(429, 'Too many requests');
    const route = ROUTES.get(path);
    if (!route) return fail(404, 'Not found');
    const handler = route.get(method);
    if (!handler) return fail(405, 'Method not allowed', { Allow: [...route.keys()].join(', ') });
    return await handler({ store, query, readJson: () => readJsonObject(req) });
  }

  return createServer((req, res) => {
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
      .catch((error: unknown): Reply =>
        error instanceof HttpError ? fail(error.status, error.message) : fail(500, 'Internal server error'),
      )
      .then((reply) => {
        // The client hung up (mid-upload, say): there is no one to answer and nothing was served.
        if (req.socket.destroyed) return;
        options.onServed?.({ method, path, at, status: reply.status });
        sendReply(res, reply);
      })
      .catch(() => res.destroy());
  });
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
