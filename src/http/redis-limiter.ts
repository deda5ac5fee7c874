import { randomUUID } from 'node:crypto';
import Bottleneck from 'bottleneck';
import { bottleneckKeys, skipUnheardEvents, yieldInMicrotasks } from './bottleneck-private.js';
import { RateLimiterUnavailableError, RateLimitError } from './errors.js';
import type { LimiterFactory, RateLimiter, ScheduleOptions, Slot } from './limiter.js';
import type { RateLimit } from './rate-limit.js';
import { SharedRedisConnection } from './redis-connection.js';
import { SlotLedger } from './redis-ledger.js';
import { runOnSlot, SlotWait } from './slot-wait.js';
import { turnInMs } from './slot-turn.js';
import { log } from '../log.js';

export { RateLimiterUnavailableError } from './errors.js';

export interface RedisLimiterOptions {
  url: string;
  /** key prefix */
  prefix?: string;
  /** deadline of one Redis round trip, default 2000 ms */
  commandTimeoutMs?: number;
  /**
   * Longest one request can run (the HTTP deadline), default 2 × window + 60 s. A slot whose
   * holder died comes back no sooner than this long after its request started (or after the
   * holder was last seen alive), plus one window. A longer request stays safe while its process
   * lives: the process renews the slot's claim.
   */
  maxRequestMs?: number;
}

/**
 * Limiters whose budget every process sharing `url` draws from: replicas behind a load balancer
 * together never exceed a key's limit. Hand `factory` to a LimiterRegistry; `close()` stops every
 * limiter it made and disconnects.
 */
export function createRedisLimiters(options: RedisLimiterOptions): { factory: LimiterFactory; close(): Promise<void> } {
  const commandTimeoutMs = options.commandTimeoutMs ?? 2_000;
  const connection = new SharedRedisConnection(options.url, commandTimeoutMs);
  const made = new Set<RedisSlidingWindowLimiter>();
  return {
    factory: (id, limit) => {
      const name = `${options.prefix ?? 'helpdesk-mcp'}:${id}`;
      const limiter = new RedisSlidingWindowLimiter(connection, name, limit, commandTimeoutMs, options.maxRequestMs);
      made.add(limiter);
      // A limiter the registry released (idle) is forgotten here too.
      return {
        limit,
        schedule: (task, opts) => limiter.schedule(task, opts),
        idle: () => limiter.idle(),
        stop: () => limiter.stop().finally(() => made.delete(limiter)),
      };
    },
    async close() {
      await Promise.all([...made].map((limiter) => limiter.stop()));
      made.clear();
      await connection.close();
    },
  };
}

/**
 * The sliding window of slots of SlidingWindowLimiter (limiter.ts), on Bottleneck's Redis
 * datastore: the reservoir, shared by every process, starts full and each request takes a slot.
 * A slot comes back one window (plus a margin) after its request settled, never sooner. It comes
 * back through the ledger (redis-ledger.ts), not a local timer alone, so that it comes back even
 * if this process dies: then at the provisional time its claim carries, which assumes the longest
 * a request can run. A Redis that lost the state (a restart, a failover) holds the budget for a
 * window and is told again which of this process's slots are out (see reconcile).
 */
class RedisSlidingWindowLimiter implements RateLimiter {
  private readonly ledger: SlotLedger;
  private readonly marginMs: number;
  private readonly provisionalMs: number;
  private readonly cooldownMs: number;
  /** This process's slots that are out, and when (performance.now()) Redis may hand each back. */
  private readonly out = new Map<string, number>();
  /** The ledger has been reconciled here: its state was in Redis, and is lost if it is not now. */
  private sawState = false;
  private mustReconcile = false;
  private current: { bottleneck: Bottleneck; failed: boolean } | undefined;
  private readonly sweeper: NodeJS.Timeout;
  private readonly timers = new Set<NodeJS.Timeout>();
  /** Calls of this process waiting for a slot. */
  private readonly waiting = new Set<SlotWait>();
  private sweeping: Promise<void> | undefined;
  private sweepAgain = false;
  private stopped = false;
  private readonly forgetInit: () => void;
  private readonly forgetBack: () => void;

