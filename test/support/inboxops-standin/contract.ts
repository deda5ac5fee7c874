// InboxOps's documented contract (docs/api/inboxops.md), checked strictly. What the
// documented API answers itself gets that answer, as RFC 7807 problem details; anything else a
// client should never send is a Violation, answered 400 with a detail starting "STANDIN: ".

import { checkJsonWrite, fail, isViolation, refuseOtherCredentials, STANDIN_PREFIX, Violation, type JsonArrival, type Reply } from '../standin-core.js';
import { STANDIN_TICKETS } from './data.js';

export { STANDIN_PREFIX, type Reply } from '../standin-core.js';

/** A request as the contract sees it; path exactly as sent (ids still percent-encoded), e.g. "/api/v1/tickets/a%2Fb". */
export type Incoming = JsonArrival;

export function problem(status: number, title: string, detail: string, code: string): Reply {
  return { status, body: { type: 'about:blank', title, status, detail, code } };
}

export const isViolationReply = (reply: Reply): boolean => isViolation(reply, 'detail');

type Json = Record<string, unknown>;

export const STATUSES = ['open', 'in_progress', 'waiting', 'resolved', 'closed'];
const QUERY_NAMES = ['q', 'status', 'assignee_id', 'priority', 'tag_ids', 'created_after', 'created_before', 'page', 'per_page'];
// Credentials other than the documented `Authorization: Bearer ixk_...`.
const OTHER_AUTH_HEADERS = ['x-auth-token', 'x-api-key', 'api-key', 'apikey', 'proxy-authorization', 'cookie'];
/** The client sends whole instants: UTC, to the millisecond at most (docs/api/inboxops.md, "List tickets"). */
const INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,3})?Z$/;

/** Who the Authorization header says is calling. */
export function caller(req: Incoming, keys: readonly string[], readOnlyKeys: readonly string[]): 'read-write' | 'read-only' | undefined {
  const header = req.headers.authorization;
  if (typeof header !== 'string' || !header.startsWith('Bearer ')) return undefined;
  const key = header.slice('Bearer '.length);
  if (keys.includes(key)) return 'read-write';
  return readOnlyKeys.includes(key) ? 'read-only' : undefined;
}

/** The documented API's answer to an authenticated, not rate-limited request. */
export function answer(req: Incoming, who: 'read-write' | 'read-only'): Reply {
  try {
    refuseOtherCredentials(req, OTHER_AUTH_HEADERS, 'InboxOps authenticates with Authorization: Bearer only');
    const parts = req.path.split('/');
    if (parts[1] !== 'api' || parts[2] !== 'v1' || parts[3] !== 'tickets' || parts.length > 6) fail(`undocumented route ${req.method} ${req.path}`);
    if (parts.length === 4) {
      if (req.method !== 'GET') fail(`undocumented route ${req.method} ${req.path}`);
      return listTickets(req);
    }
    const route = parts.length === 5 ? 'PATCH' : parts[5] === 'messages' ? 'POST' : undefined;
    if (req.method !== route) fail(`undocumented route ${req.method} ${req.path}`);
    if (who === 'read-only') return problem(403, 'Forbidden', `Read-only API key used for ${req.method}`, 'insufficient_scope');
    const ticket = ticketAt(parts[4]!);
    checkJsonWrite(req, req.method);
    if (!ticket) return problem(404, 'Not Found', 'Ticket not found', 'not_found');
    return route === 'PATCH' ? updateTicket(req.body as Json, ticket) : addNote(req.body as Json);
  } catch (e) {
    if (e instanceof Violation) return problem(400, 'Bad Request', STANDIN_PREFIX + e.message, 'standin_violation');
    throw e;
  }
}

/** The ticket a path segment names; the segment must be exactly encodeURIComponent of the id. */
function ticketAt(segment: string): Json | undefined {
  let id: string;
  try {
    id = decodeURIComponent(segment);
  } catch {
    return fail(`path segment "${segment}" is not valid percent-encoding`);
  }
  if (id === '') fail('empty ticket id in the path');
  if (encodeURIComponent(id) !== segment)
    fail(`ticket id ${JSON.stringify(id)} sent as "${segment}", not as encodeURIComponent gives it ("${encodeURIComponent(id)}")`);
  return STANDIN_TICKETS.find((ticket) => String(ticket.id) === id);
}

