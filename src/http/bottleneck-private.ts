import Bottleneck from 'bottleneck';
import type { Redis } from 'ioredis';

// Every use of what Bottleneck does not document (its README), in one place. Each was written for
// the version below, read from its lib/ sources; test/http-client/bottleneck-private.test.ts fails,
// naming the hook, when an upgrade moves any of them. Every other file uses Bottleneck's
// documented API and this file's exports.

/** The Bottleneck release each hook here was written for; package.json pins it exactly. */
export const BOTTLENECK_VERSION = '2.19.5';

/**
 * Where Bottleneck keeps a clustered limiter's state in Redis (lib/Scripts.js, allKeys). The
 * README says only that its keys start with `b_`; the slot ledger (redis-ledger.ts) reads and
 * writes them in the same script as its own keys, which Bottleneck's methods cannot do atomically.
 */
export function bottleneckKeys(id: string): { settings: string; running: string } {
  return {
    /** A hash of the limiter's settings, the reservoir among them. */
    settings: `b_${id}_settings`,
    /** A hash of every job registered (running) in the cluster, job index -> weight. */
    running: `b_${id}_job_weights`,
  };
}

/**
 * Lua over those keys (lib/lua.json), for a script that must read or write them in the same step
 * as its own keys. Each takes the Lua expression naming the key, e.g. 'KEYS[2]'.
 */
export const bottleneckLua = {
  /** Whether the settings exist; when not, Bottleneck re-creates them (its init) on its next call. */
  settingsExist: (settings: string) => `redis.call('EXISTS', ${settings}) == 1`,
  /** The reservoir, a number. */
  reservoir: (settings: string) => `(tonumber(redis.call('HGET', ${settings}, 'reservoir')) or 0)`,
  /** A statement setting the reservoir to `value`. */
  setReservoir: (settings: string, value: string) => `redis.call('HSET', ${settings}, 'reservoir', ${value})`,
  /** Whether no job is registered (running) anywhere in the cluster. */
  noneRunning: (running: string) => `redis.call('HLEN', ${running}) == 0`,
};

/** The internals of one limiter that yieldInMicrotasks replaces (lib/Bottleneck.js, lib/LocalDatastore.js). */
interface Core {
  _store?: { yieldLoop?: (delay?: number) => Promise<void> };
  _run(index: string, job: Job, wait: number): unknown;
  _scheduled: Record<string, unknown>;
  _limiter: unknown;
  _clearGlobalState(index: string): boolean;
  _free(index: string, job: Job, ...rest: unknown[]): unknown;
}
interface Job {
  options: { expiration?: number | null };
  doRun(): void;
  doExecute(limiter: unknown, clearGlobalState: () => boolean, run: (wait: number) => unknown, free: (...args: unknown[]) => unknown): unknown;
  doExpire(clearGlobalState: () => boolean, run: (wait: number) => unknown, free: (...args: unknown[]) => unknown): unknown;
}

/**
 * Bottleneck yields with `setTimeout(fn, 0)`: in its local store between the steps of a job
 * (`_store.yieldLoop`), and again before running a job that needs no wait (`_run`). Node clamps
 * each to at least 1 ms, so an idle limiter added several milliseconds to every call, and no
 * option chooses the timer. These yields only let the caller's code run first (`schedule()`
 * returns before the job starts); a resolved promise keeps that order without a turn of the
 * event loop, where `setImmediate` cost one turn, and a poll of the system, per step: 0.03-0.07
 * ms of a call's latency and up to a third of its CPU on a warm server (CONTRIBUTING.md, Bench).
 * The loop is never held for long: each step is a few lines of bookkeeping, as many as the jobs
 * the reservoir lets run. Waits longer than zero keep Bottleneck's timers. Applied to one
 * limiter's own instance; the logic is Bottleneck's own `_run`, only the yield differs. A `_run`
 * of another shape is left alone: the limiter is slower, never wrong.
 */
