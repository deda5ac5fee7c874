// `A=<entry> B=<entry> node --import tsx bench/compare-builds-http.ts`: two builds of the command
// over HTTP (--stateless) against one sandbox, from their first call: each window makes CALLS
// rounds of the request straight to the sandbox, the same fetch_tickets call as a plain POST to
// each build, and to the plain proxy (fixtures/plain-proxy.mjs, the floor), each round starting
// one further along. Each window prints the latency each adds (p50 minus the direct request's
// p50) and its CPU per call (user + system time of its process, /proc): how a build warms up, and
// where it settles. WINDOWS (10) and CALLS (300) tune it. CONTRIBUTING.md, Bench.
import { freePorts } from '../test/support/free-port.js';
import { fetchTicketsCall, fetchTicketsDirect, postFetchTickets } from './fetch-tickets-call.js';
import { buildsToCompare, killAll, procCpuMs, spawnHttpServer, spawnPlainProxy, spawnSandbox } from './processes.js';
import { inTurn, percentile } from './stats.js';

const WINDOWS = Number(process.env.WINDOWS ?? 10);
const CALLS = Number(process.env.CALLS ?? 300);

const entries = buildsToCompare();
const sandbox = await spawnSandbox();
const tickets = fetchTicketsCall();
const [portA, portB, portPlain] = (await freePorts(3)) as [number, number, number];
const servers = [
  { name: 'A', child: await spawnHttpServer(sandbox, portA, ['--stateless'], {}, entries.A), port: portA },
  { name: 'B', child: await spawnHttpServer(sandbox, portB, ['--stateless'], {}, entries.B), port: portB },
  { name: 'plain proxy', child: await spawnPlainProxy(sandbox, portPlain), port: portPlain },
];
const calls = [
  () => fetchTicketsDirect(sandbox, tickets.apiPath),
  ...servers.map(({ port: to }) => async () => {
    if (!(await postFetchTickets(`http://127.0.0.1:${to}/mcp`, tickets.args))) throw new Error(`the server on port ${to} did not answer fetch_tickets`);
  }),
];

for (let window = 0; window < WINDOWS; window++) {
  const cpuBefore = servers.map(({ child }) => procCpuMs(child.pid!));
  const [directTimes = [], ...times] = await inTurn(CALLS, calls);
  const base = percentile(directTimes, 50);
  const each = servers.map(({ name, child }, which) => {
    const cpu = (procCpuMs(child.pid!) - cpuBefore[which]!) / CALLS;
    return `${name} ${(percentile(times[which]!, 50) - base).toFixed(2)} ms (CPU ${cpu.toFixed(2)})`;
  });
  console.log(`calls ${window * CALLS + 1}–${(window + 1) * CALLS}: direct ${base.toFixed(2)} ms; added: ${each.join(', ')}`);
}
for (const { child } of servers) child.kill('SIGTERM');
sandbox.child.kill('SIGTERM');
killAll();
