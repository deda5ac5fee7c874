// Reading request bodies and writing answers: JSON for success, RFC 7807 problem details
// (`application/problem+json`: type, title, status, detail, code) for every error, as InboxOps does.
// The reading and writing themselves are shared (src/sandbox/http-io.ts).

import type { IncomingMessage, ServerResponse } from 'node:http';
import { readBody as readWholeBody, writeReply, type Reply } from '../../../sandbox/http-io.js';

export { ok, type Reply } from '../../../sandbox/http-io.js';

/** Bodies above this are refused with 413. */
export const MAX_BODY_BYTES = 1024 * 1024;

const TITLES: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  413: 'Content Too Large',
  415: 'Unsupported Media Type',
  422: 'Unprocessable Content',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
};

/** Problem codes the sandbox answers; unauthorized, forbidden and insufficient_scope are InboxOps's own (docs/api/inboxops.md, "Errors"). */
export type ProblemCode =
  | 'bad_request'
  | 'unauthorized'
  | 'forbidden'
  | 'insufficient_scope'
  | 'not_found'
  | 'method_not_allowed'
  | 'payload_too_large'
  | 'unsupported_media_type'
  | 'validation_failed'
  | 'rate_limited'
  | 'internal_error';

export function problem(status: number, code: ProblemCode, detail: string, headers?: Record<string, string>): Reply {
  const body = { type: 'about:blank', title: TITLES[status] ?? 'Error', status, detail, code };
  return headers ? { status, body, headers } : { status, body };
}

/** Thrown where a handler cannot go on; the server answers it as a problem. */
export class ProblemError extends Error {
  constructor(
    readonly status: number,
    readonly code: ProblemCode,
    detail: string,
  ) {
    super(detail);
    this.name = 'ProblemError';
  }

  reply(): Reply {
    return problem(this.status, this.code, this.message);
  }
}

/**
 * The whole body as text, read to its end even past the limit (then dropped). A client that hangs
 * up mid-body leaves what came: the checks after this answer it, if anyone is still there.
 */
export async function readBody(req: IncomingMessage, maxBytes = MAX_BODY_BYTES): Promise<{ text: string; tooLarge: boolean; bytes: number }> {
  const body = await readWholeBody(req, maxBytes, 'keep');
  return { text: body.tooLarge ? '' : body.bytes.toString('utf8'), tooLarge: body.tooLarge, bytes: body.size };
}

/** `payload` replaces the body's JSON (for the fault injector's malformed answers). */
export function sendReply(res: ServerResponse, reply: Reply, payload = reply.body === undefined ? '' : JSON.stringify(reply.body)): void {
  writeReply(res, reply, payload, reply.status >= 400 ? 'application/problem+json' : 'application/json; charset=utf-8');
}
