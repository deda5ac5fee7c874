// Omnidesk's documented contract (docs/api/omnidesk.md), checked strictly. What the
// documented API answers itself (its field rules, a missing ticket) gets that answer, as
// {"status":"error","message":...}; anything else a client should never send is a Violation,
// answered 400 with a message starting "STANDIN: " so the test sees it.

import { fail, isViolation, refuseOtherCredentials, STANDIN_PREFIX, Violation, type Arrival, type Reply } from '../standin-core.js';
import { STANDIN_DATA, withExtras } from './data.js';
import { readMultipart, type Part } from './multipart.js';

export { STANDIN_PREFIX, type Reply } from '../standin-core.js';

/** A request as the contract sees it; path e.g. "/api/v2/ticket", rawBody the bytes as latin1 (multipart is bytes). */
export interface Incoming extends Arrival {
  /** The multipart parts in order, when the body is a well-formed multipart/form-data. */
  parts: Part[] | undefined;
}

export const isViolationReply = (reply: Reply): boolean => isViolation(reply, 'message');

const NO_CONTENT: Reply = { status: 200, body: undefined };
export const error = (message: string, status = 400): Reply => ({ status, body: { status: 'error', message } });

/** Headers that would carry a credential other than the documented apiKey header. */
const OTHER_AUTH_HEADERS = ['authorization', 'proxy-authorization', 'x-api-key', 'api-key', 'x-auth-token', 'cookie'];

/** The answer of the documented API to an authenticated request. */
export function answer(req: Incoming): Reply {
  const route = ROUTES[`${req.method} ${req.path}`];
  if (!route) return error('Not found', 404);
  try {
    checkEnvelope(req);
    return route(req);
  } catch (e) {
    if (e instanceof Violation) return error(STANDIN_PREFIX + e.message);
    throw e;
  }
}

const ROUTES: Record<string, (req: Incoming) => Reply> = {
  'GET /api/v2/ticket': listTickets,
  'POST /api/v2/message': createMessage,
  'POST /api/v2/message/chatbot': chatbot,
};

function checkEnvelope(req: Incoming): void {
  refuseOtherCredentials(req, OTHER_AUTH_HEADERS, 'Omnidesk authenticates with the apiKey header only');
  if (req.query.some(([name]) => name.toLowerCase() === 'apikey')) fail('the key must travel in the apiKey header, not the query string');
  if (req.method === 'GET') {
    if (req.rawBody !== '') fail('GET request with a body');
    if (req.headers['content-type'] !== undefined) fail('GET request with a content-type');
    return;
  }
  if (req.rawQuery !== '') fail(`unexpected query string "${req.rawQuery}" on ${req.method} ${req.path}`);
  const type = req.headers['content-type'];
  if (typeof type !== 'string' || !/^multipart\/form-data\s*;/i.test(type))
    fail(`the spec declares multipart/form-data, got content-type ${JSON.stringify(type ?? null)}`);
  const length = req.headers['content-length'];
  if (length === undefined || Number(length) !== Buffer.byteLength(req.rawBody, 'latin1')) fail(`content-length ${String(length)} does not match the body`);
  const read = readMultipart(type as string, Buffer.from(req.rawBody, 'latin1'));
  if ('error' in read) fail(`malformed multipart body: ${read.error}`);
  req.parts = (read as { parts: Part[] }).parts;
}

// ---- form fields -----------------------------------------------------------------------------

type Form = Map<string, string[]>;

function formOf(req: Incoming, documented: readonly string[], repeatable: readonly string[] = []): Form {
  const form: Form = new Map();
  for (const part of req.parts ?? []) {
    if (!documented.includes(part.name)) {
      const hint = part.name.endsWith('[]') ? ' (an array is sent as one part per item under its own name)' : '';
      fail(`unknown form field "${part.name}"${hint}; documented: ${documented.join(', ')}`);
    }
    const extra = Object.keys(part.headers).filter(
      (name) => name !== 'content-disposition' && !(name === 'content-type' && /^text\/plain/i.test(part.headers[name]!)),
    );
    if (extra.length) fail(`part "${part.name}" has unexpected headers ${extra.join(', ')}`);
    if (form.has(part.name) && !repeatable.includes(part.name)) fail(`form field "${part.name}" sent twice`);
    form.set(part.name, [...(form.get(part.name) ?? []), part.value]);
  }
  return form;
}

const one = (form: Form, name: string): string | undefined => form.get(name)?.[0];
/** A "number" field as a form carries it: decimal digits, nothing else. */
function numberField(form: Form, name: string): number | undefined {
  const value = one(form, name);
  if (value === undefined) return undefined;
  if (!/^(0|[1-9]\d*)$/.test(value)) fail(`${name} must be a number, got ${JSON.stringify(value)}`);
  return Number(value);
}

const EMAIL = /^[^\s@,]+@[^\s@,]+\.[^\s@,]+$/;
const SEND_AT = /^(\d{4})-(\d{2})-(\d{2}) (\d{2}):(\d{2}):(\d{2})$/;

