// The HTTP front of the sandbox: authentication, injected faults, routing, permission and error
// answers, in that order, for every request. Nothing a client sends can crash it or make it print
// a stack trace.

import { createHash, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { truncatedJson, type FaultKind, type Faults } from '../../../sandbox/faults.js';
import { parseForm } from './form.js';
import { drainBody, fail, HttpError, readBody, sendReply, type Reply } from './http-io.js';
import type { Permission } from './model.js';
import { ROUTES } from './routes/index.js';
import type { OmnideskStore } from './store.js';

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

interface Outcome {
  reply: Reply;
  fault?: FaultKind;
}

/** No answer at all: the connection is destroyed. Reported with status 0. */
const NO_ANSWER: Reply = { status: 0, body: null };
/** setTimeout's ceiling: a longer delay would fire at once. */
const MAX_TIMER_MS = 2 ** 31 - 1;

export function createOmnideskServer(options: OmnideskServerOptions): Server {
  const { store, apiKey, permissions, faults } = options;
  const expectedKey = digest(apiKey);
  const held = new Set<NodeJS.Timeout>();

  async function answer(req: IncomingMessage, method: string, path: string, query: URLSearchParams): Promise<Outcome> {
    // The seed's spec: the key in an `apiKey` header (Node lower-cases header names).
    const presented = req.headers.apikey;
    if (presented === undefined) return { reply: fail(401, 'No API key given: send it in the apiKey header') };
    // Digests have equal lengths, which timingSafeEqual needs.
    if (typeof presented !== 'string' || !timingSafeEqual(digest(presented), expectedKey)) return { reply: fail(401, 'Invalid API key') };
    const fault = faults?.draw(method, path);
    if (fault === 'rate_limit') return { reply: fail(429, 'Too many requests', { 'Retry-After': '1' }), fault };
    if (fault === 'server_error') return { reply: fail(500, 'Internal server error'), fault };
    if (fault === 'drop') {
      await drainBody(req);
      return { reply: NO_ANSWER, fault };
    }
    const matches = ROUTES.map((route) => ({ route, match: route.pattern.exec(path) })).filter(({ match }) => match);
    if (matches.length === 0) return { reply: fail(404, 'Not found') };
    const found = matches.find(({ route }) => route.method === method);
    if (!found) return { reply: fail(405, 'Method not allowed', { Allow: [...new Set(matches.map(({ route }) => route.method))].join(', ') }) };
    if (!permissions.has(found.route.permission)) {
      return { reply: fail(403, `This API key lacks the ${found.route.permission} permission`) };
    }
    let reply: Reply;
    try {
      const params = { ...found.match!.groups };
      reply = await found.route.handle({ store, query, params, readForm: async () => parseForm(req.headers['content-type'], await readBody(req)) });
    } catch (error) {
      reply = errorReply(error);
    }
    return fault ? { reply, fault } : { reply };
  }

  function deliver(req: IncomingMessage, res: ServerResponse, request: Omit<ServedRequest, 'status'>, { reply, fault }: Outcome): void {
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
        // The route's own status over a body cut in half; a reply with no content gets half of one.
        return write(reply, truncatedJson(reply.body ?? { status: 'success' }));
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
    const at = Date.now();
    const method = req.method ?? 'GET';
    const url = req.url ?? '/';
    const mark = url.indexOf('?');
    const path = mark === -1 ? url : url.slice(0, mark);
    const query = new URLSearchParams(mark === -1 ? '' : url.slice(mark + 1));
    req.on('error', () => {});
    res.on('error', () => {});
    answer(req, method, path, query)
      .catch((error: unknown): Outcome => ({ reply: errorReply(error) }))
      .then(async (outcome) => {
        // An answer given before the body was read (401, 403, 404) still lets the client finish sending.
        if (!req.readableEnded) await drainBody(req);
        deliver(req, res, { method, path, at }, outcome);
      })
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

function digest(text: string): Buffer {
  return createHash('sha256').update(text).digest();
}
