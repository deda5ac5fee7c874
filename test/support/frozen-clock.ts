import { vi } from 'vitest';

// Captured when this file is first imported, before any test fakes the timers: a real timer to
// stop waiting on a promise that a frozen clock keeps from settling.
const realSetTimeout = globalThis.setTimeout;
const realClearTimeout = globalThis.clearTimeout;
const realSetImmediate = globalThis.setImmediate;

/**
 * Stops the clocks the limiters and the HTTP client read (performance.now, Date) and every timer
 * they set (a slot cooling down, a call's maxWaitMs, a deadline), leaving setImmediate and I/O
 * real: requests still travel, but no wait can end until the test advances the clock. Undo with
 * vi.useRealTimers().
 */
export function freezeClock(): void {
  vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval', 'Date', 'performance'] });
}

/**
 * What `promise` settles to while the clock stands still. With the clock frozen, a call that
 * needs any time to pass (a wait for a slot, a deadline) never settles: it is reported as
 * 'pending' once `patienceMs` of real time has gone by. The patience only ends a test that
 * would otherwise hang; it bounds no speed.
 */
export async function settledWithoutTime<T>(promise: Promise<T>, patienceMs = 10_000): Promise<PromiseSettledResult<T> | { status: 'pending' }> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const pending = new Promise<{ status: 'pending' }>((resolve) => (timer = realSetTimeout(() => resolve({ status: 'pending' }), patienceMs)));
  const settled = Promise.allSettled([promise]).then(([outcome]) => outcome!);
  try {
    return await Promise.race([settled, pending]);
  } finally {
    realClearTimeout(timer);
  }
}

/**
 * Moves the frozen clock on, `stepMs` at a time, until `promise` settles, and returns it. Between
 * steps, immediates and I/O run for real, so a timer set on the way (a slot given back after
 * its request) starts from the moment it was set, as it would without the fake.
 */
export async function advanceUntilSettled<T>(promise: Promise<T>, stepMs = 10): Promise<T> {
  let settled = false;
  const watched = promise.finally(() => (settled = true));
  watched.catch(() => undefined); // its outcome is the caller's, from the promise returned
  while (!settled) {
    await vi.advanceTimersByTimeAsync(stepMs);
    await new Promise((resolve) => realSetImmediate(resolve));
  }
  return watched;
}
