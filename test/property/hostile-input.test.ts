import fc from 'fast-check';
import { McpError } from '@modelcontextprotocol/sdk/types.js';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { mavaTools } from '../../src/providers/mava/tools/index.js';
import { describeFile } from '../../src/tools/file-types.js';
import { setLogSink } from '../../src/log.js';
import { connect, testConfig, type Harness } from '../support/harness.js';
import { answer, isViolationReply } from '../support/mava-standin/contract.js';
import { startStandin, type RecordedRequest, type Standin } from '../support/mava-standin/index.js';
import {
  addInternalNoteArgs,
  fetchTicketsArgs,
  identifyCustomerArgs,
  listCategoriesArgs,
  sendMessageArgs,
  updateTicketArgs,
  type Args,
} from './arbitraries.js';

// Property tests of hostile input (wrong types, huge strings, odd unicode, traversal and
// delimiter ids, "__proto__" keys) over every tool, through a real MCP client and the strict
// stand-in of Mava's API. Every call must end in a result or a clear isError, never a crash;
// every request that leaves must be exactly the documented one, with the arguments the server
// accepted: ids and query values encoded, JSON bodies carrying ids verbatim.
//
// Reproduce a failure with the seed and path fast-check prints: FC_SEED=<seed> npx vitest run test/property

const KEY = 'mava_live_STANDINKEY_0123456789abcdef';
const SEED = Number(process.env.FC_SEED ?? 20_260_601);
const RUNS = 1_000;
const DAY_MS = 86_400_000;
const TIMEOUT_MS = 180_000;

let standin: Standin;
let mcp: Harness;
/** ERROR log lines: a handler that crashed logs "failed unexpectedly" here. */
const problems: string[] = [];

beforeAll(async () => {
  setLogSink((line) => {
    if (/^\S+ ERROR /.test(line)) problems.push(line);
  });
  standin = await startStandin({ apiKey: KEY });
  mcp = await connect(testConfig({ api: { baseUrl: standin.url, apiKey: KEY, rateLimit: { requests: 100_000, windowMs: 1_000 }, timeoutMs: 5_000 } }));
});
afterAll(async () => {
  await mcp?.close();
  await standin?.close();
  setLogSink(() => undefined);
});
beforeEach(() => {
  standin.reset();
  problems.length = 0;
});

// ---- what every call must satisfy -------------------------------------------------------------

interface ToolSpec {
  name: string;
  args: fc.Arbitrary<Args>;
  /** The documented route, "METHOD /path"; a message may fall back from PUT to POST. */
  routes: readonly string[];
  /** Requests one call may cause: a read retries a 5xx twice, a message may retry once with POST. */
  maxRequests: number;
  /** Checks one request the call sent against the arguments as the server received them. */
  checkRequest(request: RecordedRequest, args: Args, call: { startedAt: number; endedAt: number }): void;
}

interface Stats {
  calls: number;
  /** isError and nothing sent: refused by the schema, the handler or a guard. */
  refused: number;
  /** At least one request reached the API. */
  sent: number;
  succeeded: number;
  /** Sent, and the API answered with a documented error (e.g. "Ticket not found"). */
  apiRefused: number;
  /** Sent a value that needed escaping (in the query) or was not a plain id (in a body). */
  hostileSent: number;
  longestError: number;
}

