// Starting a provider's sandbox: the steps every sandbox takes (a key, a seeded store, faults, a
// log of what was served, a port on 127.0.0.1) in one place; each provider brings only its
// defaults and how its server is built (src/providers/<name>/sandbox/index.ts).

import { randomBytes } from 'node:crypto';
import type { Server } from 'node:http';
import { Faults, type FaultInjector, type FaultRates } from './faults.js';
import { listen, requestLog } from './listen.js';

/** What every sandbox accepts, besides its own options. */
export interface SandboxOptions {
  /** PRNG seed for the data: same seed, same data (ids, texts), dates relative to now. */
  seed?: number;
  /** How many tickets are seeded. */
  ticketCount?: number;
  /** Clock (ms), default Date.now; used for seeding and for the times the API writes. */
  now?: () => number;
  /** Initial fault rates (see FaultInjector.setRates), e.g. from --sandbox-faults; default none. */
  faults?: FaultRates;
  /** Seed of the fault draws, default 1; same seed => same faults for the same requests. */
  faultSeed?: number;
}

/** What the shared steps hand a provider to build its server with. */
export interface SandboxParts<Served> {
  seed: number;
  ticketCount: number;
  now: () => number;
  faults: Faults;
  /** Records a request just before its answer is written (a server's onServed). */
  onServed: (served: Served) => void;
}

/** What differs between providers' sandboxes. */
export interface SandboxRecipe<Served, Own> {
  defaultSeed: number;
  defaultTicketCount: number;
  /** The provider's HTTP server over its seeded store, and what its sandbox exposes besides the shared fields. */
  build(parts: SandboxParts<Served>): { server: Server; own: Own };
}

/** What every running sandbox exposes. */
export interface StartedSandbox<Served> {
  /** e.g. "http://127.0.0.1:43121" (no trailing slash). */
  readonly url: string;
  /** The latest 10,000 requests served, in the order answered (for tests). */
  readonly requests: ReadonlyArray<Served>;
  /** Makes the sandbox misbehave like a flaky API: queued or random faults for authorised requests. */
  readonly faults: FaultInjector;
  /** Stops listening and closes open sockets. */
  close(): Promise<void>;
}

/** The key given, or `prefix` and 24 random hex characters; an empty key is refused. */
export function sandboxKey(given: string | undefined, prefix: string): string {
  const key = given ?? `${prefix}${randomBytes(12).toString('hex')}`;
  if (key === '') throw new RangeError('apiKey must not be empty');
  return key;
}

/** Checks the shared options (a RangeError names a bad one), builds the provider's server, and listens on 127.0.0.1. */
export async function startSandboxServer<Served, Own extends object>(
  options: SandboxOptions,
  recipe: SandboxRecipe<Served, Own>,
): Promise<StartedSandbox<Served> & Own> {
  const ticketCount = options.ticketCount ?? recipe.defaultTicketCount;
  if (!Number.isInteger(ticketCount) || ticketCount < 0) throw new RangeError(`ticketCount must be a non-negative integer, got ${ticketCount}`);
  const faults = new Faults();
  // Throws RangeError on bad rates, like the other options.
  faults.setRates(options.faults ?? {}, options.faultSeed);
  const log = requestLog<Served>();
  const { server, own } = recipe.build({ seed: options.seed ?? recipe.defaultSeed, ticketCount, now: options.now ?? Date.now, faults, onServed: log.add });
  const { url, close } = await listen(server);
  return { ...own, url, requests: log.entries, faults, close };
}
