import type { Redis } from 'ioredis';
import { bottleneckLua } from './bottleneck-private.js';

/**
 * Every slot taken from the shared reservoir is written here (a sorted set: slot id -> when it
 * may come back, in Redis' own clock, so replicas with skewed clocks agree), and only this script
 * puts slots back, atomically with their removal: a slot can be neither returned twice nor lost
 * between the two steps, whoever runs the script and whenever its caller dies.
 *
 * It also keeps the reservoir honest. No more than `limit` minus the slots still out may be free,
 * so a reservoir Bottleneck set from its own settings (re-created when lost) is corrected at once.
 * And when no job is registered anywhere, the ledger holds every slot that is out, so the
 * reservoir is set to exactly the rest: that heals slots leaked by a replica that died between
 * taking a slot and writing it here, or by a Redis outage in that same instant.
 *
 * Run as a reconcile (with a hold), it first asks whether this Redis instance already held the
 * budget: the marker key names the instance (run_id) that last did. If not, the API may still
 * count up to `limit` requests of the last window that this instance never saw, so `limit`
 * placeholder slots go out for one window (the hold), counted
 * - from now when the marker names another instance (a failover to a replica that may lag, a
 *   restore from disk) or the caller saw the state here before (it was lost under it);
 * - else from when this instance started: a fresh start and a restart without persistence look
 *   alike, and any request the API counts came before that (uptime is in whole seconds, hence
 *   the second added). An instance up for longer than the hold holds nothing back.
 * The placeholders' ids are fixed, so replicas reconciling at once do not stack them. Where INFO
 * is denied (an ACL), every instance is 'unknown' and taken as just started.
 *
 * KEYS: ledger, Bottleneck's settings hash, Bottleneck's running jobs hash, marker (bottleneck-private.ts
 * names Bottleneck's).
 * ARGV: limit, 'NX' (claim) or 'XX' (move), hold in ms ('' for none), '1' if the caller saw the
 * state here before, then pairs of slot id and ms from now the slot comes back.
 * Returns how many slots went back, or -1 when the settings are gone (Bottleneck re-creates them
 * on its next call, and the caller should make one).
 */
const RETURN_DUE_SLOTS = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + tonumber(t[2]) / 1000
local limit = tonumber(ARGV[1])
if ARGV[3] ~= '' then
  local info = redis.pcall('INFO', 'server')
  if type(info) ~= 'string' then info = '' end
  local instance = string.match(info, 'run_id:(%w+)') or 'unknown'
  local marked = redis.call('GET', KEYS[4])
  if marked ~= instance then
    redis.call('SET', KEYS[4], instance)
    local held = now + tonumber(ARGV[3])
    if not marked and ARGV[4] ~= '1' then
      local uptime = tonumber(string.match(info, 'uptime_in_seconds:(%d+)')) or 0
      held = (math.floor(now / 1000) - uptime + 1) * 1000 + tonumber(ARGV[3])
    end
    if held > now then
      for i = 1, limit do
        local id = 'held:' .. i
        if (tonumber(redis.call('ZSCORE', KEYS[1], id)) or 0) < held then redis.call('ZADD', KEYS[1], held, id) end
      end
    end
  end
end
for i = 5, #ARGV, 2 do
  redis.call('ZADD', KEYS[1], ARGV[2], now + tonumber(ARGV[i + 1]), ARGV[i])