/** Runs one call and checks the result and every request it caused. */
async function callAndCheck(spec: ToolSpec, args: Args, stats: Stats): Promise<void> {
  const firstRequest = standin.requests.length;
  const firstProblem = problems.length;
  const startedAt = Date.now();
  // A rejection here (a protocol error, a crash of the server) fails the property.
  const result = await mcp.client.callTool({ name: spec.name, arguments: args });
  const endedAt = Date.now();
  const sent = standin.requests.slice(firstRequest);
  stats.calls++;

  const content = result.content as Array<{ type: string; text?: string }>;
  expect(Array.isArray(content) && content.length > 0, 'a result with content').toBe(true);
  const text = content.map((part) => part.text ?? '').join('\n');
  expect(problems.slice(firstProblem), 'no error logged (a crash logs "failed unexpectedly")').toEqual([]);

  // A name the tool does not take is refused, never ignored: a misspelt filter must not widen a search.
  // (A top-level "__proto__" never arrives: the SDK drops it while parsing the request.)
  const names = [...Object.keys(mavaTools.find((tool) => tool.name === spec.name)!.input), '__proto__'];
  if (args && typeof args === 'object' && Object.keys(args).some((key) => !names.includes(key))) {
    expect(result.isError, `unknown argument refused: ${JSON.stringify(Object.keys(args))}`).toBe(true);
    expect(text).toMatch(/unknown argument|cannot be used as a name/);
    expect(sent).toHaveLength(0);
  }
  if (result.isError === true) {
    expectClearError(text, args);
    stats.longestError = Math.max(stats.longestError, text.length);
    if (sent.length === 0) stats.refused++;
    else stats.apiRefused++;
  } else {
    expect(sent.length, 'a success sent a request').toBeGreaterThan(0);
    expect(sent.at(-1)!.status, 'a success follows a 200').toBe(200);
    expect(result.structuredContent, 'a success carries structuredContent').toBeDefined();
    stats.succeeded++;
  }
  if (sent.some((request) => request.status !== 200)) expect(result.isError, 'an API refusal is reported as isError').toBe(true);
  expect(sent.length).toBeLessThanOrEqual(spec.maxRequests);

  if (sent.length) stats.sent++;
  for (const request of sent) {
    expect(spec.routes, 'a documented route').toContain(`${request.method} ${request.path}`);
    expect(request.headers['x-auth-token']).toBe(KEY);
    expect(violation(request), 'the stand-in found no contract violation').toBeUndefined();
    if (request.method !== 'GET') expect(request.rawQuery, 'no query string on a write').toBe('');
    spec.checkRequest(request, asReceived(args), { startedAt, endedAt });
  }
}

/**
 * The arguments as the tool took them: null for an optional field means not set (a strict client
 * sends every field). A required field given null is refused before any request, so here a null
 * at the top is always an optional field left out.
 */
function asReceived(args: Args): Args {
  return Object.fromEntries(Object.entries(args).filter(([, value]) => value !== null));
}

/** The stand-in's verdict on a request, recomputed: its error text when it breaks the contract. */
function violation(request: RecordedRequest): string | undefined {
  const reply = answer(request, ['PUT', 'POST'], () => '000000000000000000000000');
  return isViolationReply(reply) ? (reply.body as { error: string }).error : undefined;
}

/**
 * An error an agent can act on: not empty, no internal error, no stack trace, no output schema
 * failure, no contract violation passed on. Text the agent itself sent may be echoed back (a
 * bad date is quoted), so echoes are removed before looking.
 */
function expectClearError(text: string, args: Args): void {
  expect(text.trim(), 'the error says something').not.toBe('');
  const own = withoutEchoes(text, args);
  expect(own).not.toMatch(/internal error/i);
  expect(own).not.toMatch(/stack/i);
  expect(own).not.toContain('at Object.');
  expect(own).not.toContain('    at ');
  expect(own).not.toContain('Output validation error');
  expect(own).not.toContain('STANDIN: ');
}

function withoutEchoes(text: string, args: Args): string {
  const strings = new Set<string>();
  const collect = (value: unknown): void => {
    if (typeof value === 'string') {
      if (value.length >= 5) strings.add(value).add(JSON.stringify(value).slice(1, -1));
    } else if (value && typeof value === 'object') {
      for (const [key, inner] of Object.entries(value)) {
        collect(key);
        collect(inner);
      }
    }
  };
  collect(args);
  let out = text;
  for (const echo of [...strings].sort((a, b) => b.length - a.length)) out = out.split(echo).join('');
  return out;
}

