import {
  CancelledError,
  ConnectionError,
  ForbiddenError,
  HelpdeskApiError,
  InvalidResponseError,
  MalformedResponseError,
  MethodNotAllowedError,
  NotFoundError,
  RateLimitError,
  RateLimiterUnavailableError,
  RefusedRequestError,
  ResponseTooLargeError,
  ServerError,
  TimeoutError,
  UnauthorizedError,
} from '../http/errors.js';
import { ShutdownError } from '../calls-in-flight.js';
import { log } from '../log.js';
import { DUPLICATE_WINDOW_MS } from '../safety/send-ledger.js';
import type { Secrets } from '../secrets.js';
import { InputError, RefusedError, type AnyTool } from './define-tool.js';

export interface ErrorContext {
  /** The helpdesk's name, e.g. "Mava". */
  provider: string;
  /** The variable holding the provider's key, e.g. "MAVA_API_KEY". */
  keyVariable: string;
}

/** A failure the tools foresee (bad input, a guard, the API's answer), as opposed to a bug in helpdesk-mcp. */
export function isForeseen(error: unknown): boolean {
  return error instanceof InputError || error instanceof RefusedError || error instanceof HelpdeskApiError;
}

/**
 * Turns any failure of a tool call into the text the agent reads: what went wrong, in the API's
 * own words when it gave them, whether a write may have gone through, and what to do next.
 * No stack trace and no secret (of the server's scope) ever leaves through here.
 */
export function toolErrorText(error: unknown, tool: AnyTool<unknown>, context: ErrorContext, secrets: Secrets): string {
  const writes = !tool.annotations.readOnlyHint;
  if (error instanceof InputError) return secrets.text(`Invalid input: ${error.message} Nothing was sent.`);
  if (error instanceof RefusedError) return secrets.text(error.message);
  if (!(error instanceof HelpdeskApiError)) {
    log.in(secrets).error(`${tool.name} failed unexpectedly`, { error: error instanceof Error ? (error.stack ?? error.message) : String(error) });
    return `Internal error in helpdesk-mcp while running ${tool.name}${writes ? '; the change may or may not have been applied: check before retrying' : ''}. Details are in the server log.`;
  }
  return secrets.text(`${describe(error, tool, context)}${outcome(error, tool)}`);
}

function describe(error: HelpdeskApiError, tool: AnyTool<unknown>, { provider, keyVariable }: ErrorContext): string {
  const words = error.apiMessage ? `: "${error.apiMessage}"` : '';
  if (error instanceof UnauthorizedError) {
    return `${provider} rejected the API key (401)${words}. Set a valid ${keyVariable} in the server's configuration (a human must do this), or run with --sandbox.`;
  }
  if (error instanceof ForbiddenError) {
    return `${provider} does not allow this API key to do that (403)${words}. The key is valid but lacks the permission: a human must grant it, or configure a key that has it in ${keyVariable}.`;
  }
  if (error instanceof MethodNotAllowedError) {
    return `${provider} does not take this request on that endpoint (405)${words}. The base URL may be wrong, or the API changed.`;
  }
  if (error instanceof NotFoundError) {
    return `${provider} found nothing there (404)${words}. Check the ids (use those from fetch_tickets); if every call fails so, the base URL may be wrong.`;
  }
  if (error instanceof RefusedRequestError) {
    const hint = (error.apiMessage && tool.hints?.[error.apiMessage]) ?? 'Check the arguments against the tool description.';
    return `${provider} refused the request (${error.status})${words}. ${hint}`;
  }
  if (error instanceof RateLimitError) return rateLimited(error, words, provider, keyVariable);
  if (error instanceof ServerError) return `${provider} failed with ${error.status}${words}.`;
  if (error instanceof TimeoutError) return `${provider} did not answer in time (${error.message}).`;
  if (error instanceof ConnectionError) {
    return error.processed === 'no'
      ? `Could not connect to ${provider} (${error.code}). Check the base URL and the network, then retry.`
      : `The connection to ${provider} dropped before the answer (${error.code}).`;
  }
  if (error instanceof ResponseTooLargeError) {
    const what = `${provider}'s answer (${error.status}) was larger than the ${error.limitMb} MB limit, so it was not read`;
    const raise = `An operator can raise the limit with ${keyVariable.replace(/API_KEY$/, 'MAX_RESPONSE_MB')} (up to 1024).`;
    if (error.processed === 'maybe') return `${what}, though ${provider} handled the request. ${raise}`;
    // Each provider's page size: Mava's limit, Omnidesk's itemLimit, InboxOps's per_page.
    const page = ['limit', 'itemLimit', 'per_page'].find((field) => field in tool.input);
    const less = page ? `ask for fewer at once (a lower ${page}), or narrow the filters` : 'only a higher limit will let it through';
    return `${what}. The same call would fail the same way: ${less}. ${raise}`;
  }
  if (error instanceof MalformedResponseError) return `${provider} answered with an unreadable body (${error.status}, not JSON).`;
  if (error instanceof InvalidResponseError) {
    return `${provider} answered in an unexpected shape (${error.detail}); its API may have changed. Report this to the helpdesk-mcp maintainers.`;
  }
  if (error instanceof RateLimiterUnavailableError) {
    return `The shared rate limiter (Redis) could not be consulted (${error.detail}). Nothing was sent to ${provider}. Retry in a moment; if it persists, an operator must check REDIS_URL.`;
  }
  if (error instanceof CancelledError) return 'The call was cancelled.';
  if (error instanceof ShutdownError) return `${error.message}.`;
  return `${provider} call failed: ${error.message}.`;
}

/**
 * Says whose limit it was. The API's 429 says so; our own limiter's refusal is no answer of the
 * API's: the call's turn under the budget we keep would have come later than a call may wait.
 */
function rateLimited(error: RateLimitError, words: string, provider: string, keyVariable: string): string {
  const seconds = Math.max(1, Math.ceil(error.retryAfterMs / 1000));
  if (!error.limit) return `${provider} answered 429 (its rate limit)${words}. Retry after about ${seconds} s; fetch fewer pages meanwhile.`;
  const { requests, windowMs } = error.limit;
  const limit = `${requests} request${requests === 1 ? '' : 's'} per ${windowMs / 1000} s, ${keyVariable.replace(/API_KEY$/, 'RATE_LIMIT')}`;
  const budget =
    error.by === 'shared'
      ? `the budget every replica shares through Redis for this ${provider} key (${limit})`
      : `this server's own limit for this ${provider} key (${limit})`;
  return `Rate budget spent; retry after ${seconds} s, nothing was sent to ${provider}. ${provider} refused nothing: ${budget} would give this call its turn later than a call may wait (--max-rate-wait-ms). Fetch fewer pages meanwhile.`;
}

/** Tells the agent whether anything happened upstream. */
function outcome(error: HelpdeskApiError, tool: AnyTool<unknown>): string {
  const writes = !tool.annotations.readOnlyHint;
  if (error.processed === 'no') return writes ? ' Nothing was changed.' : '';
  if (!writes) return ' Try again in a moment.';
  const window = `${Math.round(DUPLICATE_WINDOW_MS / 60_000)} minutes`;
  if (tool.posts === 'message') return ` It may have been sent: check the ticket before retrying (a repeat within ${window} is refused).`;
  if (tool.posts === 'note') return ` It may have been added: check the ticket before retrying (the same note within ${window} is refused).`;
  return ' It may have been applied: check the ticket before retrying, and do not simply repeat the call.';
}
