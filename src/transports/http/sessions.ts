import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import type { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';
import { log } from '../../log.js';
import { sweepIdle } from './idle-sweep.js';

export interface Session {
  transport: StreamableHTTPServerTransport;
  server: McpServer;
  /** Digest of the caller's own API key (with --key-from-header): later requests must match it. */
  keyDigest?: Buffer;
  /** The subject of the token that opened it (with sign-in): later requests must carry the same. */
  subject?: string;
  lastSeen: number;
  /** Requests of this session still being answered; a busy session never expires. */
  busy: number;
}

/** Live sessions by id; a session idle for `idleMs` is closed and forgotten. */
export class SessionStore {
  private readonly sessions = new Map<string, Session>();
  private readonly sweeper: NodeJS.Timeout;

  constructor(private readonly idleMs: number) {
    this.sweeper = sweepIdle(idleMs, () => void this.expireIdle());
  }

  get size(): number {
    return this.sessions.size;
  }

  get(id: string): Session | undefined {
    return this.sessions.get(id);
  }

  add(id: string, session: Session): void {
    this.sessions.set(id, session);
    log.info('http session opened', { session: id.slice(0, 8), sessions: this.sessions.size });
  }

  /** Forgets a session its transport closed (a DELETE from the client, or our own close). */
  forget(id: string): void {
    if (this.sessions.delete(id)) log.info('http session closed', { session: id.slice(0, 8), sessions: this.sessions.size });
  }

  async closeAll(): Promise<void> {
    clearInterval(this.sweeper);
    await Promise.all([...this.sessions.keys()].map((id) => this.close(id)));
  }

  private async expireIdle(): Promise<void> {
    const now = Date.now();
    for (const [id, session] of this.sessions) {
      if (session.busy === 0 && now - session.lastSeen > this.idleMs) await this.close(id);
    }
  }

  private async close(id: string): Promise<void> {
    const session = this.sessions.get(id);
    if (!session) return;
    this.forget(id);
    await session.transport.close().catch(() => undefined);
    await session.server.close().catch(() => undefined);
  }
}
