import type { Dispatcher } from 'undici';

type Undici = typeof import('./undici.js');

let loading: Promise<Undici> | undefined;
let shared: Dispatcher | undefined;

/**
 * undici, loaded on the first request rather than at start-up: a server that only answers
 * tools/list (a client listing its servers) never pays for it.
 */
export function loadUndici(): Promise<Undici> {
  loading ??= import('./undici.js');
  return loading;
}

/** The one undici dispatcher of the process: keep-alive connections shared by every client. */
export async function sharedDispatcher(): Promise<Dispatcher> {
  const { Agent } = await loadUndici();
  shared ??= new Agent({ keepAliveTimeout: 10_000 });
  return shared;
}
