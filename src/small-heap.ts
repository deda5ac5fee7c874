import { notGiven, setV8Flags, v8Major } from './v8-flags.js';

/**
 * V8 settings for a process serving one client over stdio, where calls come one after another
 * and the process sits on a desktop beside the client's other servers: memory counts there more
 * than the last bit of speed. With V8's defaults RSS after 1,000 calls was 2.2x RSS at start, the
 * live heap flat (`npm run bench`, memory rows): V8 grows the young generation to 32 MB and lets
 * the old one grow far past what is live, and recompiling undici's HTTP parser (WebAssembly) with
 * its optimising compiler took 25-40 MB of memory for a moment, which glibc then kept.
 *
 * - `--semi-space-growth-factor=1`: the young generation keeps its starting size;
 * - `--heap-growing-percent=30`: the old generation is collected once it is 30% above what was
 *   live after the last full collection, not up to 4x;
 * - `--no-wasm-tier-up` and `--no-wasm-dynamic-tiering`: WebAssembly stays on V8's baseline
 *   compiler. Either alone left the parser to be recompiled. `--liftoff-only` says the same in one
 *   flag, but V8 turns it into these two only when it starts, and Node 24's V8 then looks only at
 *   them: set at run time it did nothing there (the server's peak of malloc'd memory in 1,000
 *   calls 25-42 MB with it, 8-18 MB with these two; test/cli/small-heap.test.ts checks the
 *   parser stays on the baseline compiler; README, the notes under the bench table);
 * - `--no-maglev-destroy-on-background` (V8 12 and later, Node 22 on; Node 20's V8 has neither
 *   the flag nor Maglev on): V8's mid-tier compiler, Maglev, frees a finished job's memory when it
 *   installs the code, instead of handing the job to a background task that runs later. In a
 *   server's first few hundred calls it compiles many functions, and the jobs waiting to be freed
 *   held 14.6 MB at once (V8's `--trace-zone-stats`; 3.5 MB with the flag), which glibc then kept.
 *   On Node 24, RSS after 1,000 calls 102-103 MB with Maglev's default, 98 MB with the flag, at
 *   the same CPU per call (three runs each).
 *
 * A flag is only set where this V8 has it (src/v8-flags.ts says why).
 *
 * Not over HTTP: with 50 callers at once the same settings cost a third of the throughput
 * (`BENCH_ONLY=throughput`), and a server has the memory. A flag the user gave node's own command
 * line is left as given.
 */
const FLAGS = ['--semi-space-growth-factor=1', '--heap-growing-percent=30', '--no-wasm-tier-up', '--no-wasm-dynamic-tiering'];
const SINCE_V8_12 = ['--no-maglev-destroy-on-background'];

/** Sets the flags this V8 has that the user did not give node. */
export function favourSmallHeap(): void {
  setV8Flags(smallHeapFlags(process.execArgv));
}

/** The flags to set on V8 `v8Version`: those whose name is not already given in `execArgv`. */
export function smallHeapFlags(execArgv: readonly string[], v8Version = process.versions.v8): string[] {
  return notGiven(v8Major(v8Version) >= 12 ? [...FLAGS, ...SINCE_V8_12] : FLAGS, execArgv);
}
