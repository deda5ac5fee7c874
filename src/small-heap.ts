import v8 from 'node:v8';

/**
 * V8 settings for a process serving one client over stdio, where calls come one after another
 * and the process sits on a desktop beside the client's other servers: memory counts there more
 * than the last bit of speed. With V8's defaults RSS after 1,000 calls was 2.2x RSS at start, the
 * live heap flat (`npm run bench`, memory rows): V8 grows the young generation to 32 MB and lets
 * the old one grow far past what is live, and recompiling undici's HTTP parser (WebAssembly) with
 * its optimising compiler took 35 MB of memory for a moment. Node 20's V8 reads each flag below when
 * it acts, so setting it at start works; Node 24's does not apply `--liftoff-only` set then (its
 * peak of malloc'd memory stays at 25-33 MB; README, the notes under the bench table):
 *
 * - `--semi-space-growth-factor=1`: the young generation keeps its starting size;
 * - `--heap-growing-percent=30`: the old generation is collected once it is 30% above what was
 *   live after the last full collection, not up to 4x;
 * - `--liftoff-only`: WebAssembly stays on V8's baseline compiler.
 *
 * Not over HTTP: with 50 callers at once the same settings cost a third of the throughput
 * (`BENCH_ONLY=throughput`), and a server has the memory. A flag given on node's own command line
 * (in either spelling; NODE_OPTIONS does not take these) is left as given.
 */
const FLAGS = ['--semi-space-growth-factor=1', '--heap-growing-percent=30', '--liftoff-only'];

/** Sets the flags of FLAGS that the user did not give node. */
export function favourSmallHeap(): void {
  for (const flag of smallHeapFlags(process.execArgv)) v8.setFlagsFromString(flag);
}

/** The flags to set: those of FLAGS not already given in `execArgv`. */
export function smallHeapFlags(execArgv: readonly string[]): string[] {
  const given = execArgv.join(' ').replaceAll('_', '-');
  return FLAGS.filter((flag) => !given.includes(flag.slice(2).split('=')[0]!));
}
