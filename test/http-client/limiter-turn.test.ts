import { afterEach, describe, expect, it, vi } from 'vitest';
import { RateLimitError } from '../../src/http/errors.js';
import { SlidingWindowLimiter } from '../../src/http/limiter.js';
import { turnInMs } from '../../src/http/slot-turn.js';
import { advanceUntilSettled, freezeClock, settledWithoutTime } from '../support/frozen-clock.js';

// The in-process limiter knows, as a call arrives, when its turn would come: the slots out and
// when each comes back, and the calls queued ahead. A turn beyond the call's wait is refused at
// once, as our own limit (no status: the API was never asked); a turn within it is reported.
const limiters: SlidingWindowLimiter[] = [];
afterEach(async () => {
  vi.useRealTimers();
  await Promise.all(limiters.splice(0).map((limiter) => limiter.stop()));
});

function limiter(requests: number, windowMs: number): SlidingWindowLimiter {
  const made = new SlidingWindowLimiter({ requests, windowMs });
  limiters.push(made);
  return made;
}

const quick = async () => 'done';

describe('the sliding-window limiter knows when a call would get its turn', () => {
  it('refuses at once a call whose turn is beyond its wait, as our own limit, with the time until a slot frees', async () => {
    freezeClock(); // the refusal must come without the clock moving: no wait, however short
    const window = limiter(1, 5_000);
    await window.schedule(quick, { maxWaitMs: 1_000 });
    const outcome = await settledWithoutTime(window.schedule(quick, { maxWaitMs: 500 }));
    expect(outcome.status).toBe('rejected');
    const refusal = (outcome as PromiseRejectedResult).reason as RateLimitError;
    expect(refusal).toBeInstanceOf(RateLimitError);
    expect(refusal.status).toBeUndefined();
    expect(refusal.by).toBe('local');
    // The slot went out at this very (frozen) moment: it comes back one window and its margin on.
    expect(refusal.retryAfterMs).toBe(5_050);
  });

  it('counts the calls queued ahead: with both slots cooling, the first two in line wait one window, the third two', async () => {
    freezeClock(); // each wait is reckoned from one moment: the figures are exact
    const window = limiter(2, 1_500);
    await Promise.all([window.schedule(quick, { maxWaitMs: 1_000 }), window.schedule(quick, { maxWaitMs: 1_000 })]);
    const first: number[] = [];
    const calls = [0, 1, 2].map((i) => window.schedule(quick, { maxWaitMs: 5_000, onWait: (left) => void (first[i] ??= left) }));
    // A fourth in line would wait two windows too: beyond 2 s, refused at once.
    const refused = await settledWithoutTime(window.schedule(quick, { maxWaitMs: 2_000 }));
    expect(refused.status).toBe('rejected');
    expect((refused as PromiseRejectedResult).reason).toBeInstanceOf(RateLimitError);
    expect(((refused as PromiseRejectedResult).reason as RateLimitError).retryAfterMs).toBe(3_040);
    // A window is 1.5 s and its margin 20 ms: the first two get the slots back one cooldown on.
    expect(first).toEqual([1_520, 1_520, 3_040]);
    await advanceUntilSettled(Promise.all(calls));
  });

  it('reports nothing for a call that gets a free slot at once', async () => {
    const window = limiter(2, 1_000);
    const reports: number[] = [];
    await window.schedule(quick, { maxWaitMs: 1_000, onWait: (left) => reports.push(left) });
    expect(reports).toEqual([]);
  });
});

