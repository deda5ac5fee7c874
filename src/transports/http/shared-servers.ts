import type { IncomingMessage, ServerResponse } from 'node:http';
import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import type { AuthInfo } from '@modelcontextprotocol/sdk/server/auth/types.js';
import { isJsonContentType } from '@modelcontextprotocol/sdk/shared/mediaType.js';
import { JSONRPCRequestSchema, SUPPORTED_PROTOCOL_VERSIONS, type JSONRPCRequest } from '@modelcontextprotocol/sdk/types.js';
import { digest } from './guards.js';
import { needsStream } from './needs-stream.js';
import { RoutedTransport } from './routed-transport.js';
import { sweepIdle } from './idle-sweep.js';

/**
 * Methods whose answer depends on nothing a connection sets: a server shared by many requests
 * may serve them. `initialize` (the client's capabilities) and `logging/setLevel` (a level) would
 * leave state behind for the next caller, so they keep a server of their own.
 */
const SHARED_METHODS = new Set(['tools/call', 'tools/list', 'prompts/list', 'prompts/get', 'ping']);

interface Shared {
  server: McpServer;
  transport: RoutedTransport;
  lastUsed: number;
}

export interface SharedServersOptions {
  /** Builds the server for one caller key (undefined: the server's own key). */
  create(callerKey: string | undefined): McpServer;
  /** A server unused this long is closed (its key's limiter is the registry's to release). */
  idleMs: number;
  /** At most this many at once; past it, a request gets a server of its own as before. */
  max: number;
}

/**
 * Stateless HTTP without a server built per request: one MCP server per API key (the server's,
 * or each caller's with --key-from-header), kept while in use, serving the plain requests that
 * need no stream (the README's "HTTP deployment" section states which). The answer is the one the
 * SDK's transport gives (same checks, same JSON body); a request the SDK would refuse, stream or
 * treat specially (a batch, a notification, a progress token, a missing Accept, an unknown
 * protocol version, a method outside SHARED_METHODS) is left to it: `serve` returns undefined.
 * What it saves per request: building the server and its provider client, the SDK's conversion
 * to web Request and Response objects, and its stream bookkeeping; and a shared provider client
 * keeps its category cache and the ticket names it learned.
 */
export class SharedServers {
  private readonly servers = new Map<string, Shared>();
  private readonly sweeper: NodeJS.Timeout;

  constructor(private readonly options: SharedServersOptions) {
    this.sweeper = sweepIdle(options.idleMs, () => this.closeIdle());
  }

  /** Servers held now. */
  get size(): number {
    return this.servers.size;
  }

  /**
   * Answers the request on its key's shared server, settling once the response is over; or
   * undefined, having done nothing, when the request is not one for a shared server.
   */
  serve(req: IncomingMessage, res: ServerResponse, body: unknown, callerKey: string | undefined, authInfo: AuthInfo | undefined): Promise<void> | undefined {
    const request = sharedRequest(req, body);
    if (!request) return undefined;
    const shared = this.serverFor(callerKey);
    if (!shared) return undefined;
    // Idle from the end of its last answer: a long call is no reason to close it right after.
    const used = () => (shared.lastUsed = Date.now());
    used();
    return shared.transport.deliver(request, res, { authInfo, requestInfo: { headers: req.headers } }).finally(used);
  }

  async closeAll(): Promise<void> {
    clearInterval(this.sweeper);
    const all = [...this.servers.values()];
    this.servers.clear();
    await Promise.all(all.map(({ server }) => server.close().catch(() => undefined)));
  }

  private serverFor(callerKey: string | undefined): Shared | undefined {
    // Keyed by a digest: the map never holds a readable key.
    const id = callerKey === undefined ? '' : digest(callerKey).toString('base64');
    let shared = this.servers.get(id);
    if (shared) return shared;
    if (this.servers.size >= this.options.max) return undefined;
    const server = this.options.create(callerKey);
    const transport = new RoutedTransport();
    shared = { server, transport, lastUsed: Date.now() };
    this.servers.set(id, shared);
    // connect() only wires the transport (its start() does nothing), so it is done before any delivery.
    void server.connect(transport);
    return shared;
  }

  private closeIdle(): void {
    const now = Date.now();
    for (const [id, shared] of this.servers) {
      if (shared.transport.pending > 0 || now - shared.lastUsed <= this.options.idleMs) continue;
      this.servers.delete(id);
      void shared.server.close().catch(() => undefined);
    }
  }
}

/**
 * The request as the SDK's transport would hand it on, if it is one a shared server answers as
 * the SDK would: a single request (not a batch or a notification) in a body the SDK's checks
 * pass (Accept, Content-Type, MCP-Protocol-Version) that needs no stream.
 */
function sharedRequest(req: IncomingMessage, body: unknown): JSONRPCRequest | undefined {
  const accept = req.headers.accept;
  if (!accept?.includes('application/json') || !accept.includes('text/event-stream')) return undefined;
  if (!isJsonContentType(req.headers['content-type'])) return undefined;
  const version = req.headers['mcp-protocol-version'];
  if (version !== undefined && (typeof version !== 'string' || !SUPPORTED_PROTOCOL_VERSIONS.includes(version))) return undefined;
  if (needsStream(body)) return undefined;
  const parsed = JSONRPCRequestSchema.safeParse(body);
  if (!parsed.success || !SHARED_METHODS.has(parsed.data.method)) return undefined;
  return parsed.data;
}
