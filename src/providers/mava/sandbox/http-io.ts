// Mava's bodies and replies: JSON both ways, errors as `{"error": message}`, with the limits
// and error answers the sandbox gives for every route alike. The reading and writing themselves
// are shared (src/sandbox/http-io.ts).

import type { IncomingMessage, ServerResponse } from 'node:http';
import { HttpError, readBody, writeReply, type Reply } from '../../../sandbox/http-io.js';
import { isRecord } from './guards.js';

// Handlers throw HttpError; the server turns it into `{"error": message}`.
export { HttpError, ok, type Reply } from '../../../sandbox/http-io.js';

/** Bodies above this are refused with 413. */
export const MAX_BODY_BYTES = 10 * 1024 * 1024;

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
  const body = await readBody(req, maxBytes);
  if (body.tooLarge) throw new HttpError(413, 'Payload too large');

  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(body.bytes);
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

/** `payload` replaces the body's JSON (for the fault injector's malformed answers). */
export function sendReply(res: ServerResponse, reply: Reply, payload = JSON.stringify(reply.body)): void {
  writeReply(res, reply, payload, 'application/json; charset=utf-8');
}
