// A local, in-memory InboxOps: a real HTTP server on 127.0.0.1 that answers InboxOps's documented
// API (docs/api/inboxops.md) over seeded tickets, so `--provider inboxops --sandbox` and the tests
// exercise every tool without an account.

import { randomBytes } from 'node:crypto';
import { Faults, type FaultInjector, type FaultRates } from '../../../sandbox/faults.js';
import { listen, requestLog } from '../../../sandbox/listen.js';
import { generateDataset } from './seed.js';
import { createInboxopsServer, type ServedRequest } from './server.js';
import { InboxopsStore } from './store.js';
import type { Dataset } from './model.js';

export type { ServedRequest } from './server.js';

export interface InboxopsSandboxOptions {
  /** The read-write key; default "ixk_sandbox_" + 24 random hex chars. Must look like an InboxOps key. */
  apiKey?: string;
  /** A read-only key of the same workspace: writes get 403 insufficient_scope. Default "ixk_sandbox_ro_" + 24 hex. */
  readOnlyKey?: string;
  /** false: the workspace's plan has no API access (403 forbidden to every authenticated request). Default true. */
  apiAccess?: boolean;
  /** Default 100 per 60,000 ms for the workspace, as InboxOps documents. */
  rateLimit?: { requests: number; windowMs: number };
  /** PRNG seed for the data, default 20260301: same seed, same data, dates relative to now. */
  seed?: number;
  /** Default 150. */
  ticketCount?: number;
  /** Clock (ms), default Date.now. */
  now?: () => number;
  /** Initial fault rates (see FaultInjector.setRates), e.g. from --sandbox-faults. */
  faults?: FaultRates;
  /** Seed of the fault draws, default 1. */
  faultSeed?: number;
}

export interface InboxopsSandbox {
  /** e.g. "http://127.0.0.1:43121" (no trailing slash); the API is under /api/v1. */
  readonly url: string;
  readonly apiKey: string;
  readonly readOnlyKey: string;
  /** The seeded workspace (agents, tags, inboxes, tickets), live: changes show here. */
  readonly data: Dataset;
  /** The latest 10,000 requests served, in the order answered. */
  readonly requests: ReadonlyArray<ServedRequest>;
  readonly faults: FaultInjector;
  close(): Promise<void>;
}

/** InboxOps publishes only the prefix; a bearer token also cannot hold spaces. */
const KEY_PATTERN = /^ixk_\S+$/;
const DEFAULT_SEED = 20260301;
const DEFAULT_TICKET_COUNT = 150;
const DEFAULT_RATE_LIMIT = { requests: 100, windowMs: 60_000 };

export async function startInboxopsSandbox(options: InboxopsSandboxOptions = {}): Promise<InboxopsSandbox> {
  const now = options.now ?? Date.now;
  const apiKey = options.apiKey ?? `ixk_sandbox_${randomBytes(12).toString('hex')}`;
  const readOnlyKey = options.readOnlyKey ?? `ixk_sandbox_ro_${randomBytes(12).toString('hex')}`;
  for (const key of [apiKey, readOnlyKey]) if (!KEY_PATTERN.test(key)) throw new RangeError('sandbox keys must look like InboxOps keys: ixk_ and then no spaces');
  if (apiKey === readOnlyKey) throw new RangeError('apiKey and readOnlyKey must differ');
  const ticketCount = options.ticketCount ?? DEFAULT_TICKET_COUNT;
  if (!Number.isInteger(ticketCount) || ticketCount < 0) throw new RangeError(`ticketCount must be a non-negative integer, got ${ticketCount}`);

  const faults = new Faults();
  faults.setRates(options.faults ?? {}, options.faultSeed);
  const data = generateDataset({ seed: options.seed ?? DEFAULT_SEED, ticketCount, now: now() });
  const log = requestLog<ServedRequest>();
  const server = createInboxopsServer({
    store: new InboxopsStore(data, now),
    apiKey,
    readOnlyKey,
    apiAccess: options.apiAccess ?? true,
    rateLimit: options.rateLimit ?? DEFAULT_RATE_LIMIT,
    faults,
    onServed: log.add,
  });

  const { url, close } = await listen(server);
  return {
    url,
    apiKey,
    readOnlyKey,
    data,
    requests: log.entries,
    faults,
    close,
  };
}
