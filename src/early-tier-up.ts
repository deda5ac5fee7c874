import { notGiven, setV8Flags, v8Major } from './v8-flags.js';

/**
 * V8 settings for a process whose first calls matter: a stdio session makes tens of calls, not
 * thousands, and an HTTP replica just started (a deploy, a scale-up) serves its first thousands
 * at the pace of unoptimised code. On Node 20 (V8 11, its mid-tier compiler off) V8 hands a
 * function to its optimising compiler once it has run about 66 KB of bytecode
 * (`--interrupt-budget=67584`), and a server's code settles over its first ~2,000 calls. A quarter
 * of that budget gets it there sooner:
 * - over stdio, a fresh process's calls 51–350 of fetch_tickets 1.21–1.45 → 0.96–1.06 ms added,
 *   list_categories 0.72–0.81 → 0.56–0.74 ms. RSS after 1,000 calls stays 1.33–1.35× start; the
 *   start costs a little more, peak RSS 0.90× → 0.93× the minimal server's and cold start
 *   0.71–0.77× → 0.76–0.78× (three bench runs each);
 * - over HTTP (--stateless, one call at a time, `bench/compare-builds-http.ts`, four runs), calls
 *   301–1,800 0.11–0.67 ms less added, at less CPU per call; the first 300 calls 0.7–1.1 ms more
 *   CPU each (the compiling, done sooner) at about the same latency; calls 1,801–3,000 from
 *   0.32 ms less to 0.03 ms more (CONTRIBUTING.md, Bench).
 * V8 12 and later (Node 22 on) tier up through Maglev within ~300 calls, and their RSS is closer
 * to its bound: left alone there. A flag the user gave node's own command line is left as given.
 */
const BEFORE_V8_12 = ['--interrupt-budget=16896'];

/** Sets the flags of tierUpFlags. */
export function tierUpSooner(): void {
  setV8Flags(tierUpFlags(process.execArgv));
}

/** The flags to set on V8 `v8Version`: none from V8 12 on, else those not already given in `execArgv`. */
export function tierUpFlags(execArgv: readonly string[], v8Version = process.versions.v8): string[] {
  return v8Major(v8Version) >= 12 ? [] : notGiven(BEFORE_V8_12, execArgv);
}
