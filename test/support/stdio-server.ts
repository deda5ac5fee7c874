import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { afterAll, beforeAll, expect } from 'vitest';
import { cleanEnv } from './clean-env.js';
import { CLI } from './spawn-server.js';

// The built server as a client launches it: `node dist/bin/helpdesk-mcp.js ...`, over stdio.
// `npm test` builds first; run `npm run build` before running a file that uses this alone.

/** The project's root: the working directory a client would start the server in. */
export const ROOT = fileURLToPath(new URL('../..', import.meta.url));

/** Runs the built CLI to its end with no input and only `env` for settings (exit status, stdout, stderr). */
export function runCli(args: string[], env: Record<string, string> = {}) {
  return spawnSync(process.execPath, [CLI, ...args], { env: { ...cleanEnv(), ...env }, encoding: 'utf8', timeout: 15_000, input: '' });
}

export interface StdioServer {
  /** Connected in beforeAll. */
  readonly client: Client;
  /** All the server wrote to stderr so far. */
  stderr(): string;
  /** Errors the client saw in the protocol (e.g. a log line on stdout). */
  readonly protocolErrors: Error[];
  /** Calls a tool, expects it to succeed (the tool's own words if not) and returns its structuredContent. */
  ok<T>(name: string, args: Record<string, unknown>): Promise<T>;
}

/** The built server over stdio for the enclosing block: started in beforeAll, closed in afterAll. */
export function stdioServer(args: string[], clientName = 'stdio-test'): StdioServer {
  let client: Client | undefined;
  const stderr: string[] = [];
  const protocolErrors: Error[] = [];
  beforeAll(async () => {
    const transport = new StdioClientTransport({ command: process.execPath, args: [CLI, ...args], env: cleanEnv(), stderr: 'pipe', cwd: ROOT });
    transport.stderr?.on('data', (chunk: Buffer) => stderr.push(chunk.toString()));
    client = new Client({ name: clientName, version: '0' });
    client.onerror = (error) => protocolErrors.push(error);
    await client.connect(transport);
  });
  afterAll(async () => {
    await client?.close();
  });
  return {
    get client() {
      if (!client) throw new Error('the stdio server starts in beforeAll');
      return client;
    },
    stderr: () => stderr.join(''),
    protocolErrors,
    async ok<T>(name: string, args: Record<string, unknown>): Promise<T> {
      const result = await this.client.callTool({ name, arguments: args });
      expect(result.isError, JSON.stringify(result.content)).toBeFalsy();
      return result.structuredContent as T;
    },
  };
}
