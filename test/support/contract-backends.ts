// The two backends the stand-in contract suites run against (test/<provider>/standin-contract.test.ts):
// the strict, independent stand-in, and the provider's own sandbox behind a recording proxy, so
// the README's "faithful copy of the chosen helpdesk's API" is checked by the same scenarios.

import type { FaultInjector, FaultKind } from '../../src/sandbox/faults.js';
import type { StartedSandbox } from '../../src/sandbox/start.js';
import { startRecordingProxy, type ProxyReading, type RecordingProxy } from './recording-proxy.js';
import type { Arrival, Outcome, StandinResponse } from './standin-core.js';

export const BACKEND_NAMES = ['stand-in', 'sandbox'] as const;
export type BackendName = (typeof BACKEND_NAMES)[number];

/** What a contract scenario reads and drives, whichever backend answers. */
export interface ContractBackend<R> {
  readonly name: BackendName;
  /** Where the client under test sends its requests. */
  readonly url: string;
  /** Where the API itself listens (the sandbox, not its proxy), to ask it directly without recording. */
  readonly direct: string;
  /** Every request the client sent, exactly as it arrived, with the status it got. */
  readonly requests: R[];
  /**
   * The next request on `method path` meets a failure both backends can produce in the API's own
   * words: a 429 before the work (`rate_limit`), a 500 before (`server_error`) or after
   * (`server_error_after`) it, an answer later than the client's deadline (`slow`), or a
   * connection dropped after the work (`drop_after`).
   */
  fail(kind: SharedFault, method: string, path: string): void;
  reset(): void;
  close(): Promise<void>;
}

export type SharedFault = Extract<FaultKind, 'rate_limit' | 'server_error' | 'server_error_after' | 'slow' | 'drop_after'>;

/** A vendor's 429 and 500 bodies, in its own error shape, for a stand-in to answer with. */
export interface VendorFailures {
  tooManyRequests: unknown;
  internalError: unknown;
}

/**
 * The client deadline of a call meant to meet a `slow` answer, and only of that call: every other
 * call keeps the harness's default, which a busy machine does not reach.
 */
export const SHORT_DEADLINE_MS = 1_000;
/** How long a 'slow' answer is held back: beyond SHORT_DEADLINE_MS. */
export const SLOW_MS = 1_500;

/** A stand-in as a contract backend, answering the shared faults with its vendor's words. */
export function standinBackend<R>(
  standin: { url: string; requests: R[]; respondNext(route: string, response: StandinResponse): void; reset(): void; close(): Promise<void> },
  words: VendorFailures,
  routeOf: (method: string, path: string) => string = (method, path) => `${method} ${path}`,
): ContractBackend<R> {
  const serverError = { status: 500, body: words.internalError };
  const scripted: Record<SharedFault, StandinResponse> = {
    // As the sandbox's injected 429 (src/sandbox/http-front.ts), with the shortest wait it names.
    rate_limit: { status: 429, body: words.tooManyRequests, headers: { 'retry-after': '1' } },
    server_error: serverError,
    server_error_after: serverError,
    slow: { status: 200, body: {}, delayMs: SLOW_MS },
    drop_after: { status: 200, destroySocket: true },
  };
  return {
    name: 'stand-in',
    url: standin.url,
    direct: standin.url,
    requests: standin.requests,
    fail: (kind, method, path) => standin.respondNext(routeOf(method, path), scripted[kind]),
    reset: () => standin.reset(),
    close: () => standin.close(),
  };
}

/** A sandbox behind a recording proxy that reads each request as the stand-in of the same API does. */
export async function sandboxBackend<R extends Arrival & Outcome>(
  sandbox: StartedSandbox<unknown> & { faults: FaultInjector },
  reading: ProxyReading<R>,
): Promise<ContractBackend<R>> {
  let proxy: RecordingProxy<R>;
  try {
    proxy = await startRecordingProxy(sandbox.url, reading);
  } catch (error) {
    await sandbox.close();
    throw error;
  }
  sandbox.faults.setSlowMs(SLOW_MS);
  return {
    name: 'sandbox',
    url: proxy.url,
    direct: sandbox.url,
    requests: proxy.requests,
    fail: (kind, method, path) => sandbox.faults.queue(kind, 1, { method, path }),
    reset: () => {
      proxy.reset();
      sandbox.faults.clear();
    },
    close: async () => {
      await proxy.close();
      await sandbox.close();
    },
  };
}
