import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import { describe, expect, it } from 'vitest';
import { smallHeapFlags } from '../../src/small-heap.js';
import { cleanEnv } from '../support/clean-env.js';
import { freePort } from '../support/free-port.js';
import { CLI } from '../support/spawn-server.js';

const ALL = ['--semi-space-growth-factor=1', '--heap-growing-percent=30', '--liftoff-only'];

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
  it('are all chosen when node was given none of them', () => {
    expect(smallHeapFlags([])).toEqual(ALL);
  });

  it('leave a flag the user gave on node’s command line, in either spelling', () => {
    expect(smallHeapFlags(['--liftoff-only'])).toEqual(ALL.slice(0, 2));
    expect(smallHeapFlags(['--max-old-space-size=512', '--heap_growing_percent=80'])).toEqual([ALL[0], ALL[2]]);
  });

  it('are set by the built command over stdio, and not over HTTP', async () => {
    expect(await flagsSetBy([])).toEqual(ALL);
    expect(await flagsSetBy(['--transport', 'http', '--port', String(await freePort())])).toEqual([]);
  });
});
