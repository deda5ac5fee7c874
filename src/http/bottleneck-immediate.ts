import type Bottleneck from 'bottleneck';

/** The internals of one Bottleneck limiter that the patches below replace (bottleneck 2.19.5, pinned). */
interface Core {
  _store?: { yieldLoop?: (delay?: number) => Promise<void> };
  _run(index: string, job: Job, wait: number): unknown;
  _scheduled: Record<string, unknown>;
  _limiter: unknown;
  _clearGlobalState(index: string): boolean;
  _free(index: string, job: Job, ...rest: unknown[]): unknown;
}
interface Job {
  options: { expiration?: number | null };
  doRun(): void;
  doExecute(limiter: unknown, clearGlobalState: () => boolean, run: (wait: number) => unknown, free: (...args: unknown[]) => unknown): unknown;
  doExpire(clearGlobalState: () => boolean, run: (wait: number) => unknown, free: (...args: unknown[]) => unknown): unknown;
}

/**
 * Bottleneck yields to the event loop with `setTimeout(fn, 0)`: in its store between the steps of
 * a job, and again before running a job that needs no wait. Node clamps each to at least 1 ms, so
 * an idle limiter adds several milliseconds to every call. `setImmediate` yields just as well (I/O
 * still runs in between) without the clamp. Waits longer than zero keep Bottleneck's timers.
 * Applied to one limiter's own instance; the logic is Bottleneck's own, only the timer differs.
 */
export function yieldWithImmediate(bottleneck: Bottleneck): void {
  const core = bottleneck as unknown as Core;
  const store = core._store;
  if (store && typeof store.yieldLoop === 'function') {
    store.yieldLoop = (delay = 0) => new Promise<void>((resolve) => (delay > 0 ? setTimeout(resolve, delay) : setImmediate(resolve)));
  }
  const run = core._run;
  if (typeof run !== 'function' || run.length !== 3) return; // not the version this was written for
  core._run = function (this: Core, index: string, job: Job, wait: number) {
    if (wait > 0) return run.call(this, index, job, wait);
    job.doRun();
    const clearGlobalState = this._clearGlobalState.bind(this, index);
    const next = (later: number) => this._run(index, job, later);
    const free = this._free.bind(this, index, job);
    const { expiration } = job.options;
    return (this._scheduled[index] = {
      timeout: setImmediate(() => job.doExecute(this._limiter, clearGlobalState, next, free)),
      expiration: expiration != null ? setTimeout(() => job.doExpire(clearGlobalState, next, free), expiration) : undefined,
      job,
    });
  };
}
