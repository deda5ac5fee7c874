import { Redis, type RedisOptions } from 'ioredis';
import { HookedIORedisConnection } from './bottleneck-private.js';
import { log } from '../log.js';
import { processSecrets } from '../secrets.js';

/**
 * One pair of ioredis clients (commands and pub/sub) shared by every limiter of the process,
 * tuned so that a call never waits on an absent Redis: it fails and the caller says so.
 */
export class SharedRedisConnection extends HookedIORedisConnection {
  /** The command client, which Bottleneck's limiters share (its `client` option). */
  readonly client: Redis;
  private readonly afterInitOf = new Map<string, () => Promise<unknown>>();
  private readonly downListeners = new Set<() => void>();
  private readonly backListeners = new Set<() => void>();
  private down = false;
  private downTimer: NodeJS.Timeout | undefined;
  private closing = false;

  constructor(
    url: string,
    private readonly commandTimeoutMs: number,
  ) {
    const client = new Redis(url, clientOptions(commandTimeoutMs));
    super(client, Redis);
    this.client = client;
    // Nothing here logs the URL; should a library error ever quote it, the log still redacts it.
    processSecrets.add(client.options.password);
    for (const redis of [this.client, this.pubSub]) {
      // Bottleneck forwards 'error' to its own emitter, which swallows it when nobody listens;
      // listening here too keeps the process alive even if that ever changes.
      redis.on('error', (error: Error) => this.lost(error.message));
      redis.on('close', () => this.lost('connection closed'));
      redis.on('ready', () => this.found());
    }
  }

  /** Both clients connected: a call can both take a slot and hear that slots came back. */
  isUp(): boolean {
    return this.client.status === 'ready' && this.pubSub.status === 'ready';
  }

  /** Resolves true once up, false after `timeoutMs` (a restart or the first connect may be under way). */
  whenUp(timeoutMs: number): Promise<boolean> {
    if (this.isUp()) return Promise.resolve(true);
    return new Promise((resolve) => {
      const check = () => {
        if (!this.isUp()) return;
        done(true);
      };
      const done = (up: boolean) => {
        clearTimeout(timer);
        this.client.off('ready', check);
        this.pubSub.off('ready', check);
        resolve(up);
      };
      const timer = setTimeout(() => done(false), timeoutMs);
      this.client.on('ready', check);
      this.pubSub.on('ready', check);
    });
  }

  /**
   * Called each time Redis goes away for longer than one round trip's deadline (a blip that heals
   * at once should not fail calls that are waiting for a slot); returns the unsubscribe function.
   */
  onDown(listener: () => void): () => void {
    this.downListeners.add(listener);
    return () => this.downListeners.delete(listener);
  }

  /**
   * Called each time Redis is reachable again after it went away: it may be another instance now
   * (a restart, a failover) that lost or never had what the last one held. Returns the
   * unsubscribe function.
   */
  onBack(listener: () => void): () => void {
    this.backListeners.add(listener);
    return () => this.backListeners.delete(listener);
  }

  /**
   * Runs `reconcile` after each run of Bottleneck's init script for limiter `id`, before the call
   * that needed it goes on: init creates missing settings with the reservoir the limiter was made
   * with, which knows nothing of the slots that are out.
   */
  onInit(id: string, reconcile: () => Promise<unknown>): () => void {
    this.afterInitOf.set(id, reconcile);
    return () => this.afterInitOf.delete(id);
  }

  protected afterInit(id: string): Promise<unknown> | undefined {
    return this.afterInitOf.get(id)?.();
  }

  /** Quits politely when Redis answers, and drops the sockets (ending reconnects) either way. */
  async close(): Promise<void> {
    this.closing = true;
    clearTimeout(this.downTimer);
    this.downListeners.clear();
    this.backListeners.clear();
    if (this.isUp()) {
      let timer: NodeJS.Timeout | undefined;
      const patience = new Promise((resolve) => (timer = setTimeout(resolve, this.commandTimeoutMs)));
      await Promise.race([this.disconnect(true).catch(() => undefined), patience]);
      clearTimeout(timer);
    }
    await this.disconnect(false);
  }

  private lost(reason: string): void {
    // An 'error' while both clients are ready is a failed command's, already reported to its caller.
    if (this.down || this.closing || this.isUp()) return;
    this.down = true;
    log.warn('shared rate limiter: Redis is unreachable; calls fail until it is back', { reason });
    this.downTimer = setTimeout(() => {
      if (this.isUp()) return;
      for (const listener of this.downListeners) listener();
    }, this.commandTimeoutMs);
    this.downTimer.unref();
  }

  private found(): void {
    if (!this.down || !this.isUp()) return;
    this.down = false;
    clearTimeout(this.downTimer);
    log.info('shared rate limiter: Redis is reachable again');
    for (const listener of this.backListeners) listener();
  }
}

function clientOptions(commandTimeoutMs: number): RedisOptions {
  return {
    // Queued offline, a call would wait for a reconnect that may never come; failing at once lets
    // the limiter say why. The clients still reconnect on their own, forever.
    enableOfflineQueue: false,
    maxRetriesPerRequest: 0,
    // A reply lost with its connection fails after this; re-sending it on reconnect could run a
    // non-idempotent script (taking a slot) twice.
    commandTimeout: commandTimeoutMs,
    autoResendUnfulfilledCommands: false,
    connectTimeout: commandTimeoutMs,
    // How long a socket may linger half-closed on disconnect: it would hold the process open.
    disconnectTimeout: commandTimeoutMs,
    retryStrategy: (attempt) => Math.min(100 * attempt, 2_000),
  };
}