/**
 * A raw query in which every value is encoded: only unreserved characters, escapes and the
 * pair delimiters, each escape valid UTF-8, one "=" per pair. What the values decode to is
 * checked against the arguments separately.
 */
function expectEncodedQuery(rawQuery: string): void {
  if (rawQuery === '') return;
  // Form encoding leaves [A-Za-z0-9*-._] and writes a space as "+"; encodeURIComponent also
  // leaves !'()~. Nothing else may appear raw: no "#", "?", "/", space, quote or non-ASCII.
  expect(rawQuery).toMatch(/^[A-Za-z0-9%\-._~=&+*!'()]*$/);
  expect(rawQuery, 'every % starts an escape').not.toMatch(/%(?![0-9A-Fa-f]{2})/);
  for (const pair of rawQuery.split('&')) {
    const parts = pair.split('=');
    expect(parts, `"${pair}" is one key=value`).toHaveLength(2);
    for (const part of parts) expect(() => decodeURIComponent(part), `"${part}" decodes as UTF-8`).not.toThrow();
  }
}

// ---- what the server accepted -----------------------------------------------------------------

/** The argument as given; a request went out, so the schema accepted it: it must be a string. */
function givenString(args: Args, key: string): string | undefined {
  if (!Object.hasOwn(args, key)) return undefined;
  const value = args[key];
  expect(typeof value, `${key} was accepted, so it is a string: ${JSON.stringify(value)}`).toBe('string');
  return value as string;
}

function requiredString(args: Args, key: string): string {
  const value = givenString(args, key);
  expect(value, `${key} is required, yet a request went out without it`).toBeDefined();
  return value!;
}

function givenList(args: Args, key: string): string[] {
  if (!Object.hasOwn(args, key)) return [];
  const value = args[key];
  const list = Array.isArray(value) ? value : [value];
  for (const item of list) expect(typeof item, `${key} was accepted, so it holds strings`).toBe('string');
  return list as string[];
}

/** The instant an accepted ISO 8601 text names; a bare date is midnight UTC. */
const isoOf = (text: string): string => new Date(/^\d{4}-\d{2}-\d{2}$/.test(text) ? `${text}T00:00:00Z` : text).toISOString();

/** Pairs grouped by key, values in their order, keys sorted: order across keys is free. */
function grouped(pairs: ReadonlyArray<readonly [string, string]>): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const [key, value] of [...pairs].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) (out[key] ??= []).push(value);
  return out;
}

function expectedTicketQuery(
  args: Args,
  arrived: ReadonlyArray<readonly [string, string]>,
  call: { startedAt: number; endedAt: number },
): Array<[string, string]> {
  const endText = givenString(args, 'endDate');
  const startText = givenString(args, 'startDate');
  let endDate: string;
  if (endText === undefined) {
    // Default: now.
    endDate = arrived.find(([key]) => key === 'endDate')?.[1] ?? '(none)';
    const end = Date.parse(endDate);
    expect(end >= call.startedAt && end <= call.endedAt, `default endDate ${endDate} is the time of the call`).toBe(true);
  } else {
    endDate = isoOf(endText);
  }
  const startDate = startText === undefined ? new Date(Date.parse(endDate) - 30 * DAY_MS).toISOString() : isoOf(startText);
  const pairs: Array<[string, string]> = [
    ['startDate', startDate],
    ['endDate', endDate],
  ];
  for (const [key, fallback] of [
    ['limit', 50],
    ['skip', 0],
  ] as const) {
    if (Object.hasOwn(args, key)) expect(Number.isSafeInteger(args[key]), `${key} was accepted, so it is a whole number`).toBe(true);
    pairs.push([key, String(args[key] ?? fallback)]);
  }
  for (const key of ['sortBy', 'sortOrder']) {
    const value = givenString(args, key);
    if (value !== undefined) pairs.push([key, value]);
  }
  for (const key of ['status', 'origin', 'csatValues']) for (const value of givenList(args, key)) pairs.push([key, value]);
  for (const key of ['assignedTo', 'category', 'tags']) {
    // A name goes out as the id it stands for: which one is the server's to resolve, the property
    // is that only ids leave (a name never does), one for each value given or fewer.
    const sent = arrived.filter(([name]) => name === key).map(([, value]) => value);
    const given = givenList(args, key).map((value) => value.trim());
    expect(sent.length).toBeLessThanOrEqual(given.length);
    for (const value of sent) expect(value, `${key} sent as an id`).toMatch(/^([0-9a-f]{24}|Unassigned)$/);
    for (const value of given) if (/^([0-9a-f]{24}|Unassigned)$/.test(value)) expect(sent).toContain(value);
    pairs.push(...sent.map((value): [string, string] => [key, value]));
  }
  if (Object.hasOwn(args, 'includeMessages')) expect(typeof args.includeMessages, 'includeMessages was accepted, so it is a boolean').toBe('boolean');
  // Threads always come along: each ticket's line shows its last message.
  pairs.push(['includeMessages', 'true']);
  return pairs;
}

