// Mava's documented contract (docs/api/mava.md), checked strictly.
// Anything the documented API answers itself gets that answer; anything else a client should
// never send is a Violation, answered 400 {"error":"STANDIN: ..."} so the test sees it.

import {
  checkJsonWrite,
  fail,
  isObject,
  isViolation,
  refuseOtherCredentials,
  STANDIN_PREFIX,
  Violation,
  type JsonArrival,
  type Reply,
} from '../standin-core.js';
import { STANDIN_DATA, type Attribute, type Ticket } from './data.js';

export { STANDIN_PREFIX, type Reply } from '../standin-core.js';

/** A request as the contract sees it; path e.g. "/api/tickets". */
export type Incoming = JsonArrival;

export const isViolationReply = (reply: Reply): boolean => isViolation(reply, 'error');

type Json = Record<string, unknown>;
type Handler = (body: Json, req: Incoming, nextId: () => string) => Reply;

const ok = (body: unknown): Reply => ({ status: 200, body });
export const error = (message: string, status = 400): Reply => ({ status, body: { error: message } });

// Headers that would carry a credential other than the documented x-auth-token.
const OTHER_AUTH_HEADERS = ['authorization', 'proxy-authorization', 'x-api-key', 'api-key', 'apikey', 'cookie'];

/** The answer of the documented API to an authenticated, not rate-limited request. */
export function answer(req: Incoming, messageMethods: readonly string[], nextId: () => string): Reply {
  const handler = route(req.method, req.path, messageMethods);
  if (!handler) return error('Not found', 404);
  try {
    checkEnvelope(req);
    const body = req.method === 'GET' ? {} : (req.body as Json);
    return handler(body, req, nextId);
  } catch (e) {
    if (e instanceof Violation) return error(STANDIN_PREFIX + e.message);
    throw e;
  }
}

function route(method: string, path: string, messageMethods: readonly string[]): Handler | undefined {
  if (path === '/api/message') return messageMethods.includes(method) ? sendMessage : undefined;
  const routes: Record<string, Handler> = {
    'POST /api/identify': identify,
    'GET /api/categories': categories,
    'PUT /api/ticket': updateTicket,
    'GET /api/tickets': fetchTickets,
  };
  return routes[`${method} ${path}`];
}

function checkEnvelope(req: Incoming): void {
  refuseOtherCredentials(req, OTHER_AUTH_HEADERS, 'Mava authenticates with x-auth-token only');
  if (req.method === 'GET') {
    if (req.rawBody !== '') fail('GET request with a body');
    if (req.path !== '/api/tickets' && req.rawQuery !== '') fail(`unexpected query string "${req.rawQuery}"`);
    return;
  }
  checkJsonWrite(req, `${req.method} ${req.path}`);
}

// ---- field checks --------------------------------------------------------------------------

function onlyFields(obj: Json, allowed: readonly string[], where: string): void {
  for (const key of Object.keys(obj)) {
    if (allowed.includes(key)) continue;
    const hint = key === 'platformUserId' ? ' (the documented spelling is "plaformUserId")' : '';
    fail(`unknown field "${key}" in ${where}${hint}; documented: ${allowed.join(', ')}`);
  }
}

function optString(obj: Json, key: string, where: string): string | undefined {
  const value = obj[key];
  if (value === undefined) return undefined;
  if (typeof value !== 'string') fail(`${where}.${key} must be a string, got ${JSON.stringify(value)}`);
  return value as string;
}

function reqString(obj: Json, key: string, where: string): string {
  const value = optString(obj, key, where);
  if (value === undefined) fail(`${where}.${key} is required`);
  return value as string;
}

/** An optional array of objects with exactly the given string fields, all required. */
function objectList(obj: Json, key: string, fields: readonly string[], where: string): Array<Record<string, string>> | undefined {
  const value = obj[key];
  if (value === undefined) return undefined;
  if (!Array.isArray(value)) return fail(`${where}.${key} must be an array`);
  return value.map((item: unknown, i) => {
    const at = `${where}.${key}[${i}]`;
    if (!isObject(item)) return fail(`${at} must be an object`);
    onlyFields(item, fields, at);
    return Object.fromEntries(fields.map((f) => [f, reqString(item, f, at)]));
  });
}

const findTicket = (id: string): Ticket | undefined => STANDIN_DATA.tickets.find((t) => t._id === id);

// ---- POST /api/identify ----------------------------------------------------------------------

