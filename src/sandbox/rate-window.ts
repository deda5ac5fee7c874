/**
 * A strict sliding-window request counter: a request is allowed when fewer than `limit`
 * allowed requests arrived within the `windowMs` before it. Unlike fixed windows, there is no
 * window edge at which a client can burst twice the limit, so a client that passes here never
 * exceeds the limit in any span of that length. Refused requests are not recorded: they cost
 * the client nothing but the round trip.
 */
export class SlidingWindow {
  /** Arrival times of allowed requests still inside the window, oldest first, per key. */
  private readonly arrivals = new Map<string, number[]>();

  constructor(
    private readonly limit: number,
    private readonly windowMs: number,
  ) {
    if (!Number.isInteger(limit) || limit < 1) throw new RangeError(`rate limit must be a positive integer, got ${limit}`);
    if (!(windowMs > 0)) throw new RangeError(`rate window must be positive, got ${windowMs}`);
  }

  /** Records the request and returns true if it fits, else returns false. */
  tryAcquire(key: string, now: number): boolean {
    return this.take(key, now) === undefined;
  }

  /** Records the request and returns 0 if it fits; else the ms until a slot frees, for a Retry-After. */
  acquire(key: string, now: number): number {
    const oldest = this.take(key, now);
    return oldest === undefined ? 0 : oldest + this.windowMs - now;
  }

  /**
   * Records the request if it fits and returns undefined; else returns the oldest arrival in the
   * window, the one whose slot frees first. `now` must not go backwards between calls (pass a
   * monotonic clock).
   */
  private take(key: string, now: number): number | undefined {
    let times = this.arrivals.get(key);
    if (!times) {
      times = [];
      this.arrivals.set(key, times);
    }
    let expired = 0;
    while (expired < times.length && now - (times[expired] ?? now) >= this.windowMs) expired++;
    if (expired > 0) times.splice(0, expired);
    if (times.length >= this.limit) return times[0];
    times.push(now);
    return undefined;
  }
}
