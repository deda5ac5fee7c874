import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

// The built server as a client launches it: `node dist/cli.js`, over stdio. `npm test` builds first.
const CLI = fileURLToPath(new URL('../dist/cli.js', import.meta.url));
const ROOT = fileURLToPath(new URL('..', import.meta.url));
const cleanEnv = () => Object.fromEntries(Object.entries(process.env).filter(([name]) => !/^(MAVA_|HELPDESK_)/.test(name))) as Record<string, string>;

function run(args: string[], env: Record<string, string> = {}) {
  return spawnSync(process.execPath, [CLI, ...args], { env: { ...cleanEnv(), ...env }, encoding: 'utf8', timeout: 15_000, input: '' });
}

describe('the stdio server on the sandbox', () => {
  let client: Client;
  let transport: StdioClientTransport;
  const stderr: string[] = [];
  const protocolErrors: Error[] = [];

  beforeAll(async () => {
    transport = new StdioClientTransport({ command: process.execPath, args: [CLI, '--sandbox'], env: cleanEnv(), stderr: 'pipe', cwd: ROOT });
    transport.stderr?.on('data', (chunk: Buffer) => stderr.push(chunk.toString()));
    client = new Client({ name: 'stdio-test', version: '0' });
    client.onerror = (error) => protocolErrors.push(error);
    await client.connect(transport);
  });
  afterAll(async () => {
    await client.close();
  });

  it('lists the six tools and serves them with no key', async () => {
    const { tools } = await client.listTools();
    expect(tools).toHaveLength(6);
    const result = await client.callTool({ name: 'fetch_tickets', arguments: { status: 'Open', limit: 5 } });
    expect(result.isError).toBeFalsy();
    expect((result.structuredContent as { tickets: unknown[] }).tickets).toHaveLength(5);
    const categories = await client.callTool({ name: 'list_categories', arguments: {} });
    expect((categories.structuredContent as { categories: unknown[] }).categories.length).toBeGreaterThan(3);
  });

  it('keeps stdout for the protocol and logs to stderr', () => {
    expect(protocolErrors).toEqual([]);
    const log = stderr.join('');
    expect(log).toContain('sandbox mava API with seeded data at http://127.0.0.1:');
    expect(log).toMatch(/tool call .*"tool":"fetch_tickets".*"outcome":"ok"/);
    expect(log).not.toMatch(/sandbox_[0-9a-f]{24}/);
  });
});

describe('the command line', () => {
  it('refuses to start without a key or --sandbox, naming the fix, with exit 2 and nothing on stdout', () => {
    const result = run([]);
    expect(result.status).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toContain('MAVA_API_KEY is not set');
    expect(result.stderr).toContain('--sandbox');
  });

  it('reports every configuration problem at once', () => {
    const result = run(['--provider', 'zendesk'], { MAVA_RATE_LIMIT: 'lots', MAVA_BASE_URL: 'gateway.mava.app' });
    expect(result.status).toBe(2);
    expect(result.stderr.split('\n').filter((line) => line.startsWith('  - '))).toHaveLength(4);
  });

  it('prints --help and --version', () => {
    const help = run(['--help']);
    expect(help.status).toBe(0);
    expect(help.stdout).toContain('--sandbox');
    expect(help.stdout).toContain('MAVA_RATE_LIMIT');
    const version = run(['--version']);
    expect(version.stdout.trim()).toMatch(/^\d+\.\d+\.\d+$/);
  });
});
