import { connectInProcess } from './in-process.js';
import type { SandboxProcess } from './processes.js';
import { callOk } from './latency.js';
import { ms, ratio, spread, type Row } from './stats.js';

const CALLS = 40;
const LIMIT = { requests: 10, windowMs: 2_000 };
const REPEATS = 3;
// The first `requests` go at once, then each further batch waits a window: the least time the limit allows.
const FLOOR_MS = (Math.ceil(CALLS / LIMIT.requests) - 1) * LIMIT.windowMs;

/** A burst larger than the limit: how close the limiter comes to the fastest the limit permits. */
export async function burst(sandbox: SandboxProcess): Promise<Row[]> {
  const durations: number[] = [];
  for (let i = 0; i < REPEATS; i++) {
    // A fresh server each time, so each burst starts with a full window.
    const server = await connectInProcess(sandbox, LIMIT);
    try {
      const started = performance.now();
      await Promise.all(Array.from({ length: CALLS }, () => callOk(server.client, 'list_categories', {})));
      durations.push(performance.now() - started);
    } finally {
      await server.close();
    }
  }
  const limit = `${LIMIT.requests}/${LIMIT.windowMs / 1000}s`;
  return [
    {
      measure: `burst: ${CALLS} list_categories at once, limit ${limit}`,
      value: spread(durations, ms),
      reference: `least the limit allows ${ms(FLOOR_MS)}`,
      note: `in-process; ${REPEATS} bursts, every call answered`,
    },
    {
      measure: 'burst: duration / least allowed',
      value: spread(
        durations.map((d) => d / FLOOR_MS),
        ratio,
      ),
      reference: '≤ 1.25× (typically ~1.02×)',
    },
  ];
}
