// The API's three routes (docs/api/inboxops.md): list tickets, update a ticket, add an internal note.
// Every check runs before anything changes, so a refused request leaves the data as it was.

import { ok, problem, ProblemError, type Reply } from './http-io.js';
import { PRIORITIES, TICKET_STATUSES } from './model.js';
import { noteJson, ticketJson, type InboxopsStore, type TicketChanges, type TicketFilter } from './store.js';

export interface RouteRequest {
  store: InboxopsStore;
  query: URLSearchParams;
  /** Read in full before routing; tooLarge when over the limit. */
  body: { text: string; tooLarge: boolean };
  contentType: string | undefined;
  /** The decoded {id} of a ticket route. */
  ticketId: string;
}

export type Handler = (request: RouteRequest) => Reply;

/** The handler for a method and path, or the problem answered when there is none. */
export function route(method: string, path: string): { handler: Handler; ticketId: string } | { reply: Reply } {
  const parts = path.split('/');
  // ['', 'api', 'v1', 'tickets', id?, 'messages'?]
  if (parts.length < 4 || parts.length > 6 || parts[1] !== 'api' || parts[2] !== 'v1' || parts[3] !== 'tickets') return { reply: notFound(path) };
  let ticketId = '';
  if (parts.length >= 5) {
    try {
      ticketId = decodeURIComponent(parts[4]!);
    } catch {
      return { reply: notFound(path) };
    }
    if (ticketId === '') return { reply: notFound(path) };
  }
  const routes: Record<string, Record<string, Handler>> = { 4: { GET: listTickets }, 5: { PATCH: updateTicket }, 6: { POST: addMessage } };
  if (parts.length === 6 && parts[5] !== 'messages') return { reply: notFound(path) };
  const methods = routes[parts.length]!;
  const handler = methods[method];
  if (!handler) return { reply: problem(405, 'method_not_allowed', `${method} is not allowed here`, { Allow: Object.keys(methods).join(', ') }) };
  return { handler, ticketId };
}

function notFound(path: string): Reply {
  return problem(404, 'not_found', `No route for ${path}`);
}

const QUERY_PARAMS = ['q', 'status', 'assignee_id', 'priority', 'tag_ids', 'created_after', 'created_before', 'page', 'per_page'];
const DEFAULT_PER_PAGE = 25;
const MAX_PER_PAGE = 100;

/** GET /api/v1/tickets: `{data: [...], meta: {page, per_page, total}}`, newest first. */
function listTickets({ store, query }: RouteRequest): Reply {
  const one = (name: string): string | undefined => {
    const values = query.getAll(name);
    if (values.length > 1) throw invalid(`${name} is given ${values.length} times: give it once${name === 'tag_ids' ? ' (ids comma-separated)' : ''}`);
    return values[0];
  };
  const [q, status, assignee_id, priority, tagIds, after, before, pageText, perPageText] = QUERY_PARAMS.map(one);
  const filter: TicketFilter = { q: q?.trim() || undefined, assignee_id: assignee_id || undefined };
  if (status !== undefined) filter.status = oneOf('status', TICKET_STATUSES, status);
  if (priority !== undefined) filter.priority = oneOf('priority', PRIORITIES, priority);
  if (tagIds !== undefined) {
    const ids = tagIds.split(',').map((id) => id.trim());
    if (ids.some((id) => id === '')) throw invalid('tag_ids must be tag ids separated by commas, none empty');
    filter.tag_ids = ids;
  }
  if (after !== undefined) filter.created_after = instant('created_after', after);
  if (before !== undefined) filter.created_before = instant('created_before', before);
  const page = whole('page', pageText, 1, 1, Number.MAX_SAFE_INTEGER);
  const per_page = whole('per_page', perPageText, DEFAULT_PER_PAGE, 1, MAX_PER_PAGE);

  const found = store.list(filter);
  const data = found.slice((page - 1) * per_page, page * per_page).map(ticketJson);
  return ok({ data, meta: { page, per_page, total: found.length } });
}

