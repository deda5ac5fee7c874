import type { z } from 'zod';
import { ForbiddenError, MethodNotAllowedError, NotFoundError, RefusedRequestError, UnauthorizedError } from '../../http/errors.js';
import { checked } from '../../http/checked.js';
import type { HttpClient, HttpRequest } from '../../http/http-client.js';
import { NOTE_TYPE, noteResponse, ticketResponse, ticketsResponse, type ApiTicket, type CreatedNote, type Status, type TicketsPage } from './api.js';
import { InboxOpsRefusal, readProblem, refusalFacts, type Problem } from './problems.js';

export interface TicketQuery {
  q?: string;
  status?: Status;
  assignee_id?: string;
  priority?: string;
  tag_ids?: string[];
  created_after?: string;
  created_before?: string;
  page?: number;
  per_page?: number;
}

export interface TicketChanges {
  status?: Status;
  priority?: string;
  assignee_id?: string;
}

export interface NoteBody {
  body_html?: string;
  body_text?: string;
}

/** An HttpClient whose error bodies are read by `readApiMessage` (one per call: see `call`). */
export type HttpFactory = (readApiMessage: (body: unknown) => string | undefined) => HttpClient;

/** The API's routes live under /api/v1 of the workspace's origin. */
const API = '/api/v1';
/** The list's parameters, in the order the reference gives them. */
const QUERY_ORDER = ['q', 'status', 'assignee_id', 'priority', 'tag_ids', 'created_after', 'created_before', 'page', 'per_page'] as const;

/** InboxOps's public API (docs/api/inboxops.md), typed; knows nothing of MCP. */
export class InboxOpsClient {
  private readonly prefix: string;

  /**
   * `baseUrl` may be the origin, or end in /api/v1 as the reference shows it; any other path
   * (a proxy's prefix) is kept in front of /api/v1.
   */
  constructor(
    private readonly http: HttpFactory,
    baseUrl: string,
  ) {
    const path = new URL(baseUrl).pathname.replace(/\/+$/, '');
    this.prefix = path.endsWith(API) ? path.slice(0, -API.length) : path;
  }

  async fetchTickets(query: TicketQuery, signal?: AbortSignal): Promise<TicketsPage> {
    const params = new URLSearchParams();
    for (const name of QUERY_ORDER) {
      const value = query[name];
      if (value === undefined || (Array.isArray(value) && value.length === 0)) continue;
      // tag_ids as one parameter, comma-separated (docs/api/inboxops.md, "List tickets"): a repeated parameter is often read as its last value only.
      params.set(name, Array.isArray(value) ? value.join(',') : String(value));
    }
    return this.call({ method: 'GET', path: `${this.prefix}${API}/tickets`, query: params, signal }, ticketsResponse);
  }

  /** PATCH with only the fields that change; answers the ticket as it now is. */
  async updateTicket(ticketId: string, changes: TicketChanges, signal?: AbortSignal): Promise<ApiTicket> {
    const body = Object.fromEntries(Object.entries(changes).filter(([, value]) => value !== undefined));
    const answer = await this.call({ method: 'PATCH', path: this.ticketPath(ticketId), body, signal }, ticketResponse, ticketId);
    return answer.data;
  }

  /** The only message the API takes: an internal note. 201 Created, with `{}` or the note as `data`. */
  async addInternalNote(ticketId: string, { body_html, body_text }: NoteBody, signal?: AbortSignal): Promise<CreatedNote> {
    const body = { type: NOTE_TYPE, ...(body_html === undefined ? {} : { body_html }), ...(body_text === undefined ? {} : { body_text }) };
    return this.call({ method: 'POST', path: `${this.ticketPath(ticketId)}/messages`, body, signal }, noteResponse, ticketId);
  }

  private ticketPath(ticketId: string): string {
    return `${this.prefix}${API}/tickets/${encodeURIComponent(ticketId)}`;
  }

  /**
   * One request. Each gets its own reader of error bodies, so the problem it answered (status,
   * code, words) is known here without sharing state between concurrent calls.
   */
  private async call<S extends z.ZodType>(request: HttpRequest, schema: S, ticketId?: string): Promise<z.infer<S>> {
    let problem: Problem | undefined;
    const http = this.http((body) => {
      problem = readProblem(body);
      return problem?.words;
    });
    let response;
    try {
      response = await http.send(request);
    } catch (error) {
      throw refine(error, problem, ticketId);
    }
    return checked(schema, response, request);
  }
}

/**
 * The refusals an agent acts on differently, told apart: a read-only key, a plan without API
 * access, an unknown ticket, a request InboxOps found invalid (400, 409, 422, ... with their
 * status). Anything else is left as the core typed it (401 bad key, 429, 5xx, a 404 with no
 * problem body or a 405: no such route).
 */
function refine(error: unknown, problem: Problem | undefined, ticketId: string | undefined): unknown {
  const code = problem?.code;
  const words = problem?.words;
  if (error instanceof ForbiddenError) {
    const facts = refusalFacts(403, code, words);
    if (code === 'insufficient_scope') return new InboxOpsRefusal('read_only_key', 403, code, words, `this API key is read-only${facts}`);
    if (code === 'forbidden') return new InboxOpsRefusal('no_api_access', 403, code, words, `this workspace's plan has no API access${facts}`);
    return new InboxOpsRefusal('forbidden', 403, code, words, `access refused${facts}`);
  }
  if (error instanceof NotFoundError && problem && ticketId !== undefined) {
    return new InboxOpsRefusal('ticket_not_found', 404, code, words, `ticket ${JSON.stringify(ticketId)} was not found${refusalFacts(404, code, words)}`);
  }
  const aboutRoute = error instanceof UnauthorizedError || error instanceof NotFoundError || error instanceof MethodNotAllowedError;
  if (error instanceof RefusedRequestError && !aboutRoute) {
    return new InboxOpsRefusal(
      'invalid_request',
      error.status,
      code,
      words,
      `the request was refused${refusalFacts(error.status, code, words ?? error.apiMessage)}`,
    );
  }
  return error;
}
