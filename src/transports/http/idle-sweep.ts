/**
 * Runs `sweep` often enough that what has been idle for `idleMs` is closed soon after (every
 * quarter of it, from 50 ms to a minute), without keeping the process alive. The session store
 * and the stateless shared servers sweep with it.
 */
export function sweepIdle(idleMs: number, sweep: () => void): NodeJS.Timeout {
  return setInterval(sweep, Math.max(50, Math.min(idleMs / 4, 60_000))).unref();
}
