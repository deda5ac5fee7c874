import { afterEach, describe, expect, it } from 'vitest';
import { RateLimitError } from '../../src/http/errors.js';
import { SlidingWindowLimiter } from '../../src/http/limiter.js';
import { turnInMs } from '../../src/http/slot-turn.js';

// The in-process limiter knows, as a call arrives, when its turn would come: the slots out and
// when each comes back, and the calls queued ahead. A turn beyond the call's wait is refused at
// once, as our own limit (no status: the API was never asked); a turn within it is reported.
const limiters: SlidingWindowLimiter[] = [];
afterEach(async () => {
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
    const window = limiter(1, 5_000);
    await window.schedule(quick, { maxWaitMs: 1_000 });
    const started = performance.now();
    const error = await window.schedule(quick, { maxWaitMs: 500 }).catch((e: unknown) => e);
    expect(performance.now() - started).toBeLessThan(250);
    expect(error).toBeInstanceOf(RateLimitError);
    const refusal = error as RateLimitError;
    expect(refusal.status).toBeUndefined();
    expect(refusal.by).toBe('local');
    expect(refusal.retryAfterMs).toBeGreaterThan(4_500);
    expect(refusal.retryAfterMs).toBeLessThanOrEqual(5_050);
  });

  it('counts the calls queued ahead: with both slots cooling, the first two in line wait one window, the third two', async () => {
    const window = limiter(2, 1_500);
    await Promise.all([window.schedule(quick, { maxWaitMs: 1_000 }), window.schedule(quick, { maxWaitMs: 1_000 })]);
    const first: number[] = [];
    const calls = [0, 1, 2].map((i) => window.schedule(quick, { maxWaitMs: 5_000, onWait: (left) => void (first[i] ??= left) }));
    // A fourth in line would wait two windows too: beyond 2 s, refused at once.
    const refused = await window.schedule(quick, { maxWaitMs: 2_000 }).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(RateLimitError);
    expect((refused as RateLimitError).retryAfterMs).toBeGreaterThan(2_500);
    await Promise.all(calls);
    expect(first[0]).toBeGreaterThan(1_300);
    expect(first[0]).toBeLessThanOrEqual(1_530);
    expect(first[1]).toBeGreaterThan(1_300);
    expect(first[1]).toBeLessThanOrEqual(1_530);
    expect(first[2]).toBeGreaterThan(2_800);
    expect(first[2]).toBeLessThanOrEqual(3_060);
  });

  it('reports nothing for a call that gets a free slot at once', async () => {
    const window = limiter(2, 1_000);
    const reports: number[] = [];
    await window.schedule(quick, { maxWaitMs: 1_000, onWait: (left) => reports.push(left) });
    expect(reports).toEqual([]);
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