end
if not (${bottleneckLua.settingsExist('KEYS[2]')}) then return -1 end
local due = redis.call('ZRANGEBYSCORE', KEYS[1], '-inf', now)
for i = 1, #due, 1000 do
  redis.call('ZREM', KEYS[1], unpack(due, i, math.min(i + 999, #due)))
end
local reservoir = ${bottleneckLua.reservoir('KEYS[2]')} + #due
local free = math.max(0, limit - redis.call('ZCARD', KEYS[1]))
if reservoir > free or ${bottleneckLua.noneRunning('KEYS[3]')} then reservoir = free end
${bottleneckLua.setReservoir('KEYS[2]', 'reservoir')}
return #due
`;

/**
 * In how many ms each slot out is due back (0: due, though not handed back yet), as a call
 * arriving now finds them. KEYS: ledger. Returns {ms, ...}.
 */
const DUE_IN = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + tonumber(t[2]) / 1000
local out = redis.call('ZRANGE', KEYS[1], 0, -1, 'WITHSCORES')
local dueIn = {}
for i = 2, #out, 2 do dueIn[#dueIn + 1] = math.max(0, math.ceil(tonumber(out[i]) - now)) end
return dueIn
`;

const COMMAND = 'helpdeskReturnDueSlots';
const DUE_IN_COMMAND = 'helpdeskSlotsDueIn';

type ReturnDueSlots = (ledger: string, settings: string, running: string, marker: string, ...argv: Array<string | number>) => Promise<number>;
type DueIn = (ledger: string) => Promise<number[]>;

export interface LedgerKeys {
  /** The sorted set of slots out. */
  slots: string;
  /** Bottleneck's settings hash of the limiter (holds the reservoir). */
  settings: string;
  /** Bottleneck's hash of registered (running) jobs of the limiter. */
  running: string;
  /** The run_id of the Redis instance that last held this budget. */
  marker: string;
}

/** The slots of one shared limiter that are out, and when each may come back. */
export class SlotLedger {
  private readonly returnDueSlots: ReturnDueSlots;
  private readonly dueInScript: DueIn;

  constructor(
    client: Redis,
    private readonly keys: LedgerKeys,
    private readonly limit: number,
  ) {
    if (!(COMMAND in client)) client.defineCommand(COMMAND, { numberOfKeys: 4, lua: RETURN_DUE_SLOTS });
    // defineCommand adds an untyped method (EVALSHA, falling back to EVAL after a Redis restart).
    const command = (client as unknown as Record<string, ReturnDueSlots>)[COMMAND]!;
    this.returnDueSlots = command.bind(client);
    if (!(DUE_IN_COMMAND in client)) client.defineCommand(DUE_IN_COMMAND, { numberOfKeys: 1, lua: DUE_IN });
    this.dueInScript = (client as unknown as Record<string, DueIn>)[DUE_IN_COMMAND]!.bind(client);
  }

  /** Ms until each slot out is due back, by the time it carries (a request in flight: its provisional time); read only. */
  dueInMs(): Promise<number[]> {
    return this.dueInScript(this.keys.slots);
  }

  /**
   * Writes down a slot just taken, due back `afterMs` from now unless settled sooner; a slot
   * already written keeps its time. Returns how many slots went back (see RETURN_DUE_SLOTS).
   */
  claim(slot: string, afterMs: number): Promise<number> {
    return this.run('NX', '', [[slot, afterMs]]);
  }

  /** Moves a claimed slot's return to `afterMs` from now (0: at once); no-op once it is back. */
  reschedule(slot: string, afterMs: number): Promise<number> {
    return this.run('XX', '', [[slot, afterMs]]);
  }

  /** Hands back every slot that is due, whoever took it. */
  returnDue(): Promise<number> {
    return this.run('XX', '', []);
  }

  /**
   * For when the state in Redis may be new or lost: holds the whole budget for `holdMs` unless
   * this instance held it before (see RETURN_DUE_SLOTS; `sawStateHere` says the caller did), and
   * writes back the caller's own slots still out (each id with ms until it is due), those that
   * are missing. Then hands back what is due, as `returnDue`.
   */
  reconcile(holdMs: number, sawStateHere: boolean, out: Array<[slot: string, afterMs: number]>): Promise<number> {
    return this.run('NX', String(holdMs), out, sawStateHere ? '1' : '');
  }

  private run(mode: 'NX' | 'XX', holdMs: string, slots: Array<[string, number]>, sawStateHere = ''): Promise<number> {
    const { slots: ledger, settings, running, marker } = this.keys;
    const pairs = slots.flatMap(([slot, afterMs]) => [slot, Math.max(0, afterMs)]);
    return this.returnDueSlots(ledger, settings, running, marker, this.limit, mode, holdMs, sawStateHere, ...pairs);
  }
}