export function yieldInMicrotasks(bottleneck: Bottleneck): void {
  const core = bottleneck as unknown as Core;
  const store = core._store;
  if (store && typeof store.yieldLoop === 'function') {
    store.yieldLoop = (delay = 0) => (delay > 0 ? new Promise<void>((resolve) => setTimeout(resolve, delay)) : Promise.resolve());
  }
  const run = core._run;
  if (typeof run !== 'function' || run.length !== 3) return;
  core._run = function (this: Core, index: string, job: Job, wait: number) {
    if (wait > 0) return run.call(this, index, job, wait);
    job.doRun();
    const clearGlobalState = this._clearGlobalState.bind(this, index);
    const next = (later: number) => this._run(index, job, later);
    const free = this._free.bind(this, index, job);
    const { expiration } = job.options;
    const scheduled = {
      timeout: undefined,
      expiration: expiration != null ? setTimeout(() => job.doExpire(clearGlobalState, next, free), expiration) : undefined,
      job,
    };
    this._scheduled[index] = scheduled;
    // Where Bottleneck would clear the timer (a job dropped or expired first), the entry is gone: the job stays unrun.
    queueMicrotask(() => {
      if (this._scheduled[index] === scheduled) void job.doExecute(this._limiter, clearGlobalState, next, free);
    });
    return scheduled;
  };
}

/** The internals of a local store that takeSlotAtOnce and returnSlotsAtOnce write (lib/LocalDatastore.js). */
interface LocalStore {
  storeOptions: { reservoir?: number | null; minTime?: number; highWater?: number | null };
  conditionsCheck(weight: number): boolean;
}

/**
 * Takes one slot of an in-process limiter's reservoir at once, as Bottleneck's own register step
 * does (`__register__`: it checks `conditionsCheck`, then takes the weight off the reservoir),
 * when no job of its own is received or queued, so nobody is passed. A job goes through
 * Bottleneck's locks, store and states, a chain of promises and their garbage, before its task
 * starts: on a fresh server 0.36 ms of the CPU of a fetch_tickets call, less once V8 has
 * optimised it (CONTRIBUTING.md, Bench). The reservoir stays the one count of slots: the slot
 * goes back with returnSlotsAtOnce or `incrementReservoir`, and a job scheduled meanwhile sees
 * it gone. False, and nothing taken, when a job is ahead, the reservoir is empty, or the limiter has
 * settings (minTime, highWater) or a store (Redis) of another shape: the caller schedules a job
 * instead, slower, never wrong.
 */
export function takeSlotAtOnce(bottleneck: Bottleneck): boolean {
  const store = localStore(bottleneck);
  const options = store?.storeOptions;
  if (!options || options.minTime !== 0 || options.highWater != null || jobsAhead(bottleneck) || !store.conditionsCheck(1)) return false;
  options.reservoir -= 1;
  return true;
}

/**
 * Puts `count` slots back into an in-process limiter's reservoir at once, as Bottleneck's own
 * `__incrementReservoir__` does, when no job of its own is received or queued: the drain that
 * follows it there would find nobody to give them to. False, and nothing given back, when a job
 * waits or the store is of another shape: the caller uses `incrementReservoir`, which runs it.
 */
export function returnSlotsAtOnce(bottleneck: Bottleneck, count: number): boolean {
  const options = localStore(bottleneck)?.storeOptions;
  if (!options || jobsAhead(bottleneck)) return false;
  options.reservoir += count;
  return true;
}

/** The limiter's in-process store with a reservoir, as the two hooks above know it; else undefined. */
function localStore(bottleneck: Bottleneck): (LocalStore & { storeOptions: { reservoir: number } }) | undefined {
  const store = (bottleneck as unknown as { _store?: Partial<LocalStore> })._store;
  if (typeof store?.conditionsCheck !== 'function' || typeof store.storeOptions?.reservoir !== 'number') return undefined;
  return store as LocalStore & { storeOptions: { reservoir: number } };
}

/** Whether a job of Bottleneck's own is received or queued: one the hooks must not pass. */
function jobsAhead(bottleneck: Bottleneck): boolean {
  const { RECEIVED, QUEUED } = bottleneck.counts();
  return RECEIVED + QUEUED > 0;
}

/** The internals of an emitter that skipUnheardEvents replaces (lib/Events.js). */
interface Emitter {
  _events: Record<string, unknown[] | undefined>;
  trigger(name: string, ...args: unknown[]): Promise<unknown>;
}

const UNHEARD: Promise<undefined> = Promise.resolve(undefined);

/**
 * Bottleneck triggers an event at every step of every job (received, queued, scheduled,
 * executing, done, and a "debug" event beside each), and its trigger builds a debug string and
 * async-generator promises even when nobody listens: about a sixth of what a tool call allocated,
 * 5–7% of the CPU under load. With no listener for the event nor for "debug", its trigger does
 * nothing and resolves to undefined; this resolves to undefined at once. An event somebody
 * listens to (a retry asked by a "failed" listener, Redis errors) goes through Bottleneck's own
 * trigger. The README has no option to switch the events off. Applied to one limiter's emitters,
 * its own and its queues'; an emitter of another shape is left alone: slower, never wrong.
 */
