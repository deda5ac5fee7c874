// Putting a sandbox server on the air and taking it off, and the log of what it served: the same
// for every provider.

import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** A long-running `--sandbox` keeps only the latest requests in its log. */
const REQUEST_LOG_LIMIT = 10_000;

/** The latest 10,000 requests served, oldest first: `entries` is live, `add` fits a server's onServed. */
export function requestLog<T>(): { entries: T[]; add: (entry: T) => void } {
  const entries: T[] = [];
  const add = (entry: T): void => {
    entries.push(entry);
    if (entries.length > REQUEST_LOG_LIMIT) entries.splice(0, entries.length - REQUEST_LOG_LIMIT);
  };
  return { entries, add };
}

/** Listens on a free port of 127.0.0.1: the base URL (no trailing slash), and a close() safe to call twice. */
export async function listen(server: Server): Promise<{ url: string; close: () => Promise<void> }> {
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;

  let closing: Promise<void> | undefined;
  const close = (): Promise<void> => {
    closing ??= new Promise<void>((resolve, reject) => {
      server.close((error) => (error ? reject(error) : resolve()));
      // Keep-alive sockets would otherwise hold close() open until they time out.
      server.closeAllConnections();
    });
    return closing;
  };
  return { url: `http://127.0.0.1:${port}`, close };
}
