import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';
import type { AuthInfo } from '@modelcontextprotocol/sdk/server/auth/types.js';
import { isInitializeRequest } from '@modelcontextprotocol/sdk/types.js';
import { createHttpAuth } from '../../auth/http-gate.js';
import type { ScopeKind } from '../../auth/scopes.js';
import type { HttpConfig } from '../../config.js';
import { processCalls, type CallsInFlight } from '../../calls-in-flight.js';
import { log } from '../../log.js';
import { processSecrets } from '../../secrets.js';
import { nodeTimeouts, REQUEST_BOUNDS, type RequestBounds } from './bounds.js';
import { drainThen } from './drain.js';
import { allowedHostNames, bearerToken, checkHostAndOrigin, digest } from './guards.js';
import { BodyError, readJsonBody } from './json-body.js';
import { needsStream } from './needs-stream.js';
import { INVALID_REQUEST, refuse, replyError, replyJson, SERVER_ERROR, SESSION_NOT_FOUND, writeError } from './replies.js';
import { SessionStore } from './sessions.js';
import { SharedServers } from './shared-servers.js';

/** How long the answers of requests still in flight may take once their calls ended or were stopped. */
const ANSWER_MS = 5_000;

export interface HttpServerOptions {
  /** The tool calls of the servers it creates (default the process's): shutdown drains them. */
  calls?: CallsInFlight;
  http: HttpConfig;
  /** Builds the MCP server of one session (or of one stateless request), with the caller's key when it brings one. */
  createMcpServer(callerKey: string | undefined): McpServer;
  /** Lower-case header carrying the caller's API key, with http.keyFromHeader. */
  keyHeader: string;
  /** What each tool needs (read, write, send): a call outside the caller's scopes is refused before it reaches a server. */
  toolScopes: ReadonlyMap<string, ScopeKind>;
  /** What /healthz adds about the service (never secrets). */
  health?: Record<string, unknown>;
  /** A session unused this long is closed (default 30 minutes). */
  idleMs?: number;
  /** Stateless: a key's shared server unused this long is closed (default 10 s, like an idle limiter). */
  sharedIdleMs?: number;
  /** At most this many sessions, and (stateless) shared servers, at once. */
  maxSessions?: number;
  /** What one request may cost; tests shorten these, a deployment keeps REQUEST_BOUNDS. */
  bounds?: Partial<RequestBounds>;
}

export interface RunningHttpServer {
  url: string;
  /**
   * Stops accepting, lets the tool calls in flight finish within `graceMs`, stops the rest (each
   * is answered, saying whether its write may have been applied), then closes every session.
   */
  close(graceMs?: number): Promise<void>;
}

