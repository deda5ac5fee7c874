import { setTimeout as sleep } from 'node:timers/promises';
import type { Dispatcher, FormData } from 'undici';
import {
  CancelledError,
  ConnectionError,
  HelpdeskApiError,
  MalformedResponseError,
  RateLimitError,
  refusalFor,
  ResponseTooLargeError,
  ServerError,
  TimeoutError,
} from './errors.js';
import { readCapped } from './capped-body.js';
import { loadUndici, sharedDispatcher, watchDispatch } from './dispatcher.js';
import type { RateLimiter } from './limiter.js';
import { reportWhileWaiting, waitReporter, type WaitReporter } from './wait-report.js';
import { log } from '../log.js';

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

export interface HttpRequest {
  method: HttpMethod;
  path: string;
  query?: URLSearchParams;
  body?: unknown;
  /** Sent as multipart/form-data instead of JSON; a list becomes one part per item, under the same name. */
  form?: FormFields;
  signal?: AbortSignal;
}

export type FormFields = Record<string, string | number | Array<string | number>>;

export interface HttpResponse {
  status: number;
  body: unknown;
}

export interface HttpClientOptions {
  baseUrl: string;
  /** Sent on every request (auth header included). */
  headers: Record<string, string>;
  limiter: RateLimiter;
  /** Deadline of one attempt, from sending to the whole answer read. */
  timeoutMs: number;
  /**
   * Longest a call may wait for slots and 429 back-offs in all (default DEFAULT_MAX_RATE_WAIT_MS):
   * one whose turn would come later fails at once, saying when to retry.
   */
  maxRateWaitMs?: number;
  /** Picks the API's own words out of an error body. */
  readApiMessage?: (body: unknown) => string | undefined;
  /** Largest answer read, in MB (2^20 bytes); default DEFAULT_MAX_RESPONSE_MB. */
  maxResponseMb?: number;
  dispatcher?: Dispatcher;
}

/**
 * A full Mava page (100 tickets, threads included, as fetch_tickets always asks) is about 170 KB
 * on realistic data (four messages a ticket). 16 MB leaves room for every ticket of such a page
 * to carry a 160 KB thread, e.g. 40 messages of 4,000 characters (Discord's longest message;
 * Telegram's is 4,096), and Omnidesk's and InboxOps's pages are smaller. Yet parsing 16 MB of
 * JSON holds the event loop only about 0.1 s, and a few such answers at once fit in memory.
 */
export const DEFAULT_MAX_RESPONSE_MB = 16;
/** Under the 60 s after which common clients give up on a call that sends no progress. */
export const DEFAULT_MAX_RATE_WAIT_MS = 45_000;
const MB = 1024 * 1024;
const READ_RETRIES = 2;
const MIN_READ_ATTEMPT_MS = 1_000;

/**
 * Every call to a helpdesk API goes through here: the limiter, a deadline, undici, and the
 * mapping of failures to typed errors. A 429 means nothing was processed, so any request is
 * rescheduled through the limiter (Bottleneck's own retry would skip the limiter). Reads are
 * also retried after a 5xx, a timeout, a dropped connection or an unreadable body, within the
 * call's deadline; writes never are, as they may have applied. An answer over the size limit is
 * never retried: it would come back as large. Waits for the rate budget are reported to the
 * reporter of the work the call runs in (wait-report.ts), if any.
 */
export class HttpClient {
  private readonly maxWaitMs: number;
  private readonly maxResponseMb: number;

  constructor(private readonly options: HttpClientOptions) {
    this.maxWaitMs = options.maxRateWaitMs ?? DEFAULT_MAX_RATE_WAIT_MS;
    this.maxResponseMb = options.maxResponseMb ?? DEFAULT_MAX_RESPONSE_MB;
  }

