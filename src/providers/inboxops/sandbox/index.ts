// A local, in-memory InboxOps: a real HTTP server on 127.0.0.1 that answers InboxOps's documented
// API (docs/api/inboxops.md) over seeded tickets, so `--provider inboxops --sandbox` and the tests
// exercise every tool without an account.

import { sandboxKey, startSandboxServer, type SandboxOptions, type StartedSandbox } from '../../../sandbox/start.js';
import { generateDataset } from './seed.js';
import { createInboxopsServer, type ServedRequest } from './server.js';
import { InboxopsStore } from './store.js';
import type { Dataset } from './model.js';

export type { ServedRequest } from './server.js';

export interface InboxopsSandboxOptions extends SandboxOptions {
  /** The read-write key; default "ixk_sandbox_" + 24 random hex chars. Must look like an InboxOps key. */
  apiKey?: string;
  /** A read-only key of the same workspace: writes get 403 insufficient_scope. Default "ixk_sandbox_ro_" + 24 hex. */
  readOnlyKey?: string;
  /** false: the workspace's plan has no API access (403 forbidden to every authenticated request). Default true. */
  apiAccess?: boolean;
  /** Default 100 per 60,000 ms for the workspace, as InboxOps documents. */
  rateLimit?: { requests: number; windowMs: number };
  /** Default 150; the data's seed defaults to 20260301. */
  ticketCount?: number;
}

export interface InboxopsSandbox extends StartedSandbox<ServedRequest> {
  /** The API is under /api/v1 of `url`. */
  readonly apiKey: string;
  readonly readOnlyKey: string;
  /** The seeded workspace (agents, tags, inboxes, tickets), live: changes show here. */
  readonly data: Dataset;
}

/** InboxOps publishes only the prefix; a bearer token also cannot hold spaces. */
const KEY_PATTERN = /^ixk_\S+$/;
const DEFAULT_RATE_LIMIT = { requests: 100, windowMs: 60_000 };

export async function startInboxopsSandbox(options: InboxopsSandboxOptions = {}): Promise<InboxopsSandbox> {
  const apiKey = sandboxKey(options.apiKey, 'ixk_sandbox_');
  const readOnlyKey = sandboxKey(options.readOnlyKey, 'ixk_sandbox_ro_');
  for (const key of [apiKey, readOnlyKey])
    if (!KEY_PATTERN.test(key)) throw new RangeError('sandbox keys must look like InboxOps keys: ixk_ and then no spaces');
  if (apiKey === readOnlyKey) throw new RangeError('apiKey and readOnlyKey must differ');
  return startSandboxServer(options, {
    defaultSeed: 20260301,
    defaultTicketCount: 150,
    build: ({ seed, ticketCount, now, faults, onServed }) => {
      const data = generateDataset({ seed, ticketCount, now: now() });
      const server = createInboxopsServer({
        store: new InboxopsStore(data, now),
        apiKey,
        readOnlyKey,
        apiAccess: options.apiAccess ?? true,
        rateLimit: options.rateLimit ?? DEFAULT_RATE_LIMIT,
        faults,
        onServed,
      });
      return { server, own: { apiKey, readOnlyKey, data } };
    },
  });
}