/** Streamable HTTP at /mcp (sessions, or --stateless), /healthz, and the guards a network needs. */
export async function startHttpServer(options: HttpServerOptions): Promise<RunningHttpServer> {
  const { http, keyHeader, calls = processCalls } = options;
  const bounds: RequestBounds = { ...REQUEST_BOUNDS, ...options.bounds };
  const maxSessions = options.maxSessions ?? 1_000;
  const allowed = allowedHostNames(http.host, [...http.allowedHosts, ...(http.publicUrl ? [new URL(http.publicUrl).hostname] : [])]);
  let boundUrl = '';
  const auth = createHttpAuth(http, options.toolScopes, () => boundUrl);
  const sessions = new SessionStore(options.idleMs ?? 30 * 60_000);
  // Stateless: the plain requests share one server per key instead of building one each.
  const shared = http.stateless ? new SharedServers({ create: options.createMcpServer, idleMs: options.sharedIdleMs ?? 10_000, max: maxSessions }) : undefined;
  const started = Date.now();
  let inFlight = 0;
  let draining = false;

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const path = (req.url ?? '/').split('?')[0] ?? '/';
    if (path === '/healthz' && req.method === 'GET') {
      return replyJson(res, draining ? 503 : 200, {
        status: draining ? 'draining' : 'ok',
        uptimeSeconds: Math.round((Date.now() - started) / 1000),
        sessions: sessions.size,
        ...options.health,
      });
    }
    // Public, as RFC 9728 means it: a client reads it before it has a token, from any origin.
    const metadata = req.method === 'GET' ? auth.metadata(path) : undefined;
    if (metadata) return replyJson(res, 200, metadata, { 'access-control-allow-origin': '*' });
    // Refused before its body is read: the connection closes with the answer. No drain here,
    // unlike a 413: a stranger must not hold a descriptor by trickling, and a misconfigured
    // client still reads its 401 on its first request (initialize), small enough to have
    // arrived whole; only a body larger than the socket buffers sent without the token meets
    // a closed socket instead.
    if (path !== '/mcp') return refuse(res, 404, INVALID_REQUEST, 'Not found: the MCP endpoint is /mcp');
    const refused = checkHostAndOrigin(req, allowed);
    if (refused) return refuse(res, 403, SERVER_ERROR, `Forbidden: ${refused}`);
    const signIn = await auth.authenticate(req);
    if ('refusal' in signIn) return refuse(res, signIn.refusal.status, SERVER_ERROR, signIn.refusal.message, signIn.refusal.headers);
    // The SDK hands it to tool handlers as extra.authInfo: the person behind each call.
    (req as IncomingMessage & { auth?: AuthInfo }).auth = signIn.authInfo;
    const subject = signIn.caller?.subject;
    if (draining) return refuse(res, 503, SERVER_ERROR, 'Server is shutting down: retry on another replica');

    let callerKey: string | undefined;
    if (http.keyFromHeader) {
      const header = req.headers[keyHeader];
      callerKey = typeof header === 'string' && header.trim() ? header.trim() : undefined;
      if (!callerKey) return refuse(res, 401, SERVER_ERROR, `Unauthorized: send your API key in the ${keyHeader} header`);
    }

    if (req.method === 'POST') {
      let body: unknown;
      try {
        body = await readJsonBody(req, bounds.bodyLimit, bounds.bodyTimeoutMs);
      } catch (error) {
        if (!(error instanceof BodyError)) throw error;
        if (error.status !== 413) return refuse(res, error.status, error.code, error.message);
        // The answer goes out now; the connection closes once the rest is drained (bounded).
        // Only a caller past the token gets this far, so a drain is no stranger's to hold.
        writeError(res, 413, error.code, error.message, { connection: 'close' });
        return drainThen(req, bounds, () => res.end());
      }
      const outOfScope = auth.scopeRefusal(body, signIn.caller);
      if (outOfScope) return replyError(res, outOfScope.status, SERVER_ERROR, outOfScope.message, outOfScope.headers);
      if (!http.stateless) return servePost(req, res, body, callerKey, subject);
      return shared?.serve(req, res, body, callerKey, signIn.authInfo) ?? serveStateless(req, res, body, callerKey);
    }
    if (req.method === 'GET' || req.method === 'DELETE') {
      if (http.stateless) return refuse(res, 405, INVALID_REQUEST, 'Method not allowed: this server is stateless, POST only', { allow: 'POST' });
      const session = findSession(req, res, callerKey, subject);
      if (session) await session.transport.handleRequest(req, res);
      return;
    }
    return refuse(res, 405, INVALID_REQUEST, 'Method not allowed', { allow: http.stateless ? 'POST' : 'GET, POST, DELETE' });
  }

  function findSession(req: IncomingMessage, res: ServerResponse, callerKey: string | undefined, subject: string | undefined) {
    const id = req.headers['mcp-session-id'];
    const session = typeof id === 'string' ? sessions.get(id) : undefined;
    if (!session) {
      replyError(
        res,
        typeof id === 'string' ? 404 : 400,
        SESSION_NOT_FOUND,
        typeof id === 'string' ? 'Session not found: initialize a new session' : 'Bad request: mcp-session-id header required',
      );
      return undefined;
    }
    // A session belongs to the key that opened it: another caller's key never reaches it.
    if (session.keyDigest && (!callerKey || !digest(callerKey).equals(session.keyDigest))) {
      replyError(res, 403, SERVER_ERROR, `Forbidden: the ${keyHeader} header does not match this session's`);
      return undefined;
    }
    // And to the person who opened it: another person's token never reaches it.
    if (session.subject !== subject) {
      replyError(res, 403, SERVER_ERROR, 'Forbidden: this session was opened by someone else; initialize a session of your own');
      return undefined;
    }
    session.lastSeen = Date.now();
    return session;
  }

  async function servePost(
    req: IncomingMessage,
    res: ServerResponse,
    body: unknown,
    callerKey: string | undefined,
    subject: string | undefined,
  ): Promise<void> {
    if (req.headers['mcp-session-id'] !== undefined) {
      const session = findSession(req, res, callerKey, subject);
      if (!session) return;
      session.busy++;
      try {
        await session.transport.handleRequest(req, res, body);
      } finally {
        session.busy--;
        session.lastSeen = Date.now();
      }
      return;
    }
    if (!isInitializeRequest(body)) return replyError(res, 400, INVALID_REQUEST, 'Bad request: no mcp-session-id; send initialize first');
    if (sessions.size >= maxSessions) return replyError(res, 503, SERVER_ERROR, 'Too many sessions: retry later', { 'retry-after': '30' });

    const server = options.createMcpServer(callerKey);
    const transport: StreamableHTTPServerTransport = new StreamableHTTPServerTransport({
      sessionIdGenerator: () => randomUUID(),
      onsessioninitialized: (id) =>
        sessions.add(id, { transport, server, keyDigest: callerKey ? digest(callerKey) : undefined, subject, lastSeen: Date.now(), busy: 0 }),
    });
    transport.onclose = () => {
      if (transport.sessionId) sessions.forget(transport.sessionId);
    };
    await server.connect(transport);
    await transport.handleRequest(req, res, body);
  }

  async function serveStateless(req: IncomingMessage, res: ServerResponse, body: unknown, callerKey: string | undefined): Promise<void> {
    const server = options.createMcpServer(callerKey);
    const transport = new StreamableHTTPServerTransport({ sessionIdGenerator: undefined, enableJsonResponse: !needsStream(body) });
    res.on('close', () => {
      void transport.close();
      void server.close();
    });
    await server.connect(transport);
    await transport.handleRequest(req, res, body);
  }

  const server = createServer(nodeTimeouts(bounds), (req, res) => {
    const isCall = req.method === 'POST';
    if (isCall) inFlight++;
    handle(req, res)
      .catch((error: unknown) => {
        // Blanks the caller's own key too, should the failure quote it.
        const callerKey = http.keyFromHeader ? String(req.headers[keyHeader] ?? '').trim() : undefined;
        log
          .in(processSecrets.with(callerKey, bearerToken(req)))
          .error('http request failed', { error: error instanceof Error ? error.message : String(error) });
        refuse(res, 500, SERVER_ERROR, 'Internal server error');
      })
      .finally(() => {
        if (isCall) inFlight--;
      });
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(http.port, http.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address() as AddressInfo;
  const hostForUrl = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  boundUrl = `http://${hostForUrl}:${address.port}/mcp`;
  void auth.warmUp();

  let closing: Promise<void> | undefined;
  return {
    url: boundUrl,
    close(graceMs = 10_000) {
      closing ??= (async () => {
        draining = true;
        server.close();
        server.closeIdleConnections();
        // Tool calls finish within the grace; those still running are stopped, and answered.
        await calls.drain(graceMs);
        // Then their answers (and any other request's) go out before the sessions close.
        const deadline = Date.now() + ANSWER_MS;
        while (inFlight > 0 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 25));
        if (inFlight > 0) log.warn('shutting down with requests still unanswered', { inFlight });
        await sessions.closeAll();
        await shared?.closeAll();
        server.closeAllConnections();
      })();
      return closing;
    },
  };
}