/** PATCH /api/v1/tickets/{id}: status, priority, assignee_id; answers `{data: ticket}`. */
function updateTicket(request: RouteRequest): Reply {
  const ticket = findTicket(request);
  const body = jsonObject(request);
  const changes: TicketChanges = {};
  if (body.status != null) changes.status = oneOf('status', TICKET_STATUSES, body.status);
  if (body.priority != null) changes.priority = oneOf('priority', PRIORITIES, body.priority);
  if (body.assignee_id !== undefined) {
    const id = body.assignee_id;
    if (id !== null && (typeof id !== 'string' || !request.store.isAgent(id))) throw invalid('assignee_id does not match an agent of this workspace');
    changes.assignee_id = id;
  }
  if (Object.keys(changes).length === 0) throw invalid('Nothing to update: give status, priority or assignee_id');
  request.store.update(ticket, changes);
  return ok({ data: ticketJson(ticket) });
}

/** POST /api/v1/tickets/{id}/messages: an internal note only; 201 Created (docs/api/inboxops.md, "Add an internal note"). */
function addMessage(request: RouteRequest): Reply {
  const ticket = findTicket(request);
  const body = jsonObject(request);
  if (body.type !== 'internal_note') throw new ProblemError(400, 'bad_request', 'Must use type: internal_note only');
  const text = optionalText('body_text', body.body_text);
  const html = optionalText('body_html', body.body_html);
  if (!text?.trim() && !html?.trim()) throw invalid('body_html or body_text is required');
  const note = request.store.addNote(ticket, { body_text: text ?? null, body_html: html ?? null });
  return ok({ data: noteJson(ticket, note) }, 201);
}

function findTicket({ store, ticketId }: RouteRequest) {
  const ticket = store.find(ticketId);
  if (!ticket) throw new ProblemError(404, 'not_found', 'Ticket not found');
  return ticket;
}

const JSON_TYPE = /^application\/json\s*(;.*)?$/i;

function jsonObject({ body, contentType }: RouteRequest): Record<string, unknown> {
  if (body.tooLarge) throw new ProblemError(413, 'payload_too_large', 'The request body is too large');
  if (!contentType || !JSON_TYPE.test(contentType)) throw new ProblemError(415, 'unsupported_media_type', 'Content-Type must be application/json');
  let value: unknown;
  try {
    value = JSON.parse(body.text);
  } catch {
    throw new ProblemError(400, 'bad_request', 'The request body is not valid JSON');
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new ProblemError(400, 'bad_request', 'The request body must be a JSON object');
  return value as Record<string, unknown>;
}

function invalid(detail: string): ProblemError {
  return new ProblemError(422, 'validation_failed', detail);
}

function oneOf<T extends string>(field: string, values: readonly T[], value: unknown): T {
  if (typeof value === 'string' && (values as readonly string[]).includes(value)) return value as T;
  throw invalid(`${field} must be one of ${values.join(', ')}`);
}

function optionalText(field: string, value: unknown): string | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string') throw invalid(`${field} must be a string`);
  return value;
}

const ISO = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2}))?$/;

function instant(field: string, text: string): number {
  const ms = ISO.test(text) ? Date.parse(text.length === 10 ? `${text}T00:00:00Z` : text) : Number.NaN;
  if (Number.isNaN(ms)) throw invalid(`${field} must be an ISO 8601 date or date-time, e.g. 2026-01-31T00:00:00Z`);
  return ms;
}

function whole(field: string, text: string | undefined, fallback: number, min: number, max: number): number {
  if (text === undefined) return fallback;
  const value = /^\d+$/.test(text) ? Number(text) : Number.NaN;
  if (!(value >= min && value <= max)) throw invalid(`${field} must be a whole number from ${min}${max === Number.MAX_SAFE_INTEGER ? ' up' : ` to ${max}`}`);
  return value;
}
