import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import Bottleneck from 'bottleneck';
import { Redis } from 'ioredis';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import {
  BOTTLENECK_VERSION,
  bottleneckKeys,
  bottleneckLua,
  HookedIORedisConnection,
  returnSlotsAtOnce,
  skipUnheardEvents,
  takeSlotAtOnce,
  yieldInMicrotasks,
} from '../../src/http/bottleneck-private.js';
import { startRedis, type RedisServer } from '../support/redis-server.js';

// The canary of src/http/bottleneck-private.ts: every part of Bottleneck it relies on that the
// README does not document, checked as it stands in the installed release. A failure here names
// the hook a Bottleneck upgrade moved: read the new lib/ sources and rewrite that hook (or drop
// it, if the release now does the job), then the version below.

const require = createRequire(import.meta.url);
/** Bottleneck's own classes the hooks reach into; not exported by its index. */
const Job = require('bottleneck/lib/Job.js') as { prototype: Record<string, unknown> };
const RedisDatastore = require('bottleneck/lib/RedisDatastore.js') as { prototype: Record<string, unknown> };
const LocalDatastore = require('bottleneck/lib/LocalDatastore.js') as { prototype: Record<string, unknown> };
const Events = require('bottleneck/lib/Events.js') as { prototype: Record<string, unknown> };
const installed = (require('bottleneck/package.json') as { version: string }).version;

type Loose = Record<string, unknown>;

function source(fn: unknown): string {
  return typeof fn === 'function' ? fn.toString() : '';
}

/** Asserts a function of Bottleneck's is there with `arity` parameters, naming the hook that needs it. */
function expectMethod(owner: Loose, name: string, arity: number, hook: string): void {
  const fn = owner[name];
  expect(typeof fn, `${name} is gone: ${hook} no longer applies`).toBe('function');
  expect((fn as (...args: unknown[]) => unknown).length, `${name} takes other arguments now: rewrite ${hook}`).toBe(arity);
}

describe(`Bottleneck is the release the hooks were written for (${BOTTLENECK_VERSION})`, () => {
  it('package.json pins it exactly, and it is the one installed', () => {
    const pinned = (JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { dependencies: Loose }).dependencies.bottleneck;
    expect(pinned, 'package.json must pin bottleneck exactly to the release bottleneck-private.ts was written for').toBe(BOTTLENECK_VERSION);
    expect(installed, 'another Bottleneck is installed: check every hook of bottleneck-private.ts against it').toBe(BOTTLENECK_VERSION);
  });
});

