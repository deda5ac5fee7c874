import { fileURLToPath } from 'node:url';
import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { request } from 'undici';
import { connectInProcess } from './in-process.js';
import { connectStdio, profileArgs, sandboxEnv, serverEntry, type SandboxProcess } from './processes.js';
import { interleave, ms, pair, percentile, type Row } from './stats.js';
import { fetchTicketsCall } from './fetch-tickets-call.js';

const WARM_UP = 50;
const BARE_STDIO = fileURLToPath(new URL('fixtures/bare-stdio-server.mjs', import.meta.url));
const CALLS = 300;

/** A tool call and the one API request it makes, so the difference is what the server adds. */
interface Case {
  tool: string;
  args: Record<string, unknown>;
  path: string;
}

function cases(): Case[] {
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

async function compare(transport: string, client: Client, sandbox: SandboxProcess): Promise<Row[]> {
  const rows: Row[] = [];
  for (const { tool, args, path } of cases()) {
    const direct = async () => {
      const res = await request(`${sandbox.url}${path}`, { headers: { 'x-auth-token': sandbox.apiKey } });
      if (res.statusCode !== 200) throw new Error(`GET ${path}: ${res.statusCode}`);
      await res.body.json();
    };
    const viaServer = () => callOk(client, tool, args);
    await interleave(WARM_UP, direct, viaServer);
    const [base, served] = await interleave(CALLS, direct, viaServer);
    // Each call against its interleaved twin: a difference of two percentiles can even come out negative.
    const differences = served.map((time, i) => time - base[i]!);
    const added = (p: number) => percentile(differences, p);
    rows.push(
      {
        measure: `${transport}: ${tool} latency (p50 / p99)`,
        value: pair(served),
        reference: `direct GET ${path.split('?')[0]} ${pair(base)}`,
        note: `${CALLS} each, interleaved`,
      },
      { measure: `${transport}: ${tool} latency added (p50 / p99)`, value: `${ms(added(50))} / ${ms(added(99))}`, reference: 'target ≤ 1 ms at p50' },
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
