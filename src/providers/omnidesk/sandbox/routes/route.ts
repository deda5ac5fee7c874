import type { FormValues } from '../form.js';
import type { Reply } from '../http-io.js';
import type { Permission } from '../model.js';
import type { OmnideskStore } from '../store.js';

/** What a handler gets: the store and the request, already authenticated and permitted. */
export interface RouteRequest {
  store: OmnideskStore;
  query: URLSearchParams;
  /** Path parameters, e.g. ticketID. */
  params: Record<string, string>;
  /** Reads the body as a form; throws HttpError (400, 413, 415) when it is not one. */
  readForm(): Promise<FormValues>;
}

export interface Route {
  method: string;
  /** e.g. /^\/api\/v2\/ticket\/(?<ticketID>[^/]+)$/ */
  pattern: RegExp;
  permission: Permission;
  handle(request: RouteRequest): Reply | Promise<Reply>;
}
