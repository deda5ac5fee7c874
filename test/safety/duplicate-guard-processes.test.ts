import { mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { afterAll, describe, expect, it, type TestContext } from 'vitest';
import { cleanEnv } from '../support/clean-env.js';
import { CLI } from '../support/spawn-server.js';
import { STANDIN_DATA, startStandin } from '../support/mava-standin/index.js';
import { ROOT } from '../support/stdio-server.js';

// The duplicate guard between processes, as a client that starts a new stdio server for every
// call (LangChain's MultiServerMCPClient) meets it: every process talks to the same API, and the
// state directory they share is a temp dir, never the real home. Runs the BUILT server.
const KEY = 'mava_live_PROCESSES_LEDGER_0000001';
const TICKET = STANDIN_DATA.ticketIds.discord;

const stateDirs: string[] = [];

afterAll(async () => {
  await Promise.all(stateDirs.map((dir) => rm(dir, { recursive: true, force: true })));
});

interface Process {
  call(name: string, args: Record<string, unknown>): Promise<{ isError: boolean; text: string; structured: unknown }>;
  stderr(): string;
  close(): Promise<void>;
}

/**
 * A stand-in of the test's own, so the tests run side by side, and the processes the test starts
 * on it; all ended when the test finishes.
 */
async function onOwnStandin({ onTestFinished }: TestContext) {
  const standin = await startStandin({ apiKey: KEY });
  const open: Client[] = [];
  onTestFinished(async () => {
    await Promise.all(open.map((client) => client.close()));
    await standin.close();
  });

  /** One stdio server process on the stand-in, with these variables on top of the key and URL. */
  async function start(env: Record<string, string | undefined>, args: string[] = []): Promise<Process> {
    const merged = { ...cleanEnv(), MAVA_API_KEY: KEY, MAVA_BASE_URL: standin.url, ...env };
    const transport = new StdioClientTransport({
      command: process.execPath,
      args: [CLI, ...args],
      env: Object.fromEntries(Object.entries(merged).filter((entry): entry is [string, string] => entry[1] !== undefined)),
      stderr: 'pipe',
      cwd: ROOT,
    });
    let stderr = '';
    transport.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const client = new Client({ name: 'one-call-per-process', version: '0' });
    await client.connect(transport);
    open.push(client);
    return {
      async call(name, callArgs) {
        const result = await client.callTool({ name, arguments: callArgs });
        const text = (result.content as Array<{ text?: string }>).map((part) => part.text ?? '').join('\n');
        return { isError: result.isError === true, text, structured: result.structuredContent };
      },
      stderr: () => stderr,
      close: () => client.close(),
    };
  }

  return {
    start,
    /** Starts a process, makes one call, and ends the process: what such a client does per call. */
    async oneCall(env: Record<string, string | undefined>, name: string, args: Record<string, unknown>) {
      const server = await start(env);
      try {
        return await server.call(name, args);
      } finally {
        await server.close();
      }
    },
    /** The texts the stand-in accepted on /api/message (messages and notes), in order. */
    delivered: () =>
      standin.requests.filter((r) => r.path === '/api/message' && r.status === 200).map((r) => (JSON.parse(r.rawBody) as { content: string }).content),
  };
}

async function stateDir(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'helpdesk-mcp-state-'));
  stateDirs.push(dir);
  return dir;
}

