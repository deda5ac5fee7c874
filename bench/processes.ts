import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { createInterface } from 'node:readline';

export interface SandboxProcess {
  url: string;
  apiKey: string;
  child: ChildProcess;
}

/** Starts bench/sandbox-process.ts and reads where it listens. */
export async function spawnSandbox(): Promise<SandboxProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'bench/sandbox-process.ts'], { stdio: ['ignore', 'pipe', 'inherit'] });
  const [line] = (await once(createInterface({ input: child.stdout! }), 'line')) as [string];
  return { ...(JSON.parse(line) as { url: string; apiKey: string }), child };
}

/** Starts the built server over HTTP against `sandbox`, and waits for /healthz. */
export async function spawnHttpServer(sandbox: SandboxProcess, port: number): Promise<ChildProcess> {
  const profile = process.env.BENCH_PROFILE ? ['--cpu-prof', '--cpu-prof-dir', process.env.BENCH_PROFILE] : [];
  const child = spawn(process.execPath, [...profile, 'dist/cli.js', '--transport', 'http', '--port', String(port), '--log-level', 'warn'], {
    env: { ...process.env, MAVA_API_KEY: sandbox.apiKey, MAVA_BASE_URL: sandbox.url, MAVA_RATE_LIMIT: '1000000/1s' },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  for (let tries = 0; tries < 200; tries++) {
    if (await fetch(`http://127.0.0.1:${port}/healthz`).then((r) => r.ok, () => false)) return child;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error('the HTTP server did not start');
}
