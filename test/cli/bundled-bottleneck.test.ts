import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { describe, expect, it } from 'vitest';
import { bundleChunks } from '../support/bundle-chunks.js';
import { cleanEnv } from '../support/clean-env.js';
import { CLI } from '../support/spawn-server.js';
import { ROOT } from '../support/stdio-server.js';

const require = createRequire(import.meta.url);
/** The compiler scripts/bundle.mjs uses (it ships no types). */
const CoffeeScript = require('coffeescript') as { compile(source: string, options: { bare: boolean }): string };

// The command's bundle holds Bottleneck compiled from its CoffeeScript sources (scripts/bundle.mjs),
// not its Babel-built lib/, which the tests and the library entry load: so the limiter is shown to
// hold its limit through the built command itself. `npm run build` first.

/** The bundle's chunk that holds Bottleneck's local datastore, found by its source map. */
function bottleneckChunk(): string {
  const chunk = bundleChunks().find(({ sources }) => sources.some((source) => source.endsWith('bottleneck/lib/LocalDatastore.js')));
  if (!chunk) throw new Error('no chunk of dist/bin holds Bottleneck');
  return readFileSync(chunk.file, 'utf8');
}

describe('Bottleneck in the built command', () => {
  it('is compiled from its sources: async functions, not Babel’s generators', () => {
    const chunk = bottleneckChunk();
    expect(chunk).toContain('yieldLoop');
    expect(chunk).not.toMatch(/asyncGeneratorStep|_asyncToGenerator/);
  });

  it('has the _run and yieldLoop yieldInMicrotasks replaces (src/http/bottleneck-private.ts checks them in lib/ only)', () => {
    // Compiled as scripts/bundle.mjs compiles them: a _run of another shape would leave the hook unapplied, silently slower.
    const compiled = (name: string) => CoffeeScript.compile(readFileSync(require.resolve(`bottleneck/src/${name}.coffee`), 'utf8'), { bare: true });
    const run = /\n {4}_run\(index, job, wait\) \{[\s\S]*?\n {4}\}/.exec(compiled('Bottleneck'))?.[0] ?? '';
    for (const part of [
      'job.doRun()',
      'job.doExecute(this._limiter, clearGlobalState, run, free)',
      'job.doExpire(clearGlobalState, run, free)',
      'this._scheduled[index] =',
    ]) {
      expect(run, `the compiled _run no longer does ${part}: the copy in yieldInMicrotasks is out of date`).toContain(part);
    }
    expect(compiled('LocalDatastore')).toMatch(
      /yieldLoop\(t = 0\) \{\s*return new this\.Promise\(function\(resolve, reject\) \{\s*return setTimeout\(resolve, t\);/,
    );
  });

  it('has the register and increment steps takeSlotAtOnce and returnSlotsAtOnce do at once (src/http/bottleneck-private.ts checks them in lib/ only)', () => {
    const compiled = CoffeeScript.compile(readFileSync(require.resolve('bottleneck/src/LocalDatastore.coffee'), 'utf8'), { bare: true });
    const register = /\n {2}async __register__\(index, weight, expiration\) \{[\s\S]*?\n {2}\}/.exec(compiled)?.[0] ?? '';
    for (const part of ['this.conditionsCheck(weight)', 'this.storeOptions.reservoir -= weight', 'this.storeOptions.minTime']) {
      expect(register, `the compiled __register__ no longer does ${part}: takeSlotAtOnce may take a slot Bottleneck would not`).toContain(part);
    }
    const increment = /\n {2}async __incrementReservoir__\(incr\) \{[\s\S]*?\n {2}\}/.exec(compiled)?.[0] ?? '';
    for (const part of ['this.storeOptions.reservoir += incr', 'this.instance._drainAll(']) {
      expect(increment, `the compiled __incrementReservoir__ no longer does ${part}: returnSlotsAtOnce may differ from it`).toContain(part);
    }
  });

  it('still holds the limit: 5 calls at once under 2 per 2 s take at least two windows', async () => {
    const transport = new StdioClientTransport({
      command: process.execPath,
      args: [CLI, '--sandbox'],
      env: { ...cleanEnv(), MAVA_RATE_LIMIT: '2/2s' },
      stderr: 'pipe',
      cwd: ROOT,
    });
    const client = new Client({ name: 'bundled-bottleneck-test', version: '0' });
    await client.connect(transport);
    try {
      const started = performance.now();
      const finished = await Promise.all(
        Array.from({ length: 5 }, async () => {
          const result = await client.callTool({ name: 'list_categories', arguments: {} });
          expect(result.isError, JSON.stringify(result.content)).toBeFalsy();
          return performance.now() - started;
        }),
      );
      finished.sort((a, b) => a - b);
      // Two go at once; the next two once their slots come back (a window and its margin), the last a window after.
      expect(finished[2]).toBeGreaterThanOrEqual(2_000);
      expect(finished[4]).toBeGreaterThanOrEqual(4_000);
    } finally {
      await client.close();
    }
  });
});
