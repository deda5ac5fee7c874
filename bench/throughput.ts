import { once } from 'node:events';
import { Pool } from 'undici';
import { freePorts } from '../test/support/free-port.js';
import { procCpuMs, spawnBareHttpServer, spawnHttpServer, type SandboxProcess } from './processes.js';
import { ms, percentile, ratio, spread, type Row } from './stats.js';
import { fetchTicketsCall } from './fetch-tickets-call.js';

const CONNECTIONS = 50;
const CALLS_PER_RUN = 2_000;
const ROUNDS = 5;

/**
 * Stateless Streamable HTTP under 50 connections: ours (--stateless) against a bare SDK server
 * with one tool making the same upstream request, driven by the same load generator (raw
 * tools/call POSTs on an undici pool, no MCP client in the way), run after run, alternating which
 * goes first. The ratio is of the medians of requests per second.
 */
export async function throughput(sandbox: SandboxProcess): Promise<Row[]> {
  const [oursPort, barePort] = (await freePorts(2)) as [number, number];
  const ours = await spawnHttpServer(sandbox, oursPort, ['--stateless']);
  const bare = await spawnBareHttpServer(sandbox, barePort);
  const body = JSON.stringify({
    jsonrpc: '2.0',
    id: 1,
    method: 'tools/call',
    params: { name: 'fetch_tickets', arguments: fetchTicketsCall().args },
  });
  const sides = { ours: oursPort, bare: barePort };
  const pids = { ours: ours.pid!, bare: bare.pid! };
  const rates: Record<keyof typeof sides, number[]> = { ours: [], bare: [] };
  // The server's own CPU time per call: what a busy machine disturbs least.
  const cpu: Record<keyof typeof sides, number[]> = { ours: [], bare: [] };
  const failures: string[] = [];
  try {
    for (const side of Object.keys(sides) as Array<keyof typeof sides>) await run(sides[side], body, CALLS_PER_RUN / 4, failures); // warm-up
    for (let round = 0; round < ROUNDS; round++) {
      const order = (round % 2 ? ['bare', 'ours'] : ['ours', 'bare']) as Array<keyof typeof sides>;
      for (const side of order) {
        const cpuBefore = procCpuMs(pids[side]);
        rates[side].push(await run(sides[side], body, CALLS_PER_RUN, failures));
        cpu[side].push((procCpuMs(pids[side]) - cpuBefore) / CALLS_PER_RUN);
      }
    }
  } finally {
    ours.kill('SIGTERM');
    bare.kill('SIGTERM');
    // Their exit, not just the signal: with BENCH_PROFILE each server writes its profile on the way out.
    await Promise.all([once(ours, 'exit'), once(bare, 'exit')]);
  }
  const perSecond = (value: number) => `${Math.round(value).toLocaleString('en-US')} req/s`;
  return [
    {
      measure: `throughput: stateless HTTP, ${CONNECTIONS} connections, fetch_tickets limit 10`,
      value: spread(rates.ours, perSecond),
      reference: `bare SDK server ${spread(rates.bare, perSecond)}`,
      note: `${ROUNDS} runs of ${CALLS_PER_RUN.toLocaleString('en-US')} calls each, alternated; ${failures.length ? `FAILED: ${failures[0]}` : 'every call answered'}`,
    },
    {
      measure: 'throughput: ours / bare SDK server',
      value: ratio(percentile(rates.ours, 50) / percentile(rates.bare, 50)),
      reference: 'target ≥ 0.90× (goal 1.00×)',
      note: 'ratio of the medians',
    },
    {
      measure: 'throughput: server CPU per call',
      value: spread(cpu.ours, ms),
      reference: `bare SDK server ${spread(cpu.bare, ms)}`,
      note: 'user + system time of the server process over each run, per call',
    },
  ];
}

/** `calls` tools/call POSTs over `CONNECTIONS` keep-alive connections; returns requests per second. */
async function run(port: number, body: string, calls: number, failures: string[]): Promise<number> {
  const pool = new Pool(`http://127.0.0.1:${port}`, { connections: CONNECTIONS, pipelining: 1 });
  let left = calls;
  const started = performance.now();
  try {
    await Promise.all(
      Array.from({ length: CONNECTIONS }, async () => {
        while (left-- > 0) {
          const res = await pool.request({
            method: 'POST',
            path: '/mcp',
            headers: { 'content-type': 'application/json', accept: 'application/json, text/event-stream' },
            body,
          });
          const text = await res.body.text();
          if (res.statusCode !== 200 || !text.includes('"result"') || text.includes('"isError":true')) failures.push(`${res.statusCode} ${text.slice(0, 200)}`);
        }
      }),
    );
    return calls / ((performance.now() - started) / 1000);
  } finally {
    await pool.close();
  }
}
