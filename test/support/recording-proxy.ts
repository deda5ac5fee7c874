// A recording proxy in front of a sandbox, so the stand-in contract suites can read the requests
// a tool sent to the sandbox exactly as they arrived (the sandbox's own log keeps only method,
// path and status). Each request is recorded in the stand-ins' shape (../standin-core.ts), its
// bytes forwarded unchanged, and the sandbox's answer (or its dropped connection) passed back.
// Node built-ins only.

import { createServer, request as forward, type IncomingMessage } from 'node:http';
import { performance } from 'node:perf_hooks';
import { listen } from '../../src/sandbox/listen.js';
import type { Arrival, Outcome } from './standin-core.js';

export interface RecordingProxy<R> {
  /** http://127.0.0.1:PORT */
  readonly url: string;
  /** Every request, in arrival order, with the status the sandbox answered (0: connection dropped). */
  readonly requests: R[];
  /** Forget what was recorded. */
  reset(): void;
  close(): Promise<void>;
}

export interface ProxyReading<R> {
  /** How the body's bytes become rawBody, as in the stand-in for the same API. */
  bodyEncoding: BufferEncoding;
  /** The record with the vendor's own fields (e.g. the parsed body), once rawBody is complete. */
  record(arrival: Arrival & Outcome): R;
}

function readAll(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

export async function startRecordingProxy<R extends Arrival & Outcome>(target: string, reading: ProxyReading<R>): Promise<RecordingProxy<R>> {
  const upstream = new URL(target);
  const requests: R[] = [];

  const server = createServer((req, res) => {
    const arrivedAt = performance.now();
    const url = req.url ?? '/';
    const mark = url.indexOf('?');
    const rawQuery = mark === -1 ? '' : url.slice(mark + 1);
    void readAll(req).then(
      (bytes) => {
        const record = reading.record({
          method: req.method ?? '',
          path: mark === -1 ? url : url.slice(0, mark),
          rawQuery,
          query: [...new URLSearchParams(rawQuery)],
          headers: { ...req.headers },
          rawBody: bytes.toString(reading.bodyEncoding),
          arrivedAt,
          status: 0,
        });
        requests.push(record);
        const out = forward(
          { host: upstream.hostname, port: upstream.port, method: req.method, path: url, headers: { ...req.headers, host: upstream.host } },
          (answer) => {
            record.status = answer.statusCode ?? 0;
            res.writeHead(record.status, answer.headers);
            answer.pipe(res);
            answer.on('error', () => res.destroy());
          },
        );
        // The sandbox dropped the connection (a 'drop' fault): so does the proxy, with status 0.
        out.on('error', () => {
          record.status = 0;
          res.socket?.destroy();
        });
        out.end(bytes);
      },
      () => res.destroy(),
    );
  });
  const { url, close } = await listen(server);
  return {
    url,
    requests,
    reset() {
      requests.length = 0;
    },
    close,
  };
}
