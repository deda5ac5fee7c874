import { createHash } from 'node:crypto';
import Bottleneck from 'bottleneck';
import { returnSlotsAtOnce, skipUnheardEvents, takeSlotAtOnce, yieldInMicrotasks } from './bottleneck-private.js';
import { RateLimitError } from './errors.js';
import { runOnSlot, SlotWait } from './slot-wait.js';
import { turnInMs } from './slot-turn.js';
import type { RateLimiter, ScheduleOptions, Slot } from './limiter-contract.js';
import type { RateLimit } from './rate-limit.js';

export type { RateLimiter, ScheduleOptions, Slot } from './limiter-contract.js';

/**
 * A sliding window of slots on Bottleneck's reservoir. The reservoir starts full (a burst goes out
 * at once); each request takes a slot, and the slot comes back only one window (plus a margin)
 * after the request settled. The API counts a request when it arrives, which is never later than
 * when its answer comes back, so no window of the API's, however aligned, ever sees more than the
 * limit. A reservoir refreshed on a fixed interval would allow twice the limit across its edge.
 * A slot whose cooldown is over goes back when a call next asks for one (or the registry asks
 * whether the limiter is idle); only while calls wait does a timer give each back the moment it
 * is due. So a request leaves no timer behind to wake the process a window later and run
 * Bottleneck's steps for one slot (CONTRIBUTING.md, Bench, for what that saved).
 */
export class SlidingWindowLimiter implements RateLimiter {
  private readonly bottleneck: Bottleneck;
  /** When (performance.now()) each slot cooling down is due back, earliest first. */
  private readonly cooling: number[] = [];
  /** Set while calls wait: gives the next slot back when its cooldown is over. */
  private returnTimer: NodeJS.Timeout | undefined;
  /** Slots whose request is under way. */
  private inUse = 0;
  /** Calls waiting for a slot, in the order they came. */
  private readonly waiters = new Set<{ priority: number }>();
  private readonly cooldownMs: number;
  private stopped = false;

  constructor(
    readonly limit: RateLimit,
    marginMs = Math.min(250, Math.max(20, limit.windowMs * 0.01)),
  ) {
    this.cooldownMs = limit.windowMs + marginMs;
    this.bottleneck = new Bottleneck({ reservoir: limit.requests, maxConcurrent: null });
    yieldInMicrotasks(this.bottleneck);
    skipUnheardEvents(this.bottleneck);
  }

  schedule<T>(task: (slot: Slot) => Promise<T>, options: ScheduleOptions): Promise<T> {
    this.returnDue();
    // A free slot and nobody waiting (the common case): the slot is taken now, with no wait to
    // watch and no job to queue. The task still starts after schedule() returns, as a job would.
    if (this.waiters.size === 0 && !this.stopped && !options.signal?.aborted && takeSlotAtOnce(this.bottleneck)) {
      return new Promise<T>((resolve, reject) => void this.useSlot(task, resolve, reject));
    }
    return new Promise<T>((resolve, reject) => {
      const waiter = { priority: options.priority ?? 5 };
      const wait = new SlotWait(options, reject, () => new RateLimitError(this.turnInMs(waiter), { by: 'local', limit: this.limit }));
      wait.expect(this.turnInMs(waiter));
      if (!wait.waiting) return;
      this.waiters.add(waiter);
      wait.watch(() => this.waiters.delete(waiter));
      this.armReturn();
      this.bottleneck
        .schedule({ priority: waiter.priority }, async () => {
          if (!wait.take()) return this.giveBack(0);
          await this.useSlot(task, resolve, reject);
        })
        .catch(reject);
    });
  }

  /**
   * Runs `task` on a slot just taken, counted in use from the call; the slot comes back a
   * cooldown after the task ends, or at once if no request left the process.
   */
  private async useSlot<T>(task: (slot: Slot) => Promise<T>, resolve: (value: T) => void, reject: (error: unknown) => void): Promise<void> {
    this.inUse++;
    await Promise.resolve(); // the task starts after schedule() returns, as a job of Bottleneck's does
    const used = await runOnSlot(task, resolve, reject);
    this.inUse--;
    this.giveBack(used ? this.cooldownMs : 0);
  }

