import { execFile } from 'node:child_process';
import { createRequire } from 'node:module';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startProtectedServer, type ProtectedServer } from '../support/oidc/protected-server.js';
import { startTokenProxy, type TokenProxy } from '../support/oidc/token-proxy.js';

// The pinned conformance suite (@modelcontextprotocol/conformance 0.1.13) checks authorization
// only from the client's side (auth/* client scenarios); none of its server scenarios concern it.
// So: make sure that is still so (a newer pin with server-side authorization scenarios fails here
// until they run against the signed-in server), and run the server scenarios the HTTP tests run
// (test/http/conformance.test.ts) against the server with sign-in on, through a proxy adding a token.
const SUITE = createRequire(import.meta.url).resolve('@modelcontextprotocol/conformance/dist/index.js');
const SCENARIOS = ['server-initialize', 'ping', 'tools-list', 'logging-set-level', 'server-sse-multiple-streams', 'prompts-list'];
const run = promisify(execFile);

let protectedServer: ProtectedServer;
let proxy: TokenProxy;
beforeAll(async () => {
  protectedServer = await startProtectedServer();
  proxy = await startTokenProxy(protectedServer.url, await protectedServer.issuer.clientCredentialsToken());
});
afterAll(async () => {
  await proxy?.close();
  await protectedServer?.close();
});

describe('@modelcontextprotocol/conformance and sign-in', () => {
  it('has no server scenario about authorization (its auth/* scenarios test clients)', async () => {
    const { stdout } = await run(process.execPath, [SUITE, 'list']);
    const [server = '', client = ''] = stdout.split('Client scenarios');
    expect(client).toMatch(/auth\//);
    expect(
      server
        .match(/^\s+- (.+)$/gm)
        ?.map((line) => line.trim().slice(2))
        .filter((name) => /auth/i.test(name)),
    ).toEqual([]);
  });

  // Side by side, sharing the machine: each may take as long as its suite run is allowed (60 s).
  it.concurrent.each(SCENARIOS)(
    '%s passes with a token',
    async (scenario) => {
      const { stdout } = await run(process.execPath, [SUITE, 'server', '--url', proxy.url, '--scenario', scenario], { timeout: 60_000 });
      const summary = /Passed: (\d+)\/(\d+), (\d+) failed/.exec(stdout);
      expect(summary, stdout).not.toBeNull();
      expect(summary![3], stdout).toBe('0');
      expect(summary![1]).toBe(summary![2]);
    },
    60_000,
  );

  it('fails without one', async () => {
    const { stdout } = await run(process.execPath, [SUITE, 'server', '--url', protectedServer.url, '--scenario', 'server-initialize'], {
      timeout: 60_000,
    }).catch((error: { stdout: string }) => error);
    expect(stdout).toMatch(/401|Unauthorized|failed/i);
  });
});
