import { AsyncLocalStorage } from 'node:async_hooks';

/** Told how long a call still expects to wait for the rate budget, in ms. */
export type WaitReporter = (leftMs: number) => void;

/** How often a call still waiting says so again: well inside any client's timeout. */
export const WAIT_REPORT_EVERY_MS = 5_000;

const reporters = new AsyncLocalStorage<WaitReporter>();

/**
 * Runs `work` with `reporter` told of every wait for the rate budget of the requests made inside
 * it. The reporter rides the async context rather than each call's arguments, so every request a
 * tool makes (each page, a lookup, a retry) reports without every client method passing it on.
 */
export function reportingWaits<T>(reporter: WaitReporter | undefined, work: () => T): T {
  return reporter ? reporters.run(reporter, work) : work();
}

/** The reporter of the work running now, if any. */
export function waitReporter(): WaitReporter | undefined {
  return reporters.getStore();
}

/** Tells `report` what is left now, then every WAIT_REPORT_EVERY_MS; the function returned stops it. */
export function reportWhileWaiting(report: WaitReporter, leftMs: () => number): () => void {
  report(leftMs());
  const timer = setInterval(() => report(leftMs()), WAIT_REPORT_EVERY_MS);
  return () => clearInterval(timer);
}