describe('a call that finds a free slot takes it at once', () => {
  it("only from the reservoir: calls that found it empty wait, and start in Bottleneck's order, a retry first", async () => {
    const window = limiter(1, 200);
    const started: string[] = [];
    const call = (name: string, options: { priority?: number } = {}) => window.schedule(async () => void started.push(name), { maxWaitMs: 5_000, ...options });
    await call('first'); // took the free slot; it comes back one window on
    const waiting = [call('second'), call('third'), call('a retry', { priority: 1 })];
    await Promise.all(waiting);
    // The retry came last but goes before new work, as Bottleneck orders them.
    expect(started).toEqual(['first', 'a retry', 'second', 'third']);
  });

  it('counts as in use until its request is over: the limiter is not idle meanwhile, and no other call gets the slot', async () => {
    const window = limiter(1, 200);
    let finish!: () => void;
    const running = window.schedule(() => new Promise<void>((resolve) => (finish = resolve)), { maxWaitMs: 5_000 });
    await Promise.resolve();
    expect(window.idle(), 'a limiter with a request under way was reported idle: the registry would release it').toBe(false);
    const refused = await settledWithoutTime(window.schedule(quick, { maxWaitMs: 100 }));
    expect(refused.status, 'a second call got the one slot while the first still held it').toBe('rejected');
    finish();
    await running;
    expect(window.idle(), 'the slot is cooling down').toBe(false);
  });

  it('starts its task only after schedule() has returned, as a queued job would', () => {
    const window = limiter(2, 1_000);
    let ran = false;
    const call = window.schedule(async () => void (ran = true), { maxWaitMs: 1_000 });
    expect(ran).toBe(false);
    return call;
  });
});

describe('a slot comes back once its cooldown is over', () => {
  it('with no timer per request: it is back when the next call asks, or when the registry asks whether the limiter is idle', async () => {
    freezeClock(); // no timer can fire: only a slot given back without one can serve the calls below
    const window = limiter(2, 1_000);
    await Promise.all([window.schedule(quick, { maxWaitMs: 1_000 }), window.schedule(quick, { maxWaitMs: 1_000 })]);
    expect(vi.getTimerCount(), 'a timer was left for a slot nobody waits for').toBe(0);
    expect(window.idle()).toBe(false);
    vi.advanceTimersByTime(1_020); // a window and its margin, with no timer to fire
    expect(window.idle(), 'both slots are due: nothing is left to give back').toBe(true);
    const again = await settledWithoutTime(Promise.all([window.schedule(quick, { maxWaitMs: 1 }), window.schedule(quick, { maxWaitMs: 1 })]));
    expect(again.status, 'the slots due were not there for the next calls').toBe('fulfilled');
    const third = await settledWithoutTime(window.schedule(quick, { maxWaitMs: 1 }));
    expect(third.status, 'a third call got a slot the limit does not have').toBe('rejected');
  });

  it('while a call waits: the moment its slot is due, not a millisecond before', async () => {
    freezeClock();
    const window = limiter(1, 1_000);
    await window.schedule(quick, { maxWaitMs: 1_000 });
    let done = false;
    const waiting = window.schedule(quick, { maxWaitMs: 5_000 }).then(() => (done = true));
    await vi.advanceTimersByTimeAsync(1_019);
    expect(done, 'the slot came back before its cooldown was over').toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    expect((await settledWithoutTime(waiting)).status).toBe('fulfilled');
  });
});

describe("turnInMs: a call's turn from the slots free now and those out", () => {
  it('is now while free slots last, then the slots out in the order they come back, a cooldown a round', () => {
    expect(turnInMs(2, [700, 300], 1, 1_000)).toBe(0);
    expect(turnInMs(2, [700, 300], 2, 1_000)).toBe(0);
    expect(turnInMs(2, [700, 300], 3, 1_000)).toBe(300);
    expect(turnInMs(2, [700, 300], 4, 1_000)).toBe(700);
    expect(turnInMs(2, [700, 300], 5, 1_000)).toBe(1_000);
    expect(turnInMs(0, [], 1, 1_000)).toBe(Infinity);
  });

  it('counts free slots without listing them: a limit of a billion is no larger to reckon with than one of ninety', () => {
    // Listing each free slot (as an array of zeros) would need gigabytes here and fail.
    expect(turnInMs(1_000_000_000, [500], 1_000_000_001, 30_000)).toBe(500);
    expect(turnInMs(1_000_000_000, [500], 999, 30_000)).toBe(0);
  });
});
