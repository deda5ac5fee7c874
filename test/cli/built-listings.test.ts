import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import type { Tool } from '@modelcontextprotocol/sdk/types.js';
import { afterAll, describe, expect, it } from 'vitest';
import { BUILT_LISTINGS_FILE } from '../../src/built-listings.js';
import { providers } from '../../src/providers/index.js';
import { listingEntry } from '../../src/tools/tool-listing.js';
import { cleanEnv } from '../support/clean-env.js';
import { CLI } from '../support/spawn-server.js';

// The build writes every provider's tools/list entries beside the command's code, and the command
// serves them instead of converting each tool's schemas at start (scripts/bundle.mjs,
// src/built-listings.ts). `npm run build` first.
const BUILT = join(dirname(CLI), 'chunks', BUILT_LISTINGS_FILE);
const copies: string[] = [];
afterAll(() => {
  for (const dir of copies) rmSync(dir, { recursive: true, force: true });
});

describe('tools/list entries computed by the build', () => {
  it('are, for every tool of every provider, what its definition gives now', () => {
    const built = JSON.parse(readFileSync(BUILT, 'utf8')) as Record<string, Record<string, Tool>>;
    expect(Object.keys(built).sort()).toEqual(Object.keys(providers).sort());
    for (const [name, provider] of Object.entries(providers)) {
      expect(Object.keys(built[name]!), name).toEqual(provider.tools.map((tool) => tool.name));
      for (const tool of provider.tools) expect(built[name]![tool.name], `${name} ${tool.name}`).toEqual(listingEntry(tool));
    }
  });

  it('are what the command serves', async () => {
    // A copy of the built command whose file says something no definition does: the command must answer with it.
    const copy = mkdtempSync(join(tmpdir(), 'built-listings-'));
    copies.push(copy);
    cpSync(dirname(CLI), copy, { recursive: true });
    const file = join(copy, 'chunks', BUILT_LISTINGS_FILE);
    const built = JSON.parse(readFileSync(file, 'utf8')) as Record<string, Record<string, Tool>>;
    built.mava!.list_categories!.description = 'MARKED BY THE TEST';
    writeFileSync(file, JSON.stringify(built));

    const transport = new StdioClientTransport({
      command: process.execPath,
      args: [join(copy, 'helpdesk-mcp.js'), '--sandbox'],
      env: cleanEnv(),
      stderr: 'pipe',
    });
    const client = new Client({ name: 'built-listings-test', version: '0' });
    await client.connect(transport);
    try {
      const { tools } = await client.listTools();
      expect(tools.find((tool) => tool.name === 'list_categories')?.description).toBe('MARKED BY THE TEST');
      expect(tools.find((tool) => tool.name === 'fetch_tickets')).toEqual(listingEntry(providers.mava.tools.find((tool) => tool.name === 'fetch_tickets')!));
    } finally {
      await client.close();
    }
  });
});
