/**
 * When the call `position` places from the front of the queue (1: next) gets a slot of a sliding
 * window, in ms from now. `free` slots are free now; `busyInMs` says, for each other slot, in how
 * long it is free. A slot handed out comes back one cooldown (the window and its margin) later, as
 * its request takes next to nothing of it: so the queue goes round the slots, a cooldown a round.
 * An estimate: a request in flight is taken to have just ended, and a call that arrives later
 * with a higher priority may still go first. Costs nothing per free slot, so a limit of a
 * million requests is as cheap as one of ninety.
 */
export function turnInMs(free: number, busyInMs: readonly number[], position: number, cooldownMs: number): number {
  const slots = free + busyInMs.length;
  if (slots === 0) return Infinity;
  const round = Math.floor((position - 1) / slots);
  const index = (position - 1) % slots;
  const wait = index < free ? 0 : [...busyInMs].sort((a, b) => a - b)[index - free]!;
  return Math.max(0, wait + round * cooldownMs);
}
