import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { cleanEnv } from './clean-env.js';
import { freePort } from './free-port.js';

export const CLI = fileURLToPath(new URL('../../dist/bin/helpdesk-mcp.js', import.meta.url));

export interface SpawnedServer {
  url: string;
  child: ChildProcess;
  stderr: () => string;
  /** Resolves with the exit code. */
  exited: Promise<number | null>;
  stop(): Promise<number | null>;
}

/** Starts the built CLI over HTTP on `port` (default a free one) and waits until /healthz answers. */
export async function spawnHttpServer(args: string[], env: Record<string, string> = {}, port?: number): Promise<SpawnedServer> {
  port ??= await freePort();
  const child = spawn(process.execPath, [CLI, '--transport', 'http', '--port', String(port), ...args], {
    env: { ...cleanEnv(), ...env },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let log = '';
  child.stderr!.on('data', (chunk: Buffer) => (log += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const url = `http://127.0.0.1:${port}/mcp`;
  for (let tries = 0; ; tries++) {
    if (child.exitCode !== null) throw new Error(`server exited early:\n${log}`);
    const up = await fetch(url.replace('/mcp', '/healthz')).then(
      (r) => r.ok,
      () => false,
    );
    if (up) break;
    if (tries > 200) throw new Error(`server did not start:\n${log}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return {
    url,
    child,
    stderr: () => log,
    exited,
    async stop() {
      if (child.exitCode === null) child.kill('SIGTERM');
      return exited;
    },
  };
}