  /** Stops the slot timer; queued work never starts. */
  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.returnTimer);
    this.returnTimer = undefined;
    this.cooling.length = 0;
    await this.bottleneck.stop({ dropWaitingJobs: true }).catch(() => undefined);
  }

  /** Gives back the slots due first: a limiter whose slots are all due is idle. */
  idle(): boolean {
    this.returnDue();
    if (this.cooling.length > 0 || this.inUse > 0) return false;
    const { RECEIVED, QUEUED, RUNNING, EXECUTING } = this.bottleneck.counts();
    return RECEIVED + QUEUED + RUNNING + EXECUTING === 0;
  }

  /**
   * In how long `waiter` would get its slot: behind every call waiting with a priority before
   * its own, and those of its own that came first (Bottleneck's order). A waiter not yet in the
   * queue is placed at its end.
   */
  private turnInMs(waiter: { priority: number }): number {
    let ahead = 0;
    let before = true;
    for (const other of this.waiters) {
      if (other === waiter) before = false;
      else if (other.priority < waiter.priority || (other.priority === waiter.priority && before)) ahead++;
    }
    const free = Math.max(0, this.limit.requests - this.inUse - this.cooling.length);
    // A slot is free for it (the common case): no list of the busy slots to build and sort.
    if (ahead < free) return 0;
    const now = performance.now();
    const busyInMs = [...this.cooling.map((at) => at - now), ...Array<number>(this.inUse).fill(this.cooldownMs)];
    return turnInMs(free, busyInMs, ahead + 1, this.cooldownMs);
  }

  private giveBack(afterMs: number): void {
    if (afterMs <= 0) return this.returnSlots(1);
    this.cooling.push(performance.now() + afterMs);
    this.armReturn();
  }

  /** Puts the slots whose cooldown is over back into the reservoir. */
  private returnDue(): void {
    const now = performance.now();
    let due = 0;
    while (due < this.cooling.length && this.cooling[due]! <= now) due++;
    if (due === 0) return;
    this.cooling.splice(0, due);
    this.returnSlots(due);
  }

  /** At once if no job waits for them; else the documented way, which runs the jobs waiting. */
  private returnSlots(count: number): void {
    if (!returnSlotsAtOnce(this.bottleneck, count)) void this.bottleneck.incrementReservoir(count);
  }

  /** While calls wait for a slot, a timer gives the next one back the moment it is due. */
  private armReturn(): void {
    if (this.returnTimer || this.waiters.size === 0 || this.cooling.length === 0) return;
    this.returnTimer = setTimeout(
      () => {
        this.returnTimer = undefined;
        this.returnDue();
        this.armReturn();
      },
      Math.max(0, this.cooling[0]! - performance.now()),
    );
    // A slot coming back is no reason to keep a process alive; a call waiting for one holds its own timer.
    this.returnTimer.unref();
  }
}

/** Makes the limiter for one key; `id` is a digest of scope and key, safe to name shared state by. */
export type LimiterFactory = (id: string, limit: RateLimit) => RateLimiter;

export interface RegistryOptions {
  /** How often limiters gone idle are released (default every 10 s). */
  releaseIdleEveryMs?: number;
}

/**
 * One limiter per API key (and base URL), shared by every tool and session that uses the key.
 * With callers bringing their own keys, keys come and go: a limiter gone idle (every slot back)
 * is released, so the process keeps no state for a key nobody uses, and one made for the key
 * later starts exactly as the released one stood.
 */
export class LimiterRegistry {
  private readonly limiters = new Map<string, RateLimiter>();
  private sweeper: NodeJS.Timeout | undefined;
  private readonly releaseIdleEveryMs: number;

  constructor(
    private readonly create: LimiterFactory = (_id, limit) => new SlidingWindowLimiter(limit),
    options: RegistryOptions = {},
  ) {
    this.releaseIdleEveryMs = options.releaseIdleEveryMs ?? 10_000;
  }

  /**
   * The key's limiter, as a handle that finds the current one on every call: a client may hold
   * it for as long as it lives, though the limiter behind it is released when idle.
   */
  get(scope: string, apiKey: string, limit: RateLimit): RateLimiter {
    // Keyed by a digest so neither the map nor a shared store ever holds a readable key.
    const id = createHash('sha256').update(`${scope}\0${apiKey}`).digest('hex');
    this.limiterOf(id, limit); // made now, so that a client's first call finds it ready
    return {
      limit,
      schedule: (task, options) => this.limiterOf(id, limit).schedule(task, options),
      stop: async () => undefined, // the registry's to stop (stopAll)
    };
  }

  /** Limiters the registry holds now. */
  get size(): number {
    return this.limiters.size;
  }

  async stopAll(): Promise<void> {
    clearInterval(this.sweeper);
    this.sweeper = undefined;
    await Promise.all([...this.limiters.values()].map((limiter) => limiter.stop()));
    this.limiters.clear();
  }

  private limiterOf(id: string, limit: RateLimit): RateLimiter {
    let limiter = this.limiters.get(id);
    if (!limiter) {
      limiter = this.create(id, limit);
      this.limiters.set(id, limiter);
      this.sweeper ??= setInterval(() => this.releaseIdle(), this.releaseIdleEveryMs).unref();
    }
    return limiter;
  }

  private releaseIdle(): void {
    for (const [id, limiter] of this.limiters) {
      if (!limiter.idle?.()) continue;
      this.limiters.delete(id);
      void limiter.stop();
    }
    if (this.limiters.size > 0) return;
    clearInterval(this.sweeper);
    this.sweeper = undefined;
  }
}

/** The process-wide registry: every server created in this process shares it by default. */
export const processLimiters = new LimiterRegistry();
