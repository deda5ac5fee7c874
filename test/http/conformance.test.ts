import { execFile } from 'node:child_process';
import { createRequire } from 'node:module';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawnHttpServer, type SpawnedServer } from '../support/spawn-server.js';

// The official MCP conformance suite against the HTTP server, as a client would meet it.
const SUITE = createRequire(import.meta.url).resolve('@modelcontextprotocol/conformance/dist/index.js');
const SCENARIOS = ['server-initialize', 'ping', 'tools-list', 'logging-set-level', 'dns-rebinding-protection', 'server-sse-multiple-streams', 'prompts-list'];

let server: SpawnedServer;
beforeAll(async () => {
  server = await spawnHttpServer(['--sandbox']);
});
afterAll(() => server.stop());

describe('@modelcontextprotocol/conformance', () => {
  // Side by side, sharing the machine: each may take as long as its suite run is allowed (60 s).
  it.concurrent.each(SCENARIOS)(
    '%s passes',
    async (scenario) => {
      const { stdout } = await promisify(execFile)(process.execPath, [SUITE, 'server', '--url', server.url, '--scenario', scenario], { timeout: 60_000 });
      const summary = /Passed: (\d+)\/(\d+), (\d+) failed/.exec(stdout);
      expect(summary, stdout).not.toBeNull();
      expect(summary![3], stdout).toBe('0');
      expect(summary![1]).toBe(summary![2]);
    },
    60_000,
  );
});
