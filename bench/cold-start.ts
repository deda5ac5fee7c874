import { relative } from 'node:path';
import { connectStdio, procStatusKb, ROOT, serverEntry } from './processes.js';
import { mb, ms, ratio, spread, type Row } from './stats.js';

// 20 pairs: with 10 the median ratio moved by ±0.05 from run to run on the shared machine.
const ROUNDS = 20;
const MINIMAL = `${ROOT}/bench/fixtures/minimal-server.mjs`;
// tools/list makes no API call: a key that looks real and a port nothing listens on are enough.
const OURS_ENV = { MAVA_API_KEY: 'bench_key_0000000000000000', MAVA_BASE_URL: 'http://127.0.0.1:9' };

interface Start {
  ms: number;
  peakKb: number;
}

async function start(script: string, env: Record<string, string>): Promise<Start> {
  const started = performance.now();
  const server = await connectStdio(script, env);
  try {
    await server.client.listTools();
    const elapsed = performance.now() - started;
    return { ms: elapsed, peakKb: procStatusKb(server.pid, 'VmHWM') };
  } finally {
    await server.close();
  }
}

/** Spawn to tools/list answered over stdio, ours against the smallest SDK server, interleaved. */
export async function coldStart(): Promise<Row[]> {
  const entry = serverEntry();
  // One unmeasured start each, so neither pays for a cold disk cache.
  await start(entry, OURS_ENV);
  await start(MINIMAL, {});
  const ours: Start[] = [];
  const minimal: Start[] = [];
  for (let i = 0; i < ROUNDS; i++) {
    ours.push(await start(entry, OURS_ENV));
    minimal.push(await start(MINIMAL, {}));
  }
  // Ratios of neighbouring runs cancel the machine's drift better than a ratio of two medians.
  const pairRatios = (pick: (s: Start) => number) => ours.map((s, i) => pick(s) / pick(minimal[i]!));
  const time = (runs: Start[]) => runs.map((s) => s.ms);
  const peak = (runs: Start[]) => runs.map((s) => s.peakKb);
  return [
    {
      measure: 'cold start: spawn → tools/list answered (stdio)',
      value: spread(time(ours), ms),
      reference: `minimal SDK server ${spread(time(minimal), ms)}`,
      note: `node ${relative(ROOT, entry)}; ${ROUNDS} each, interleaved`,
    },
    {
      measure: 'cold start: ours / minimal',
      value: spread(
        pairRatios((s) => s.ms),
        ratio,
      ),
      reference: 'target ≤ 0.80×',
      note: 'ratio of each interleaved pair',
    },
    {
      measure: 'peak RSS at start (VmHWM)',
      value: spread(peak(ours), mb),
      reference: `minimal SDK server ${spread(peak(minimal), mb)}`,
      note: 'read right after tools/list answered',
    },
    {
      measure: 'peak RSS at start: ours / minimal',
      value: spread(
        pairRatios((s) => s.peakKb),
        ratio,
      ),
      reference: 'target ≤ 1.00×',
      note: 'ratio of each interleaved pair',
    },
  ];
}