describe('yieldInMicrotasks: the internals it replaces', () => {
  it('_run, and what it calls, have the shape the copy in bottleneck-private.ts reproduces', () => {
    const proto = Bottleneck.prototype as unknown as Loose;
    expectMethod(proto, '_run', 3, 'yieldInMicrotasks');
    expectMethod(proto, '_clearGlobalState', 1, 'yieldInMicrotasks');
    expectMethod(proto, '_free', 4, 'yieldInMicrotasks');
    expectMethod(Job.prototype, 'doRun', 0, 'yieldInMicrotasks');
    expectMethod(Job.prototype, 'doExecute', 4, 'yieldInMicrotasks');
    expectMethod(Job.prototype, 'doExpire', 3, 'yieldInMicrotasks');
    const run = source(proto._run);
    for (const part of [
      'job.doRun()',
      'job.doExecute(this._limiter, clearGlobalState, run, free)',
      'job.doExpire(clearGlobalState, run, free)',
      'this._scheduled[index] =',
    ]) {
      expect(run, `Bottleneck's _run no longer does ${part}: the copy in yieldInMicrotasks is out of date`).toContain(part);
    }
    expect(source(LocalDatastore.prototype.yieldLoop), "the local store's yieldLoop no longer waits on setTimeout").toContain('setTimeout(resolve, t)');
  });

  it('takes effect: an idle local limiter runs a job with no timer firing, where a stock one waits on setTimeout', async () => {
    const patched = new Bottleneck({ reservoir: 5, maxConcurrent: null });
    yieldInMicrotasks(patched);
    const stock = new Bottleneck({ reservoir: 5, maxConcurrent: null });
    expect(await runsWithoutTimers(patched), 'the patched limiter waited on a timer: yieldInMicrotasks no longer takes effect').toBe(true);
    expect(await runsWithoutTimers(stock), 'a stock limiter now runs jobs without setTimeout: yieldInMicrotasks may no longer be needed').toBe(false);
    await Promise.all([patched.stop(), stock.stop()]);
  });

  it('an idle local limiter runs a job within the turn of the event loop it was scheduled in', async () => {
    const limiter = new Bottleneck({ reservoir: 5, maxConcurrent: null });
    yieldInMicrotasks(limiter);
    const order: string[] = [];
    setImmediate(() => order.push('next turn'));
    await limiter.schedule(async () => void order.push('job'));
    // Each setImmediate yield would have let the next turn come first.
    expect(order).toEqual(['job']);
    await limiter.stop();
  });

  it('a job dropped by stop() before it ran never runs', async () => {
    const limiter = new Bottleneck({ reservoir: 5, maxConcurrent: null });
    yieldInMicrotasks(limiter);
    let ran = false;
    const job = limiter.schedule(async () => void (ran = true));
    await limiter.stop({ dropWaitingJobs: true });
    await expect(job).rejects.toThrow(/stopped/);
    expect(ran).toBe(false);
  });
});

/**
 * Schedules one job with setTimeout frozen (fake, never advanced) and lets up to 50 turns of the
 * event loop (setImmediate) pass: true if the job ran. Then lets the timers go, so it ends anyway.
 */
async function runsWithoutTimers(limiter: Bottleneck): Promise<boolean> {
  vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
  try {
    let ran = false;
    const job = limiter.schedule(async () => void (ran = true));
    for (let turn = 0; turn < 50 && !ran; turn++) await new Promise((resolve) => setImmediate(resolve));
    const result = ran;
    while (!ran) await vi.runAllTimersAsync();
    await job;
    return result;
  } finally {
    vi.useRealTimers();
  }
}

describe('takeSlotAtOnce: the register step it does at once', () => {
  it("the local store's register step and its settings have the shape the hook mirrors", () => {
    expectMethod(LocalDatastore.prototype, 'conditionsCheck', 1, 'takeSlotAtOnce');
    const register = source(LocalDatastore.prototype.__register__);
    for (const part of ['conditionsCheck(weight)', 'storeOptions.reservoir -= weight', 'storeOptions.minTime']) {
      expect(register, `the local store's __register__ no longer does ${part}: takeSlotAtOnce may take a slot Bottleneck would not`).toContain(part);
    }
    const store = (new Bottleneck({ reservoir: 3, maxConcurrent: null }) as unknown as { _store?: { storeOptions?: Loose } })._store;
    expect(store?.storeOptions?.reservoir, 'a limiter keeps its reservoir elsewhere: takeSlotAtOnce no longer applies').toBe(3);
  });

  it('takes effect: each slot taken is gone from the reservoir, and none is taken from an empty one', async () => {
    const limiter = new Bottleneck({ reservoir: 2, maxConcurrent: null });
    expect(takeSlotAtOnce(limiter)).toBe(true);
    expect(await limiter.currentReservoir()).toBe(1);
    expect(takeSlotAtOnce(limiter)).toBe(true);
    expect(takeSlotAtOnce(limiter), 'a slot was taken from an empty reservoir').toBe(false);
    expect(await limiter.currentReservoir()).toBe(0);
    // A slot given back the documented way is there for the next one.
    await limiter.incrementReservoir(1);
    expect(takeSlotAtOnce(limiter)).toBe(true);
    await limiter.stop();
  });

  it("never passes a job of Bottleneck's own received or queued before it", async () => {
    const limiter = new Bottleneck({ reservoir: 1, maxConcurrent: null });
    yieldInMicrotasks(limiter);
    const job = limiter.schedule(async () => 'ran');
    expect(takeSlotAtOnce(limiter), 'the slot was taken from under a job scheduled first').toBe(false);
    expect(await job).toBe('ran');
    const empty = new Bottleneck({ reservoir: 0, maxConcurrent: null });
    yieldInMicrotasks(empty);
    const queued = empty.schedule(async () => 'ran later');
    await new Promise((resolve) => setImmediate(resolve));
    expect(empty.counts().QUEUED).toBe(1);
    // The slot is back, and the job still in the queue: Bottleneck registers it a few steps on.
    await empty.incrementReservoir(1);
    expect(empty.counts().QUEUED).toBe(1);
    expect(takeSlotAtOnce(empty), 'the slot given back for a queued job was taken instead').toBe(false);
    expect(await queued).toBe('ran later');
    await Promise.all([limiter.stop(), empty.stop()]);
  });

  it('leaves a limiter with settings it does not reckon with to Bottleneck', async () => {
    const spaced = new Bottleneck({ reservoir: 5, maxConcurrent: null, minTime: 10 });
    const capped = new Bottleneck({ reservoir: 5, maxConcurrent: null, highWater: 3 });
    expect(takeSlotAtOnce(spaced)).toBe(false);
    expect(takeSlotAtOnce(capped)).toBe(false);
    expect(await spaced.currentReservoir()).toBe(5);
    await Promise.all([spaced.stop(), capped.stop()]);
  });
});

