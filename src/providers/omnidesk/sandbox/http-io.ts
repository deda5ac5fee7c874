// Reading request bodies and writing replies, with the limits and error answers the sandbox
// gives for every route alike. Omnidesk's errors are `{"status":"error","message":"..."}`.

import type { IncomingMessage, ServerResponse } from 'node:http';

/** Bodies above this are refused with 413. */
export const MAX_BODY_BYTES = 10 * 1024 * 1024;

export interface Reply {
  status: number;
  /** Undefined: no content (the message endpoints' 200). */
  body: unknown;
  headers?: Record<string, string>;
}

/** Thrown where a handler cannot go on; the server turns it into Omnidesk's error body. */
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

/** "200 Success, No content", as the seed documents both message endpoints. */
export const NO_CONTENT: Reply = { status: 200, body: undefined };

export function fail(status: number, message: string, headers?: Record<string, string>): Reply {
  const body = { status: 'error', message };
  return headers ? { status, body, headers } : { status, body };
}

/**
 * The whole body, read even past the limit (and dropped), so the client has finished sending
 * when the 413 arrives and sees the answer, not a reset socket.
 */
export async function readBody(req: IncomingMessage, maxBytes = MAX_BODY_BYTES): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size <= maxBytes) chunks.push(chunk);
  }
  if (size > maxBytes) throw new HttpError(413, 'Payload too large');
  return Buffer.concat(chunks);
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
export function sendReply(res: ServerResponse, reply: Reply, payload = reply.body === undefined ? '' : JSON.stringify(reply.body)): void {
  if (res.headersSent || res.destroyed) return;
  const type = payload === '' ? {} : { 'Content-Type': 'application/json; charset=utf-8' };
  res.writeHead(reply.status, { ...reply.headers, ...type, 'Content-Length': Buffer.byteLength(payload) });
  res.end(payload);
}
