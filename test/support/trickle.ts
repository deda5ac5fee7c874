import { connect } from 'node:net';

export interface Trickle {
  /** The server's first bytes, or '' if it closed without a word. */
  answered: Promise<string>;
  /** Everything the server sent, once it closed the connection (this side never ends it). */
  closed: Promise<string>;
  /** Bytes this side managed to hand to the socket. */
  written(): number;
  stop(): void;
}

/** The request line and headers of an HTTP/1.1 request to `url` (Host from it unless given), for a raw socket. */
export function requestHead(url: string, method: string, headers: Record<string, string>): string {
  const { host, pathname } = new URL(url);
  const lines = [`${method} ${pathname} HTTP/1.1`, ...Object.entries({ host, ...headers }).map(([name, value]) => `${name}: ${value}`)];
  return `${lines.join('\r\n')}\r\n\r\n`;
}

/**
 * A slow (or, with everyMs 0, greedy) client on a raw connection: sends `head`, then `drip`
 * every `everyMs` until the server closes the connection. Write errors (EPIPE, ECONNRESET) are
 * what such a client meets and are ignored.
 */
export function trickle(url: string, head: string, drip: string | Buffer, everyMs: number): Trickle {
  const { hostname, port } = new URL(url);
  const socket = connect(Number(port), hostname);
  let received = '';
  let written = 0;
  let timer: NodeJS.Timeout | undefined;
  const send = (data: string | Buffer) => {
    if (socket.destroyed || socket.writableEnded) return false;
    written += Buffer.byteLength(data);
    return socket.write(data);
  };
  const drain = () => {
    // Greedy: fill the socket until it pushes back, then wait for 'drain'.
    while (send(drip));
  };
  socket.on('error', () => undefined);
  socket.once('connect', () => {
    send(head);
    if (everyMs === 0) {
      socket.on('drain', drain);
      drain();
    } else timer = setInterval(() => send(drip), everyMs);
  });
  socket.on('data', (chunk: Buffer) => (received += chunk.toString('latin1')));
  const closed = new Promise<string>((resolve) =>
    socket.once('close', () => {
      clearInterval(timer);
      resolve(received);
    }),
  );
  const answered = new Promise<string>((resolve) => {
    socket.once('data', () => resolve(received));
    void closed.then(resolve);
  });
  return {
    answered,
    closed,
    written: () => written,
    stop() {
      clearInterval(timer);
      socket.destroy();
    },
  };
}

/** Resolves with `promise`'s value, or rejects saying what did not happen within `ms`. */
export function within<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what}: not within ${ms} ms`)), ms);
  });
  return Promise.race([promise, late]).finally(() => clearTimeout(timer));
}
