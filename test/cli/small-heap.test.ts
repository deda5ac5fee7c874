import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { tierUpFlags } from '../../src/early-tier-up.js';
import { smallHeapFlags } from '../../src/small-heap.js';
import { flagName } from '../../src/v8-flags.js';
import { cleanEnv } from '../support/clean-env.js';
import { freePort } from '../support/free-port.js';
import { runProcess } from '../support/run-process.js';
import { CLI } from '../support/spawn-server.js';

const PARSER_TIER = fileURLToPath(new URL('../support/parser-tier.mjs', import.meta.url));
const V8_11 = '11.3.244.8-node.38'; // Node 20
const V8_13 = '13.6.233.17-node.53'; // Node 24
const V8_11_ALL = ['--semi-space-growth-factor=1', '--heap-growing-percent=30', '--no-wasm-tier-up', '--no-wasm-dynamic-tiering'];
const ALL = [...V8_11_ALL, '--no-maglev-destroy-on-background'];

// Loaded before the command: reports each V8 flag the command sets, on stderr.
const RECORD_FLAGS = `data:text/javascript,${encodeURIComponent(
  "import v8 from 'node:v8'; const set = v8.setFlagsFromString; v8.setFlagsFromString = (flag) => { process.stderr.write('V8 FLAG ' + flag + '\\n'); set(flag); };",
)}`;

/** The V8 flags the built command has set by the time it says it is serving (then it is ended). */
async function flagsSetBy(args: string[]): Promise<string[]> {
  const child = spawn(process.execPath, ['--import', RECORD_FLAGS, CLI, '--sandbox', ...args], { env: cleanEnv(), stdio: ['pipe', 'ignore', 'pipe'] });
  const flags: string[] = [];
  let serving = false;
  try {
    for await (const line of createInterface({ input: child.stderr! })) {
      const flag = /^V8 FLAG (\S+)$/.exec(line)?.[1];
      if (flag) flags.push(flag);
      if ((serving = / serving mava over /.test(line))) break;
    }
    if (!serving) throw new Error(`helpdesk-mcp ${args.join(' ')} ended before serving`);
    return flags;
  } finally {
    child.kill();
    await once(child, 'exit');
  }
}

describe('V8 settings for a small heap (stdio only)', () => {
  it('are all chosen when node was given none of them, Maglev’s only where V8 has it', () => {
    expect(smallHeapFlags([], V8_13)).toEqual(ALL);
    expect(smallHeapFlags([], V8_11)).toEqual(V8_11_ALL);
  });

  it('leave a flag the user gave on node’s command line, in either spelling', () => {
    expect(smallHeapFlags(['--wasm-tier-up', '--no-wasm_dynamic_tiering'], V8_13)).toEqual([ALL[0], ALL[1], ALL[4]]);
    expect(smallHeapFlags(['--max-old-space-size=512', '--heap_growing_percent=80'], V8_13)).toEqual([ALL[0], ALL[2], ALL[3], ALL[4]]);
    expect(smallHeapFlags(['--maglev-destroy-on-background'], V8_13)).toEqual(V8_11_ALL);
  });

  // V8 prints an unknown flag's error on stdout, in the middle of the protocol.
  it('are all known to the V8 of the node running the tests', async () => {
    const run = await runProcess(process.execPath, ['--v8-options'], { env: cleanEnv(), maxBuffer: 8 * 1024 * 1024 });
    const known = new Set([...run.stdout.matchAll(/^ {2}--([a-z0-9-]+) \(/gm)].map((match) => match[1]));
    const unknown = [...smallHeapFlags([]), ...tierUpFlags([])].filter((flag) => !known.has(flagName(flag)));
    expect(known.size).toBeGreaterThan(500);
    expect(unknown).toEqual([]);
  });

  it('are set by the built command over stdio, with those to tier up sooner; over HTTP only the latter', async () => {
    expect(await flagsSetBy([])).toEqual([...smallHeapFlags([]), ...tierUpFlags([])]);
    expect(await flagsSetBy(['--transport', 'http', '--port', String(await freePort())])).toEqual(tierUpFlags([]));
  });

  // Node 24's V8 ignores `--liftoff-only` set at run time: the parser was recompiled all the same,
  // and glibc kept the 25-40 MB that took. The first run shows this machine's V8 does recompile it.
  it('keep undici’s HTTP parser on V8’s baseline compiler once it is hot', async () => {
    const tierOf = async (args: string[]) => {
      const run = await runProcess(process.execPath, [PARSER_TIER, ...args], { env: cleanEnv() });
      expect(run.stderr).toBe('');
      return JSON.parse(run.stdout) as { errors: number; turboFan: boolean; liftoff: boolean };
    };
    expect(await tierOf([])).toEqual({ errors: 0, turboFan: true, liftoff: false });
    expect(await tierOf(['small-heap'])).toEqual({ errors: 0, turboFan: false, liftoff: true });
  });
});

describe('V8 settings to tier up sooner (stdio and HTTP)', () => {
  it('a quarter of V8 11’s budget before the optimising compiler takes a function up; nothing on V8 12 and later', () => {
    expect(tierUpFlags([], V8_11)).toEqual(['--interrupt-budget=16896']);
    expect(tierUpFlags([], V8_13)).toEqual([]);
  });

  it('leave a budget the user gave on node’s command line', () => {
    expect(tierUpFlags(['--interrupt_budget=100000'], V8_11)).toEqual([]);
    expect(tierUpFlags(['--max-old-space-size=512'], V8_11)).toEqual(['--interrupt-budget=16896']);
  });
});