/** The documented message body for the arguments accepted (content only when not blank). */
function expectedMessageBody(args: Args, messageType: 'ExternalMessage' | 'InternalNote'): Args {
  const body: Args = { ticketId: requiredString(args, 'ticketId').trim(), messageType };
  const content = givenString(args, 'content');
  if (content?.trim()) body.content = content;
  if (Object.hasOwn(args, 'attachments')) {
    expect(Array.isArray(args.attachments), 'attachments was accepted, so it is a list').toBe(true);
    // zod's z.url() cleans the url as a URL parser does: surrounding whitespace trimmed, ASCII
    // tabs and newlines removed. Everything else goes verbatim.
    const cleanUrl = (url: string): string => url.trim().replace(/[\t\n\r]/g, '');
    // A bare URL stands for a file whose name and type come from its path.
    body.attachments = (args.attachments as Array<string | Record<string, string>>).map((file) =>
      typeof file === 'string' ? { url: file, ...describeFile(file) } : { fileName: file.fileName, url: cleanUrl(file.url!), fileType: file.fileType },
    );
  }
  return body;
}

const isPlainId = (value: unknown): boolean => typeof value === 'string' && /^[0-9a-f]{24}$/.test(value);

// ---- the tools --------------------------------------------------------------------------------

const TOOLS: ToolSpec[] = [
  {
    name: 'fetch_tickets',
    args: fetchTicketsArgs,
    // The category list and a page of recent tickets teach the names a filter may give.
    routes: ['GET /api/tickets', 'GET /api/categories'],
    // Three attempts for each of up to ten yearly spans, and the two lookups.
    maxRequests: 32,
    checkRequest(request, args, call) {
      expect(request.rawBody).toBe('');
      expectEncodedQuery(request.rawQuery);
      if (request.path === '/api/categories' || !request.query.some(([key]) => key === 'includeMessages')) return;
      const expected = grouped(expectedTicketQuery(args, request.query, call));
      const arrived = grouped(request.query);
      const [start, end] = [Date.parse(expected.startDate![0]!), Date.parse(expected.endDate![0]!)];
      if (end - start > 365 * DAY_MS) {
        // A range over a year goes a year at a time: each request's own span and page.
        const span = Date.parse(arrived.endDate![0]!) - Date.parse(arrived.startDate![0]!);
        expect(span, 'a span of at most a year').toBeLessThanOrEqual(365 * DAY_MS);
        for (const key of ['startDate', 'endDate', 'limit', 'skip']) {
          delete expected[key];
          delete arrived[key];
        }
      }
      expect(arrived).toStrictEqual(expected);
    },
  },
  {
    name: 'update_ticket',
    args: updateTicketArgs,
    routes: ['PUT /api/ticket'],
    maxRequests: 1,
    checkRequest(request, args) {
      const body: Args = { ticketId: requiredString(args, 'ticketId').trim() };
      if (Object.hasOwn(args, 'status')) body.status = givenString(args, 'status');
      if (Object.hasOwn(args, 'priority')) body.priority = args.priority;
      if (Object.hasOwn(args, 'categoryId')) body.categoryId = givenString(args, 'categoryId')!.trim();
      expect(Object.keys(body).length, 'at least one change was sent').toBeGreaterThan(1);
      expect(request.body).toStrictEqual(body);
    },
  },
  {
    name: 'send_message',
    args: sendMessageArgs,
    routes: ['PUT /api/message', 'POST /api/message'],
    maxRequests: 2,
    checkRequest(request, args) {
      expect(request.body).toStrictEqual(expectedMessageBody(args, 'ExternalMessage'));
    },
  },
  {
    name: 'add_internal_note',
    args: addInternalNoteArgs,
    routes: ['PUT /api/message', 'POST /api/message'],
    maxRequests: 2,
    checkRequest(request, args) {
      expect(request.body).toStrictEqual(expectedMessageBody(args, 'InternalNote'));
    },
  },
  {
    name: 'identify_customer',
    args: identifyCustomerArgs,
    routes: ['POST /api/identify'],
    maxRequests: 1,
    checkRequest(request, args) {
      const body: Args = {};
      const email = givenString(args, 'emailAddress');
      const platformUserId = givenString(args, 'platformUserId');
      const mavaCustomerId = givenString(args, 'mavaCustomerId');
      if (email !== undefined) body.emailAddress = email;
      if (platformUserId !== undefined) body.plaformUserId = platformUserId.trim();
      if (mavaCustomerId !== undefined) body.mavaCustomerId = mavaCustomerId.trim();
      if (Object.hasOwn(args, 'customAttributes')) {
        const given = args.customAttributes as Array<Record<string, string>> | Record<string, string>;
        if (Array.isArray(given)) body.customAttributes = given.map(({ label, value }) => ({ label: label!.trim(), value }));
        else {
          // A map of label to value; labels are trimmed, so two that trim alike are one.
          const map: Record<string, string> = {};
          for (const [label, value] of Object.entries(given)) map[label.trim()] = value;
          body.customAttributes = Object.entries(map).map(([label, value]) => ({ label, value }));
        }
      }
      expect(email || body.plaformUserId || body.mavaCustomerId, 'the call named a customer').toBeTruthy();
      expect(request.body).toStrictEqual(body);
    },
  },
  {
    name: 'list_categories',
    args: listCategoriesArgs,
    routes: ['GET /api/categories'],
    maxRequests: 3,
    checkRequest(request) {
      expect([request.rawQuery, request.rawBody]).toEqual(['', '']);
    },
  },
];

