import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cleanEnv } from '../support/clean-env.js';
import { runProcess } from '../support/run-process.js';

// The package as people get it: packed, installed into an empty folder, run through npx and imported.
const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const TSC = join(ROOT, 'node_modules/typescript/bin/tsc');

/** A shell's environment: none of npm's own variables from `npm test`, none of ours. */
const freshEnv = () => cleanEnv(/^npm_/i);

function npm(args: string[], cwd: string): string {
  return execFileSync('npm', args, { cwd, env: freshEnv(), encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], timeout: 120_000 });
}

/** A README example, exactly as printed there after `<!-- example:NAME -->`. */
function readmeExample(name: string): string {
  const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
  const block = new RegExp(`<!-- example:${name} -->\\s*\`\`\`js\\n([\\s\\S]*?)\`\`\``).exec(readme);
  if (!block) throw new Error(`README.md has no \`\`\`js block after <!-- example:${name} -->`);
  return block[1]!;
}

/**
 * Writes the README example into the installed app and runs it with node; it must exit on its own
 * (killed after 90 s: alongside the other cases on a busy machine, a 2 s run can take twenty).
 */
function runExample(app: string, name: string) {
  writeFileSync(join(app, `${name}.mjs`), readmeExample(name));
  return runProcess(process.execPath, [`${name}.mjs`], { cwd: app, env: freshEnv(), timeout: 90_000 });
}

interface ServerEntry {
  command: string;
  args?: string[];
  env?: Record<string, string>;
}

/** Every server entry of the JSON blocks in the README's "Connect a client" section. */
function readmeClientConfigs(): Array<{ name: string; entry: ServerEntry }> {
  const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
  const section = readme.slice(readme.indexOf('## Connect a client'), readme.indexOf('## Configuration'));
  return [...section.matchAll(/```json\n([\s\S]*?)```/g)].flatMap(([, json]) => {
    const parsed = JSON.parse(json!) as { mcpServers?: Record<string, ServerEntry>; servers?: Record<string, ServerEntry> };
    return Object.entries(parsed.mcpServers ?? parsed.servers ?? {}).map(([name, entry]) => ({ name, entry }));
  });
}

