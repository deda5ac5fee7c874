// `A=<entry> B=<entry> node --import tsx bench/compare-builds.ts`: two builds of the command over
// stdio against one sandbox, each warmed with WARM calls of each tool, then measured in
// alternating rounds: the latency each adds (p50 of calls paired with the same request made
// straight to the sandbox) and its CPU per call (user + system time of its process, /proc). For a
// change too small for `npm run bench` to tell from the machine's drift: copy dist/ aside, build
// the change, and compare (CONTRIBUTING.md, Bench). ROUNDS (6), CALLS (400 per round) and WARM
// (2,000; 50 compares the first calls of a fresh process) tune it.
import { cases, pairOf } from './latency.js';
import { buildsToCompare, connectStdio, killAll, procCpuMs, sandboxEnv, spawnSandbox } from './processes.js';
import { percentile } from './stats.js';

const WARM = Number(process.env.WARM ?? 2_000);
const ROUNDS = Number(process.env.ROUNDS ?? 6);
const CALLS = Number(process.env.CALLS ?? 400);

const entries = buildsToCompare();
const sandbox = await spawnSandbox();
const servers = [];
for (const [name, entry] of Object.entries(entries)) {
  const server = await connectStdio(entry, sandboxEnv(sandbox));
  servers.push({ name, server, runs: cases().map((c) => ({ tool: c.tool, run: pairOf(server.client, sandbox, c) })) });
}
for (const { runs } of servers) for (const { run } of runs) await run(WARM);

const results = new Map<string, { added: number[]; cpu: number[] }>();
for (let round = 0; round < ROUNDS; round++) {
  for (const { name, server, runs } of servers) {
    for (const { tool, run } of runs) {
      const cpuBefore = procCpuMs(server.pid);
      const { added } = await run(CALLS);
      const entry = results.get(`${name} ${tool}`) ?? { added: [], cpu: [] };
      entry.added.push(percentile(added, 50));
      entry.cpu.push((procCpuMs(server.pid) - cpuBefore) / CALLS);
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
for (const { server } of servers) await server.close();
sandbox.child.kill('SIGTERM');
killAll();
