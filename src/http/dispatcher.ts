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

/**
 * `dispatcher`, calling `onDispatched` when undici hands the request to a connection. undici
 * writes a request's first byte only after that, so a failure before it (refused, unresolvable,
 * reset while connecting or during the TLS handshake) certainly sent nothing: the error alone
 * cannot tell, since a reset during the handshake and one after the request was read are both a
 * plain ECONNRESET.
 */
export function watchDispatch(dispatcher: Dispatcher, onDispatched: () => void): Dispatcher {
  return dispatcher.compose((dispatch) => (options, handler) => dispatch(options, new DispatchWatch(handler, onDispatched)));
}

/** Passes every event on to the request's own handler. */
class DispatchWatch implements Dispatcher.DispatchHandler {
  constructor(
    private readonly handler: Dispatcher.DispatchHandler,
    private readonly onDispatched: () => void,
  ) {}

  onRequestStart(controller: Dispatcher.DispatchController, context: unknown): void {
    this.handler.onRequestStart?.(controller, context);
    // Aborted here (a call already cancelled), the request is dropped before it is written.
    if (!controller.aborted) this.onDispatched();
  }

  onRequestUpgrade(...args: Parameters<NonNullable<Dispatcher.DispatchHandler['onRequestUpgrade']>>): void {
    this.handler.onRequestUpgrade?.(...args);
  }

  onResponseStart(...args: Parameters<NonNullable<Dispatcher.DispatchHandler['onResponseStart']>>): void {
    this.handler.onResponseStart?.(...args);
  }

  onResponseData(...args: Parameters<NonNullable<Dispatcher.DispatchHandler['onResponseData']>>): void {
    this.handler.onResponseData?.(...args);
  }

  onResponseEnd(...args: Parameters<NonNullable<Dispatcher.DispatchHandler['onResponseEnd']>>): void {
    this.handler.onResponseEnd?.(...args);
  }

  onResponseError(...args: Parameters<NonNullable<Dispatcher.DispatchHandler['onResponseError']>>): void {
    this.handler.onResponseError?.(...args);
  }
}
