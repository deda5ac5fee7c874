import { CancelledError } from './errors.js';
import type { ScheduleOptions, Slot } from './limiter.js';

/**
 * One call waiting for a slot. It gives up once, whichever comes first: its signal aborts,
 * `maxWaitMs` passes, or `abandon()` is called; the caller's promise is then rejected. `take()`
 * says the slot came: from then on nothing gives up on the caller's behalf.
 */
export class SlotWait {
  private state: 'waiting' | 'running' | 'abandoned' = 'waiting';
  private readonly cleanups: Array<() => void> = [];

  constructor(options: ScheduleOptions, private readonly reject: (error: unknown) => void, noSlotInTime: () => Error) {
    const timer = setTimeout(() => this.abandon(noSlotInTime()), options.maxWaitMs);
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
