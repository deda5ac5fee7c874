// A strict, independent stand-in of Omnidesk's API for acceptance tests (not the project's
// sandbox): records every request exactly as it arrived (method, path, raw query, headers, raw
// body, multipart parts) and checks it against the documented contract (./contract.ts).
// Node built-ins only.

import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { answer, error, isViolationReply, type Incoming, type Reply } from './contract.js';

export { STANDIN_DATA } from './data.js';
export type { Part } from './multipart.js';

export interface RecordedRequest extends Incoming {
  /** Status answered; 0 while unanswered or when the socket was destroyed. */
  status: number;
}

export interface StandinOptions {
  /** The key accepted in the apiKey header. */
  apiKey: string;
}

export interface StandinResponse {
  status: number;
  /** JSON body; undefined with no rawBody: no content. */
  body?: unknown;
  rawBody?: string;
  headers?: Record<string, string>;
  delayMs?: number;
  /** Close the connection without answering (a dropped connection). */
  destroySocket?: boolean;
}

export interface OmnideskStandin {
  /** http://127.0.0.1:PORT */
  readonly url: string;
  /** Every request, in arrival order. */
  readonly requests: RecordedRequest[];
  /** One-shot override for the next request on route "METHOD /path", e.g. "POST /api/v2/message". */
  respondNext(route: string, response: StandinResponse): void;
  /** Clear recorded requests and overrides. */
  reset(): void;
  close(): Promise<void>;
}

/** A request's form as [name, value] pairs, in the order sent. */
export function formPairs(request: RecordedRequest): Array<[string, string]> {
  return (request.parts ?? []).map((part) => [part.name, part.value]);
}

export async function startOmnideskStandin(options: StandinOptions): Promise<OmnideskStandin> {
  const requests: RecordedRequest[] = [];
  const overrides = new Map<string, StandinResponse[]>();
  const timers = new Set<NodeJS.Timeout>();

  const send = (res: ServerResponse, record: RecordedRequest, response: StandinResponse): void => {
    if (res.destroyed) return;
    if (response.destroySocket) {
      res.socket?.destroy();
      return;
    }
    record.status = response.status;
    const text = response.rawBody ?? (response.body === undefined ? '' : JSON.stringify(response.body));
    const type = text === '' ? {} : { 'content-type': 'application/json; charset=utf-8' };
    res.writeHead(response.status, { ...type, ...response.headers });
    res.end(text);
  };

  const handle = (req: IncomingMessage, res: ServerResponse): void => {
    const url = req.url ?? '/';
    const q = url.indexOf('?');
    const rawQuery = q === -1 ? '' : url.slice(q + 1);
    const record: RecordedRequest = {
      method: req.method ?? '',
      path: q === -1 ? url : url.slice(0, q),
      rawQuery,
      query: [...new URLSearchParams(rawQuery)],
      headers: { ...req.headers },
      rawBody: '',
      parts: undefined,
      status: 0,
    };
    requests.push(record);
    const chunks: Buffer[] = [];
    req.on('error', () => {});
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      record.rawBody = Buffer.concat(chunks).toString('latin1');
      const response = reply(record, req.headers.apikey);
      const delay = response.delayMs ?? 0;
      if (delay <= 0) return send(res, record, response);
      const timer = setTimeout(() => {
        timers.delete(timer);
        send(res, record, response);
      }, delay);
      timers.add(timer);
    });
  };

  // The contract's answer, unless a queued override replaces it. A contract violation always
  // wins (and leaves the override queued), so an override never hides a malformed request.
  const reply = (record: RecordedRequest, presented: string | string[] | undefined): StandinResponse => {
    if (presented !== options.apiKey) return { status: 401, body: (error('Unauthorized', 401) as Reply).body };
    let natural: Reply;
    try {
      natural = answer(record);
    } catch (e) {
      process.stderr.write(`omnidesk standin: ${String(e)}\n`);
      natural = error('Internal server error', 500);
    }
    if (isViolationReply(natural)) return natural;
    const override = overrides.get(`${record.method} ${record.path}`)?.shift();
    return override ?? natural;
  };

  const server = createServer(handle);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  let closing: Promise<void> | undefined;

  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    respondNext(route, response) {
      overrides.set(route, [...(overrides.get(route) ?? []), response]);
    },
    reset() {
      requests.length = 0;
      overrides.clear();
    },
    close() {
      for (const timer of timers) clearTimeout(timer);
      timers.clear();
      closing ??= new Promise<void>((resolve, reject) => {
        server.close((err) => (err ? reject(err) : resolve()));
        server.closeAllConnections();
      });
      return closing;
    },
  };
}
