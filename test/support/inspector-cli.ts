import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { delimiter, dirname, join } from 'node:path';
import { cleanEnv } from './clean-env.js';

// The pinned devDependency, run from node_modules: no npx, no network. The current Inspector
// (2.x) needs Node 22.19; on an older Node the last 1.x line runs instead (README, "Node.js versions").
const CURRENT_RUNS =
  Number(process.versions.node.split('.')[0]) > 22 || (process.versions.node.startsWith('22.') && Number(process.versions.node.split('.')[1]) >= 19);
const packageName = CURRENT_RUNS ? '@modelcontextprotocol/inspector-current' : '@modelcontextprotocol/inspector';
const packageJson = createRequire(import.meta.url).resolve(`${packageName}/package.json`);
const manifest = JSON.parse(readFileSync(packageJson, 'utf8')) as { version: string; bin: Record<string, string> };
export const INSPECTOR_VERSION = manifest.version;
const BIN = join(dirname(packageJson), manifest.bin['mcp-inspector']!);

/** The tests' environment without our settings; the launcher re-runs itself with `node` from PATH, so ours goes first. */
function inspectorEnv(): Record<string, string> {
  const env = cleanEnv();
  return { ...env, PATH: [dirname(process.execPath), env.PATH].filter(Boolean).join(delimiter) };
}

/**
 * Runs `mcp-inspector --cli <target...> <options...>` and returns the JSON it printed.
 * `target` is a server command line or a URL (with `--transport http`). Rejects, with the command
 * line, exit code, stdout and stderr, on a non-zero exit, a timeout or output that is not JSON.
 */
export function inspect(target: string[], options: string[], timeoutMs = 20_000): Promise<Record<string, unknown>> {
  const args = [BIN, '--cli', ...target, ...options];
  const commandLine = [process.execPath, ...args].join(' ');
  return new Promise((resolve, reject) => {
    // Its own process group: a timeout ends the launcher, the CLI it spawned and any stdio server.
    // cwd: the CLI imports `../package.json` (relative to its module) whenever `../package.json`
    // exists relative to the working directory, and crashes when the two differ; in its own build
    // folder neither exists and it falls back to its real package.json.
    const child = spawn(process.execPath, args, { cwd: dirname(BIN), env: inspectorEnv(), stdio: ['ignore', 'pipe', 'pipe'], detached: true });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      process.kill(-child.pid!, 'SIGKILL');
    }, timeoutMs);
    const fail = (why: string) => reject(new Error(`${why}\n$ ${commandLine}\n--- stdout\n${stdout}\n--- stderr\n${stderr}`));
    child.once('error', (error) => {
      clearTimeout(timer);
      fail(`inspector did not start: ${error.message}`);
    });
    child.once('close', (code, signal) => {
      clearTimeout(timer);
      if (timedOut) return fail(`inspector timed out after ${timeoutMs} ms`);
      if (code !== 0) return fail(`inspector exited with ${code ?? signal}`);
      // The result is the JSON document that starts on a line of its own; anything before it
      // (a banner, should a version print one to stdout) is skipped.
      const start = stdout.search(/^[{[]/m);
      try {
        resolve(JSON.parse(stdout.slice(Math.max(start, 0))) as Record<string, unknown>);
      } catch (error) {
        fail(`inspector printed no JSON result: ${(error as Error).message}`);
      }
    });
  });
}
