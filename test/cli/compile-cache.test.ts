import { mkdtemp, readdir, rm } from 'node:fs/promises';
import module from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { cleanEnv } from '../support/clean-env.js';
import { CLI } from '../support/spawn-server.js';

// Node 22.1+ has a compile cache (module.enableCompileCache); Node 20 has none and starts as before.
const hasCompileCache = typeof (module as { enableCompileCache?: unknown }).enableCompileCache === 'function';

/** `helpdesk-mcp --version` as built, with only `env` and no NODE_COMPILE_CACHE. */
function version(env: Record<string, string>) {
  return spawnSync(process.execPath, [CLI, '--version'], { env: { ...cleanEnv(/^NODE_COMPILE_CACHE$/), ...env }, encoding: 'utf8', timeout: 15_000 });
}

describe('the built command and Node’s compile cache', () => {
  it('writes the compiled bundle to the cache (under the temp dir) where Node has one, and nothing with NODE_DISABLE_COMPILE_CACHE=1', async () => {
    // The cache's default place is <os.tmpdir()>/node-compile-cache; TMPDIR moves os.tmpdir().
    // NODE_COMPILE_CACHE would switch the cache on by itself (a runner that uses the cache may
    // pass it down), so the command runs without it.
    const on = await mkdtemp(join(tmpdir(), 'compile-cache-'));
    const off = await mkdtemp(join(tmpdir(), 'compile-cache-off-'));
    try {
      expect(version({ TMPDIR: on }).status).toBe(0);
      if (hasCompileCache) expect((await readdir(join(on, 'node-compile-cache'), { recursive: true })).length).toBeGreaterThan(0);
      // Node 20 has no cache: the command starts as before and writes nothing there.
      else expect(await readdir(on)).toEqual([]);
      expect(version({ TMPDIR: off, NODE_DISABLE_COMPILE_CACHE: '1' }).status).toBe(0);
      expect(await readdir(off)).toEqual([]);
    } finally {
      await rm(on, { recursive: true, force: true });
      await rm(off, { recursive: true, force: true });
    }
  });
});