// The cases only read the installed folder (each writes its own files), so they run side by side;
// sharing the machine, each may take as long as all of them would one after another.
describe.concurrent('the npm package', { timeout: 120_000 }, () => {
  let dir: string;
  let app: string;
  let files: string[];

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'helpdesk-package-'));
    // `npm test` built dist/ just before; prepack would rebuild it under the feet of the other tests.
    const [packed] = JSON.parse(npm(['pack', ROOT, '--ignore-scripts', '--json', '--pack-destination', dir], dir)) as Array<{
      filename: string;
      files: Array<{ path: string }>;
    }>;
    files = packed!.files.map((file) => file.path);
    app = join(dir, 'app');
    mkdirSync(app);
    npm(['install', join(dir, packed!.filename), '--no-audit', '--no-fund', '--prefer-offline'], app);
  }, 180_000);
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('holds only what runs: built code, its types and licences, README, LICENSE', () => {
    expect(files).toContain('dist/bin/helpdesk-mcp.js');
    expect(files).toContain('dist/index.js');
    expect(files).toContain('dist/index.d.ts');
    expect(files).toEqual(expect.arrayContaining(['README.md', 'LICENSE', 'package.json']));
    expect(files).toContain('dist/bin/THIRD_PARTY_NOTICES.txt');
    // The command is the bundle: the compiled cli.js would be dead weight.
    expect(files.filter((path) => path.startsWith('dist/cli.'))).toEqual([]);
    const notices = readFileSync(join(app, 'node_modules/helpdesk-mcp/dist/bin/THIRD_PARTY_NOTICES.txt'), 'utf8');
    const { dependencies } = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { dependencies: Record<string, string> };
    for (const [name, version] of Object.entries(dependencies)) expect(notices, name).toContain(`${name}@${version} (`);
    // The tools/list entries the build computed, which the command serves (src/built-listings.ts).
    expect(files).toContain('dist/bin/chunks/tool-listings.json');
    const strays = files.filter((path) => !/^(dist\/.+\.(js|d\.ts|txt)|dist\/bin\/chunks\/tool-listings\.json|README\.md|LICENSE|package\.json)$/.test(path));
    expect(strays).toEqual([]);
  });

  it('installed into an empty folder, `npx helpdesk-mcp --sandbox` answers tools/list and serves a tool', async () => {
    const transport = new StdioClientTransport({ command: 'npx', args: ['helpdesk-mcp', '--sandbox'], cwd: app, env: freshEnv(), stderr: 'pipe' });
    const client = new Client({ name: 'package-test', version: '0' });
    await client.connect(transport);
    try {
      const { tools } = await client.listTools();
      expect(tools.map((tool) => tool.name).sort()).toEqual([
        'add_internal_note',
        'fetch_tickets',
        'identify_customer',
        'list_categories',
        'send_message',
        'update_ticket',
      ]);
      const result = await client.callTool({ name: 'list_categories', arguments: {} });
      expect(result.isError).toBeFalsy();
      expect((result.structuredContent as { categories: unknown[] }).categories.length).toBeGreaterThan(3);
    } finally {
      await client.close();
    }
  });

  it('starts from every client block in the README, as pasted (Windows blocks: on Windows only)', async () => {
    const configs = readmeClientConfigs();
    expect(configs.length).toBeGreaterThanOrEqual(3);
    const start = async ({ entry }: { entry: ServerEntry }) => {
      if (entry.command === 'cmd' && process.platform !== 'win32') {
        expect(entry.args?.slice(0, 2)).toEqual(['/c', 'npx']);
        return;
      }
      const transport = new StdioClientTransport({
        command: entry.command,
        args: entry.args ?? [],
        cwd: app,
        env: { ...freshEnv(), ...entry.env },
        stderr: 'pipe',
      });
      const client = new Client({ name: 'readme-config', version: '0' });
      await client.connect(transport);
      try {
        expect(
          (await client.listTools()).tools.map((tool) => tool.name),
          JSON.stringify(entry),
        ).toContain('fetch_tickets');
      } finally {
        await client.close();
      }
    };
    await Promise.all(configs.map(start));
  });

  it("runs the README's library example as written, and it exits on its own", async () => {
    const run = await runExample(app, 'library');
    expect(run.status, run.stderr).toBe(0);
    expect(run.stdout).toContain('tools: fetch_tickets, list_categories');
    expect(run.stdout).toMatch(/Tickets created .* \(today \d{4}-\d\d-\d\d UTC\): \d+ match, showing 1-3\./);
  });

  it("runs the README's HTTP embedding example as written: an agent reaches the tools through the framework's own server", async () => {
    const run = await runExample(app, 'library-http');
    expect(run.status, run.stderr).toBe(0);
    expect(run.stdout).toContain('over HTTP: fetch_tickets, update_ticket, send_message, add_internal_note, identify_customer, list_categories');
    expect(run.stdout).toMatch(/^\d+ categories \(_id {2}name\):$/m);
  });

  it('gives TypeScript users typed exports, and nothing but the entry point', async () => {
    const check = [
      "import { ConfigError, createServer, loadConfig, startSandbox, type Config, type RunningSandbox } from 'helpdesk-mcp';",
      "const config: Config = loadConfig(['--provider', 'inboxops', '--sandbox'], {});",
      'const sandbox: Promise<RunningSandbox> = startSandbox(config);',
      'const port: number = createServer({ config }).server.getClientCapabilities() ? 1 : config.http.port;',
      'const problems: string[] = new ConfigError(["x"]).problems;',
      '// @ts-expect-error the provider name is checked',
      "const wrong: Config['provider'] = 'zendesk';",
      'export { sandbox, port, problems, wrong };',
    ].join('\n');
    writeFileSync(join(app, 'check.ts'), check);
    writeFileSync(join(app, 'deep.ts'), "import { parseConfig } from 'helpdesk-mcp/dist/config.js';\nexport { parseConfig };\n");
    // One compiler run for both files (starting tsc is most of its cost): every error it reports is in deep.ts.
    const tsc = await runProcess(
      process.execPath,
      [TSC, '--noEmit', '--strict', '--skipLibCheck', '--module', 'nodenext', '--moduleResolution', 'nodenext', '--target', 'es2022', 'check.ts', 'deep.ts'],
      { cwd: app },
    );
    const errors = tsc.stdout.split('\n').filter((line) => /error TS\d+/.test(line));
    expect(errors.length, tsc.stdout + tsc.stderr).toBeGreaterThan(0);
    expect(
      errors.filter((line) => !line.startsWith('deep.ts(')),
      tsc.stdout,
    ).toEqual([]);
    expect(tsc.stdout).toMatch(/Cannot find module 'helpdesk-mcp\/dist\/config\.js'|not exported/);
  });
});