/** Whether a request carried something a naive client would have mangled. */
function carriesHostileValue(spec: ToolSpec, request: RecordedRequest): boolean {
  if (spec.name === 'fetch_tickets') {
    return request.query.some(([key, value]) => ['assignedTo', 'category', 'tags'].includes(key) && /[^A-Za-z0-9._-]/.test(value));
  }
  const body = (request.body ?? {}) as Args;
  const ids = [body.ticketId, body.categoryId, body.mavaCustomerId, body.plaformUserId].filter((id) => id !== undefined);
  return ids.some((id) => !isPlainId(id));
}

// ---- the properties ---------------------------------------------------------------------------

/** How many of the 1,000 runs must reach each outcome, so no property passes by never trying. */
const FLOORS: Record<string, Partial<Record<'refused' | 'sent' | 'succeeded' | 'apiRefused' | 'hostileSent', number>>> = {
  // Filter values reach Mava as ids only: a hostile one is refused as an unknown name, after the
  // lookups (so fewer calls succeed than when any text went out as an id).
  fetch_tickets: { refused: 100, sent: 120, succeeded: 80 },
  update_ticket: { refused: 100, sent: 100, succeeded: 20, apiRefused: 50, hostileSent: 50 },
  send_message: { refused: 100, sent: 100, succeeded: 20, apiRefused: 50, hostileSent: 50 },
  add_internal_note: { refused: 100, sent: 100, succeeded: 20, apiRefused: 50, hostileSent: 50 },
  identify_customer: { refused: 100, sent: 100, succeeded: 20, apiRefused: 20, hostileSent: 20 },
  list_categories: { succeeded: 100, refused: 100 },
};