  async send(req: HttpRequest): Promise<HttpResponse> {
    const started = Date.now();
    const isRead = req.method === 'GET';
    const onWait = waitReporter();
    for (let attempt = 0; ; attempt++) {
      const waitLeft = this.maxWaitMs - (Date.now() - started);
      // A read's retries share one deadline: each attempt gets what is left of it, at most timeoutMs.
      const timeoutMs = isRead && attempt > 0 ? Math.min(this.options.timeoutMs, waitLeft) : this.options.timeoutMs;
      try {
        return await this.options.limiter.schedule((slot) => this.attempt(req, slot, timeoutMs), {
          signal: req.signal,
          priority: attempt === 0 ? 5 : 1,
          maxWaitMs: Math.max(0, waitLeft),
          onWait,
        });
      } catch (error) {
        const delay = this.retryDelay(error, attempt, isRead);
        if (delay === undefined) throw error;
        const elapsed = Date.now() - started;
        // Out of patience: say when a retry may succeed, even if the API gave no Retry-After.
        if (error instanceof RateLimitError && elapsed + delay > this.maxWaitMs) throw new RateLimitError(delay, { by: 'api', apiMessage: error.apiMessage });
        // A read retried with under a second left would only fail again.
        if (elapsed + delay + (isRead && !(error instanceof RateLimitError) ? MIN_READ_ATTEMPT_MS : 0) > this.maxWaitMs) throw error;
        await this.pause(delay, req.signal, error instanceof RateLimitError ? onWait : undefined);
      }
    }
  }

  /** Sleeps before a retry; waiting out the API's 429 is a wait for the rate budget, reported as such. */
  private async pause(ms: number, signal: AbortSignal | undefined, onWait: WaitReporter | undefined): Promise<void> {
    const until = performance.now() + ms;
    const stopReporting = onWait ? reportWhileWaiting(onWait, () => Math.max(0, until - performance.now())) : undefined;
    try {
      await sleep(ms, undefined, { signal });
    } catch {
      throw new CancelledError('no');
    } finally {
      stopReporting?.();
    }
  }

  /** How long to wait before trying again, or undefined when the error is final. */
  private retryDelay(error: unknown, attempt: number, isRead: boolean): number | undefined {
    const backoff = Math.min(8_000, 500 * 2 ** attempt) * (0.75 + Math.random() * 0.5);
    if (error instanceof RateLimitError && error.by === 'api') return error.retryAfterMs || backoff;
    // Reads change nothing, so any failure that may pass is worth another try.
    const transient =
      error instanceof ServerError ||
      error instanceof TimeoutError ||
      error instanceof MalformedResponseError ||
      (error instanceof ConnectionError && error.processed === 'maybe');
    if (isRead && transient && attempt < READ_RETRIES) return backoff;
    return undefined;
  }

