import type { IncomingMessage } from 'node:http';
import { INVALID_REQUEST, PARSE_ERROR } from './replies.js';

export class BodyError extends Error {
  constructor(
    readonly status: 400 | 408 | 413,
    /** The JSON-RPC error code of the answer. */
    readonly code: number,
    message: string,
  ) {
    super(message);
  }
}

/**
 * Reads and parses a JSON body of at most `limit` bytes (refused early on a declared length),
 * which must arrive within `timeoutMs`. On refusal the rest of the body is left unread (paused),
 * for the caller to drain or to close the connection on.
 */
export function readJsonBody(req: IncomingMessage, limit: number, timeoutMs: number): Promise<unknown> {
  // Built only when refused: an error's stack costs every request that would never throw it.
  const tooLarge = () => new BodyError(413, INVALID_REQUEST, `Request body too large: the limit is ${Math.floor(limit / 1024 / 1024)} MiB`);
  if (Number(req.headers['content-length'] ?? 0) > limit) return Promise.reject(tooLarge());
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const stop = (error: BodyError | undefined) => {
      clearTimeout(deadline);
      req.off('data', onData).off('end', onEnd).off('close', onClose).off('error', onClose);
      req.pause();
      if (error) return reject(error);
      try {
        resolve(JSON.parse(Buffer.concat(chunks).toString('utf8')));
      } catch {
        reject(new BodyError(400, PARSE_ERROR, 'Parse error: the body is not valid JSON'));
      }
    };
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) stop(tooLarge());
      else chunks.push(chunk);
    };
    const onEnd = () => stop(undefined);
    // The client went away mid-body: nobody will read the answer.
    const onClose = () => stop(new BodyError(400, INVALID_REQUEST, 'Request body incomplete: the connection closed'));
    const deadline = setTimeout(
      () =>
        stop(new BodyError(408, INVALID_REQUEST, `Request body arrived too slowly: the whole body must arrive within ${timeoutMs / 1000} s of the headers`)),
      timeoutMs,
    );
    req.on('data', onData).once('end', onEnd).once('close', onClose).once('error', onClose);
  });
}