describe.each(TOOLS)('$name with hostile arguments', (spec) => {
  it(
    `gives a result or a clear isError for ${RUNS} random and adversarial inputs, and sends only documented, encoded requests`,
    async () => {
      const stats: Stats = { calls: 0, refused: 0, sent: 0, succeeded: 0, apiRefused: 0, hostileSent: 0, longestError: 0 };
      const before = standin.requests.length;
      await fc.assert(
        fc.asyncProperty(spec.args, (args) => callAndCheck(spec, args, stats)),
        { numRuns: RUNS, seed: SEED },
      );

      // Every request the stand-in recorded for this tool, once more after the run.
      const recorded = standin.requests.slice(before);
      for (const request of recorded) {
        expect(spec.routes).toContain(`${request.method} ${request.path}`);
        expect(request.path).not.toMatch(/\.\.|[?#%]|\/\//);
        expect(violation(request)).toBeUndefined();
        if (request.method === 'GET') expectEncodedQuery(request.rawQuery);
        if (carriesHostileValue(spec, request)) stats.hostileSent++;
      }
      expect(problems).toEqual([]);
      const summary = `${spec.name} (seed ${SEED}): ${JSON.stringify(stats)}`;
      if (spec.name === 'fetch_tickets') expect(stats.hostileSent, summary).toBe(0);
      expect(stats.calls, summary).toBe(RUNS);
      for (const [outcome, floor] of Object.entries(FLOORS[spec.name] ?? {})) {
        expect(stats[outcome as keyof Stats], `${outcome} floor; ${summary}`).toBeGreaterThanOrEqual(floor);
      }
    },
    TIMEOUT_MS,
  );
});

describe('arguments that are not an object', () => {
  it.each([[[]], [['ticketId']], ['ticketId=x'], [42], [true], [null]])('%j: refused without a request or a crash, for every tool', async (value) => {
    for (const spec of TOOLS) {
      const outcome = await mcp.client.callTool({ name: spec.name, arguments: value as unknown as Args }).then(
        (result) => ({ result }),
        (error: unknown) => ({ error }),
      );
      if ('error' in outcome) {
        // Refused by the SDK's request schema, before any tool code: a JSON-RPC error, no stack.
        expect(outcome.error).toBeInstanceOf(McpError);
        expect((outcome.error as McpError).message).toContain('arguments');
        expect((outcome.error as McpError).message).not.toContain('    at ');
      } else {
        expect(outcome.result.isError).toBe(true);
        expectClearError((outcome.result.content as Array<{ text?: string }>).map((part) => part.text ?? '').join('\n'), {});
      }
    }
    expect(standin.requests).toEqual([]);
    expect(problems).toEqual([]);
  });
});

describe('after the hostile runs', () => {
  it('the server still answers a normal call', async () => {
    const categories = await mcp.call('list_categories');
    expect(categories.isError).toBe(false);
    expect(categories.text).toContain('Billing');
    const tickets = await mcp.call('fetch_tickets', { startDate: '2024-01-01', endDate: '2024-12-31' });
    expect(tickets.isError).toBe(false);
    expect(standin.requests.map((request) => `${request.method} ${request.path} ${request.status}`)).toEqual([
      'GET /api/categories 200',
      'GET /api/tickets 200',
    ]);
  });
});
