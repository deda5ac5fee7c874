// Omnidesk's HTTP front: the key in an `apiKey` header, `{"status":"error","message":...}`
// answers, routes by pattern with the permission each needs (403), form bodies, and no rate
// limit. The order of checks (authentication, injected faults, routing and permission) and the
// rest of a request's life are the shared front's (src/sandbox/http-front.ts).

import type { Server } from 'node:http';
import { keyMatcher } from '../../../sandbox/api-key.js';
import type { Faults } from '../../../sandbox/faults.js';
import { createSandboxServer, type Arrival, type ServedRequest } from '../../../sandbox/http-front.js';
import { parseForm } from './form.js';
import { fail, HttpError, readBody, sendReply, type Reply } from './http-io.js';
import type { Permission } from './model.js';
import { ROUTES } from './routes/index.js';
import type { OmnideskStore } from './store.js';

export type { ServedRequest } from '../../../sandbox/http-front.js';

export interface OmnideskServerOptions {
  store: OmnideskStore;
  apiKey: string;
  /** What the key may do; the rest is answered 403. */
  permissions: ReadonlySet<Permission>;
  /** Called for every request just before its answer is written (or its connection dropped). */
  onServed?: (request: ServedRequest) => void;
  /** Faults to inject into authorised requests; none without it. */
  faults?: Faults;
}

export function createOmnideskServer(options: OmnideskServerOptions): Server {
  const { store, permissions } = options;
  const isKey = keyMatcher([[options.apiKey, true]]);

  return createSandboxServer<Arrival>({
    admit: (arrival) => {
      // The key in an `apiKey` header (docs/api/omnidesk.md; Node lower-cases header names).
      const presented = arrival.req.headers.apikey;
      if (presented === undefined) return { refusal: fail(401, 'No API key given: send it in the apiKey header') };
      return isKey(presented) ? { request: arrival } : { refusal: fail(401, 'Invalid API key') };
    },
    route: ({ req, method, path, query }) => {
      const matches = ROUTES.map((route) => ({ route, match: route.pattern.exec(path) })).filter(({ match }) => match);
      if (matches.length === 0) return { reply: fail(404, 'Not found') };
      const found = matches.find(({ route }) => route.method === method);
      if (!found) return { reply: fail(405, 'Method not allowed', { Allow: [...new Set(matches.map(({ route }) => route.method))].join(', ') }) };
      if (!permissions.has(found.route.permission)) return { reply: fail(403, `This API key lacks the ${found.route.permission} permission`) };
      return {
        handle: () => {
          const params = { ...found.match!.groups };
          return found.route.handle({ store, query, params, readForm: async () => parseForm(req.headers['content-type'], await readBody(req)) });
        },
      };
    },
    replies: {
      rateLimitFault: () => fail(429, 'Too many requests', { 'Retry-After': '1' }),
      serverError: () => fail(500, 'Internal server error'),
      thrown: errorReply,
    },
    send: sendReply,
    // The message endpoints answer with no content; a malformed answer gets half of one.
    malformedBody: (reply) => reply.body ?? { status: 'success' },
    // An answer given before the body was read (401, 403, 404) still lets the client finish sending.
    drainBeforeAnswer: true,
    faults: options.faults,
    onServed: options.onServed,
  });
}

function errorReply(error: unknown): Reply {
  return error instanceof HttpError ? fail(error.status, error.message) : fail(500, 'Internal server error');
}
