import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { afterAll, describe, expect, it } from 'vitest';
import { sourcesOf } from '../support/bundle-chunks.js';
import { cleanEnv } from '../support/clean-env.js';
import { CLI } from '../support/spawn-server.js';
import { ROOT } from '../support/stdio-server.js';

// A start loads only the chosen provider's code (cold start, issue 15): the others' chunks are
// loaded only when --tools or --exclude-tools must say which provider offers a tool. Which chunks
// ran is read from Node's module hooks (test/support/record-loads.mjs); which provider a chunk
// holds, from its source map. Runs dist/: `npm run build` first.

const RECORDER = fileURLToPath(new URL('../support/record-loads-register.mjs', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'helpdesk-mcp-loads-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let starts = 0;

/** The providers whose code (src/providers/<name>/index.ts) a start with these flags ran before tools/list was answered. */
async function providersLoaded(args: string[]): Promise<string[]> {
  const record = join(dir, `start-${++starts}.txt`);
  const transport = new StdioClientTransport({
    command: process.execPath,
    args: ['--import', RECORDER, CLI, ...args],
    env: { ...cleanEnv(), RECORD_LOADS: record },
    stderr: 'pipe',
    cwd: ROOT,
  });
  const client = new Client({ name: 'lazy-providers-test', version: '0' });
  await client.connect(transport);
  try {
    expect((await client.listTools()).tools.length).toBeGreaterThan(0);
  } finally {
    await client.close();
  }
  const chunks = readFileSync(record, 'utf8')
    .split('\n')
    .filter((url) => url.startsWith('file:') && url.includes('/dist/bin/'));
  const sources = chunks.flatMap((url) => sourcesOf(fileURLToPath(url)));
  return [...new Set(sources.flatMap((source) => /src\/providers\/([a-z]+)\/index\.ts$/.exec(source)?.[1] ?? []))].sort();
}

describe('the built CLI loads provider code on demand', () => {
  it('loads only the chosen provider when no tool list is given', async () => {
    expect(await providersLoaded(['--provider', 'mava', '--sandbox'])).toEqual(['mava']);
    expect(await providersLoaded(['--provider', 'omnidesk', '--sandbox'])).toEqual(['omnidesk']);
  });

  it('loads every provider when --tools or --exclude-tools names tools, to explain the ones offered elsewhere', async () => {
    expect(await providersLoaded(['--provider', 'mava', '--sandbox', '--tools', 'fetch_tickets'])).toEqual(['inboxops', 'mava', 'omnidesk']);
    expect(await providersLoaded(['--provider', 'inboxops', '--sandbox', '--exclude-tools', 'fetch_tickets'])).toEqual(['inboxops', 'mava', 'omnidesk']);
  });
});
