import { spawn } from 'node:child_process';
import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cleanEnv } from './support/clean-env.js';
import { CLI } from './support/spawn-server.js';
import { STANDIN_DATA, startStandin, type Standin } from './support/mava-standin/index.js';

// A write in flight when the client closes stdin or the process gets SIGTERM: the server lets it
// finish (or, past the grace period, ends it saying it may have been applied), answers it,
// writes its audit line, and only then exits.
const KEY = 'mava_live_SHUTDOWN_STDIO_000000001';
const TICKET = STANDIN_DATA.ticketIds.discord;

let standin: Standin;
beforeAll(async () => {
  standin = await startStandin({ apiKey: KEY });
});
afterAll(async () => {
  await standin.close();
});

/** The built CLI over raw stdio: JSON-RPC lines in, lines out. */
async function rawStdio(env: Record<string, string> = {}) {
  const audit = join(await mkdtemp(join(tmpdir(), 'stdio-shutdown-')), 'audit.log');
  const child = spawn(process.execPath, [CLI, '--audit-log', audit], {
    env: { ...cleanEnv(), MAVA_API_KEY: KEY, MAVA_BASE_URL: standin.url, ...env },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const replies = new Map<number, Record<string, unknown>>();
  const waiting = new Map<number, (reply: Record<string, unknown>) => void>();
  createInterface({ input: child.stdout }).on('line', (line) => {
    const message = JSON.parse(line) as { id?: number };
    if (typeof message.id !== 'number') return;
    replies.set(message.id, message);
    waiting.get(message.id)?.(message);
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const send = (message: Record<string, unknown>) => child.stdin.write(`${JSON.stringify({ jsonrpc: '2.0', ...message })}\n`);
  const reply = (id: number) => new Promise<Record<string, unknown>>((resolve) => (replies.has(id) ? resolve(replies.get(id)!) : waiting.set(id, resolve)));
  send({ id: 0, method: 'initialize', params: { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 'raw', version: '0' } } });
  await reply(0);
  send({ method: 'notifications/initialized' });
  return {
    child,
    send,
    reply,
    replies,
    exited,
    stderr: () => stderr,
    audit: async () =>
      (await readFile(audit, 'utf8'))
        .trim()
        .split('\n')
        .map((line) => JSON.parse(line) as Record<string, unknown>),
  };
}

const sendCall = (id: number, content: string) => ({ id, method: 'tools/call', params: { name: 'send_message', arguments: { ticketId: TICKET, content } } });

describe('stdio shutdown with a write in flight', () => {
  it('stdin closed: the write finishes, is answered and audited, then the process exits 0', async () => {
    const server = await rawStdio();
    const applied = standin.requests.length;
    standin.respondNext('PUT /api/message', { status: 200, body: { message: { _id: 'm1' }, ticket: {}, sender: {} }, delayMs: 1_500 });
    server.send(sendCall(1, 'Closing stdin mid-send'));
    // In flight: the API has it, and its answer is held.
    await arrived(() => standin.requests.slice(applied).some((r) => r.path === '/api/message'));
    expect(server.replies.has(1)).toBe(false);
    server.child.stdin.end();
    expect(await server.exited).toBe(0);
    const answer = server.replies.get(1) as { result?: { isError?: boolean; content: Array<{ text: string }> } } | undefined;
    expect(answer?.result?.isError, JSON.stringify(answer)).toBeFalsy();
    expect(answer?.result?.content[0]!.text).toContain('Message sent to the customer');
    expect(standin.requests.slice(applied).filter((r) => r.path === '/api/message')).toHaveLength(1);
    expect(await server.audit()).toEqual([expect.objectContaining({ tool: 'send_message', outcome: 'done' })]);
    expect(server.stderr()).not.toMatch(/audit log write failed/);
  });

  it('SIGTERM past the grace period: the caller is told it may have been sent, the audit line says uncertain', async () => {
    const server = await rawStdio({ HELPDESK_SHUTDOWN_GRACE_MS: '300' });
    standin.respondNext('PUT /api/message', { status: 200, body: { message: { _id: 'm2' }, ticket: {}, sender: {} }, delayMs: 5_000 });
    const before = standin.requests.length;
    server.send(sendCall(1, 'Terminated mid-send'));
    // In flight: the API has it (a send stopped before it left would rightly say nothing changed).
    await arrived(() => standin.requests.slice(before).some((r) => r.path === '/api/message'));
    server.child.kill('SIGTERM');
    expect(await server.exited).toBe(0);
    const answer = server.replies.get(1) as { result?: { isError?: boolean; content: Array<{ text: string }> } } | undefined;
    expect(answer?.result?.isError, JSON.stringify(answer)).toBe(true);
    expect(answer?.result?.content[0]!.text).toMatch(/shutting down.*It may have been sent: check the ticket before retrying/s);
    expect(await server.audit()).toEqual([expect.objectContaining({ tool: 'send_message', outcome: 'uncertain', reason: 'shutdown' })]);
  });
});

/** Resolves once `done()` holds, checked every 10 ms (for 10 s at most). */
async function arrived(done: () => boolean): Promise<void> {
  for (let waited = 0; !done(); waited += 10) {
    if (waited > 10_000) throw new Error('the request never reached the API');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