describe('returnSlotsAtOnce: the reservoir increment it does at once', () => {
  it("the local store's increment has the shape the hook mirrors", () => {
    const increment = source(LocalDatastore.prototype.__incrementReservoir__);
    for (const part of ['storeOptions.reservoir += incr', '_drainAll']) {
      expect(increment, `the local store's __incrementReservoir__ no longer does ${part}: returnSlotsAtOnce may differ from it`).toContain(part);
    }
  });

  it('takes effect: the slots are back at once, for the next job or slot taken', async () => {
    const limiter = new Bottleneck({ reservoir: 1, maxConcurrent: null });
    expect(takeSlotAtOnce(limiter)).toBe(true);
    expect(returnSlotsAtOnce(limiter, 2)).toBe(true);
    expect(await limiter.currentReservoir()).toBe(2);
    expect(await limiter.schedule(async () => 'ran')).toBe('ran');
    await limiter.stop();
  });

  it('leaves slots for a queued job to incrementReservoir, which runs it', async () => {
    const empty = new Bottleneck({ reservoir: 0, maxConcurrent: null });
    yieldInMicrotasks(empty);
    const queued = empty.schedule(async () => 'ran');
    await new Promise((resolve) => setImmediate(resolve));
    expect(returnSlotsAtOnce(empty, 1), 'a slot was put back where a queued job would never hear of it').toBe(false);
    expect(await empty.currentReservoir()).toBe(0);
    await empty.incrementReservoir(1);
    expect(await queued).toBe('ran');
    await empty.stop();
  });
});