export function skipUnheardEvents(bottleneck: Bottleneck): void {
  const core = bottleneck as unknown as { Events?: Emitter; _queues?: { Events?: Emitter } };
  for (const emitter of [core.Events, core._queues?.Events]) {
    if (!emitter || typeof emitter.trigger !== 'function' || typeof emitter._events !== 'object') continue;
    const trigger = emitter.trigger;
    emitter.trigger = function (this: Emitter, name: string, ...args: unknown[]) {
      if (!this._events[name]?.length && !this._events.debug?.length) return UNHEARD;
      return trigger.call(this, name, ...args);
    };
  }
}

type ScriptCallback = (error: Error | null, replies?: unknown) => void;

/** What a connection sees of a limiter: its pub/sub channels (lib/Bottleneck.js). */
interface ConnectedLimiter {
  channel(): string;
  channel_client(): string;
}

/** The internals of IORedisConnection the hooks below build on (lib/IORedisConnection.js). */
interface ConnectionInternals {
  readonly subscriber: Redis;
  readonly terminated: boolean;
  readonly limiters: Record<string, ConnectedLimiter | undefined>;
  __scriptArgs__(name: string, id: string, args: unknown[], callback: ScriptCallback): unknown[];
  __addLimiter__(instance: ConnectedLimiter): Promise<unknown>;
  __removeLimiter__(instance: ConnectedLimiter): void;
}

const IORedisConnection = Bottleneck.IORedisConnection as unknown as new (
  options: Bottleneck.IORedisConnectionOptions,
) => Bottleneck.IORedisConnection & ConnectionInternals;

// Bottleneck recovers from a lost settings key or a forgotten client only when the script error
// reads exactly these words (lib/RedisDatastore.js, runScript); Redis 7 prefixes every script
// error with "ERR ".
const RECOVERABLE = /^ERR (SETTINGS_KEY_NOT_FOUND|UNKNOWN_CLIENT)$/;

/**
 * Bottleneck's ioredis connection on the caller's command client, with the three repairs its
 * public API has no option for: recovery on Redis 7, a hook after its init script, and
 * subscriptions that fail and end cleanly.
 */
export abstract class HookedIORedisConnection extends IORedisConnection {
  constructor(client: Redis, RedisClass: typeof Redis) {
    super({ client, Redis: RedisClass });
  }

  /** The pub/sub client Bottleneck made beside the caller's (the README says it makes one; not how to reach it before a limiter exists). */
  protected get pubSub(): Redis {
    return this.subscriber;
  }

  /**
   * Runs after each successful run of Bottleneck's init script for limiter `id` (as a limiter is
   * made, or when Redis lost its settings), before the call that needed it goes on. Bottleneck
   * tells nobody when it re-creates a limiter's settings.
   */
  protected abstract afterInit(id: string): Promise<unknown> | undefined;

  override __scriptArgs__(name: string, id: string, args: unknown[], callback: ScriptCallback): unknown[] {
    return super.__scriptArgs__(name, id, args, (error, replies) => {
      const recoverable = error && RECOVERABLE.exec(error.message);
      if (recoverable) return callback(new Error(recoverable[1], { cause: error }));
      if (error || name !== 'init') return callback(error, replies);
      const after = this.afterInit(id);
      if (!after) return callback(null, replies);
      after.then(
        () => callback(null, replies),
        () => callback(null, replies), // the hook's own retries take over
      );
    });
  }

  /**
   * Bottleneck ignores a failed SUBSCRIBE, which leaves a limiter that never hears of slots coming
   * back; failing its setup instead lets the caller make the limiter again.
   */
  override async __addLimiter__(instance: ConnectedLimiter): Promise<void> {
    for (const channel of [instance.channel(), instance.channel_client()]) {
      await this.subscriber.subscribe(channel);
      this.limiters[channel] = instance;
    }
  }

  /**
   * Bottleneck unsubscribes in a fire-and-forget loop, so with Redis down its rejection would go
   * unhandled and end the process; and a limiter made again under the same id shares the channel,
   * which only its current owner may give up.
   */
  override __removeLimiter__(instance: ConnectedLimiter): void {
    for (const channel of [instance.channel(), instance.channel_client()]) {
      if (this.limiters[channel] !== instance) continue;
      delete this.limiters[channel];
      if (!this.terminated) this.subscriber.unsubscribe(channel).catch(() => undefined);
    }
  }
}