const identify: Handler = (body, _req, nextId) => {
  onlyFields(body, ['emailAddress', 'plaformUserId', 'mavaCustomerId', 'customAttributes'], 'identify body');
  const email = optString(body, 'emailAddress', 'body');
  optString(body, 'plaformUserId', 'body');
  const id = optString(body, 'mavaCustomerId', 'body');
  const given = objectList(body, 'customAttributes', ['label', 'value'], 'body') ?? [];

  const known = STANDIN_DATA.tickets.find((t) => t.customer?._id === STANDIN_DATA.customerId)?.customer ?? null;
  let customer: { _id: string; email: string | null; attributes: readonly Attribute[] };
  if (id === undefined || id === '') customer = { _id: STANDIN_DATA.newCustomerId, email: null, attributes: [] };
  else if (id === STANDIN_DATA.customerId && known) customer = known;
  else return error('Customer not found');

  const attributes = [...customer.attributes];
  for (const { label, value } of given) {
    const at = attributes.findIndex((a) => a.name === label);
    const attribute = { attributeId: at >= 0 ? attributes[at]!.attributeId : nextId(), name: label!, content: value! };
    if (at >= 0) attributes[at] = attribute;
    else attributes.push(attribute);
  }
  return ok({
    message: 'Customer identified',
    mavaCustomerId: customer._id,
    customer: { _id: customer._id, email: email || customer.email, attributes },
  });
};

// ---- GET /api/categories ---------------------------------------------------------------------

const categories: Handler = () => ok({ categories: STANDIN_DATA.categories });

// ---- PUT /api/ticket -------------------------------------------------------------------------

const STATUSES = ['Open', 'Resolved', 'Pending', 'Waiting'];

const updateTicket: Handler = (body) => {
  onlyFields(body, ['ticketId', 'status', 'priority', 'categoryId'], 'ticket body');
  const ticketId = reqString(body, 'ticketId', 'body');
  const categoryId = optString(body, 'categoryId', 'body');
  if (!findTicket(ticketId)) return error('Ticket not found');
  const { status, priority } = body;
  if (status !== undefined && !STATUSES.includes(status as string)) return error('Invalid status or priority');
  if (priority !== undefined && priority !== 1 && priority !== 2 && priority !== 3) return error('Invalid status or priority');
  if (categoryId !== undefined && !STANDIN_DATA.categories.some((c) => c._id === categoryId)) return error('Category not found');
  return ok({ message: 'Ticket updated' });
};

// ---- PUT|POST /api/message -------------------------------------------------------------------

const sendMessage: Handler = (body, _req, nextId) => {
  onlyFields(body, ['ticketId', 'content', 'messageType', 'attachments'], 'message body');
  const ticketId = reqString(body, 'ticketId', 'body');
  const content = optString(body, 'content', 'body');
  const messageType = optString(body, 'messageType', 'body') ?? 'ExternalMessage';
  if (messageType !== 'ExternalMessage' && messageType !== 'InternalNote') {
    fail(`body.messageType must be ExternalMessage or InternalNote, got "${messageType}"`);
  }
  const attachments = objectList(body, 'attachments', ['fileName', 'url', 'fileType'], 'body') ?? [];
  if (!content && attachments.length === 0) return error('Content or attachments are required');
  if (!findTicket(ticketId)) return error('Ticket not found');
  return ok({
    message: {
      _id: nextId(),
      content: content ?? '',
      messageType,
      senderType: 'agent',
      createdAt: new Date().toISOString(),
      attachments,
    },
    ticket: { _id: ticketId },
    sender: { _id: 'api', name: 'API' },
  });
};

// ---- GET /api/tickets ------------------------------------------------------------------------

const SINGLE = ['startDate', 'endDate', 'limit', 'skip', 'sortBy', 'sortOrder', 'includeMessages'];
const MULTI: Record<string, readonly string[] | null> = {
  status: STATUSES,
  assignedTo: null,
  category: null,
  tags: null,
  csatValues: ['1', '2', '3', '4', '5', 'no-rating'],
  origin: ['web', 'discord', 'telegram', 'telegram-group', 'email'],
};
const SORT_FIELDS = ['createdAt', 'status', 'priority', 'sourceType', 'assignedTo', 'category', 'resolutionTime'];
const DAY_MS = 24 * 60 * 60 * 1000;
const ISO = /^(\d{4})-(\d{2})-(\d{2})(T(\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,3})?)?(Z|[+-]\d{2}:\d{2})?)?$/;

