// A local, in-memory Omnidesk: a real HTTP server on 127.0.0.1 that answers Omnidesk's documented
// API (docs/api/omnidesk.md) over seeded data, so `--provider omnidesk --sandbox` and the tests
// exercise every tool without an account.

import { randomBytes } from 'node:crypto';
import { Faults, type FaultInjector, type FaultKind, type FaultRates } from '../../../sandbox/faults.js';
import { listen, requestLog } from '../../../sandbox/listen.js';
import { PERMISSIONS, type Permission } from './model.js';
import { generateDataset } from './seed-data.js';
import { createOmnideskServer, type ServedRequest } from './server.js';
import { OmnideskStore } from './store.js';

export { FAULT_KINDS, type FaultInjector, type FaultKind } from '../../../sandbox/faults.js';
export { PERMISSIONS, type Permission } from './model.js';

export interface OmnideskSandboxOptions {
  /** The only key accepted; default: "omnidesk_sandbox_" + 24 random hex chars. */
  apiKey?: string;
  /** What the key may do; default every permission (MESSAGE_CREATE, TICKET_READ). */
  permissions?: readonly Permission[];
  /** PRNG seed for the data, default 20260101; same seed => same data, dates relative to now. */
  seed?: number;
  /** Default 120. */
  ticketCount?: number;
  /** Clock (ms), default Date.now; used for seeding and for the times the API writes. */
  now?: () => number;
  /** Initial fault rates (see FaultInjector.setRates), e.g. from --sandbox-faults; default none. */
  faults?: FaultRates;
  /** Seed of the fault draws, default 1. */
  faultSeed?: number;
}

export interface OmnideskSandbox {
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
const DEFAULT_TICKET_COUNT = 120;

export async function startOmnideskSandbox(options: OmnideskSandboxOptions = {}): Promise<OmnideskSandbox> {
  const now = options.now ?? Date.now;
  const apiKey = options.apiKey ?? `omnidesk_sandbox_${randomBytes(12).toString('hex')}`;
  if (apiKey === '') throw new RangeError('apiKey must not be empty');
  const ticketCount = options.ticketCount ?? DEFAULT_TICKET_COUNT;
  if (!Number.isInteger(ticketCount) || ticketCount < 0) throw new RangeError(`ticketCount must be a non-negative integer, got ${ticketCount}`);
  const permissions = new Set(options.permissions ?? PERMISSIONS);
  for (const permission of permissions) if (!PERMISSIONS.includes(permission)) throw new RangeError(`unknown permission ${permission}; known: ${PERMISSIONS.join(', ')}`);

  const faults = new Faults();
  faults.setRates(options.faults ?? {}, options.faultSeed);

  const store = new OmnideskStore(generateDataset({ seed: options.seed ?? DEFAULT_SEED, ticketCount, now: now() }), now);
  const log = requestLog<ServedRequest>();
  const server = createOmnideskServer({
    store,
    apiKey,
    permissions,
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
