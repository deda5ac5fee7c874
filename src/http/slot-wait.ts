import { CancelledError } from './errors.js';
import type { ScheduleOptions, Slot } from './limiter-contract.js';
import { reportWhileWaiting } from './wait-report.js';

/**
 * One call waiting for a slot. It gives up once, whichever comes first: its signal aborts, the
 * limiter expects its turn later than `maxWaitMs` allows (see expect), `maxWaitMs` passes, or
 * `abandon()` is called; the caller's promise is then rejected. `take()` says the slot came:
 * from then on nothing gives up on the caller's behalf.
 */
export class SlotWait {
  private state: 'waiting' | 'running' | 'abandoned' = 'waiting';
  private readonly cleanups: Array<() => void> = [];
  private readonly started = performance.now();
  /** When (performance.now()) the limiter expects the slot, once it said. */
  private dueAt: number | undefined;

  /** `refuse` makes the error for a turn too late, given the ms left until it as last expected. */
  constructor(
    private readonly options: ScheduleOptions,
    private readonly reject: (error: unknown) => void,
    private readonly refuse: (leftMs: number | undefined) => Error,
  ) {
    const timer = setTimeout(() => this.abandon(refuse(this.leftMs())), options.maxWaitMs);
    this.cleanups.push(() => clearTimeout(timer));
    const { signal } = options;
    if (!signal) return;
    const onAbort = () => this.abandon(new CancelledError('no'));
    if (signal.aborted) {
      onAbort();
      return;
    }
    signal.addEventListener('abort', onAbort, { once: true });
    this.cleanups.push(() => signal.removeEventListener('abort', onAbort));
  }

  /**
   * The limiter's estimate of when the slot comes, in ms from now; said once. Later than the call
   * may wait, it gives up at once rather than wait the bound out and fail then. Otherwise the wait
   * is reported (`onWait`) when it starts and every few seconds until the slot comes, so a client
   * that resets its timeout on progress keeps waiting.
   */
  expect(turnInMs: number): void {
    if (!this.waiting || this.dueAt !== undefined) return;
    const now = performance.now();
    this.dueAt = now + turnInMs;
    if (now - this.started + turnInMs > this.options.maxWaitMs) return this.abandon(this.refuse(turnInMs));
    const { onWait } = this.options;
    if (onWait && turnInMs > 0) this.cleanups.push(reportWhileWaiting(onWait, () => this.leftMs() ?? 0));
  }

  get waiting(): boolean {
    return this.state === 'waiting';
  }

  /** Runs `unsubscribe` once the wait is over (a watcher that can call `abandon`). */
  watch(unsubscribe: () => void): void {
    if (this.waiting) this.cleanups.push(unsubscribe);
    else unsubscribe();
  }

  abandon(error: unknown): void {
    if (!this.waiting) return;
    this.state = 'abandoned';
    this.stopWatching();
    this.reject(error);
  }

  /** The slot came: true if the caller still wants it, false if it already gave up. */
  take(): boolean {
    if (!this.waiting) return false;
    this.state = 'running';
    this.stopWatching();
    return true;
  }

  private leftMs(): number | undefined {
    return this.dueAt === undefined ? undefined : Math.max(0, this.dueAt - performance.now());
  }

  private stopWatching(): void {
    for (const cleanup of this.cleanups.splice(0)) cleanup();
  }
}

/**
 * Runs a task on its slot and settles the caller's promise with its outcome. Resolves to whether
 * the slot was used (a request left the process), which decides when the slot comes back.
 */
export async function runOnSlot<T>(task: (slot: Slot) => Promise<T>, resolve: (value: T) => void, reject: (error: unknown) => void): Promise<boolean> {
  let used = true;
  try {
    resolve(await task({ unused: () => (used = false) }));
  } catch (error) {
    reject(error);
  }
  return used;
}
