import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { DUPLICATE_WINDOW_MS, type Claim, type SendLedger, type SentRecord } from './send-ledger.js';

/** Settles a claim only while it still holds the key: a forced send may have taken it over. */
const SETTLE = `
if redis.call('GET', KEYS[1]) ~= ARGV[1] then return 0 end
if ARGV[2] == '' then return redis.call('DEL', KEYS[1]) end
redis.call('SET', KEYS[1], ARGV[2], 'PX', ARGV[3])
return 1`;

/**
 * The send ledger in Redis, so the duplicate guard holds across replicas: a claim is one
 * `SET NX PX`, atomic, so two replicas sending the same text at once send it once.
 */
export class RedisSendLedger implements SendLedger {
  readonly store = 'Redis';
  private readonly redis: Redis;

  constructor(
    url: string,
    private readonly prefix = 'helpdesk-mcp:sent:',
    private readonly windowMs = DUPLICATE_WINDOW_MS,
  ) {
    // A send waits on the ledger: while Redis is away, a command fails within two seconds.
    this.redis = new Redis(url, { commandTimeout: 2_000, maxRetriesPerRequest: 1 });
    this.redis.on('error', () => undefined); // reported through the failing command instead
  }

  async peek(key: string): Promise<SentRecord | undefined> {
    return parse(await this.redis.get(this.prefix + key));
  }

  async claim(key: string, force: boolean, by?: string): Promise<{ claim: Claim } | { prior: SentRecord }> {
    const claim = { key, token: randomUUID(), at: Date.now(), by };
    const value = encode(claim, 'sending');
    for (let attempt = 0; attempt < 3; attempt++) {
      const set = force
        ? await this.redis.set(this.prefix + key, value, 'PX', this.windowMs)
        : await this.redis.set(this.prefix + key, value, 'PX', this.windowMs, 'NX');
      if (set === 'OK') return { claim };
      const prior = parse(await this.redis.get(this.prefix + key));
      if (prior) return { prior };
      // It expired between the two commands: claim again.
    }
    throw new Error('the send ledger key kept changing');
  }

  async settle(claim: Claim, outcome: 'sent' | 'uncertain' | 'failed'): Promise<void> {
    const next = outcome === 'failed' ? '' : encode(claim, outcome);
    await this.redis.eval(SETTLE, 1, this.prefix + claim.key, encode(claim, 'sending'), next, this.windowMs);
  }

  async close(): Promise<void> {
    this.redis.disconnect();
  }
}

function encode(claim: Claim, state: SentRecord['state']): string {
  return JSON.stringify({ at: claim.at, state, by: claim.by, token: claim.token });
}

function parse(value: string | null): SentRecord | undefined {
  if (!value) return undefined;
  try {
    const { at, state, by } = JSON.parse(value) as SentRecord;
    if (typeof at !== 'number') return undefined;
    return typeof by === 'string' ? { at, state, by } : { at, state };
  } catch {
    return undefined;
  }
}
