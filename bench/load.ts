import type { ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { freePorts } from '../test/support/free-port.js';
import { spawnBareHttpServer, spawnHttpServer, spawnPlainProxy, spawnSandbox } from './processes.js';
import { inTurn, ms, percentile, type Row } from './stats.js';
import { fetchTicketsCall, fetchTicketsDirect, postFetchTickets } from './fetch-tickets-call.js';
import { WARM_MORE, WARM_UP } from './latency.js';

const SESSIONS = 50;
const CALLS_PER_SESSION = 20;
const SEQUENTIAL_CALLS = 300;

/**
 * 50 concurrent HTTP sessions calling fetch_tickets, against the same calls made straight to the
 * sandbox with undici at the same concurrency; and the same comparison one call at a time, which
 * isolates what the server (MCP, validation, limiter, rendering, HTTP) adds from queueing on a
 * 2-core machine that also runs the load generator and the sandbox.
 */
export async function loadRun(): Promise<Row[]> {
  const sandbox = await spawnSandbox();
  const [port, barePort, statelessPort, plainPort] = (await freePorts(4)) as [number, number, number, number];
  const server = await spawnHttpServer(sandbox, port);
  const url = new URL(`http://127.0.0.1:${port}/mcp`);
  const tickets = fetchTicketsCall();
  const direct = () => fetchTicketsDirect(sandbox, tickets.apiPath);

  let errors = 0;
  let answered = 0;
  const clients = await Promise.all(
    Array.from({ length: SESSIONS }, async () => {
      const client = new Client({ name: 'bench', version: '0' });
      await client.connect(new StreamableHTTPClientTransport(url));
      return client;
    }),
  );
  const viaServer = (client: Client) => async () => {
    const result = await client.callTool({ name: 'fetch_tickets', arguments: tickets.args });
    answered++;
    if (result.isError) errors++;
  };

  // The same call as a plain POST on the first client's session, read with undici: what the
  // server adds without the SDK client's own work (its fetch, SSE parsing and result checks).
  const session = (clients[0]!.transport as StreamableHTTPClientTransport).sessionId!;
  const rawPost = (to: URL, headers: Record<string, string>) => async () => {
    if (!(await postFetchTickets(to, tickets.args, headers))) errors++;
  };

  // The session server's tool calls so far: the rows on the session say which of its calls they are.
  let sessionCalls = 0;
  const counted = (call: () => Promise<void>) => () => (sessionCalls++, call());
  const nextCalls = () => `${sessionCalls + 1}–${sessionCalls + SEQUENTIAL_CALLS}`;
  const firstClient = counted(viaServer(clients[0]!));
  const onSession = counted(rawPost(url, { 'mcp-session-id': session }));
  // The same plain POST to a bare SDK server (stateless, the same request upstream): what any SDK
  // server in the middle adds on this machine.
  const bare = await spawnBareHttpServer(sandbox, barePort);
  const toBare = rawPost(new URL(`http://127.0.0.1:${barePort}/mcp`), {});
  // And to ours stateless, like the bare one: the same request, no session.
  const stateless = await spawnHttpServer(sandbox, statelessPort, ['--stateless']);
  const toStateless = rawPost(new URL(`http://127.0.0.1:${statelessPort}/mcp`), {});
  // And to a plain node:http proxy with no MCP (fixtures/plain-proxy.mjs): what one more loopback
  // HTTP exchange costs this machine now, the floor under both servers.
  const plain = await spawnPlainProxy(sandbox, plainPort);
  const toPlain = rawPost(new URL(`http://127.0.0.1:${plainPort}/mcp`), {});

  await timed(1, WARM_UP, direct); // warm-up of every path
  await timed(1, WARM_UP, firstClient);
  await timed(1, WARM_UP, onSession);
  await timed(1, WARM_UP, toBare);
  await timed(1, WARM_UP, toStateless);
  // As many calls as the servers measured one at a time below get, before the rounds in turn.
  await timed(1, WARM_UP + SEQUENTIAL_CALLS, toPlain);
  const soloDirect = await timed(1, SEQUENTIAL_CALLS, direct);
  const serverCalls = nextCalls();
  const soloServer = await timed(1, SEQUENTIAL_CALLS, firstClient);
  const rawCalls = nextCalls();
  const soloRaw = await timed(1, SEQUENTIAL_CALLS, onSession);
  const soloBare = await timed(1, SEQUENTIAL_CALLS, toBare);
  const soloStateless = await timed(1, SEQUENTIAL_CALLS, toStateless);
  // And again once both stateless servers are warm (V8 optimises over the first ~2,000 calls; see
  // WARM_MORE), each round the direct request, ours, the bare server and the plain proxy in turn,
  // each round starting one further along.
  const warmRound = [direct, toStateless, toBare, toPlain];
  await inTurn(WARM_MORE, warmRound);
  const [warmDirect = [], warmStateless = [], warmBare = [], warmPlain = []] = await inTurn(SEQUENTIAL_CALLS, warmRound);
  // Their exit, not just the signal: with BENCH_PROFILE each server writes its profile on the way out.
  const stopped = (child: ChildProcess) => (child.kill('SIGTERM'), once(child, 'exit'));
  await Promise.all([stopped(bare), stopped(stateless), stopped(plain)]);
  answered = 0;
  errors = 0;
  const loadDirect = await timed(SESSIONS, CALLS_PER_SESSION, direct);
  const loadServer = await timed(SESSIONS, CALLS_PER_SESSION, (worker) => viaServer(clients[worker]!)());

  await Promise.all(clients.map((client) => client.close()));
  await stopped(server);
  sandbox.child.kill('SIGTERM');

  const pair = (values: number[]) => `${ms(percentile(values, 50))} / ${ms(percentile(values, 99))}`;
  // Unpaired samples: only the medians' difference means something (a p99 difference can come out below it).
  const added = (server: number[], base: number[]) => ms(percentile(server, 50) - percentile(base, 50));
  return [
    {
      measure: `load: ${SESSIONS} HTTP sessions x ${CALLS_PER_SESSION} fetch_tickets`,
      value: `${answered}/${SESSIONS * CALLS_PER_SESSION} answered, ${errors} errors`,
      reference: 'every call answered, 0 errors',
    },
    { measure: 'load: latency at 50 concurrent, via server (p50 / p99)', value: pair(loadServer), reference: `direct ${pair(loadDirect)}` },
    {
      measure: 'load: latency the server adds at 50 concurrent (p50)',
      value: added(loadServer, loadDirect),
      note: 'mostly queueing: 2 cores shared with the load generator',
    },
    { measure: 'HTTP: latency one call at a time, via server (p50 / p99)', value: pair(soloServer), reference: `direct ${pair(soloDirect)}` },
    {
      measure: 'HTTP: latency the server adds, one call at a time (p50)',
      value: added(soloServer, soloDirect),
      note: `includes the SDK client's own work; the session server's calls ${serverCalls}, early for V8 (see the stateless row)`,
    },
    { measure: 'HTTP: one call at a time, plain POST on the session (p50 / p99)', value: pair(soloRaw), reference: `direct ${pair(soloDirect)}` },
    {
      measure: 'HTTP: latency the server adds, plain POST on the session (p50)',
      value: added(soloRaw, soloDirect),
      note: `the same call read with undici: no SDK client work; a session's requests go through the SDK's transport; the session server's calls ${rawCalls}`,
    },
    { measure: 'HTTP: one call at a time, plain POST, stateless (p50 / p99)', value: pair(warmStateless), reference: `direct ${pair(warmDirect)}` },
    {
      measure: 'HTTP: latency the server adds, plain POST, stateless (p50)',
      value: added(warmStateless, warmDirect),
      reference: `target ≤ 1.5 ms; bare SDK server ${added(warmBare, warmDirect)}; plain node:http proxy, no MCP ${added(warmPlain, warmDirect)}; a fresh process's calls ${WARM_UP + 1}–${WARM_UP + SEQUENTIAL_CALLS}: ours ${added(soloStateless, soloDirect)}, bare ${added(soloBare, soloDirect)}`,
      note: `ours --stateless and the bare SDK server (stateless, as in throughput), the same plain POST, after ${WARM_UP + SEQUENTIAL_CALLS + WARM_MORE} calls; the plain proxy is the floor: one more loopback HTTP exchange and no MCP`,
    },
  ];
}

/** Runs `concurrency` workers making `each` calls; returns every call's duration. */
async function timed(concurrency: number, each: number, call: (worker: number) => Promise<void>): Promise<number[]> {
  const durations: number[] = [];
  await Promise.all(
    Array.from({ length: concurrency }, async (_, worker) => {
      for (let i = 0; i < each; i++) {
        const started = performance.now();
        await call(worker);
        durations.push(performance.now() - started);
      }
    }),
  );
  return durations;
}
