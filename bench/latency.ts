import { fileURLToPath } from 'node:url';
import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { request } from 'undici';
import { connectInProcess } from './in-process.js';
import { connectStdio, profileArgs, sandboxEnv, serverEntry, type SandboxProcess } from './processes.js';
import { inTurn, ms, pair, percentile, type Row } from './stats.js';
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

/**
 * One tool's calls on each of `clients` and the same request straight to the sandbox, in turn
 * (`inTurn`): each client's server is measured in the same moments of the machine as the others.
 */
export function roundsOf(clients: readonly Client[], sandbox: SandboxProcess, { tool, args, path }: Case) {
  const direct = async () => {
    const res = await request(`${sandbox.url}${path}`, { headers: { 'x-auth-token': sandbox.apiKey } });
    if (res.statusCode !== 200) throw new Error(`GET ${path}: ${res.statusCode}`);
    await res.body.json();
  };
  const calls = clients.map((client) => () => callOk(client, tool, args));
  return async (rounds: number) => {
    const [base = [], ...served] = await inTurn(rounds, [direct, ...calls]);
    // Each call against the direct request of its own round: a difference of two percentiles can even come out negative.
    return { base, served, added: served.map((times) => times.map((time, i) => time - base[i]!)) };
  };
}

/** A server measured by `compare`, and the name its rows take. */
interface Measured {
  name: string;
  client: Client;
}

/**
 * Each tool's latency on fresh servers: their calls 51-350 (the first measure), then, after
 * WARM_MORE more calls of each, 300 more (the warm measure, which the target is for). Every
 * server's calls are in the same rounds.
 */
async function compare(servers: readonly Measured[], sandbox: SandboxProcess): Promise<Row[]> {
  const clients = servers.map(({ client }) => client);
  const runs = cases().map((c) => ({ ...c, run: roundsOf(clients, sandbox, c) }));
  const first = new Map<string, number[][]>();
  for (const { tool, run } of runs) {
    await run(WARM_UP);
    first.set(tool, (await run(CALLS)).added);
  }
  for (const { run } of runs) await run(WARM_MORE);
  // Rows by server, then by tool.
  const rows = servers.map((): Row[] => []);
  const p = (values: number[], at: number) => ms(percentile(values, at));
  for (const { tool, path, run } of runs) {
    const { base, served, added } = await run(CALLS);
    servers.forEach(({ name }, s) => {
      const early = first.get(tool)![s]!;
      rows[s]!.push(
        {
          measure: `${name}: ${tool} latency (p50 / p99)`,
          value: pair(served[s]!),
          reference: `direct GET ${path.split('?')[0]} ${pair(base)}`,
          note: `${CALLS} each, in turn with the direct request${servers.length > 1 ? ' and the other server' : ''}, after ${WARM_UP + CALLS + WARM_MORE} calls of each tool`,
        },
        {
          measure: `${name}: ${tool} latency added (p50 / p99)`,
          value: `${p(added[s]!, 50)} / ${p(added[s]!, 99)}`,
          reference: `target ≤ 1 ms at p50; a fresh process's calls ${WARM_UP + 1}–${WARM_UP + CALLS}: ${p(early, 50)} / ${p(early, 99)}`,
        },
      );
    });
  }
  return rows.flat();
}

/** What a tool call adds over the same request made straight to the sandbox, in memory and over stdio. */
export async function latency(sandbox: SandboxProcess): Promise<Row[]> {
  const rows: Row[] = [];
  const inProcess = await connectInProcess(sandbox);
  try {
    rows.push(...(await compare([{ name: 'in-process', client: inProcess.client }], sandbox)));
  } finally {
    await inProcess.close();
  }
  // Ours over stdio, and in the same rounds a bare SDK server making the same requests: what any
  // SDK server in the middle adds on this machine at that moment (two more pipe writes, the SDK's
  // own checks), the floor of ours.
  const stdio = await connectStdio(serverEntry(), sandboxEnv(sandbox), { nodeArgs: profileArgs('ours-stdio') });
  const bare = await connectStdio(BARE_STDIO, { SANDBOX_URL: sandbox.url, SANDBOX_KEY: sandbox.apiKey }, { nodeArgs: profileArgs('bare-stdio') });
  try {
    rows.push(
      ...(await compare(
        [
          { name: 'stdio', client: stdio.client },
          { name: 'stdio, bare SDK server', client: bare.client },
        ],
        sandbox,
      )),
    );
  } finally {
    await Promise.all([stdio.close(), bare.close()]);
  }
  return rows;
}
