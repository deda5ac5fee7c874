/**
 * Typed errors of the HTTP core, one class per way a call can fail. Each says whether the
 * request may have been processed upstream: that decides whether a write may be retried and
 * what the agent is told.
 */
import type { RateLimit } from './rate-limit.js';

export type Processed = 'no' | 'maybe';

export abstract class HelpdeskApiError extends Error {
  abstract readonly kind: string;
  constructor(
    message: string,
    /** HTTP status, when the API answered. */
    readonly status: number | undefined,
    /** The API's own words (its `error` field), when it gave them. */
    readonly apiMessage: string | undefined,
    readonly processed: Processed,
  ) {
    super(message);
    this.name = new.target.name;
  }
}

/**
 * The API answered 4xx: it refused the request, so nothing was changed. One class per status an
 * agent must act on differently; each keeps the status the API gave, and its own words.
 */
export abstract class RefusedRequestError extends HelpdeskApiError {
  constructor(what: string, status: number, apiMessage: string | undefined) {
    super(`${what} (${status})${apiMessage ? `: ${apiMessage}` : ''}`, status, apiMessage, 'no');
  }
}

/** 400, or a 4xx with no class of its own: the request as sent was refused. */
export class BadRequestError extends RefusedRequestError {
  readonly kind = 'bad_request';
  constructor(apiMessage: string | undefined, status = 400) {
    super('Bad request', status, apiMessage);
  }
}

/** A refusal whose status is its class: the status the API answered, and what it means. */
function refusal<K extends string>(kind: K, what: string, status: number) {
  return class extends RefusedRequestError {
    readonly kind = kind;
    constructor(apiMessage: string | undefined) {
      super(what, status, apiMessage);
    }
  };
}

/** 401: the key is missing, invalid or revoked. */
export class UnauthorizedError extends refusal('unauthorized', 'Unauthorized', 401) {}
/** 403: the key is known, but not allowed this (a permission, a scope, a plan). */
export class ForbiddenError extends refusal('forbidden', 'Forbidden', 403) {}
/** 404: no such resource, or no such endpoint; only the API's words (or their absence) tell which. */
export class NotFoundError extends refusal('not_found', 'Not found', 404) {}
/** 405: the endpoint exists but not with this method. */
export class MethodNotAllowedError extends refusal('method_not_allowed', 'Method not allowed', 405) {}
/** 409: the request conflicts with the resource's current state. */
export class ConflictError extends refusal('conflict', 'Conflict', 409) {}
/** 422: well-formed, but a value is not acceptable (validation). */
export class UnprocessableError extends refusal('unprocessable', 'Unprocessable', 422) {}

/** The typed refusal of a 4xx answer other than 429, its status kept. */
export function refusalFor(status: number, apiMessage: string | undefined): RefusedRequestError {
  switch (status) {
    case 401:
      return new UnauthorizedError(apiMessage);
    case 403:
      return new ForbiddenError(apiMessage);
    case 404:
      return new NotFoundError(apiMessage);
    case 405:
      return new MethodNotAllowedError(apiMessage);
    case 409:
      return new ConflictError(apiMessage);
    case 422:
      return new UnprocessableError(apiMessage);
    default:
      return new BadRequestError(apiMessage, status);
  }
}

/**
 * Whose limit stopped a call: the API's own (it answered 429), or one we keep before sending,
 * so the API was never asked: this process's limit for the key (`local`), or the budget every
 * replica shares through Redis (`shared`).
 */
export type RateLimitSource = { by: 'api'; apiMessage?: string } | { by: 'local' | 'shared'; limit: RateLimit };

/**
 * The API answered 429, or our own limiter could not give a slot within the wait allowed. Only
 * the first carries the status 429: our own refusal is no answer of the API's.
 */
export class RateLimitError extends HelpdeskApiError {
  readonly kind = 'rate_limited';
  readonly by: RateLimitSource['by'];
  /** Our own limit that refused; undefined when the API did. */
  readonly limit: RateLimit | undefined;

  constructor(
    /** How long until a retry may succeed. */
    readonly retryAfterMs: number,
    source: RateLimitSource,
  ) {
    const seconds = Math.ceil(retryAfterMs / 1000);
    const api = source.by === 'api';
    super(
      api ? `Rate limited (429); retry in ${seconds} s` : `Rate budget spent (${source.by} limit); retry after ${seconds} s`,
      api ? 429 : undefined,
      api ? source.apiMessage : undefined,
      'no',
    );
    this.by = source.by;
    this.limit = api ? undefined : source.limit;
  }
}

/** 5xx: the API failed while handling the request; a write may have been applied. */
export class ServerError extends HelpdeskApiError {
  readonly kind = 'server_error';
  constructor(status: number, apiMessage: string | undefined) {
    super(`Server error (${status})`, status, apiMessage, 'maybe');
  }
}

/** No complete answer within the deadline; the request may have been processed. */
export class TimeoutError extends HelpdeskApiError {
  readonly kind = 'timeout';
  constructor(timeoutMs: number, processed: Processed) {
    super(`No answer within ${timeoutMs} ms`, undefined, undefined, processed);
  }
}

/** The connection failed: refused (nothing sent) or dropped (maybe processed). */
export class ConnectionError extends HelpdeskApiError {
  readonly kind = 'connection';
  constructor(
    readonly code: string,
    processed: Processed,
  ) {
    super(`Connection failed (${code})`, undefined, undefined, processed);
  }
}

/** A success status with a body that is not JSON: cut short or garbled on the way; maybe processed. */
export class MalformedResponseError extends HelpdeskApiError {
  readonly kind = 'malformed_response';
  constructor(status: number) {
    super(`Unreadable response (${status}): the body is not JSON`, status, undefined, 'maybe');
  }
}

/**
 * The answer was larger than the configured limit, so it was dropped unread. A read changed
 * nothing, and asking the same again would get the same answer ('no': nothing to retry or check);
 * a write's answer came after the API handled it, so it may have been applied ('maybe').
 */
export class ResponseTooLargeError extends HelpdeskApiError {
  readonly kind = 'response_too_large';
  constructor(
    status: number,
    readonly limitMb: number,
    read: boolean,
  ) {
    super(`Response larger than ${limitMb} MB (${status})`, status, undefined, read ? 'no' : 'maybe');
  }
}

/** The API answered in a shape we do not know: its API may have changed. */
export class InvalidResponseError extends HelpdeskApiError {
  readonly kind = 'invalid_response';
  constructor(
    status: number,
    readonly detail: string,
  ) {
    super(`Unexpected response (${status}): ${detail}`, status, undefined, 'maybe');
  }
}

/** The caller (the agent's client) cancelled the call. */
export class CancelledError extends HelpdeskApiError {
  readonly kind = 'cancelled';
  constructor(processed: Processed) {
    super('Cancelled by the client', undefined, undefined, processed);
  }
}

/** The shared budget cannot be consulted, so nothing was sent: fail rather than guess. */
export class RateLimiterUnavailableError extends HelpdeskApiError {
  readonly kind = 'rate_limiter_unavailable';
  constructor(
    /** What failed: "no connection", "no answer in time", or Redis's own words. */
    readonly detail: string,
    reachable = false,
  ) {
    const what = reachable ? `failed (${detail})` : `is unreachable (${detail})`;
    super(`the shared rate limiter (Redis) ${what}; retry in a moment`, undefined, undefined, 'no');
  }
}
