import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';

export const ROOT = resolve(fileURLToPath(new URL('..', import.meta.url)));

export interface SandboxProcess {
  url: string;
  apiKey: string;
  child: ChildProcess;
}

// Every child still running, so that a failed measure cannot leave one behind (see killAll).
const running = new Set<() => number | null | undefined>();

function track(pid: () => number | null | undefined): () => void {
  running.add(pid);
  return () => running.delete(pid);
}

export function trackChild(child: ChildProcess): ChildProcess {
  const untrack = track(() => child.pid);
  child.once('exit', untrack);
  return child;
}

/** Ends every child the bench started and has not yet seen end. */
export function killAll(): void {
  for (const pid of running) {
    const id = pid();
    if (id) {
      try {
        process.kill(id, 'SIGKILL');
      } catch {
        // already gone
      }
    }
  }
  running.clear();
}

/** The file a user runs: package.json bin.helpdesk-mcp, read each time since it may become a bundle. */
export function serverEntry(): string {
  const pkg = JSON.parse(readFileSync(`${ROOT}/package.json`, 'utf8')) as { bin: Record<string, string> };
  return resolve(ROOT, pkg.bin['helpdesk-mcp']!);
}

/** The two builds compare-builds(-http).ts compare: the entries in A and B. */
export function buildsToCompare(): { A: string; B: string } {
  const { A, B } = process.env;
  if (!A || !B) throw new Error('Set A and B to the two built entries, e.g. A=/tmp/before/bin/helpdesk-mcp.js B=dist/bin/helpdesk-mcp.js');
  return { A, B };
}

/** Starts bench/sandbox-process.ts and reads where it listens. */
export async function spawnSandbox(): Promise<SandboxProcess> {
  const child = trackChild(spawn(process.execPath, ['--import', 'tsx', 'bench/sandbox-process.ts'], { cwd: ROOT, stdio: ['ignore', 'pipe', 'inherit'] }));
  const [line] = (await once(createInterface({ input: child.stdout! }), 'line')) as [string];
  return { ...(JSON.parse(line) as { url: string; apiKey: string }), child };
}

/** With BENCH_PROFILE=DIR, node's arguments that write a CPU profile named for `name` into DIR when the process exits. */
export function profileArgs(name: string): string[] {
  const dir = process.env.BENCH_PROFILE;
  return dir ? ['--cpu-prof', '--cpu-prof-dir', dir, '--cpu-prof-name', `${name}-${Date.now()}.cpuprofile`] : [];
}

/** Starts the built server (or the build at `entry`) over HTTP against `sandbox`, with `args` and `env` besides, and waits for /healthz. */
export async function spawnHttpServer(
  sandbox: SandboxProcess,
  port: number,
  args: string[] = [],
  env: Record<string, string> = {},
  entry = serverEntry(),
): Promise<ChildProcess> {
  const child = trackChild(
    spawn(process.execPath, [...profileArgs('ours'), entry, '--transport', 'http', '--port', String(port), '--log-level', 'warn', ...args], {
      env: { ...process.env, MAVA_API_KEY: sandbox.apiKey, MAVA_BASE_URL: sandbox.url, MAVA_RATE_LIMIT: '1000000/1s', ...env },
      stdio: ['ignore', 'ignore', 'inherit'],
    }),
  );
  await waitForHealthz(port);
  return child;
}

/** Starts the bare SDK stateless HTTP server (fixtures/bare-http-server.mjs) against `sandbox`, and waits for /healthz. */
export function spawnBareHttpServer(sandbox: SandboxProcess, port: number): Promise<ChildProcess> {
  return spawnFixture('bare-http-server.mjs', 'bare', sandbox, port);
}

/** Starts the plain node:http proxy (fixtures/plain-proxy.mjs) against `sandbox`, and waits for /healthz. */
export function spawnPlainProxy(sandbox: SandboxProcess, port: number): Promise<ChildProcess> {
  return spawnFixture('plain-proxy.mjs', 'plain', sandbox, port);
}

async function spawnFixture(file: string, name: string, sandbox: SandboxProcess, port: number): Promise<ChildProcess> {
  const child = trackChild(
    spawn(process.execPath, [...profileArgs(name), `${ROOT}/bench/fixtures/${file}`], {
      env: { ...process.env, PORT: String(port), SANDBOX_URL: sandbox.url, SANDBOX_KEY: sandbox.apiKey },
      stdio: ['ignore', 'ignore', 'inherit'],
    }),
  );
  await waitForHealthz(port);
  return child;
}

/** Waits until the HTTP server on `port` answers /healthz. */
export async function waitForHealthz(port: number): Promise<void> {
  for (let tries = 0; tries < 200; tries++) {
    if (
      await fetch(`http://127.0.0.1:${port}/healthz`).then(
        (r) => r.ok,
        () => false,
      )
    )
      return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error('the HTTP server did not start');
}

/** The environment of a stdio server pointed at `sandbox`, as a user would configure it. */
export const sandboxEnv = (sandbox: SandboxProcess) => ({ MAVA_API_KEY: sandbox.apiKey, MAVA_BASE_URL: sandbox.url, MAVA_RATE_LIMIT: '1000000/1s' });

export interface StdioServer {
  client: Client;
  pid: number;
  close(): Promise<void>;
}

/**
 * Spawns `node <script>` and connects an SDK client over stdio. The child sees only `env` and the
 * SDK's short default list (HOME, PATH, ...), so no HELPDESK_* or MAVA_* leaks from this shell.
 */
export interface StdioOptions {
  /** Flags for node itself, before the script. */
  nodeArgs?: string[];
  /** Sees everything the child writes to stderr. */
  onStderr?: (text: string) => void;
}

export async function connectStdio(script: string, env: Record<string, string>, { nodeArgs = [], onStderr }: StdioOptions = {}): Promise<StdioServer> {
  const transport = new StdioClientTransport({ command: process.execPath, args: [...nodeArgs, script], env, cwd: ROOT, stderr: 'pipe' });
  // Keep stderr flowing (a full pipe would block the child) and keep its tail for a failure message.
  let tail = '';
  transport.stderr?.on('data', (chunk: Buffer) => {
    tail = (tail + chunk.toString()).slice(-2000);
    onStderr?.(chunk.toString());
  });
  const client = new Client({ name: 'bench', version: '0' });
  const connecting = client.connect(transport);
  const untrack = track(() => transport.pid);
  const close = async () => {
    await client.close().catch(() => undefined);
    untrack();
  };
  try {
    await connecting;
  } catch (error) {
    await close();
    throw new Error(`${script} did not start: ${(error as Error).message}\n${tail}`);
  }
  return { client, pid: transport.pid!, close };
}

/** A field of /proc/<pid>/status in KB: VmHWM (peak resident set) or VmRSS (now). */
export function procStatusKb(pid: number, field: 'VmHWM' | 'VmRSS'): number {
  const match = new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  if (!match) throw new Error(`no ${field} for pid ${pid}`);
  return Number(match[1]);
}

/** CPU time (user + system) a process has used so far, in ms: /proc/<pid>/stat, in clock ticks of 10 ms. */
export function procCpuMs(pid: number): number {
  // The fields after the command name, which is in parentheses and may hold spaces.
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  return (Number(fields[11]) + Number(fields[12])) * 10;
}
