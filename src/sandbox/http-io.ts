// Reading request bodies and writing answers, the parts every sandbox does alike. What the bytes
// mean (JSON, a form) and which Content-Type an answer carries stay with each provider.

import type { IncomingMessage, ServerResponse } from 'node:http';

export interface Reply {
  status: number;
  /** Undefined: no content, where a provider answers so. */
  body: unknown;
  headers?: Record<string, string>;
}

export function ok(body: unknown, status = 200): Reply {
  return { status, body };
}

/** Thrown where a handler cannot go on (Mava, Omnidesk); the provider's server answers it in its own error body. */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
    this.name = 'HttpError';
  }
}

export interface Body {
  /** Empty when tooLarge. */
  bytes: Buffer;
  /** Every byte the client sent, kept or not. */
  size: number;
  tooLarge: boolean;
}

/**
 * The whole body, read to its end even past `maxBytes` (and then dropped), so the client has
 * finished sending when the answer comes and sees it rather than a reset socket. A client that
 * hangs up mid-body rejects with the stream's error, or with `onHangUp: 'keep'` leaves what came.
 */
export async function readBody(req: IncomingMessage, maxBytes: number, onHangUp: 'throw' | 'keep' = 'throw'): Promise<Body> {
  const chunks: Buffer[] = [];
  let size = 0;
  try {
    for await (const chunk of req as AsyncIterable<Buffer>) {
      size += chunk.length;
      if (size <= maxBytes) chunks.push(chunk);
    }
  } catch (error) {
    if (onHangUp === 'throw') throw error;
  }
  const tooLarge = size > maxBytes;
  return { bytes: tooLarge ? Buffer.alloc(0) : Buffer.concat(chunks), size, tooLarge };
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

/** Writes status, headers and payload, unless the answer has gone already or the client has. No `contentType`: no Content-Type header. */
export function writeReply(res: ServerResponse, reply: Reply, payload: string, contentType: string | undefined): void {
  if (res.headersSent || res.destroyed) return;
  const type = contentType === undefined ? {} : { 'Content-Type': contentType };
  res.writeHead(reply.status, { ...reply.headers, ...type, 'Content-Length': Buffer.byteLength(payload) });
  res.end(payload);
}