  constructor(
    private readonly connection: SharedRedisConnection,
    private readonly id: string,
    readonly limit: RateLimit,
    private readonly commandTimeoutMs: number,
    private readonly maxRequestMs = 2 * limit.windowMs + 60_000,
  ) {
    // The margin of SlidingWindowLimiter: a new connection's request arrives a little later.
    this.marginMs = Math.min(250, Math.max(20, limit.windowMs * 0.01));
    this.cooldownMs = limit.windowMs + this.marginMs;
    this.provisionalMs = maxRequestMs + this.cooldownMs;
    this.ledger = new SlotLedger(connection.client, { slots: `${id}:slots`, marker: `${id}:instance`, ...bottleneckKeys(id) }, limit.requests);
    // Bottleneck's init (as the limiter is made, or when Redis lost its settings), or Redis back
    // after an absence, maybe another instance: the state there may be new, or lost, while the
    // API still counts the requests of the last window.
    this.forgetInit = connection.onInit(id, () => this.reconcile());
    this.forgetBack = connection.onBack(() => {
      this.mustReconcile = true;
      this.returnDue();
    });
    // Slots come back through local timers while their process lives; this pass returns those
    // whose process died, and wakes calls that missed a wake-up message while Redis was away.
    this.sweeper = setInterval(() => this.returnDue(), Math.max(50, Math.min(1_000, limit.windowMs / 10)));
    this.sweeper.unref();
    this.bottleneck();
  }

  schedule<T>(task: (slot: Slot) => Promise<T>, options: ScheduleOptions): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      if (this.stopped) return reject(new Error('the shared rate limiter has been stopped'));
      const wait = new SlotWait(options, reject, (leftMs) => this.noSlotInTime(leftMs));
      wait.watch(this.connection.onDown(() => wait.abandon(new RateLimiterUnavailableError('connection lost'))));
      if (!wait.waiting) return;
      const ahead = this.waiting.size;
      this.waiting.add(wait);
      wait.watch(() => this.waiting.delete(wait));

      const job = async (): Promise<void> => {
        const slot = randomUUID();
        // The caller gave up while this waited: the slot was taken all the same, so return it.
        if (!wait.take()) return this.ledgerCall(() => this.ledger.claim(slot, 0)).catch(() => undefined);
        await this.run(slot, task, resolve, reject);
      };

