// `A=<entry> B=<entry> node --import tsx bench/compare-builds.ts`: two builds of the command over
// stdio against one sandbox, each warmed with 2,000 calls of each tool, then measured in
// alternating rounds: the latency each adds (p50 of calls paired with the same request made
// straight to the sandbox) and its CPU per call (user + system time of its process, /proc). For a
// change too small for `npm run bench` to tell from the machine's drift: copy dist/ aside, build
// the change, and compare (CONTRIBUTING.md, Bench). ROUNDS (6) and CALLS (400 per round) tune it.
import { readFileSync } from 'node:fs';
import { request } from 'undici';
import { connectStdio, killAll, sandboxEnv, spawnSandbox, type StdioServer } from './processes.js';
import { fetchTicketsCall } from './fetch-tickets-call.js';
import { percentile } from './stats.js';

const WARM = 2_000;
const ROUNDS = Number(process.env.ROUNDS ?? 6);
const CALLS = Number(process.env.CALLS ?? 400);

/** CPU time (user + system) a process has used so far, in ms (Linux clock ticks of 10 ms). */
function cpuMs(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  return (Number(fields[11]) + Number(fields[12])) * 10;
}

const entries = { A: process.env.A, B: process.env.B };
if (!entries.A || !entries.B) throw new Error('Set A and B to the two built entries, e.g. A=/tmp/before/bin/helpdesk-mcp.js B=dist/bin/helpdesk-mcp.js');
const sandbox = await spawnSandbox();
const tickets = fetchTicketsCall();
const cases = [
  { tool: 'list_categories', args: {}, path: '/api/categories' },
  { tool: 'fetch_tickets', args: tickets.args, path: tickets.apiPath },
];
const servers: Array<[string, StdioServer]> = [];
for (const [name, entry] of Object.entries(entries)) servers.push([name, await connectStdio(entry!, sandboxEnv(sandbox))]);
for (const [, server] of servers)
  for (const { tool, args } of cases) for (let i = 0; i < WARM; i++) await server.client.callTool({ name: tool, arguments: args });

const results = new Map<string, { added: number[]; cpu: number[] }>();
for (let round = 0; round < ROUNDS; round++) {
  for (const [name, server] of servers) {
    for (const { tool, args, path } of cases) {
      const added: number[] = [];
      const cpuBefore = cpuMs(server.pid);
      for (let i = 0; i < CALLS; i++) {
        let started = performance.now();
        await (await request(`${sandbox.url}${path}`, { headers: { 'x-auth-token': sandbox.apiKey } })).body.json();
        const direct = performance.now() - started;
        started = performance.now();
        const result = await server.client.callTool({ name: tool, arguments: args });
        if (result.isError) throw new Error(`${name} ${tool} failed: ${JSON.stringify(result.content)}`);
        added.push(performance.now() - started - direct);
      }
      const entry = results.get(`${name} ${tool}`) ?? { added: [], cpu: [] };
      entry.added.push(percentile(added, 50));
      entry.cpu.push((cpuMs(server.pid) - cpuBefore) / CALLS);
      results.set(`${name} ${tool}`, entry);
    }
  }
}
const list = (values: number[]) => values.map((value) => value.toFixed(2)).join(' ');
for (const [key, { added, cpu }] of [...results].sort(([a], [b]) => a.localeCompare(b))) {
  console.log(
    `${key.padEnd(18)} added p50 ${percentile(added, 50).toFixed(2)} ms (rounds: ${list(added)}); CPU per call ${percentile(cpu, 50).toFixed(2)} ms (${list(cpu)})`,
  );
}
for (const [, server] of servers) await server.close();
sandbox.child.kill('SIGTERM');
killAll();
