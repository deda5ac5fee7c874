import { randomUUID } from 'node:crypto';

/** Customer messages sent within this span are refused when sent again with the same text. */
export const DUPLICATE_WINDOW_MS = 10 * 60_000;

/** A message on record: when it was attempted, and how far it got. */
export interface SentRecord {
  at: number;
  /** `sending`: in flight; `sent`: the API accepted it; `uncertain`: it failed in a way that may have sent it. */
  state: 'sending' | 'sent' | 'uncertain';
  /** Who sent it, as a refusal names them (with sign-in): a name, an email or a subject. */
  by?: string;
}

/** This attempt's hold on a key: only its holder may settle it. */
export interface Claim {
  key: string;
  token: string;
  at: number;
  by?: string;
}

/**
 * Which customer messages went out recently, by a digest of ticket, text and files: the
 * duplicate guard's memory. In one process by default; shared by the processes of one OS user
 * through the state directory, and by every replica through Redis.
 */
export interface SendLedger {
  /** Where the ledger lives, named when it cannot be consulted: `memory`, `Redis`, `state directory`. */
  readonly store: string;
  /** The record under `key`, if any within the window. */
  peek(key: string): Promise<SentRecord | undefined>;
  /** Records an attempt by `by`, unless one is on record (then returns it). `force` records regardless. */
  claim(key: string, force: boolean, by?: string): Promise<{ claim: Claim } | { prior: SentRecord }>;
  /** Sent or uncertain: kept for the window from now. Failed (nothing sent): forgotten. */
  settle(claim: Claim, outcome: 'sent' | 'uncertain' | 'failed'): Promise<void>;
  close(): Promise<void>;
}

interface Entry extends SentRecord {
  token: string;
  expires: number;
}

/** The ledger of one process: every session and transport of the process shares it. */
export class MemorySendLedger implements SendLedger {
  readonly store = 'memory';
  private readonly entries = new Map<string, Entry>();

  constructor(
    private readonly windowMs = DUPLICATE_WINDOW_MS,
    private readonly now: () => number = Date.now,
  ) {}

  async peek(key: string): Promise<SentRecord | undefined> {
    const entry = this.live(key);
    return entry && record(entry);
  }

  async claim(key: string, force: boolean, by?: string): Promise<{ claim: Claim } | { prior: SentRecord }> {
    this.sweep();
    const prior = this.live(key);
    if (prior && !force) return { prior: record(prior) };
    const claim = { key, token: randomUUID(), at: this.now(), by };
    this.entries.set(key, { at: claim.at, state: 'sending', by, token: claim.token, expires: claim.at + this.windowMs });
    return { claim };
  }

  async settle(claim: Claim, outcome: 'sent' | 'uncertain' | 'failed'): Promise<void> {
    const entry = this.entries.get(claim.key);
    if (entry?.token !== claim.token) return; // a forced send took the key over since
    if (outcome === 'failed') this.entries.delete(claim.key);
    else this.entries.set(claim.key, { ...entry, state: outcome, expires: this.now() + this.windowMs });
  }

  async close(): Promise<void> {
    this.entries.clear();
  }

  private live(key: string): Entry | undefined {
    const entry = this.entries.get(key);
    if (entry && entry.expires <= this.now()) {
      this.entries.delete(key);
      return undefined;
    }
    return entry;
  }

  /** Drops expired entries now and then, so the map holds about one window of sends. */
  private sweep(): void {
    if (this.entries.size < 1_000) return;
    const now = this.now();
    for (const [key, entry] of this.entries) if (entry.expires <= now) this.entries.delete(key);
  }
}

function record({ at, state, by }: Entry): SentRecord {
  return by === undefined ? { at, state } : { at, state, by };
}

/** The process-wide ledger: every server created in this process shares it by default. */
export const processSendLedger = new MemorySendLedger();
