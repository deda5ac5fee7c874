// A local, in-memory Omnidesk: a real HTTP server on 127.0.0.1 that answers Omnidesk's documented
// API (docs/api/omnidesk.md) over seeded data, so `--provider omnidesk --sandbox` and the tests
// exercise every tool without an account.

import type { FaultKind } from '../../../sandbox/faults.js';
import { sandboxKey, startSandboxServer, type SandboxOptions, type StartedSandbox } from '../../../sandbox/start.js';
import { PERMISSIONS, type Permission } from './model.js';
import { generateDataset } from './seed-data.js';
import { createOmnideskServer } from './server.js';
import { OmnideskStore } from './store.js';

export { FAULT_KINDS, type FaultInjector, type FaultKind } from '../../../sandbox/faults.js';
export { PERMISSIONS, type Permission } from './model.js';

export interface OmnideskSandboxOptions extends SandboxOptions {
  /** The only key accepted; default: "omnidesk_sandbox_" + 24 random hex chars. */
  apiKey?: string;
  /** What the key may do; default every permission (MESSAGE_CREATE, TICKET_READ). */
  permissions?: readonly Permission[];
  /** Default 120; the data's seed defaults to 20260101. */
  ticketCount?: number;
}

export interface OmnideskSandbox extends StartedSandbox<{ method: string; path: string; at: number; status: number; fault?: FaultKind }> {
  readonly apiKey: string;
}

export async function startOmnideskSandbox(options: OmnideskSandboxOptions = {}): Promise<OmnideskSandbox> {
  const apiKey = sandboxKey(options.apiKey, 'omnidesk_sandbox_');
  const permissions = new Set(options.permissions ?? PERMISSIONS);
  for (const permission of permissions)
    if (!PERMISSIONS.includes(permission)) throw new RangeError(`unknown permission ${permission}; known: ${PERMISSIONS.join(', ')}`);
  return startSandboxServer(options, {
    defaultSeed: 20260101,
    defaultTicketCount: 120,
    build: ({ seed, ticketCount, now, faults, onServed }) => ({
      server: createOmnideskServer({
        store: new OmnideskStore(generateDataset({ seed, ticketCount, now: now() }), now),
        apiKey,
        permissions,
        faults,
        onServed,
      }),
      own: { apiKey },
    }),
  });
}
