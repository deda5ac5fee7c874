import { describe, expect, it } from 'vitest';
import { SlidingWindow } from '../../src/sandbox/rate-window.js';

describe('SlidingWindow', () => {
  it('allows `limit` requests in any window and refuses the next', () => {
    const window = new SlidingWindow(3, 1_000);
    expect([0, 10, 20, 30].map((t) => window.tryAcquire('k', t))).toEqual([true, true, true, false]);
  });

  it('frees a slot exactly one window after the request that took it', () => {
    const window = new SlidingWindow(2, 1_000);
    expect(window.tryAcquire('k', 0)).toBe(true);
    expect(window.tryAcquire('k', 500)).toBe(true);
    expect(window.tryAcquire('k', 999)).toBe(false);
    expect(window.tryAcquire('k', 1_000)).toBe(true);
    expect(window.tryAcquire('k', 1_499)).toBe(false);
    expect(window.tryAcquire('k', 1_500)).toBe(true);
  });

  it('has no window edge to burst across, unlike a fixed window', () => {
    const window = new SlidingWindow(5, 1_000);
    for (let i = 0; i < 5; i++) expect(window.tryAcquire('k', 900)).toBe(true);
    // A fixed window aligned on seconds would reset at 1000 and allow 5 more here.
    expect(window.tryAcquire('k', 1_100)).toBe(false);
    expect(window.tryAcquire('k', 1_899)).toBe(false);
  });

  it('does not count refused requests', () => {
    const window = new SlidingWindow(1, 1_000);
    expect(window.tryAcquire('k', 0)).toBe(true);
    for (let t = 1; t < 1_000; t += 100) expect(window.tryAcquire('k', t)).toBe(false);
    expect(window.tryAcquire('k', 1_000)).toBe(true);
  });

  it('keeps one budget per key', () => {
    const window = new SlidingWindow(1, 1_000);
    expect(window.tryAcquire('a', 0)).toBe(true);
    expect(window.tryAcquire('b', 0)).toBe(true);
    expect(window.tryAcquire('a', 1)).toBe(false);
  });

  it('rejects a limit or window that cannot work', () => {
    expect(() => new SlidingWindow(0, 1_000)).toThrow(RangeError);
    expect(() => new SlidingWindow(1.5, 1_000)).toThrow(RangeError);
    expect(() => new SlidingWindow(1, 0)).toThrow(RangeError);
    expect(() => new SlidingWindow(1, Number.NaN)).toThrow(RangeError);
  });
});
