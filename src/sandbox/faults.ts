// Fault injection: the sandbox misbehaves the way a flaky API does (rate-limit bursts, 5xx
// before or after the work is done, slow answers, dropped connections, garbled bodies), on
// demand or at random from a seeded PRNG, so a client's retry and error paths can be tested and
// a run repeats exactly. The server asks `draw` once per authorised request and applies the
// fault (server.ts); tests and the --sandbox-faults flag drive it through FaultInjector.

import { Random } from './random.js';

export const FAULT_KINDS = ['rate_limit', 'server_error', 'server_error_after', 'slow', 'drop', 'drop_after', 'malformed'] as const;
/** rate_limit, server_error and drop answer before processing (nothing changed, safe to retry); the rest after. */
export type FaultKind = (typeof FAULT_KINDS)[number];
/** The probability of each kind per request (0..1, summing to at most 1). */
export type FaultRates = Partial<Record<FaultKind, number>>;

export interface FaultInjector {
  /** The next `count` authorised requests matching `match` (method and/or path, exact) get this fault, in queue order. */
  queue(kind: FaultKind, count?: number, match?: { method?: string; path?: string }): void;
  /** Every authorised request without a queued fault draws one with these probabilities (each 0..1, sum <= 1), from a PRNG seeded by `seed` (default 1) so runs repeat. */
  setRates(rates: FaultRates, seed?: number): void;
  /** How long a 'slow' answer is held back, default 35_000 ms (beyond the client's default 30 s deadline). */
  setSlowMs(ms: number): void;
  /** No more faults (queue and rates). */
  clear(): void;
  /** Faults injected so far, by kind. */
  readonly injected: Readonly<Record<FaultKind, number>>;
}

export const DEFAULT_SLOW_MS = 35_000;
export const DEFAULT_FAULT_SEED = 1;

export function isFaultKind(value: string): value is FaultKind {
  return (FAULT_KINDS as readonly string[]).includes(value);
}

interface QueuedFault {
  kind: FaultKind;
  remaining: number;
  /** Exact; absent matches any. The path is without the query string. */
  method: string | undefined;
  path: string | undefined;
}

/** The sandbox's injector: FaultInjector for its users, plus what the server needs. */
export class Faults implements FaultInjector {
  private readonly queued: QueuedFault[] = [];
  /** Only the kinds with a rate above 0, in FAULT_KINDS order, so a seed gives one sequence. */
  private rates: Array<readonly [FaultKind, number]> = [];
  private random = new Random(DEFAULT_FAULT_SEED);
  private delayMs = DEFAULT_SLOW_MS;
  private readonly counts = Object.fromEntries(FAULT_KINDS.map((kind) => [kind, 0])) as Record<FaultKind, number>;

  queue(kind: FaultKind, count = 1, match: { method?: string; path?: string } = {}): void {
    if (!isFaultKind(kind)) throw new RangeError(unknownKind(String(kind)));
    if (!Number.isInteger(count) || count < 1) throw new RangeError(`fault count must be a positive integer, got ${count}`);
    this.queued.push({ kind, remaining: count, method: match.method, path: match.path });
  }

  setRates(rates: FaultRates, seed = DEFAULT_FAULT_SEED): void {
    const error = checkRates(rates);
    if (error) throw new RangeError(error);
    if (!Number.isFinite(seed)) throw new RangeError(`fault seed must be a finite number, got ${seed}`);
    this.rates = FAULT_KINDS.flatMap((kind) => {
      const rate = rates[kind] ?? 0;
      return rate > 0 ? [[kind, rate] as const] : [];
    });
    this.random = new Random(seed);
  }

  setSlowMs(ms: number): void {
    if (!Number.isFinite(ms) || ms < 0) throw new RangeError(`slow delay must be a non-negative number of ms, got ${ms}`);
    this.delayMs = ms;
  }

  clear(): void {
    this.queued.length = 0;
    this.rates = [];
  }

  get injected(): Readonly<Record<FaultKind, number>> {
    return { ...this.counts };
  }

  get slowMs(): number {
    return this.delayMs;
  }

  /** The fault for one authorised request, if any: the first queued one that matches, else a draw by the rates. */
  draw(method: string, path: string): FaultKind | undefined {
    const index = this.queued.findIndex(
      (fault) => (fault.method === undefined || fault.method === method) && (fault.path === undefined || fault.path === path),
    );
    const queued = this.queued[index];
    if (queued) {
      queued.remaining -= 1;
      if (queued.remaining === 0) this.queued.splice(index, 1);
      return queued.kind;
    }
    if (this.rates.length === 0) return undefined;
    let roll = this.random.next();
    for (const [kind, rate] of this.rates) {
      roll -= rate;
      if (roll < 0) return kind;
    }
    return undefined;
  }

  /** Counts a fault the server actually applied. */
  record(kind: FaultKind): void {
    this.counts[kind] += 1;
  }
}

/** The first half of the body's JSON: never valid JSON, since a JSON text's last char is needed. */
export function truncatedJson(body: unknown): string {
  const json = JSON.stringify(body) ?? '';
  return json.slice(0, Math.floor(json.length / 2));
}

/** Parses "rate_limit=0.1,server_error=0.05" (the --sandbox-faults flag): rates, or an error naming the bad part and listing the valid kinds / the allowed range. */
export function parseFaultRates(spec: string): { rates: FaultRates } | { error: string } {
  const rates: FaultRates = {};
  if (spec.trim() === '') return { rates };
  for (const part of spec.split(',')) {
    const entry = part.trim();
    const equals = entry.indexOf('=');
    if (equals === -1) return { error: `"${entry}" in "${spec}" is not kind=rate, e.g. rate_limit=0.1` };
    const kind = entry.slice(0, equals).trim();
    const text = entry.slice(equals + 1).trim();
    if (!isFaultKind(kind)) return { error: unknownKind(kind) };
    if (rates[kind] !== undefined) return { error: `fault kind "${kind}" is given twice` };
    if (!DECIMAL.test(text)) return { error: `the rate of ${kind} is "${text}", not a number; give one between 0 and 1, e.g. ${kind}=0.1` };
    rates[kind] = Number(text);
  }
  const error = checkRates(rates);
  return error ? { error } : { rates };
}

/** A plain decimal, signed so that "-0.1" is reported as out of range rather than as not a number. */
const DECIMAL = /^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i;
/** Rates read from decimals rarely add up exactly (0.1 + 0.2 + 0.7 > 1 in floating point). */
const SUM_TOLERANCE = 1e-9;

/** Why the rates are not usable, or undefined when they are. */
function checkRates(rates: Partial<Record<string, number>>): string | undefined {
  let sum = 0;
  for (const [kind, rate] of Object.entries(rates)) {
    if (!isFaultKind(kind)) return unknownKind(kind);
    if (rate === undefined) continue;
    if (typeof rate !== 'number' || !(rate >= 0 && rate <= 1)) return `the rate of ${kind} is ${rate}, outside the allowed range 0..1`;
    sum += rate;
  }
  if (sum > 1 + SUM_TOLERANCE) return `the fault rates add up to ${Number(sum.toFixed(6))}; their sum must be at most 1`;
  return undefined;
}

function unknownKind(kind: string): string {
  return `unknown fault kind "${kind}"; valid kinds: ${FAULT_KINDS.join(', ')}`;
}