      // Fail within one round trip's deadline rather than queue behind an absent Redis.
      void this.connection
        .whenUp(Math.min(options.maxWaitMs, this.commandTimeoutMs))
        .then((up) => {
          if (!wait.waiting) return;
          if (!up) return wait.abandon(new RateLimiterUnavailableError('no connection'));
          if (this.stopped) return wait.abandon(new Error('the shared rate limiter has been stopped'));
          // Asked before the call is queued, on the same connection: it sees the queue ahead of the call.
          this.expectTurn(wait, ahead);
          // The expiration frees a dead replica's job in Bottleneck's books, which the ledger's
          // healing waits for. A live request that runs longer loses nothing: the ledger holds it.
          return this.bottleneck().schedule({ priority: options.priority ?? 5, expiration: this.provisionalMs }, job);
        })
        .catch((error: unknown) => wait.abandon(error instanceof Bottleneck.BottleneckError ? error : limiterFailure(error)));
    });
  }

  /** Runs one task on a slot taken from the shared reservoir, and sees the slot back. */
  private async run<T>(slot: string, task: (slot: Slot) => Promise<T>, resolve: (value: T) => void, reject: (error: unknown) => void): Promise<void> {
    try {
      // Written down before the request leaves, so the slot comes back even if we die.
      await this.ledgerCall(() => this.ledger.claim(slot, this.track(slot, this.provisionalMs)));
    } catch (error) {
      // Not sent; the slot, written down or not, comes back (see RETURN_DUE_SLOTS).
      this.out.delete(slot);
      return reject(limiterFailure(error));
    }
    // Renewed twice per maxRequestMs, the claim stays out for at least maxRequestMs / 2 plus a
    // window after we were last alive: a request outliving the bound is still counted.
    let renewing: Promise<unknown> = Promise.resolve();
    const renewal = setInterval(() => {
      renewing = this.ledgerCall(() => this.ledger.reschedule(slot, this.track(slot, this.provisionalMs))).catch(() => undefined);
    }, this.maxRequestMs / 2);
    const used = await runOnSlot(task, resolve, reject);
    clearInterval(renewal);
    await renewing;
    await this.settle(slot, used ? this.cooldownMs : 0);
  }

  /**
   * No slot of this process out or cooling down, nothing waiting: the state in Redis says the rest.
   * A call still waiting for Redis, before Bottleneck has it, counts as waiting.
   */
  idle(): boolean {
    if (this.waiting.size > 0 || this.out.size > 0 || this.timers.size > 0 || this.sweeping) return false;
    const counts = this.current?.bottleneck.counts();
    return !counts || counts.RECEIVED + counts.QUEUED + counts.RUNNING + counts.EXECUTING === 0;
  }

  /** Stops the timers; queued work never starts. Slots still out come back through the ledger. */
  async stop(): Promise<void> {
    this.stopped = true;
    clearInterval(this.sweeper);
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
    this.forgetInit();
    this.forgetBack();
    this.out.clear();
    const current = this.current;
    if (current) {
      await current.bottleneck.stop({ dropWaitingJobs: true }).catch(() => undefined);
      await release(current.bottleneck);
    }
    this.current = undefined;
  }

  /** The Bottleneck limiter, made anew when its setup failed (Bottleneck never retries that). */
  private bottleneck(): Bottleneck {
    if (this.current?.failed) {
      void release(this.current.bottleneck);
      this.current = undefined;
    }
    if (this.current) return this.current.bottleneck;
    const bottleneck = new Bottleneck({
      id: this.id,
      datastore: 'ioredis',
      connection: this.connection,
      // A replica joining must not reset the budget the others are drawing from.
      clearDatastore: false,
      // Created empty, here or by any replica once Redis lost it, until the reconcile that follows
      // says what is free: created full, it would let a burst out in between.
      reservoir: 0,
      maxConcurrent: null,
    });
    yieldInMicrotasks(bottleneck);
    skipUnheardEvents(bottleneck);
    const current = { bottleneck, failed: false };
    bottleneck.on('error', (error: unknown) => log.debug('shared rate limiter: Redis call failed', { error: String(error) }));
    bottleneck.ready().catch((error: unknown) => {
      current.failed = true;
      log.debug('shared rate limiter: setup failed; retrying on the next call', { error: String(error) });
    });
    this.current = current;
    return bottleneck;
  }

  private async settle(slot: string, afterMs: number): Promise<void> {
    try {
      await this.ledgerCall(() => this.ledger.reschedule(slot, this.track(slot, afterMs)));
    } catch (error) {
      // The slot keeps its provisional time: it comes back late, but it comes back.
      log.debug('shared rate limiter: could not settle a slot', { error: String(error) });
      return;
    }
    if (afterMs > 0 && !this.stopped) {
      // The ledger's clock started when Redis ran the script, before this reply: a hair later is due.
      const timer = setTimeout(() => {
        this.timers.delete(timer);
        this.out.delete(slot);
        this.returnDue();
      }, afterMs + 2);
      this.timers.add(timer);
    }
  }

  /** Runs the ledger script; when slots came back, wakes the calls waiting in every process. */
  private async ledgerCall(run: () => Promise<number>, wakeAnyway = false): Promise<void> {
    const returned = await run();
    if (returned === 0 && !wakeAnyway) return;
    // Bottleneck wakes waiting limiters (and re-creates lost settings, -1) only from its own
    // scripts: adding nothing through one of them does both.
    this.current?.bottleneck
      .incrementReservoir(0)
      .catch((error: unknown) => log.debug('shared rate limiter: could not wake waiting calls', { error: String(error) }));
  }

  /** One pass at a time; a request for another while one runs makes one more afterwards. */
  private returnDue(): void {
    if (this.stopped) return;
    if (this.sweeping) {
      this.sweepAgain = true;
      return;
    }
    // Calls waiting here may have missed a wake-up (pub/sub drops messages while reconnecting).
    const waiting = (this.current?.bottleneck.queued() ?? 0) > 0;
    this.sweeping = this.ledgerCall(() => (this.mustReconcile ? this.reconcile() : this.ledger.returnDue()), waiting)
      .catch((error: unknown) => log.debug('shared rate limiter: could not return slots', { error: String(error) }))
      .finally(() => {
        this.sweeping = undefined;
        if (!this.sweepAgain) return;
        this.sweepAgain = false;
        this.returnDue();
      });
  }

  /**
   * Holds the budget for a window if this Redis instance may not know what was spent (see
   * SlotLedger.reconcile), and writes back this process's own slots that are still out; tried
   * again on each pass of the sweeper until it succeeds.
   */
  private async reconcile(): Promise<number> {
    this.mustReconcile = true;
    const returned = await this.ledger.reconcile(this.cooldownMs, this.sawState, this.stillOut());
    this.sawState = true;
    this.mustReconcile = false;
    return returned;
  }

  /**
   * Notes the earliest Redis may hand a slot back: `afterMs` from now, as Redis starts counting a
   * hair later. Called just before the ledger call that sets it, which Redis runs after any sent
   * before and before any sent after (one connection). Returns `afterMs`.
   */
  private track(slot: string, afterMs: number): number {
    if (afterMs > 0) this.out.set(slot, performance.now() + afterMs);
    else this.out.delete(slot);
    return afterMs;
  }

  /**
   * This process's slots Redis cannot have handed back yet, with the ms until each may come
   * back. One due within the margin is left out: the clocks may have drifted a hair apart, and a
   * slot handed back must never be written down again (it would come back twice).
   */
  private stillOut(): Array<[string, number]> {
    const now = performance.now();
    const out: Array<[string, number]> = [];
    for (const [slot, at] of this.out) {
      if (at <= now) this.out.delete(slot);
      else if (at - now > this.marginMs) out.push([slot, at - now]);
    }
    return out;
  }

  /**
   * Tells `wait` when its turn should come: after the calls queued in every live replica
   * (Bottleneck's clusterQueued, sent before the call's own submit; at least the `ahead` of this
   * process that came before it, which Redis may not count yet), as the slots out
   * come back. A slot whose request is in flight carries its provisional time; it is taken to
   * come back one cooldown from now, as if its request had just ended. The ledger may hold more
   * slots than the limit (placeholders after a restart): the first to come back free none.
   */
  private expectTurn(wait: SlotWait, ahead: number): void {
    Promise.all([this.ledger.dueInMs(), this.bottleneck().clusterQueued()]).then(
      ([dueInMs, queued]) => {
        const out = dueInMs.map((ms) => Math.min(ms, this.cooldownMs)).sort((a, b) => a - b);
        const free = Math.max(0, this.limit.requests - out.length);
        wait.expect(turnInMs(free, out.slice(Math.max(0, out.length - this.limit.requests)), Math.max(queued, ahead) + 1, this.cooldownMs));
      },
      (error: unknown) => log.debug('shared rate limiter: could not estimate a wait', { error: String(error) }),
    );
  }

  /** The call's turn would come too late; `leftMs` until it, as last estimated (unknown: a window). */
  private noSlotInTime(leftMs: number | undefined): Error {
    if (!this.connection.isUp()) return new RateLimiterUnavailableError('no connection');
    return new RateLimitError(leftMs || this.cooldownMs, { by: 'shared', limit: this.limit });
  }
}

/** Detaches a Bottleneck limiter from the shared connection, which stays open. */
function release(bottleneck: Bottleneck): Promise<void> {
  return Promise.resolve(bottleneck.disconnect(false)).catch(() => undefined);
}

/** What the caller is told when the shared store failed a call; nothing was sent. */
function limiterFailure(error: unknown): RateLimiterUnavailableError {
  const message = error instanceof Error ? error.message : String(error);
  if (/timed out/i.test(message)) return new RateLimiterUnavailableError('no answer in time');
  if (/writeable|closed|MaxRetriesPerRequest|ECONN|EHOST|ENOTFOUND/i.test(message)) return new RateLimiterUnavailableError('no connection');
  return new RateLimiterUnavailableError(message, true);
}
