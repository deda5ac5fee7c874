import type { Reply } from '../http-io.js';
import type { MavaStore } from '../store.js';

/** What a handler gets: the store and the request, already authenticated and rate-limited. */
export interface RouteRequest {
  store: MavaStore;
  query: URLSearchParams;
  /** Reads the body as a JSON object; throws HttpError (400, 413) when it is not one. */
  readJson(): Promise<Record<string, unknown>>;
}

export type Handler = (request: RouteRequest) => Reply | Promise<Reply>;
