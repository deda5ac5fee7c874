const MIB = 1024 * 1024;

/**
 * What one request may cost the server: every open connection holds a file descriptor, so each
 * phase of a request (headers, body, the drain of a refused body) ends within a bound.
 */
export interface RequestBounds {
  /** The largest request body accepted (413 beyond). */
  bodyLimit: number;
  /** The request line and headers must arrive within this, from the request's first byte. */
  headersTimeoutMs: number;
  /** The whole body must arrive within this, from the headers (408 otherwise). */
  bodyTimeoutMs: number;
  /** A body refused as too large is read and thrown away for at most this long... */
  drainMs: number;
  /** ...and at most this many bytes beyond the point of refusal... */
  drainBytes: number;
  /** ...and only while each second brings at least this many bytes. */
  drainMinBytesPerSecond: number;
}

/** The fixed bounds (the README's "HTTP deployment" section states them). */
export const REQUEST_BOUNDS: RequestBounds = {
  bodyLimit: 8 * MIB,
  headersTimeoutMs: 10_000,
  bodyTimeoutMs: 30_000,
  drainMs: 10_000,
  drainBytes: 128 * MIB,
  drainMinBytesPerSecond: 32 * 1024,
};

/**
 * Node's own timers, as a backstop behind ours. Its requestTimeout covers only the request's
 * arrival (the parser stops tracking a connection once the request is complete), so it never
 * cuts a response that streams for hours (SSE); it is set past every bound above, so it fires
 * only for a body nobody reads (a GET or DELETE carrying one, a failed handler). The checks run
 * every second (Node's default is 30 s, which would stretch every bound by that much).
 */
export function nodeTimeouts(bounds: RequestBounds): { headersTimeout: number; requestTimeout: number; connectionsCheckingInterval: number } {
  return {
    headersTimeout: bounds.headersTimeoutMs,
    requestTimeout: bounds.headersTimeoutMs + bounds.bodyTimeoutMs + bounds.drainMs + 5_000,
    connectionsCheckingInterval: Math.min(1_000, Math.max(25, Math.floor(bounds.headersTimeoutMs / 4))),
  };
}
