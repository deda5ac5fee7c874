import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { request } from 'undici';
import { freePort } from '../test/support/free-port.js';
import { serverEntry, trackChild, waitForHealthz } from './processes.js';
import { mb, type Row } from './stats.js';

const KEYS = 10_000;
const WARM_UP = 1_000;
const CONCURRENCY = 16;
const HEAP_PROBE = fileURLToPath(new URL('fixtures/heap-probe.mjs', import.meta.url));

/**
 * The live heap of an HTTP server whose callers each bring their own key (--key-from-header),
 * over 10,000 distinct keys: each key's limiter must be released once idle, so the heap after
 * the run is where it stood after the warm-up. Measured in the server process after a full GC
 * (fixtures/heap-probe.mjs), against a fake API that accepts any key.
 */
export async function keyChurn(): Promise<Row[]> {
  const api = createServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'application/json' }).end('{"categories":[{"_id":"c1","name":"Billing"}]}');
  });
  api.listen(0, '127.0.0.1');
  await once(api, 'listening');
  const apiUrl = `http://127.0.0.1:${(api.address() as AddressInfo).port}`;
  const port = await freePort();
  const child = trackChild(
    spawn(
      process.execPath,
      ['--expose-gc', HEAP_PROBE, '--transport', 'http', '--port', String(port), '--key-from-header', '--stateless', '--log-level', 'warn'],
      {
        env: { PATH: process.env.PATH ?? '', HEAP_PROBE_ENTRY: serverEntry(), MAVA_BASE_URL: apiUrl, MAVA_RATE_LIMIT: '1000/1s' },
        stdio: ['ignore', 'ignore', 'pipe'],
      },
    ),
  );
  let reported: (kb: number) => void = () => undefined;
  child.stderr!.on('data', (chunk: Buffer) => {
    for (const [, bytes] of chunk.toString().matchAll(/^HEAP (\d+)$/gm)) reported(Number(bytes) / 1024);
  });
  const heapKb = () => {
    const next = new Promise<number>((resolve) => (reported = resolve));
    process.kill(child.pid!, 'SIGUSR2');
    return next;
  };
  const url = `http://127.0.0.1:${port}/mcp`;
  try {
    await waitForHealthz(port);
    let failed = 0;
    const callAs = async (key: number) => {
      const res = await request(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', accept: 'application/json, text/event-stream', 'x-mava-api-key': `mava_bench_key_${key}` },
        body: JSON.stringify({ jsonrpc: '2.0', id: key, method: 'tools/call', params: { name: 'list_categories', arguments: {} } }),
      });
      const text = await res.body.text();
      if (res.statusCode !== 200 || text.includes('"isError":true')) failed++;
    };
    const run = async (from: number, to: number) => {
      let next = from;
      await Promise.all(
        Array.from({ length: CONCURRENCY }, async () => {
          while (next < to) await callAs(next++);
        }),
      );
    };
    // Idle limiters are released every 10 s once their slots are back (1 s window here), and a
    // key's shared server 10 s after its last call (checked every 2.5 s).
    const settle = () => new Promise((resolve) => setTimeout(resolve, 15_000));
    await run(0, WARM_UP);
    await settle();
    const afterWarmUp = await heapKb();
    await run(WARM_UP, KEYS);
    const beforeRelease = await heapKb();
    await settle();
    const afterAll = await heapKb();
    const perThousand = ((afterAll - afterWarmUp) / (KEYS - WARM_UP)) * 1_000;
    return [
      {
        measure: `live heap over ${KEYS.toLocaleString('en-US')} distinct caller keys (HTTP, --key-from-header)`,
        value: `${perThousand >= 0 ? '+' : ''}${perThousand.toFixed(0)} KB per 1,000 keys (${mb(afterWarmUp)} → ${mb(afterAll)})`,
        reference: 'near 0 = nothing kept per key',
        note: `heapUsed after a full GC, after ${WARM_UP.toLocaleString('en-US')} keys and after all, each time once idle limiters and shared servers were released (${mb(beforeRelease)} just before); ${failed} failed calls`,
      },
    ];
  } finally {
    child.kill('SIGTERM');
    api.close();
  }
}