function realDateTime(text: string): boolean {
  const m = SEND_AT.exec(text);
  if (!m) return false;
  const [y, mo, d, h, mi, s] = m.slice(1).map(Number) as [number, number, number, number, number, number];
  const t = new Date(Date.UTC(y, mo - 1, d, h, mi, s));
  return (
    t.getUTCFullYear() === y &&
    t.getUTCMonth() === mo - 1 &&
    t.getUTCDate() === d &&
    t.getUTCHours() === h &&
    t.getUTCMinutes() === mi &&
    t.getUTCSeconds() === s
  );
}

// ---- POST /api/v2/message --------------------------------------------------------------------

const MESSAGE_FIELDS = [
  'ticketID',
  'type',
  'toAddress',
  'ccInput',
  'bccInput',
  'respondMessageID',
  'plaintext',
  'message',
  'forwardedFileIDs',
  'sendAt',
  'userID',
  'submitStatus',
];

function createMessage(req: Incoming): Reply {
  const form = formOf(req, MESSAGE_FIELDS, ['forwardedFileIDs']);
  const ticketID = numberField(form, 'ticketID');
  if (ticketID === undefined) return error('ticketID is required');
  const type = one(form, 'type');
  if (!type) return error('type is required');
  if (!/^([0-9]+|calllog|contactform)$/.test(type)) return error('type must match ^([0-9]+|calllog|contactform)$');
  for (const name of ['ccInput', 'bccInput']) {
    const value = one(form, name);
    if (value !== undefined && value !== '' && !EMAIL.test(value)) return error(`${name} must be an email address`);
  }
  numberField(form, 'respondMessageID');
  numberField(form, 'userID');
  const message = one(form, 'message');
  if (message === undefined) return error('message is required');
  if (Array.from(message).length < 5) return error('message must be at least 5 characters');
  for (const id of form.get('forwardedFileIDs') ?? []) if (!/^[1-9]\d*$/.test(id)) fail(`forwardedFileIDs items must be numbers, got ${JSON.stringify(id)}`);
  const sendAt = one(form, 'sendAt');
  if (sendAt !== undefined && !realDateTime(sendAt)) return error('sendAt must be formatted as YYYY-MM-DD HH:MM:SS');
  const status = one(form, 'submitStatus');
  if (status !== undefined && !/^[a-z][a-z_-]*$/.test(status)) fail(`submitStatus ${JSON.stringify(status)} is not a status`);
  if (!STANDIN_DATA.tickets.some((t) => t.ticketID === ticketID)) return error('Ticket not found');
  return NO_CONTENT;
}

// ---- POST /api/v2/message/chatbot --------------------------------------------------------------

function chatbot(req: Incoming): Reply {
  const form = formOf(req, ['brandID', 'message', 'subject', 'from']);
  const brandID = numberField(form, 'brandID');
  if (brandID === undefined) return error('brandID is required');
  for (const name of ['message', 'subject', 'from']) if (!one(form, name)) return error(`${name} is required`);
  if (!STANDIN_DATA.brands.includes(brandID)) return error('Brand not found');
  return NO_CONTENT;
}

// ---- GET /api/v2/ticket ----------------------------------------------------------------------

const LIST_PARAMS = ['itemStart', 'itemLimit', 'status', 'query', 'searchArchived'];

function listTickets(req: Incoming): Reply {
  const params = new Map<string, string>();
  for (const [name, value] of req.query) {
    if (!LIST_PARAMS.includes(name)) fail(`unknown query parameter "${name}"; documented: ${LIST_PARAMS.join(', ')}`);
    if (params.has(name)) fail(`query parameter "${name}" repeated`);
    params.set(name, value);
  }
  const count = (name: string, fallback: number): number => {
    const value = params.get(name);
    if (value === undefined) return fallback;
    if (!/^(0|[1-9]\d*)$/.test(value)) fail(`${name} must be a number, got ${JSON.stringify(value)}`);
    return Number(value);
  };
  const itemStart = count('itemStart', 0);
  const itemLimit = count('itemLimit', 15);
  if (itemLimit > 9999) fail('itemLimit is documented with max 9999');
  const archived = params.get('searchArchived') ?? 'no';
  if (archived !== 'yes' && archived !== 'no') fail(`searchArchived must be yes or no, got ${JSON.stringify(archived)}`);
  const query = params.get('query');
  if (query === '') fail('query is documented with min 1: leave it out instead');
  const status = params.get('status');
  if (status !== undefined && !/^[a-z][a-z_-]*$/.test(status)) fail(`status ${JSON.stringify(status)} is not a status`);
  const matching = STANDIN_DATA.tickets
    .filter((t) => archived === 'yes' || !t.archived)
    .filter((t) => status === undefined || t.status === status)
    .filter((t) => query === undefined || t.subject.toLowerCase().includes(query.toLowerCase()));
  return {
    status: 200,
    body: { type: 'list', itemStart, itemTotal: matching.length, itemLimit, items: matching.slice(itemStart, itemStart + itemLimit).map(withExtras) },
  };
}
