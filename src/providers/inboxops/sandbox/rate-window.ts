/**
 * A strict sliding window on arrivals: a request is allowed when fewer than `limit` allowed
 * requests arrived in the `windowMs` before it, so no span of that length ever holds more. A
 * refused request is not recorded. Answers how long until a slot frees, for Retry-After.
 */
export class SlidingWindow {
  private readonly arrivals = new Map<string, number[]>();

  constructor(
    private readonly limit: number,
    private readonly windowMs: number,
  ) {
    if (!Number.isInteger(limit) || limit < 1) throw new RangeError(`rate limit must be a positive integer, got ${limit}`);
    if (!(windowMs > 0)) throw new RangeError(`rate window must be positive, got ${windowMs}`);
  }

  /** Records the request and returns 0 if it fits; else the ms until one does. `now` is monotonic. */
  acquire(key: string, now: number): number {
    const times = this.arrivals.get(key) ?? [];
    this.arrivals.set(key, times);
    while (times.length > 0 && now - times[0]! >= this.windowMs) times.shift();
    if (times.length >= this.limit) return times[0]! + this.windowMs - now;
    times.push(now);
    return 0;
  }
}