describe('skipUnheardEvents: the internals it replaces', () => {
  it('Events.trigger, and where a limiter keeps its emitters, have the shape the fast path relies on', () => {
    expectMethod(Events.prototype, 'trigger', 1, 'skipUnheardEvents');
    const trigger = source(Events.prototype.trigger);
    for (const part of ['_this.trigger("debug"', '_this._events[name] == null']) {
      expect(trigger, `Events.trigger no longer does ${part}: skipUnheardEvents may answer differently from it`).toContain(part);
    }
    const made = new Bottleneck() as unknown as { Events?: unknown; _queues?: { Events?: unknown } };
    expect(made.Events, 'a limiter keeps its emitter elsewhere: skipUnheardEvents no longer applies').toBeInstanceOf(Bottleneck.Events);
    expect(made._queues?.Events, 'the queues keep their emitter elsewhere: skipUnheardEvents no longer applies').toBeInstanceOf(Bottleneck.Events);
  });

  it('takes effect: a job with nobody listening never enters Events.trigger, and every listener still hears its events', async () => {
    const trigger = vi.spyOn(Bottleneck.Events.prototype as unknown as { trigger: (name: string) => Promise<unknown> }, 'trigger');
    try {
      const patched = new Bottleneck({ reservoir: 5, maxConcurrent: null });
      skipUnheardEvents(patched);
      await patched.schedule(async () => 'ran');
      // Only the queues' own events are heard (Bottleneck listens to them, to hold its heartbeat timer).
      const triggered = trigger.mock.calls.map(([name]) => String(name));
      expect(triggered, 'the patched limiter still runs Events.trigger for events nobody hears').toEqual(['leftzero', 'zero']);

      const heard: string[] = [];
      patched.on('done', () => heard.push('done'));
      patched.on('failed', () => 0); // asks for a retry at once: the answer of a listener still reaches Bottleneck
      let tries = 0;
      await patched.schedule(async () => {
        if (++tries === 1) throw new Error('first try');
        return 'ran';
      });
      expect(heard, "a 'done' listener no longer hears its event").toEqual(['done']);
      expect(tries, "a 'failed' listener's retry no longer reaches Bottleneck").toBe(2);

      const debug: string[] = [];
      patched.on('debug', (message: string) => debug.push(message));
      await patched.schedule(async () => 'ran');
      expect(debug, "a 'debug' listener no longer hears every event").toContain('Event triggered: received');

      const stock = new Bottleneck({ reservoir: 5, maxConcurrent: null });
      trigger.mockClear();
      await stock.schedule(async () => 'ran');
      expect(
        trigger.mock.calls.map(([name]) => String(name)),
        'a stock limiter no longer triggers events nobody hears: skipUnheardEvents may no longer be needed',
      ).toEqual(expect.arrayContaining(['received', 'queued', 'scheduled', 'executing', 'done']));
      await Promise.all([patched.stop(), stock.stop()]);
    } finally {
      trigger.mockRestore();
    }
  });
});

