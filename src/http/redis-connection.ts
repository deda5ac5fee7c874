import Bottleneck from 'bottleneck';
import { Redis, type RedisOptions } from 'ioredis';
import { log } from '../log.js';
import { processSecrets } from '../secrets.js';

type ScriptCallback = (error: Error | null, replies?: unknown) => void;

/** The parts of a Bottleneck limiter its connection sees (bottleneck 2.19.5). */
interface ConnectedLimiter {
  channel(): string;
  channel_client(): string;
}

/** Bottleneck's IORedisConnection internals this file builds on (lib/IORedisConnection.js, 2.19.5). */
interface ConnectionInternals {
  readonly client: Redis;
  readonly subscriber: Redis;
  readonly terminated: boolean;
  readonly limiters: Record<string, ConnectedLimiter | undefined>;
  __scriptArgs__(name: string, id: string, args: unknown[], callback: ScriptCallback): unknown[];
  __addLimiter__(instance: ConnectedLimiter): Promise<unknown>;
  __removeLimiter__(instance: ConnectedLimiter): void;
}

const IORedisConnection = Bottleneck.IORedisConnection as unknown as new (
  options: Bottleneck.IORedisConnectionOptions,
) => Bottleneck.IORedisConnection & ConnectionInternals;

// Bottleneck recovers from a lost settings key or a forgotten client only when the script error
// reads exactly these words; Redis 7 prefixes every script error with "ERR ".
const RECOVERABLE = /^ERR (SETTINGS_KEY_NOT_FOUND|UNKNOWN_CLIENT)$/;

/**
 * One pair of ioredis clients (commands and pub/sub) shared by every limiter of the process,
 * tuned so that a call never waits on an absent Redis: it fails and the caller says so.
 */
export class SharedRedisConnection extends IORedisConnection {
  private readonly afterInit = new Map<string, () => Promise<unknown>>();
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
    super({ client, Redis });
    // Nothing here logs the URL; should a library error ever quote it, the log still redacts it.
    processSecrets.add(client.options.password);
    for (const redis of [this.client, this.subscriber]) {
      // Bottleneck forwards 'error' to its own emitter, which swallows it when nobody listens;
      // listening here too keeps the process alive even if that ever changes.
      redis.on('error', (error: Error) => this.lost(error.message));
      redis.on('close', () => this.lost('connection closed'));
      redis.on('ready', () => this.found());
    }
  }

  /** Both clients connected: a call can both take a slot and hear that slots came back. */
  isUp(): boolean {
    return this.client.status === 'ready' && this.subscriber.status === 'ready';
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
        this.subscriber.off('ready', check);
        resolve(up);
      };
      const timer = setTimeout(() => done(false), timeoutMs);
      this.client.on('ready', check);
      this.subscriber.on('ready', check);
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
    this.afterInit.set(id, reconcile);
    return () => this.afterInit.delete(id);
  }

  override __scriptArgs__(name: string, id: string, args: unknown[], callback: ScriptCallback): unknown[] {
    return super.__scriptArgs__(name, id, args, (error, replies) => {
      const recoverable = error && RECOVERABLE.exec(error.message);
      if (recoverable) return callback(new Error(recoverable[1], { cause: error }));
      if (error || name !== 'init') return callback(error, replies);
      const reconcile = this.afterInit.get(id);
      if (!reconcile) return callback(null, replies);
      reconcile().then(
        () => callback(null, replies),
        () => callback(null, replies), // the next periodic pass reconciles instead
      );
    });
  }

  /**
   * Bottleneck ignores a failed SUBSCRIBE, which leaves a limiter that never hears of slots coming
   * back; failing its setup instead makes the limiter start over on its next call.
   */
  override async __addLimiter__(instance: ConnectedLimiter): Promise<void> {
    for (const channel of [instance.channel(), instance.channel_client()]) {
      await this.subscriber.subscribe(channel);
      this.limiters[channel] = instance;
    }
  }

  /**
   * Bottleneck unsubscribes in a fire-and-forget loop, so with Redis down its rejection would go
   * unhandled and end the process; and a limiter rebuilt under the same id shares the channel,
   * which only its current owner may give up.
   */
  override __removeLimiter__(instance: ConnectedLimiter): void {
    for (const channel of [instance.channel(), instance.channel_client()]) {
      if (this.limiters[channel] !== instance) continue;
      delete this.limiters[channel];
      if (!this.terminated) this.subscriber.unsubscribe(channel).catch(() => undefined);
    }
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
