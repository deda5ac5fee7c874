/**
 * A timer started now, to tell whether a later event came before it fired: the order of two
 * events, where a test cannot freeze the clock (the call crosses Redis or another process). A
 * call meant to settle "at once" settles before a timer of the wait it must not make (its bound,
 * a window, a hold) started just before it; one that makes the wait settles after, since the
 * timer it waits on was set later.
 */
export function startTimer(ms: number): { readonly fired: boolean } {
  let fired = false;
  setTimeout(() => (fired = true), ms).unref();
  return {
    get fired() {
      return fired;
    },
  };
}
