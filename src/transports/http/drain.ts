import type { IncomingMessage } from 'node:http';
import type { RequestBounds } from './bounds.js';

/**
 * Reads and throws away the rest of a refused body, then calls `done` (which closes the
 * connection). A client that writes its whole body before it reads (Node's fetch, hence the
 * TypeScript SDK) would otherwise meet a closed socket (EPIPE) instead of the answer waiting
 * for it. The drain ends at the body's end, the client's leaving, `drainMs`, `drainBytes`, or
 * the first second that brings less than `drainMinBytesPerSecond`: a trickling sender holds
 * its descriptor for about a second, not for as long as it likes.
 */
export function drainThen(req: IncomingMessage, bounds: RequestBounds, done: () => void): void {
  let drained = 0;
  let thisSecond = 0;
  let finished = false;
  const finish = () => {
    if (finished) return;
    finished = true;
    clearTimeout(deadline);
    clearInterval(pulse);
    req.off('data', onData).off('end', finish).off('close', finish).off('error', finish);
    done();
  };
  const onData = (chunk: Buffer) => {
    drained += chunk.length;
    thisSecond += chunk.length;
    if (drained > bounds.drainBytes) finish();
  };
  const deadline = setTimeout(finish, bounds.drainMs);
  const pulseMs = Math.min(1_000, bounds.drainMs);
  const pulse = setInterval(() => {
    if (thisSecond < (bounds.drainMinBytesPerSecond * pulseMs) / 1_000) finish();
    thisSecond = 0;
  }, pulseMs);
  if (req.readableEnded || req.destroyed) return finish();
  req.on('data', onData).once('end', finish).once('close', finish).once('error', finish);
  req.resume();
}
