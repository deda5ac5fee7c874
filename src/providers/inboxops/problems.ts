// InboxOps answers errors as RFC 7807 problem details (`application/problem+json`: type, title,
// status, detail, code); its reference page also shows a generic `{error, message, code, details}`
// shape. Both are read here, and the refusals an agent must act on differently are told apart by
// their problem code. No MCP here: the tools add what the agent should do next.

import { HelpdeskApiError } from '../../http/errors.js';

export interface Problem {
  /** The HTTP status the body states, when it states one. */
  status?: number;
  /** The problem code (`insufficient_scope`, `forbidden`, `unauthorized`, ...), when given as text. */
  code?: string;
  /** The API's own words: detail, else title; field errors appended. */
  words?: string;
}

/** Reads a problem (or the generic error shape) out of an error body; undefined if it is neither. */
export function readProblem(body: unknown): Problem | undefined {
  if (!isRecord(body)) return undefined;
  const status = typeof body.status === 'number' ? body.status : typeof body.code === 'number' ? body.code : undefined;
  const code = text(body.code);
  const main = text(body.detail) ?? text(body.message) ?? text(body.title) ?? text(body.error);
  const fields = [body.details, body.errors].flatMap((list) => (Array.isArray(list) ? list : [])).flatMap(fieldError);
  const words = [main, ...fields].filter(Boolean).join('; ') || undefined;
  return status === undefined && code === undefined && words === undefined ? undefined : { status, code, words };
}

/** Why InboxOps refused, as far as the agent must act on it. */
export type RefusalKind = 'read_only_key' | 'no_api_access' | 'forbidden' | 'ticket_not_found' | 'invalid_request';

/**
 * A refusal InboxOps explained: nothing was processed. The message is complete in itself; the
 * tools replace it with one that also says what to do next (`explained`).
 */
export class InboxOpsRefusal extends HelpdeskApiError {
  constructor(
    readonly kind: RefusalKind,
    status: number | undefined,
    readonly code: string | undefined,
    apiMessage: string | undefined,
    message: string,
  ) {
    super(message, status, apiMessage, 'no');
  }

  /** The same refusal, its message followed by the next step. */
  explained(nextStep: string): InboxOpsRefusal {
    return new InboxOpsRefusal(this.kind, this.status, this.code, this.apiMessage, `${this.message}. ${nextStep}`);
  }
}

/** "(403 insufficient_scope): "…"", the status and code as InboxOps gave them, then its words. */
export function refusalFacts(status: number | undefined, code: string | undefined, words: string | undefined): string {
  const head = [status, code].filter((part) => part !== undefined).join(' ');
  return `${head ? ` (${head})` : ''}${words ? `: "${words}"` : ''}`;
}

function fieldError(item: unknown): string[] {
  if (typeof item === 'string') return [item];
  if (!isRecord(item)) return [];
  const field = text(item.field) ?? text(item.pointer) ?? text(item.name);
  const message = text(item.message) ?? text(item.detail);
  if (!message) return [];
  return [field ? `${field}: ${message}` : message];
}

function text(value: unknown): string | undefined {
  return typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
