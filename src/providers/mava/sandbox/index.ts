// A local, in-memory Mava: a real HTTP server on 127.0.0.1 that answers Mava's documented API
// over seeded data, so `--sandbox` and the tests exercise every tool without an account.

import { randomBytes } from 'node:crypto';
import { Faults, type FaultInjector, type FaultKind, type FaultRates } from '../../../sandbox/faults.js';
import { listen, requestLog } from '../../../sandbox/listen.js';
import { generateDataset } from './seed-data.js';
import { createMavaServer, type ServedRequest } from './server.js';
import { MavaStore } from './store.js';

export { FAULT_KINDS, parseFaultRates, type FaultInjector, type FaultKind } from '../../../sandbox/faults.js';

export interface MavaSandboxOptions {
  /** The only key accepted; default: "sandbox_" + 24 random hex chars. */
  apiKey?: string;
  /** Default 90 per 30000 ms, per API key, as Mava documents. */
  rateLimit?: { requests: number; windowMs: number };
  /** PRNG seed for the data, default 20260101; same seed => same data (ids, texts), dates relative to now. */
  seed?: number;
  /** Default 300. */
  ticketCount?: number;
  /** Clock (ms), default Date.now; used for seeding and for the times the API writes. */
  now?: () => number;
  /** Initial fault rates (see FaultInjector.setRates), e.g. from --sandbox-faults; default none. */
  faults?: FaultRates;
  /** Seed of the fault draws, default 1; same seed => same faults for the same requests. */
  faultSeed?: number;
}

export interface MavaSandbox {
  /** e.g. "http://127.0.0.1:43121" (no trailing slash). */
  readonly url: string;
  readonly apiKey: string;
  /** The latest 10,000 requests served, in the order answered (for tests). */
  readonly requests: ReadonlyArray<{ method: string; path: string; at: number; status: number; fault?: FaultKind }>;
  /** Makes the sandbox misbehave like a flaky API: queued or random faults for authorised requests. */
  readonly faults: FaultInjector;
  /** Stops listening and closes open sockets. */
  close(): Promise<void>;
}

const DEFAULT_SEED = 20260101;
const DEFAULT_TICKET_COUNT = 300;
const DEFAULT_RATE_LIMIT = { requests: 90, windowMs: 30_000 };

export async function startMavaSandbox(options: MavaSandboxOptions = {}): Promise<MavaSandbox> {
  const now = options.now ?? Date.now;
  const apiKey = options.apiKey ?? `sandbox_${randomBytes(12).toString('hex')}`;
  if (apiKey === '') throw new RangeError('apiKey must not be empty');
  const ticketCount = options.ticketCount ?? DEFAULT_TICKET_COUNT;
  if (!Number.isInteger(ticketCount) || ticketCount < 0) throw new RangeError(`ticketCount must be a non-negative integer, got ${ticketCount}`);

  const faults = new Faults();
  // Throws RangeError on bad rates, like the other options.
  faults.setRates(options.faults ?? {}, options.faultSeed);

  const store = new MavaStore(generateDataset({ seed: options.seed ?? DEFAULT_SEED, ticketCount, now: now() }), now);
  const log = requestLog<ServedRequest>();
  const server = createMavaServer({
    store,
    apiKey,
    rateLimit: options.rateLimit ?? DEFAULT_RATE_LIMIT,
    faults,
    onServed: log.add,
  });

  const { url, close } = await listen(server);
  return {
    url,
    apiKey,
    requests: log.entries,
    faults,
    close,
  };
}
