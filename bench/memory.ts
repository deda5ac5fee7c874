import { fileURLToPath } from 'node:url';
import { callOk } from './latency.js';
import { connectStdio, procStatusKb, sandboxEnv, serverEntry, type SandboxProcess } from './processes.js';
import { mb, ratio, slope, type Row } from './stats.js';
import { fetchTicketsCall } from './fetch-tickets-call.js';

const CALLS = 1_000;
/** The run goes on past CALLS to show where RSS settles once V8 has sized its heap. */
const LONG_CALLS = 3_000;
const SAMPLE_EVERY = 100;
// Samples before this many calls are warm-up (JIT, pools, first GCs) and left out of the trend.
const TREND_FROM = 300;

/**
 * Least-squares growth per `per` calls over the samples in [from, to], and whether it is flat
 * (the fitted line moves less than 2% of the mean across the span).
 */
function trend(samples: Array<[calls: number, kb: number]>, from: number, to: number, per = 100) {
  const window = samples.filter(([calls]) => calls >= from && calls <= to);
  const growthKb = slope(
    window.map(([calls]) => calls / per),
    window.map(([, kb]) => kb),
  );
  const meanKb = window.reduce((sum, [, kb]) => sum + kb, 0) / window.length;
  const [first, last] = [window[0]!, window.at(-1)!];
  return {
    flat: Math.abs(growthKb * ((to - from) / per)) < 0.02 * meanKb,
    value: `${growthKb >= 0 ? '+' : ''}${growthKb.toFixed(0)} KB per ${per.toLocaleString('en-US')} calls (${first[0]}: ${mb(first[1])} → ${last[0]}: ${mb(last[1])})`,
  };
}

/**
 * The stdio server's resident memory over 1,000 calls, and on to 3,000. The child has no
 * --expose-gc, so the samples include garbage not yet collected; only a steady climb would point
 * at a leak.
 */
export async function memory(sandbox: SandboxProcess): Promise<Row[]> {
  const { args } = fetchTicketsCall();
  const server = await connectStdio(serverEntry(), sandboxEnv(sandbox));
  const samples: Array<[calls: number, kb: number]> = [];
  let peakKb = 0;
  let rssKb = 0;
  // Its own start, as the cold starts read theirs: once tools/list is answered.
  await server.client.listTools();
  const startKb = procStatusKb(server.pid, 'VmHWM');
  try {
    for (let i = 1; i <= LONG_CALLS; i++) {
      if (i % 2) await callOk(server.client, 'list_categories', {});
      else await callOk(server.client, 'fetch_tickets', args);
      if (i % SAMPLE_EVERY === 0) samples.push([i, procStatusKb(server.pid, 'VmRSS')]);
      if (i === CALLS) [peakKb, rssKb] = [procStatusKb(server.pid, 'VmHWM'), procStatusKb(server.pid, 'VmRSS')];
    }
  } finally {
    await server.close();
  }
  const early = trend(samples, TREND_FROM, CALLS);
  const late = trend(samples, CALLS, LONG_CALLS);
  const growth = (flat: boolean) => (flat ? 'no growth trend' : 'grows: RSS alone cannot tell uncollected garbage from a leak');
  const calls = CALLS.toLocaleString('en-US');
  return [
    {
      measure: `RSS after ${calls} tool calls (stdio)`,
      value: mb(rssKb),
      reference: `at start ${mb(startKb)} (the same process, once tools/list was answered)`,
      note: 'list_categories and fetch_tickets limit 10, alternating; one run; VmRSS',
    },
    { measure: `RSS after ${calls} tool calls / at start`, value: ratio(rssKb / startKb), reference: 'target ≤ 1.50×' },
    {
      measure: `peak RSS after ${calls} tool calls (stdio)`,
      value: mb(peakKb),
      reference: `at start ${mb(startKb)}`,
      note: 'the same run; VmHWM, the most the process ever held',
    },
    { measure: `peak RSS after ${calls} tool calls / at start`, value: ratio(peakKb / startKb), reference: 'target ≤ 1.50×' },
    {
      measure: `RSS trend, calls ${TREND_FROM}–${CALLS}`,
      value: early.value,
      reference: 'near 0 = no growth trend',
      note: `least squares over VmRSS every ${SAMPLE_EVERY} calls; ${growth(early.flat)}`,
    },
    {
      measure: `RSS trend, calls ${CALLS.toLocaleString('en-US')}–${LONG_CALLS.toLocaleString('en-US')}`,
      value: late.value,
      reference: 'near 0 = no growth trend',
      note: `the same run, continued; ${growth(late.flat)}`,
    },
  ];
}

const HEAP_CALLS = 6_000;
const HEAP_PROBE = fileURLToPath(new URL('fixtures/heap-probe.mjs', import.meta.url));

/**
 * The live heap after a full collection in the stdio server process itself (run through
 * fixtures/heap-probe.mjs with --expose-gc): what RSS cannot tell apart, garbage not yet collected
 * and objects kept. Flat means nothing is kept per call.
 */
export async function heapAfterGc(sandbox: SandboxProcess): Promise<Row[]> {
  const { args } = fetchTicketsCall();
  let reported: (kb: number) => void = () => undefined;
  // Bytes allocated in each window of 500 calls, from the probe's report before its collection.
  const allocated: Array<[calls: number, bytes: number]> = [];
  let calls = 0;
  const onStderr = (text: string) => {
    for (const [, bytes] of text.matchAll(/^ALLOCATED (\d+)$/gm)) allocated.push([calls, Number(bytes)]);
    for (const [, bytes] of text.matchAll(/^HEAP (\d+)$/gm)) reported(Number(bytes) / 1024);
  };
  const server = await connectStdio(HEAP_PROBE, { ...sandboxEnv(sandbox), HEAP_PROBE_ENTRY: serverEntry() }, { nodeArgs: ['--expose-gc'], onStderr });
  const samples: Array<[calls: number, kb: number]> = [];
  try {
    for (let i = 1; i <= HEAP_CALLS; i++) {
      if (i % 2) await callOk(server.client, 'list_categories', {});
      else await callOk(server.client, 'fetch_tickets', args);
      if (i % 500 === 0) {
        calls = i;
        const heapKb = new Promise<number>((resolve) => (reported = resolve));
        process.kill(server.pid, 'SIGUSR2');
        samples.push([i, await heapKb]);
      }
    }
  } finally {
    await server.close();
  }
  const { value } = trend(samples, 2_000, HEAP_CALLS, 1_000);
  const measured = allocated.filter(([at]) => at > 2_000);
  const perCallKb = measured.reduce((sum, [, bytes]) => sum + bytes, 0) / 1024 / (measured.length * 500);
  return [
    {
      measure: `live heap after GC over ${HEAP_CALLS.toLocaleString('en-US')} calls (stdio server)`,
      value,
      reference: 'near 0 = nothing kept per call',
      note: 'heapUsed after a full GC every 500 calls, in the server process; fitted from 2,000 on (JIT warm-up before)',
    },
    {
      measure: 'garbage per tool call (stdio server)',
      value: `${perCallKb.toFixed(0)} KB`,
      reference: 'list_categories and fetch_tickets limit 10, alternating',
      note: 'V8 heap allocated per call from 2,000 calls on (GC profiler in the server process), nearly all of it garbage',
    },
  ];
}