function listTickets(req: Incoming): Reply {
  if (req.rawBody !== '') fail('GET request with a body');
  if (req.headers['content-type'] !== undefined) fail('GET request with a content-type');
  const seen = new Set<string>();
  for (const [name, value] of req.query) {
    if (!QUERY_NAMES.includes(name)) fail(`undocumented query parameter "${name}"; documented: ${QUERY_NAMES.join(', ')}`);
    if (seen.has(name)) fail(`query parameter "${name}" repeated (tag_ids go comma-separated in one parameter)`);
    seen.add(name);
    if (value === '') fail(`empty query parameter "${name}"`);
    if (name === 'status' && !STATUSES.includes(value)) fail(`status=${value} is not one of ${STATUSES.join(', ')}`);
    if ((name === 'created_after' || name === 'created_before') && !INSTANT.test(value)) fail(`${name}=${value} is not a UTC ISO 8601 instant`);
    if (name === 'page' && !/^[1-9]\d*$/.test(value)) fail(`page=${value} is not a whole number from 1`);
    if (name === 'per_page' && !(/^[1-9]\d*$/.test(value) && Number(value) <= 100)) fail(`per_page=${value} is not 1 to 100`);
    if (name === 'tag_ids' && value.split(',').some((id) => id.trim() === '')) fail(`tag_ids=${value} has an empty id`);
  }
  const params = new Map(req.query);
  const page = Number(params.get('page') ?? 1);
  const perPage = Number(params.get('per_page') ?? 25);
  const found = STANDIN_TICKETS.filter(
    (ticket) =>
      (!params.has('status') || ticket.status === params.get('status')) &&
      (!params.has('assignee_id') || String(ticket.assignee_id) === params.get('assignee_id')) &&
      (!params.has('q') || String(ticket.subject).toLowerCase().includes(params.get('q')!.toLowerCase())),
  );
  const data = found.slice((page - 1) * perPage, page * perPage);
  // Unknown fields in meta and beside it, which a client must ignore.
  return {
    status: 200,
    body: { data, meta: { page, per_page: perPage, total: found.length, total_pages: Math.ceil(found.length / perPage) }, links: { next: null } },
  };
}

function onlyFields(body: Json, allowed: readonly string[], where: string): void {
  for (const key of Object.keys(body)) if (!allowed.includes(key)) fail(`unknown field "${key}" in ${where}; documented: ${allowed.join(', ')}`);
}

function nonEmptyString(body: Json, key: string): void {
  if (body[key] === undefined) return;
  if (typeof body[key] !== 'string' || (body[key] as string).trim() === '') fail(`${key} must be a non-empty string, got ${JSON.stringify(body[key])}`);
}

function updateTicket(body: Json, ticket: Json): Reply {
  onlyFields(body, ['status', 'priority', 'assignee_id'], 'PATCH /api/v1/tickets/{id}');
  if (Object.keys(body).length === 0) fail('PATCH with nothing to change');
  if (body.status !== undefined && !STATUSES.includes(body.status as string))
    fail(`status ${JSON.stringify(body.status)} is not one of ${STATUSES.join(', ')}`);
  nonEmptyString(body, 'priority');
  nonEmptyString(body, 'assignee_id');
  return { status: 200, body: { data: { ...ticket, ...body, updated_at: '2026-05-06T12:00:00Z' } } };
}

function addNote(body: Json): Reply {
  onlyFields(body, ['type', 'body_html', 'body_text'], 'POST /api/v1/tickets/{id}/messages');
  // The documented refusal: replies cannot be sent through the API.
  if (body.type !== 'internal_note') return problem(400, 'Bad Request', 'Must use type: internal_note only', 'bad_request');
  nonEmptyString(body, 'body_html');
  nonEmptyString(body, 'body_text');
  if (body.body_html === undefined && body.body_text === undefined) fail('a note needs body_html or body_text');
  // 201 Created with the body the reference page shows.
  return { status: 201, body: {} };
}
