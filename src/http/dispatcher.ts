import { Agent, type Dispatcher } from 'undici';

let shared: Dispatcher | undefined;

/** The one undici dispatcher of the process: keep-alive connections shared by every client. */
export function sharedDispatcher(): Dispatcher {
  shared ??= new Agent({ keepAliveTimeout: 10_000 });
  return shared;
}
