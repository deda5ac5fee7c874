// Reading request bodies and writing JSON replies, with the limits and error answers the
// sandbox gives for every route alike.

import type { IncomingMessage, ServerResponse } from 'node:http';
import { isRecord } from './guards.js';

/** Bodies above this are refused with 413. */
export const MAX_BODY_BYTES = 10 * 1024 * 1024;

export interface Reply {
  status: number;
  body: unknown;
  headers?: Record<string, string>;
}

/** Thrown where a handler cannot go on; the server turns it into `{"error": message}`. */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
    this.name = 'HttpError';
  }
}

export function ok(body: unknown): Reply {
  return { status: 200, body };
}

export function fail(status: number, error: string, headers?: Record<string, string>): Reply {
  return headers ? { status, body: { error }, headers } : { status, body: { error } };
}

/**
 * The body as a JSON object. The whole body is read even past the limit (and dropped), so the
 * client has finished sending when the 413 arrives and sees the answer, not a reset socket.
 * An empty body counts as `{}`, as Express's JSON parser treats it; the Content-Type is not
 * checked, since the routes only ever speak JSON.
 */
export async function readJsonObject(req: IncomingMessage, maxBytes = MAX_BODY_BYTES): Promise<Record<string, unknown>> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size <= maxBytes) chunks.push(chunk);
  }
  if (size > maxBytes) throw new HttpError(413, 'Payload too large');

  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(Buffer.concat(chunks));
  } catch {
    throw new HttpError(400, 'Invalid JSON');
  }
  if (text.trim() === '') return {};
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new HttpError(400, 'Invalid JSON');
  }
  if (!isRecord(value)) throw new HttpError(400, 'Invalid request body');
  return value;
}

/** Reads the body to its end and drops it; never throws. */
export async function drainBody(req: IncomingMessage): Promise<void> {
  try {
    for await (const _chunk of req as AsyncIterable<Buffer>) {
      // dropped
    }
  } catch {
    // A client that hung up has nothing more to send.
  }
}

/** `payload` replaces the body's JSON (for the fault injector's malformed answers). */
export function sendReply(res: ServerResponse, reply: Reply, payload = JSON.stringify(reply.body)): void {
  if (res.headersSent || res.destroyed) return;
  res.writeHead(reply.status, {
    ...reply.headers,
    'Content-Type': 'application/json; charset=utf-8',
    'Content-Length': Buffer.byteLength(payload),
  });
  res.end(payload);
}
