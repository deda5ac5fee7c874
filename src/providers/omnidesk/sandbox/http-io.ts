// Omnidesk's bodies and replies, with the limits and error answers the sandbox gives for every
// route alike. Omnidesk's errors are `{"status":"error","message":"..."}`. The reading and
// writing themselves are shared (src/sandbox/http-io.ts).

import type { IncomingMessage, ServerResponse } from 'node:http';
import { HttpError, readBody as readWholeBody, writeReply, type Reply } from '../../../sandbox/http-io.js';

// Handlers throw HttpError; the server turns it into Omnidesk's error body.
export { HttpError, ok, type Reply } from '../../../sandbox/http-io.js';

/** Bodies above this are refused with 413. */
export const MAX_BODY_BYTES = 10 * 1024 * 1024;

/** 200 with no content, as Omnidesk documents both message endpoints (docs/api/omnidesk.md). */
export const NO_CONTENT: Reply = { status: 200, body: undefined };

export function fail(status: number, message: string, headers?: Record<string, string>): Reply {
  const body = { status: 'error', message };
  return headers ? { status, body, headers } : { status, body };
}

/** The whole body; past the limit, a 413 once the client has finished sending. */
export async function readBody(req: IncomingMessage, maxBytes = MAX_BODY_BYTES): Promise<Buffer> {
  const body = await readWholeBody(req, maxBytes);
  if (body.tooLarge) throw new HttpError(413, 'Payload too large');
  return body.bytes;
}

/** `payload` replaces the body's JSON (for the fault injector's malformed answers); an empty one goes without a Content-Type. */
export function sendReply(res: ServerResponse, reply: Reply, payload = reply.body === undefined ? '' : JSON.stringify(reply.body)): void {
  writeReply(res, reply, payload, payload === '' ? undefined : 'application/json; charset=utf-8');
}