describe('HookedIORedisConnection and the Redis keys, on a real redis-server', () => {
  let redis: RedisServer;
  let inspect: Redis;
  const closing: Array<() => Promise<unknown>> = [];

  /** Records each init its hook hears of. */
  class Probe extends HookedIORedisConnection {
    readonly inits: string[] = [];
    protected override afterInit(id: string): undefined {
      this.inits.push(id);
      return undefined;
    }
  }

  function probe(): Probe {
    const connection = new Probe(new Redis(redis.url), Redis);
    closing.push(() => connection.disconnect(false));
    return connection;
  }

  function limiter(connection: Probe, id: string): Bottleneck {
    const made = new Bottleneck({ id, datastore: 'ioredis', connection, clearDatastore: false, reservoir: 3, maxConcurrent: null });
    closing.unshift(() => Promise.resolve(made.disconnect(false)));
    return made;
  }

  beforeAll(async () => {
    redis = await startRedis();
    inspect = new Redis(redis.url);
  });
  afterEach(async () => {
    for (const close of closing.splice(0)) await close().catch(() => undefined);
  });
  afterAll(async () => {
    inspect?.disconnect();
    await redis?.stop();
  });

  it('the connection internals the hooks override or read are there', async () => {
    const proto = Bottleneck.IORedisConnection.prototype as unknown as Loose;
    expectMethod(proto, '__scriptArgs__', 4, 'HookedIORedisConnection.__scriptArgs__');
    expectMethod(proto, '__addLimiter__', 1, 'HookedIORedisConnection.__addLimiter__');
    expectMethod(proto, '__removeLimiter__', 1, 'HookedIORedisConnection.__removeLimiter__');
    const runScript = source(RedisDatastore.prototype.runScript);
    expect(runScript, 'scripts no longer run through connection.__scriptArgs__: its hook is never called').toContain('.__scriptArgs__(name,');
    for (const words of ['"SETTINGS_KEY_NOT_FOUND"', '"UNKNOWN_CLIENT"']) {
      expect(runScript, `Bottleneck no longer recovers on ${words}: RECOVERABLE is out of date`).toContain(`e.message === ${words}`);
    }
    const connection = probe() as unknown as Loose & Probe;
    await (connection.ready as unknown as Promise<unknown>);
    expect(connection.subscriber, 'the connection keeps its pub/sub client elsewhere: pubSub is out of date').toBeInstanceOf(Redis);
    expect(connection.terminated, 'the connection no longer says when it was disconnected: __removeLimiter__ reads terminated').toBe(false);
    expect(connection.limiters, 'the connection no longer routes messages through its limiters map').toEqual({});
    expect(source(proto._setup), 'messages are no longer routed by this.limiters[channel]').toContain('this.limiters[channel]');
  });

  it("bottleneckLua reads and writes the keys Bottleneck's own scripts use: its settings, reservoir, running jobs", async () => {
    const id = 'canary-keys';
    const { settings, running } = bottleneckKeys(id);
    const made = limiter(probe(), id);
    await made.ready();
    /** Runs one of bottleneckLua's expressions (or statements, with `returns`) on this limiter's keys. */
    const lua = (code: string) => inspect.eval(code, 2, settings, running) as Promise<unknown>;
    const exist = `return ${bottleneckLua.settingsExist('KEYS[1]')} and 1 or 0`;
    expect(await lua(exist), `${settings} is not where Bottleneck keeps a limiter's settings`).toBe(1);
    expect(await lua(`return ${bottleneckLua.reservoir('KEYS[1]')}`), 'bottleneckLua.reservoir no longer reads the reservoir').toBe(
      await made.currentReservoir(),
    );
    await lua(`${bottleneckLua.setReservoir('KEYS[1]', '7')} return 0`);
    expect(await made.currentReservoir(), 'bottleneckLua.setReservoir no longer sets the reservoir').toBe(7);
    const noneRunning = `return ${bottleneckLua.noneRunning('KEYS[2]')} and 1 or 0`;
    let whileRunning: unknown;
    await made.schedule(async () => void (whileRunning = await lua(noneRunning)));
    expect(whileRunning, `${running} no longer holds the jobs running: bottleneckLua.noneRunning sees none`).toBe(0);
    expect(await lua(noneRunning), `${running} keeps a job that ended: bottleneckLua.noneRunning sees one`).toBe(1);
  });

  it('afterInit runs after each init, and a lost settings key is recovered from on this Redis', async () => {
    const id = 'canary-init';
    const connection = probe();
    const made = limiter(connection, id);
    await made.ready();
    expect(connection.inits, 'afterInit did not run after the init script').toEqual([id]);
    await inspect.del(bottleneckKeys(id).settings);
    const outcome = await made.schedule(async () => 'ran').catch((error: unknown) => String(error));
    expect(outcome, 'Bottleneck no longer recovers from a lost settings key on this Redis: RECOVERABLE is out of date').toBe('ran');
    expect(connection.inits, 'afterInit did not run after the init that re-created the settings').toEqual([id, id]);
  });

  it('a limiter hears its channel, and keeps it when an older limiter of the same id is released', async () => {
    const connection = probe();
    const older = limiter(connection, 'canary-channel');
    await older.ready();
    const newer = limiter(connection, 'canary-channel');
    await newer.ready();
    const heard: string[] = [];
    newer.on('message', (message: string) => heard.push(message));
    await older.disconnect(false);
    await newer.publish('still here');
    await expect
      .poll(() => heard, {
        timeout: 5_000,
        interval: 20,
        message: 'releasing an older limiter of the same id took the channel from the newer one: __removeLimiter__ no longer applies',
      })
      .toEqual(['still here']);
  });
});