  private async attempt(req: HttpRequest, slot: { unused(): void }, timeoutMs: number): Promise<HttpResponse> {
    if (req.signal?.aborted) {
      slot.unused();
      throw new CancelledError('no');
    }
    const url = new URL(req.path, this.options.baseUrl);
    if (req.query) url.search = req.query.toString();
    // One controller for the deadline and the caller's cancel, its timer cleared as soon as the
    // answer is in (AbortSignal.timeout would keep each timer alive for the whole deadline).
    const controller = new AbortController();
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      controller.abort();
    }, timeoutMs);
    const cancel = () => controller.abort();
    req.signal?.addEventListener('abort', cancel, { once: true });
    const signal = controller.signal;
    const headers: Record<string, string> = { accept: 'application/json', ...this.options.headers };
    let payload: string | FormData | undefined;
    const undici = await loadUndici();
    if (req.form !== undefined) {
      // undici's own FormData (its request() recognises no other); it sets the boundary and length.
      payload = toFormData(req.form, undici.FormData);
    } else if (req.body !== undefined) {
      headers['content-type'] = 'application/json';
      payload = JSON.stringify(req.body);
    }

    let status: number;
    let text: string | undefined;
    let retryAfter: string | undefined;
    let dispatched = false;
    const started = performance.now();
    try {
      const dispatcher = watchDispatch(this.options.dispatcher ?? (await sharedDispatcher()), () => (dispatched = true));
      const res = await undici.request(url, { method: req.method, headers, body: payload, signal, dispatcher });
      status = res.statusCode;
      const header = res.headers['retry-after'];
      retryAfter = Array.isArray(header) ? header[0] : header;
      text = await readCapped(res, this.maxResponseMb * MB);
    } catch (error) {
      const failure = this.transportError(error, req, slot, timedOut, timeoutMs, dispatched);
      log.debug('http', { method: req.method, path: req.path, error: failure.kind, ms: Math.round(performance.now() - started) });
      throw failure;
    } finally {
      clearTimeout(timer);
      req.signal?.removeEventListener('abort', cancel);
    }
    const ms = Math.round(performance.now() - started);
    if (text === undefined && status < 300) {
      const failure = new ResponseTooLargeError(status, this.maxResponseMb, req.method === 'GET');
      log.debug('http', { method: req.method, path: req.path, status, error: failure.kind, ms });
      throw failure;
    }
    log.debug('http', { method: req.method, path: req.path, status, ms });
    // An error too large to read still says what happened by its status (a 429 is still retried).
    return this.interpret(status, text ?? '', retryAfter);
  }

  private transportError(
    error: unknown,
    req: HttpRequest,
    slot: { unused(): void },
    timedOut: boolean,
    timeoutMs: number,
    dispatched: boolean,
  ): HelpdeskApiError {
    const code = errorCode(error);
    if (!dispatched) {
      // Failed before undici handed the request to a connection: not a byte of it left.
      slot.unused();
      if (req.signal?.aborted) return new CancelledError('no');
      if (timedOut) return new TimeoutError(timeoutMs, 'no');
      return new ConnectionError(code ?? 'UNKNOWN', 'no');
    }
    if (req.signal?.aborted) return new CancelledError('maybe');
    if (timedOut) return new TimeoutError(timeoutMs, 'maybe');
    return new ConnectionError(code ?? 'UNKNOWN', 'maybe');
  }

  private interpret(status: number, text: string, retryAfter: string | undefined): HttpResponse {
    let body: unknown;
    try {
      body = text === '' ? undefined : JSON.parse(text);
    } catch {
      if (status < 300) throw new MalformedResponseError(status);
    }
    if (status >= 200 && status < 300) return { status, body };
    const apiMessage = (this.options.readApiMessage ?? defaultApiMessage)(body);
    if (status === 429) return throwing(new RateLimitError(parseRetryAfter(retryAfter), { by: 'api', apiMessage }));
    if (status >= 500) return throwing(new ServerError(status, apiMessage));
    return throwing(refusalFor(status, apiMessage));
  }
}

function toFormData(fields: FormFields, FormDataClass: typeof FormData): FormData {
  const form = new FormDataClass();
  for (const [name, value] of Object.entries(fields)) {
    for (const item of Array.isArray(value) ? value : [value]) form.append(name, String(item));
  }
  return form;
}

function throwing(error: Error): never {
  throw error;
}

function defaultApiMessage(body: unknown): string | undefined {
  if (body && typeof body === 'object') {
    const { error, message } = body as { error?: unknown; message?: unknown };
    if (typeof error === 'string') return error;
    if (typeof message === 'string') return message;
  }
  return undefined;
}

function errorCode(error: unknown): string | undefined {
  for (let e: unknown = error; e && typeof e === 'object'; e = (e as { cause?: unknown }).cause) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string') return code;
  }
  return undefined;
}

/** Retry-After in seconds or as an HTTP date; 0 when absent (the caller backs off instead). */
export function parseRetryAfter(value: string | undefined): number {
  if (!value) return 0;
  const seconds = Number(value);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const date = Date.parse(value);
  return Number.isNaN(date) ? 0 : Math.max(0, date - Date.now());
}
