import type { RateLimit } from './rate-limit.js';
import type { WaitReporter } from './wait-report.js';

// What the HTTP client and the limiters agree on, apart from any limiter: slot-wait.ts and both
// limiters import it, so none imports another to learn the contract.

/** A slot handed to a task; `unused()` says no request left the process, so it comes back at once. */
export interface Slot {
  unused(): void;
}

/** What the HTTP client needs of a limiter; in-process (below) or shared through Redis. */
export interface RateLimiter {
  readonly limit: RateLimit;
  schedule<T>(task: (slot: Slot) => Promise<T>, options: ScheduleOptions): Promise<T>;
  stop(): Promise<void>;
  /**
   * Nothing queued, running or cooling down here: every slot is back, so a new limiter for the
   * key would start exactly where this one is. Undefined: never released while the process runs.
   */
  idle?(): boolean;
}

export interface ScheduleOptions {
  signal?: AbortSignal;
  /** Bottleneck priority, 0 (first) to 9; retries go before new work. */
  priority?: number;
  /**
   * Longest time to wait for a slot. A call whose turn the limiter expects later fails at once
   * with RateLimitError, saying when its turn would have come; one kept longer than expected
   * fails when this much has passed.
   */
  maxWaitMs: number;
  /** Told when the call starts waiting for a slot, and every few seconds while it waits. */
  onWait?: WaitReporter;
}
