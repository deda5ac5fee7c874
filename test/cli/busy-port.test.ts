import { spawn } from 'node:child_process';
import { createServer, type Server } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cleanEnv } from '../support/clean-env.js';
import { CLI } from '../support/spawn-server.js';

// A port another program holds: the server says so and exits non-zero, sandbox or not, rather
// than run on serving nothing.
let holder: Server;
let port: number;
beforeAll(async () => {
  holder = createServer();
  await new Promise<void>((resolve) => holder.listen(0, '127.0.0.1', resolve));
  port = (holder.address() as { port: number }).port;
});
afterAll(() => new Promise((resolve) => holder.close(resolve)));

function start(args: string[], env: Record<string, string>): Promise<{ code: number | null; stderr: string }> {
  const child = spawn(process.execPath, [CLI, '--transport', 'http', '--port', String(port), ...args], {
    env: { ...cleanEnv(), ...env },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  // Ends a server that serves instead of exiting, within the test's time even on a busy machine, where starting node alone can take seconds.
  const killer = setTimeout(() => child.kill('SIGKILL'), 25_000);
  return new Promise((resolve) =>
    child.once('exit', (code) => {
      clearTimeout(killer);
      resolve({ code, stderr });
    }),
  );
}

describe('a busy port', () => {
  it.each([
    ['--sandbox', ['--sandbox'], {}],
    ['an API key', [], { MAVA_API_KEY: 'mava_live_BUSYPORT_0123456789abcdef' }],
  ])('with %s: exits 1, naming the port, instead of serving nothing', async (_, args, env) => {
    const { code, stderr } = await start(args, env);
    expect(code, stderr).toBe(1);
    expect(stderr).toMatch(new RegExp(`failed to start: .*${port}`));
    expect(stderr).toMatch(/in use/i);
  });
});
