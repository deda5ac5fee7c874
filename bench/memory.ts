import { connectInProcess } from './in-process.js';
import { callOk } from './latency.js';
import { connectStdio, procStatusKb, sandboxEnv, serverEntry, type SandboxProcess } from './processes.js';
import { mb, percentile, slope, type Row } from './stats.js';

const CALLS = 1_000;
const SAMPLE_EVERY = 100;
// Samples before this many calls are warm-up (JIT, pools, first GCs) and left out of the trend.
const TREND_FROM = 300;

/**
 * The stdio server's resident memory over 1,000 calls. The child has no --expose-gc, so the samples
 * include garbage not yet collected; only a steady climb would point at a leak.
 */
export async function memory(sandbox: SandboxProcess, startPeaksKb: number[]): Promise<Row[]> {
  const end = new Date().toISOString();
  const start = new Date(Date.parse(end) - 30 * 86_400_000).toISOString();
  const server = await connectStdio(serverEntry(), sandboxEnv(sandbox));
  const samples: Array<[calls: number, kb: number]> = [];
  let peakKb: number;
  try {
    for (let i = 1; i <= CALLS; i++) {
      if (i % 2) await callOk(server.client, 'list_categories', {});
      else await callOk(server.client, 'fetch_tickets', { startDate: start, endDate: end, limit: 10 });
      if (i % SAMPLE_EVERY === 0) samples.push([i, procStatusKb(server.pid, 'VmRSS')]);
    }
    peakKb = procStatusKb(server.pid, 'VmHWM');
  } finally {
    await server.close();
  }
  const trend = samples.filter(([calls]) => calls >= TREND_FROM);
  const perHundredKb = slope(trend.map(([calls]) => calls / 100), trend.map(([, kb]) => kb));
  const meanKb = trend.reduce((sum, [, kb]) => sum + kb, 0) / trend.length;
  // Flat: the fitted line moves less than 2% of the RSS across the whole span.
  const flat = Math.abs(perHundredKb * ((CALLS - TREND_FROM) / 100)) < 0.02 * meanKb;
  const [first, last] = [samples[0]!, samples.at(-1)!];
  const startPeak = percentile(startPeaksKb, 50);
  return [
    { measure: `peak RSS after ${CALLS.toLocaleString('en-US')} tool calls (stdio)`, value: mb(peakKb), reference: `at start ${mb(startPeak)} (median of the cold starts)`, note: 'list_categories and fetch_tickets limit 10, alternating; one run' },
    {
      measure: `RSS trend, calls ${TREND_FROM}–${CALLS}`,
      value: `${perHundredKb >= 0 ? '+' : ''}${perHundredKb.toFixed(0)} KB per 100 calls (${first[0]}: ${mb(first[1])} → ${last[0]}: ${mb(last[1])})`,
      reference: 'near 0 = no growth trend',
      note: `least squares over VmRSS every ${SAMPLE_EVERY} calls; ${flat ? 'no growth trend' : 'grows: RSS alone cannot tell uncollected garbage from a leak'}`,
    },
  ];
}

const HEAP_CALLS = 6_000;

/**
 * The live heap after a full collection, in-process (the bench runs with --expose-gc): what RSS
 * cannot tell apart, garbage not yet collected and objects kept. Flat means nothing is kept per call.
 */
export async function heapAfterGc(sandbox: SandboxProcess): Promise<Row[]> {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (!gc) return [{ measure: 'live heap after GC', value: 'not measured', note: 'run the bench with node --expose-gc (npm run bench does)' }];
  const end = new Date().toISOString();
  const start = new Date(Date.parse(end) - 30 * 86_400_000).toISOString();
  const server = await connectInProcess(sandbox);
  const samples: Array<[calls: number, kb: number]> = [];
  try {
    for (let i = 1; i <= HEAP_CALLS; i++) {
      if (i % 2) await callOk(server.client, 'list_categories', {});
      else await callOk(server.client, 'fetch_tickets', { startDate: start, endDate: end, limit: 10 });
      if (i % 500 === 0) {
        gc();
        samples.push([i, process.memoryUsage().heapUsed / 1024]);
      }
    }
  } finally {
    await server.close();
  }
  const trend = samples.filter(([calls]) => calls >= 2_000);
  const perThousandKb = slope(trend.map(([calls]) => calls / 1_000), trend.map(([, kb]) => kb));
  const [first, last] = [samples[0]!, samples.at(-1)!];
  return [
    {
      measure: `live heap after GC over ${HEAP_CALLS.toLocaleString('en-US')} calls (in-process)`,
      value: `${perThousandKb >= 0 ? '+' : ''}${perThousandKb.toFixed(0)} KB per 1,000 calls (${first[0]}: ${mb(first[1])} → ${last[0]}: ${mb(last[1])})`,
      reference: 'near 0 = nothing kept per call',
      note: 'heapUsed after gc() every 500 calls, fitted from 2,000 on (JIT warm-up before); the bench client lives in this process too',
    },
  ];
}
