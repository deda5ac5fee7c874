import v8 from 'node:v8';

// What the command's V8 settings share (src/small-heap.ts, src/early-tier-up.ts): which of them
// to set, and setting them once the process runs.

/** V8's major version: `11.3.244.8-node.38` → 11. */
export function v8Major(version: string): number {
  return Number.parseInt(version, 10);
}

/**
 * `flags` without those the user gave node's own command line (`execArgv`), in either spelling
 * (`-` or `_`) and either sense (with or without `no-`): what the user chose is left as given.
 * NODE_OPTIONS does not take V8 flags, so execArgv holds them all.
 */
export function notGiven(flags: readonly string[], execArgv: readonly string[]): string[] {
  const given = new Set(execArgv.map(flagName));
  return flags.filter((flag) => !given.has(flagName(flag)));
}

/**
 * Sets each of `flags` in the running V8. V8 prints an unknown flag's error on stdout, which is
 * the protocol's over stdio: pass only flags this V8 has (test/cli/small-heap.test.ts checks every
 * flag the command sets against `node --v8-options`).
 */
export function setV8Flags(flags: readonly string[]): void {
  for (const flag of flags) v8.setFlagsFromString(flag);
}

/** `--no-wasm_tier-up=…` → `wasm-tier-up`: a V8 flag's name, whichever spelling or sense. */
export function flagName(arg: string): string {
  return arg
    .replace(/^--?/, '')
    .replace(/^no[-_]/, '')
    .split('=')[0]!
    .replaceAll('_', '-');
}