// The cases run side by side and share the machine, so each may take as long as all of them would one after another.
describe.concurrent('duplicate guard across processes (one stdio server per call)', { timeout: 120_000 }, () => {
  it('the same message through a second process is refused; the API gets it once', async (context) => {
    const { oneCall, delivered } = await onOwnStandin(context);
    const env = { HELPDESK_STATE_DIR: await stateDir() };
    const text = 'Your refund went out today.';
    expect((await oneCall(env, 'send_message', { ticketId: TICKET, content: text })).isError).toBe(false);
    const again = await oneCall(env, 'send_message', { ticketId: TICKET, content: text });
    expect(again.text).toMatch(/^The same message was already sent to ticket .* Nothing was sent this time\./);
    expect(delivered()).toEqual([text]);
    // allowDuplicate: true still sends it again, from yet another process.
    expect((await oneCall(env, 'send_message', { ticketId: TICKET, content: text, allowDuplicate: true })).isError).toBe(false);
    expect(delivered()).toEqual([text, text]);
  });

  it('the same internal note through a second process is refused; the API gets it once', async (context) => {
    const { oneCall, delivered } = await onOwnStandin(context);
    const env = { HELPDESK_STATE_DIR: await stateDir() };
    const note = 'Customer asked twice about the refund.';
    expect((await oneCall(env, 'add_internal_note', { ticketId: TICKET, content: note })).isError).toBe(false);
    const again = await oneCall(env, 'add_internal_note', { ticketId: TICKET, content: note });
    expect(again.text).toMatch(/^The same note was already added on ticket .* Nothing was sent this time\./);
    expect(delivered()).toEqual([note]);
  });

  it('two processes sending the same message at the same moment: exactly one sends it', async (context) => {
    const { start, delivered } = await onOwnStandin(context);
    const env = { HELPDESK_STATE_DIR: await stateDir() };
    const servers = await Promise.all([start(env), start(env), start(env)]);
    const results = await Promise.all(servers.map((server) => server.call('send_message', { ticketId: TICKET, content: 'Racing from processes' })));
    expect(results.filter((r) => !r.isError)).toHaveLength(1);
    for (const refused of results.filter((r) => r.isError)) expect(refused.text).toMatch(/is being sent right now|was already sent/);
    expect(delivered()).toEqual(['Racing from processes']);
  });

  it('by default keeps the ledger under $XDG_STATE_HOME/helpdesk-mcp (mode 0700), holding digests only: no key, ticket or text', async (context) => {
    const { oneCall } = await onOwnStandin(context);
    const home = await stateDir();
    const env = { HOME: home, XDG_STATE_HOME: join(home, 'xdg'), HELPDESK_STATE_DIR: undefined };
    const text = 'A reply only digests may reveal.';
    expect((await oneCall(env, 'send_message', { ticketId: TICKET, content: text })).isError).toBe(false);
    expect((await oneCall(env, 'send_message', { ticketId: TICKET, content: text })).text).toContain('was already sent');
    const dir = join(home, 'xdg', 'helpdesk-mcp');
    expect((await stat(dir)).mode & 0o777).toBe(0o700);
    const names = await readdir(join(dir, 'sent'));
    const entries = names.filter((name) => /^[0-9a-f]{64}$/.test(name));
    expect(entries).toHaveLength(1);
    const onDisk = (await Promise.all(names.map((name) => readFile(join(dir, 'sent', name), 'utf8')))).join('\n');
    for (const secret of [KEY, TICKET, text, 'refund']) expect(onDisk).not.toContain(secret);
    expect((await stat(join(dir, 'sent', entries[0]!))).mode & 0o777).toBe(0o600);
  });

  it('a state directory that cannot be written: one warning line, and the guard holds within each process only', async (context) => {
    const { start } = await onOwnStandin(context);
    const blocker = join(await stateDir(), 'a-file');
    await writeFile(blocker, '');
    const env = { HELPDESK_STATE_DIR: join(blocker, 'state') };
    const server = await start(env);
    expect((await server.call('send_message', { ticketId: TICKET, content: 'Despite a read-only home' })).isError).toBe(false);
    expect((await server.call('send_message', { ticketId: TICKET, content: 'Despite a read-only home' })).text).toContain('was already sent');
    const warnings = server
      .stderr()
      .split('\n')
      .filter((line) => / WARN /.test(line));
    expect(warnings).toEqual([
      expect.stringMatching(
        /duplicate guard: the state directory .*a-file\/state cannot be written \((ENOTDIR|EACCES|EROFS)\), so repeats are caught within this process only; give a writable --state-dir, or --state-dir none$/,
      ),
    ]);
    expect(server.stderr()).not.toMatch(/\n\s+at /); // no stack trace
  });

  it('a process that only reads never touches the state directory', async (context) => {
    const { start } = await onOwnStandin(context);
    const dir = join(await stateDir(), 'never');
    const server = await start({ HELPDESK_STATE_DIR: dir });
    expect((await server.call('fetch_tickets', { limit: 1 })).isError).toBe(false);
    await server.close();
    await expect(stat(dir)).rejects.toMatchObject({ code: 'ENOENT' });
  });

  it('--state-dir none: each process keeps its own ledger, as before', async (context) => {
    const { oneCall, delivered } = await onOwnStandin(context);
    const env = { HELPDESK_STATE_DIR: 'none' };
    for (let i = 0; i < 2; i++) expect((await oneCall(env, 'add_internal_note', { ticketId: TICKET, content: 'Per process' })).isError).toBe(false);
    expect(delivered()).toEqual(['Per process', 'Per process']);
  });

  it('--sandbox writes nothing to the state directory: its API and its ledger live in the process', async (context) => {
    const { start } = await onOwnStandin(context);
    const home = await stateDir();
    const sandbox = await start({ HOME: home, XDG_STATE_HOME: home, HELPDESK_STATE_DIR: undefined, MAVA_API_KEY: undefined, MAVA_BASE_URL: undefined }, [
      '--sandbox',
    ]);
    const { tickets } = (await sandbox.call('fetch_tickets', { limit: 1 })).structured as { tickets: Array<{ _id: string }> };
    expect((await sandbox.call('add_internal_note', { ticketId: tickets[0]!._id, content: 'Sandbox note' })).isError).toBe(false);
    expect((await sandbox.call('add_internal_note', { ticketId: tickets[0]!._id, content: 'Sandbox note' })).text).toContain('was already added');
    expect(await readdir(home)).toEqual([]);
  });
});
