// A local, in-memory Mava: a real HTTP server on 127.0.0.1 that answers Mava's documented API
// over seeded data, so `--sandbox` and the tests exercise every tool without an account.

import type { FaultKind } from '../../../sandbox/faults.js';
import { sandboxKey, startSandboxServer, type SandboxOptions, type StartedSandbox } from '../../../sandbox/start.js';
import { generateDataset } from './seed-data.js';
import { createMavaServer } from './server.js';
import { MavaStore } from './store.js';

export { FAULT_KINDS, parseFaultRates, type FaultInjector, type FaultKind } from '../../../sandbox/faults.js';

export interface MavaSandboxOptions extends SandboxOptions {
  /** The only key accepted; default: "sandbox_" + 24 random hex chars. */
  apiKey?: string;
  /** Default 90 per 30000 ms, per API key, as Mava documents. */
  rateLimit?: { requests: number; windowMs: number };
  /** Default 300; the data's seed defaults to 20260101. */
  ticketCount?: number;
}

export interface MavaSandbox extends StartedSandbox<{ method: string; path: string; at: number; status: number; fault?: FaultKind }> {
  readonly apiKey: string;
}

const DEFAULT_RATE_LIMIT = { requests: 90, windowMs: 30_000 };

export async function startMavaSandbox(options: MavaSandboxOptions = {}): Promise<MavaSandbox> {
  const apiKey = sandboxKey(options.apiKey, 'sandbox_');
  return startSandboxServer(options, {
    defaultSeed: 20260101,
    defaultTicketCount: 300,
    build: ({ seed, ticketCount, now, faults, onServed }) => ({
      server: createMavaServer({
        store: new MavaStore(generateDataset({ seed, ticketCount, now: now() }), now),
        apiKey,
        rateLimit: options.rateLimit ?? DEFAULT_RATE_LIMIT,
        faults,
        onServed,
      }),
      own: { apiKey },
    }),
  });
}
