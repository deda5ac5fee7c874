import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { getMcpConfigForManifest, type McpbManifestAny } from '@anthropic-ai/mcpb/browser';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PROVIDERS } from '../../src/config.js';
import { toolNames } from '../../src/providers/index.js';
import { cleanEnv } from '../support/clean-env.js';

// The .mcpb as Claude Desktop gets it: packed by scripts/mcpb.mjs from the existing build
// (`npm test` builds first), unpacked with the mcpb CLI, started as its manifest says.
const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const MCPB_DIR = join(ROOT, 'node_modules/@anthropic-ai/mcpb');
const MCPB_CLI = join(MCPB_DIR, JSON.parse(readFileSync(join(MCPB_DIR, 'package.json'), 'utf8')).bin);
const { name, version } = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));

const node = (args: string[], options: { cwd?: string; env?: Record<string, string> } = {}) =>
  spawnSync(process.execPath, args, { cwd: ROOT, encoding: 'utf8', timeout: 30_000, input: '', ...options });
const filesUnder = (dir: string) =>
  readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) =>
      join(e.parentPath, e.name)
        .slice(dir.length + 1)
        .split(sep)
        .join('/'),
    );

let out: string;
let unpacked: string;
let manifest: McpbManifestAny;

/** mcp_config with `${__dirname}` and the user's choices filled in, as a host fills them. */
const launchConfig = async (userConfig: Record<string, string | boolean>) =>
  (await getMcpConfigForManifest({ manifest, extensionPath: unpacked, systemDirs: {}, userConfig, pathSeparator: sep }))!;

/**
 * Starts the unpacked server as its manifest says (Claude Desktop runs "node" with its own Node.js;
 * here, the one running the tests), runs `use` with a connected client, and returns its stderr.
 */
async function withServer(config: Awaited<ReturnType<typeof launchConfig>>, use: (client: Client) => Promise<void>): Promise<string> {
  const transport = new StdioClientTransport({ command: process.execPath, args: config.args, env: { ...cleanEnv(), ...config.env }, cwd: out, stderr: 'pipe' });
  const stderr: string[] = [];
  transport.stderr?.on('data', (chunk: Buffer) => stderr.push(chunk.toString()));
  const client = new Client({ name: 'mcpb-test', version: '0' });
  try {
    await client.connect(transport);
    await use(client);
  } finally {
    await client.close();
  }
  return stderr.join('');
}

beforeAll(() => {
  out = mkdtempSync(join(tmpdir(), 'mcpb-'));
  const packed = node(['scripts/mcpb.mjs', '--out', out]);
  expect(packed.status, packed.stderr + packed.stdout).toBe(0);
  unpacked = join(out, 'unpacked');
  const unpack = node([MCPB_CLI, 'unpack', join(out, `${name}-${version}.mcpb`), unpacked]);
  expect(unpack.status, unpack.stderr + unpack.stdout).toBe(0);
  manifest = JSON.parse(readFileSync(join(unpacked, 'manifest.json'), 'utf8'));
}, 60_000);
afterAll(() => rmSync(out, { recursive: true, force: true }));

describe('the .mcpb bundle', () => {
  it('carries a manifest that mcpb validate accepts', () => {
    const result = node([MCPB_CLI, 'validate', join(unpacked, 'manifest.json')]);
    expect(result.status, result.stdout + result.stderr).toBe(0);
    expect(result.stdout).toContain('Manifest schema validation passes');
    expect(manifest).toMatchObject({ manifest_version: '0.3', name, version, server: { entry_point: 'server/helpdesk-mcp.js' } });
    expect(manifest.tools?.map((tool) => tool.name).sort()).toEqual([...new Set(PROVIDERS.flatMap(toolNames))].sort());
  });

  it('holds the built command and its chunks, as staged, with no source maps, sources or node_modules', () => {
    const files = filesUnder(unpacked);
    const built = filesUnder(join(ROOT, 'dist/bin')).filter((file) => !file.endsWith('.map'));
    expect(files.sort()).toEqual(['manifest.json', ...['LICENSE', 'README.md', 'package.json', ...built].map((file) => `server/${file}`)].sort());
    expect(files.filter((file) => /\.map$|\.ts$|^(src|test)\/|node_modules/.test(file))).toEqual([]);
    // mcpb pack drops some names itself (*.map among them): the staged folder must not rely on it.
    expect(filesUnder(join(out, `${name}-${version}`)).sort()).toEqual(files);
  });

  it('loads as ESM on a Node without module syntax detection (20.18, the manifest minimum)', () => {
    const result = node(['--no-experimental-detect-module', join(unpacked, 'server/helpdesk-mcp.js'), '--version'], { cwd: out });
    expect(result.stdout.trim(), result.stderr).toBe(version);
  });

  it('serves the Mava tools from the sandbox when started as the manifest says', async () => {
    const config = await launchConfig({ sandbox: true });
    expect(JSON.stringify(config)).not.toContain('${');
    expect(config.command).toBe('node');
    const stderr = await withServer(config, async (client) => {
      const { tools } = await client.listTools();
      expect(tools.map((tool) => tool.name).sort()).toEqual(toolNames('mava').sort());
      const result = await client.callTool({ name: 'list_categories', arguments: {} });
      expect(result.isError, JSON.stringify(result.content)).toBeFalsy();
      expect((result.structuredContent as { categories: unknown[] }).categories.length).toBeGreaterThan(0);
    });
    expect(stderr).toContain('sandbox mava API with seeded data');
  });

  it('passes the provider, read-only and log level options on to the server', async () => {
    const config = await launchConfig({ sandbox: true, provider: 'inboxops', read_only: true, log_level: 'warn' });
    const stderr = await withServer(config, async (client) => {
      expect((await client.listTools()).tools.map((tool) => tool.name)).toEqual(['fetch_tickets']);
      expect((await client.callTool({ name: 'fetch_tickets', arguments: { per_page: 1 } })).isError).toBeFalsy();
    });
    expect(stderr).not.toMatch(/ INFO /);
  });

  it('without the sandbox or a key, refuses to start and names the key it needs', async () => {
    const config = await launchConfig({});
    const result = node(config.args ?? [], { cwd: out, env: { ...cleanEnv(), ...config.env } });
    expect(result.status).toBe(2);
    expect(result.stderr).toContain('MAVA_API_KEY is not set');
  });
});
