import type { Redis } from 'ioredis';

/**
 * Every slot taken from the shared reservoir is written here (a sorted set: slot id -> when it
 * may come back, in Redis' own clock, so replicas with skewed clocks agree), and only this script
 * puts slots back, atomically with their removal: a slot can be neither returned twice nor lost
 * between the two steps, whoever runs the script and whenever its caller dies.
 *
 * It also keeps the reservoir honest. No more than `limit` minus the slots still out may be free,
 * so a reservoir that Bottleneck re-created full (its settings key was lost) is cut back at once.
 * And when no job is registered anywhere, the ledger holds every slot that is out, so the
 * reservoir is set to exactly the rest: that heals slots leaked by a replica that died between
 * taking a slot and writing it here, or by a Redis outage in that same instant.
 *
 * KEYS: ledger, Bottleneck's settings hash, Bottleneck's running jobs hash.
 * ARGV: limit, slot id ('' for none), ms from now the slot comes back, 'NX' (claim) or 'XX' (move).
 * Returns how many slots went back, or -1 when the settings are gone (Bottleneck re-creates them
 * on its next call, and the caller should make one).
 */
const RETURN_DUE_SLOTS = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + tonumber(t[2]) / 1000
if ARGV[2] ~= '' then
  redis.call('ZADD', KEYS[1], ARGV[4], now + tonumber(ARGV[3]), ARGV[2])
end
if redis.call('EXISTS', KEYS[2]) == 0 then return -1 end
local due = redis.call('ZRANGEBYSCORE', KEYS[1], '-inf', now)
for i = 1, #due, 1000 do
  redis.call('ZREM', KEYS[1], unpack(due, i, math.min(i + 999, #due)))
end
local reservoir = (tonumber(redis.call('HGET', KEYS[2], 'reservoir')) or 0) + #due
local free = tonumber(ARGV[1]) - redis.call('ZCARD', KEYS[1])
if reservoir > free or redis.call('HLEN', KEYS[3]) == 0 then reservoir = free end
redis.call('HSET', KEYS[2], 'reservoir', reservoir)
return #due
`;

const COMMAND = 'helpdeskReturnDueSlots';

type ReturnDueSlots = (ledger: string, settings: string, running: string, ...argv: Array<string | number>) => Promise<number>;

export interface LedgerKeys {
  /** The sorted set of slots out. */
  slots: string;
  /** Bottleneck's settings hash of the limiter (holds `reservoir`). */
  settings: string;
  /** Bottleneck's hash of registered (running) jobs of the limiter. */
  running: string;
}

/** The slots of one shared limiter that are out, and when each may come back. */
export class SlotLedger {
  private readonly returnDueSlots: ReturnDueSlots;

  constructor(
    client: Redis,
    private readonly keys: LedgerKeys,
    private readonly limit: number,
  ) {
    if (!(COMMAND in client)) client.defineCommand(COMMAND, { numberOfKeys: 3, lua: RETURN_DUE_SLOTS });
    // defineCommand adds an untyped method (EVALSHA, falling back to EVAL after a Redis restart).
    const command = (client as unknown as Record<string, ReturnDueSlots>)[COMMAND]!;
    this.returnDueSlots = command.bind(client);
  }

  /**
   * Writes down a slot just taken, due back `afterMs` from now unless settled sooner; a slot
   * already written keeps its time. Returns how many slots went back (see RETURN_DUE_SLOTS).
   */
  claim(slot: string, afterMs: number): Promise<number> {
    return this.run(slot, afterMs, 'NX');
  }

  /** Moves a claimed slot's return to `afterMs` from now (0: at once); no-op once it is back. */
  reschedule(slot: string, afterMs: number): Promise<number> {
    return this.run(slot, afterMs, 'XX');
  }

  /** Hands back every slot that is due, whoever took it. */
  returnDue(): Promise<number> {
    return this.run('', 0, 'XX');
  }

  private run(slot: string, afterMs: number, mode: 'NX' | 'XX'): Promise<number> {
    const { slots, settings, running } = this.keys;
    return this.returnDueSlots(slots, settings, running, this.limit, slot, Math.max(0, afterMs), mode);
  }
}