/** ISO 8601 date or date-time to epoch ms; a date-time without offset is taken as UTC. */
function parseIso(text: string): number | undefined {
  const m = ISO.exec(text);
  if (!m) return undefined;
  const [y, mo, d, h, mi, s] = [m[1], m[2], m[3], m[5], m[6], m[7]].map((v) => Number(v ?? 0)) as [number, number, number, number, number, number];
  const day = new Date(Date.UTC(y, mo - 1, d));
  if (day.getUTCFullYear() !== y || day.getUTCMonth() !== mo - 1 || day.getUTCDate() !== d) return undefined;
  if (h > 23 || mi > 59 || s > 59) return undefined;
  const full = m[4] === undefined ? `${text}T00:00:00Z` : m[8] === undefined ? `${text}Z` : text;
  const time = Date.parse(full);
  return Number.isNaN(time) ? undefined : time;
}

function sortKey(t: Ticket, field: string): string | number | null {
  switch (field) {
    case 'createdAt':
      return Date.parse(t.createdAt);
    case 'assignedTo':
      return t.assignedTo?.name ?? null;
    case 'category':
      return t.category?.name ?? null;
    default:
      return t[field as 'status' | 'priority' | 'sourceType' | 'resolutionTime'];
  }
}

const fetchTickets: Handler = (_body, req) => {
  const single = new Map<string, string>();
  const multi = new Map<string, string[]>();
  for (const [key, value] of req.query) {
    if (SINGLE.includes(key)) {
      if (single.has(key)) fail(`query parameter "${key}" repeated`);
      single.set(key, value);
    } else if (key in MULTI) {
      const allowed = MULTI[key];
      if (value === '') fail(`empty value for query parameter "${key}"`);
      if (allowed && !allowed.includes(value)) fail(`${key}=${value} is not a documented value (${allowed.join(', ')})`);
      multi.set(key, [...(multi.get(key) ?? []), value]);
    } else {
      fail(`unknown query parameter "${key}"`);
    }
  }
  const includeMessages = single.get('includeMessages');
  if (includeMessages !== undefined && includeMessages !== 'true' && includeMessages !== 'false') {
    fail(`includeMessages must be true or false, got "${includeMessages}"`);
  }

  // Documented errors, in Mava's order.
  const startText = single.get('startDate');
  const endText = single.get('endDate');
  if (!startText || !endText) return error('MISSING_DATE_RANGE');
  const start = parseIso(startText);
  const end = parseIso(endText);
  if (start === undefined || end === undefined || end <= start || end - start > 366 * DAY_MS) return error('INVALID_DATE_RANGE');
  const limitText = single.get('limit') ?? '50';
  const limit = Number(limitText);
  if (!/^\d+$/.test(limitText) || limit < 1 || limit > 100) return error('INVALID_LIMIT');
  const skipText = single.get('skip') ?? '0';
  if (!/^\d+$/.test(skipText)) return error('INVALID_SKIP');
  const skip = Number(skipText);
  const sortBy = single.get('sortBy') ?? 'createdAt';
  if (!SORT_FIELDS.includes(sortBy)) return error('UNSUPPORTED_SORT_FIELD');
  const sortOrder = single.get('sortOrder') ?? 'desc';
  if (sortOrder !== 'asc' && sortOrder !== 'desc') return error('UNSUPPORTED_SORT_ORDER');

  const has = (key: string, pass: (values: string[]) => boolean): boolean => {
    const values = multi.get(key);
    return values === undefined || pass(values);
  };
  const matching = STANDIN_DATA.tickets.filter((t) => {
    const created = Date.parse(t.createdAt);
    return (
      created >= start &&
      created < end &&
      has('status', (v) => v.includes(t.status)) &&
      has('origin', (v) => v.includes(t.sourceType)) &&
      has('assignedTo', (v) => v.includes(t.assignedTo?._id ?? 'Unassigned')) &&
      has('category', (v) => t.category !== null && v.includes(t.category._id)) &&
      has('tags', (v) => t.tags.some((tag) => v.includes(tag._id))) &&
      has('csatValues', (v) => v.includes(t.csat === null ? 'no-rating' : String(t.csat.value)))
    );
  });
  const direction = sortOrder === 'asc' ? 1 : -1;
  matching.sort((a, b) => {
    const [x, y] = [sortKey(a, sortBy), sortKey(b, sortBy)];
    if (x === y) return 0;
    if (x === null) return 1; // nulls last either way
    if (y === null) return -1;
    return (x < y ? -1 : 1) * direction;
  });
  const page = matching.slice(skip, skip + limit).map((t) => {
    if (includeMessages === 'true') return t;
    const { messages: _messages, ...rest } = t;
    return rest;
  });
  return ok({ tickets: page, count: matching.length, pagination: { limit, skip, hasMore: skip + page.length < matching.length } });
};
