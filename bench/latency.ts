import { fileURLToPath } from 'node:url';
import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { request } from 'undici';
import { connectInProcess } from './in-process.js';
import { connectStdio, profileArgs, sandboxEnv, serverEntry, type SandboxProcess } from './processes.js';
import { interleave, ms, pair, percentile, type Row } from './stats.js';
import { fetchTicketsCall } from './fetch-tickets-call.js';

export const WARM_UP = 50;
const BARE_STDIO = fileURLToPath(new URL('fixtures/bare-stdio-server.mjs', import.meta.url));
const CALLS = 300;
/**
 * Calls of each tool between the first measure and the warm one. On Node 20 V8 keeps compiling
 * our code with its optimising compiler for the first ~2,000 calls of a process (the server's CPU
 * per fetch_tickets call falls from about 4 ms to 1.1 ms over them; the bare server's from 3 ms
 * to 0.6 ms within ~300): a measure of calls 51-350 is mostly of that. Both are reported.
 */
export const WARM_MORE = 1_500;

/** A tool call and the one API request it makes, so the difference is what the server adds. */
interface Case {
  tool: string;
  args: Record<string, unknown>;
  path: string;
}

export function cases(): Case[] {
  const tickets = fetchTicketsCall();
  return [
    { tool: 'list_categories', args: {}, path: '/api/categories' },
    { tool: 'fetch_tickets', args: tickets.args, path: tickets.apiPath },
  ];
}

export async function callOk(client: Client, tool: string, args: Record<string, unknown>) {
  const result = await client.callTool({ name: tool, arguments: args });
  if (result.isError) throw new Error(`${tool} failed: ${JSON.stringify(result.content)}`);
  return result;
}

/** One tool's calls: the server's and the same request straight to the sandbox, interleaved. */
export function pairOf(client: Client, sandbox: SandboxProcess, { tool, args, path }: Case) {
  const direct = async () => {
    const res = await request(`${sandbox.url}${path}`, { headers: { 'x-auth-token': sandbox.apiKey } });
    if (res.statusCode !== 200) throw new Error(`GET ${path}: ${res.statusCode}`);
    await res.body.json();
  };
  return async (rounds: number) => {
    const [base, served] = await interleave(rounds, direct, () => callOk(client, tool, args));
    // Each call against its interleaved twin: a difference of two percentiles can even come out negative.
    return { base, served, added: served.map((time, i) => time - base[i]!) };
  };
}

/**
 * Each tool's latency on a fresh server: its calls 51-350 (the first measure), then, after
 * WARM_MORE more calls of each, 300 more (the warm measure, which the target is for).
 */
async function compare(transport: string, client: Client, sandbox: SandboxProcess): Promise<Row[]> {
  const runs = cases().map((c) => ({ ...c, run: pairOf(client, sandbox, c) }));
  const first = new Map<string, number[]>();
  for (const { tool, run } of runs) {
    await run(WARM_UP);
    first.set(tool, (await run(CALLS)).added);
  }
  for (const { run } of runs) await run(WARM_MORE);
  const rows: Row[] = [];
  for (const { tool, path, run } of runs) {
    const { base, served, added } = await run(CALLS);
    const p = (values: number[], at: number) => ms(percentile(values, at));
    const early = first.get(tool)!;
    rows.push(
      {
        measure: `${transport}: ${tool} latency (p50 / p99)`,
        value: pair(served),
        reference: `direct GET ${path.split('?')[0]} ${pair(base)}`,
        note: `${CALLS} each, interleaved, after ${WARM_UP + CALLS + WARM_MORE} calls of each tool`,
      },
      {
        measure: `${transport}: ${tool} latency added (p50 / p99)`,
        value: `${p(added, 50)} / ${p(added, 99)}`,
        reference: `target ≤ 1 ms at p50; a fresh process's calls ${WARM_UP + 1}–${WARM_UP + CALLS}: ${p(early, 50)} / ${p(early, 99)}`,
      },
    );
  }
  return rows;
}

/** What a tool call adds over the same request made straight to the sandbox, in memory and over stdio. */
export async function latency(sandbox: SandboxProcess): Promise<Row[]> {
  const rows: Row[] = [];
  const inProcess = await connectInProcess(sandbox);
  try {
    rows.push(...(await compare('in-process', inProcess.client, sandbox)));
  } finally {
    await inProcess.close();
  }
  const stdio = await connectStdio(serverEntry(), sandboxEnv(sandbox), { nodeArgs: profileArgs('ours-stdio') });
  try {
    rows.push(...(await compare('stdio', stdio.client, sandbox)));
  } finally {
    await stdio.close();
  }
  // The same calls through a bare SDK server making the same requests: what any SDK server in the
  // middle adds on this machine (two more pipe writes, the SDK's own checks), as the floor of ours.
  const bare = await connectStdio(BARE_STDIO, { SANDBOX_URL: sandbox.url, SANDBOX_KEY: sandbox.apiKey }, { nodeArgs: profileArgs('bare-stdio') });
  try {
    rows.push(...(await compare('stdio, bare SDK server', bare.client, sandbox)));
  } finally {
    await bare.close();
  }
  return rows;
}
