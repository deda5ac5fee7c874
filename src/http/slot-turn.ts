/**
 * When the call `position` places from the front of the queue (1: next) gets a slot of a sliding
 * window, in ms from now. `freeInMs` says, for each of the limit's slots, in how long it is free
 * (0: free now). A slot handed out comes back one cooldown (the window and its margin) later, as
 * its request takes next to nothing of it: so the queue goes round the slots, a cooldown a round.
 * An estimate: a request in flight is taken to have just ended, and a call that arrives later
 * with a higher priority may still go first.
 */
export function turnInMs(freeInMs: readonly number[], position: number, cooldownMs: number): number {
  if (freeInMs.length === 0) return Infinity;
  const slots = [...freeInMs].sort((a, b) => a - b);
  const round = Math.floor((position - 1) / slots.length);
  return Math.max(0, slots[(position - 1) % slots.length]! + round * cooldownMs);
}
