// Hostile tool arguments for the property tests: what a confused or malicious agent may send.
// Each tool gets a mix of (a) objects of any shape and (b) its own field names with adversarial
// values. Arguments are built the way a transport delivers them: JSON text parsed, so keys such
// as "__proto__" arrive as own properties, and NaN or Infinity arrive as null.

import fc from 'fast-check';
import { STANDIN_DATA } from '../support/mava-standin/index.js';

export type Args = Record<string, unknown>;

const DAY_MS = 86_400_000;

// ---- strings ----------------------------------------------------------------------------------

/** Strings that break naive URL building, routing, JSON or display. */
export const URL_BREAKERS = [
  '../x',
  '..',
  '.',
  '/',
  'a/b',
  '/api/categories',
  '%2e%2e/',
  '%2F',
  '..%2f..%2fetc%2fpasswd',
  '\\..\\x',
  '//evil.example/x',
  'http://evil.example/',
  'a?b=c#d',
  '?',
  '#',
  '#frag',
  '&',
  '&limit=100',
  'a&b',
  '=',
  'a=b',
  '%',
  '%zz',
  '%00',
  '%%41',
  '+',
  'a+b',
  ' a b ',
  ';x',
  '*',
  "'()!",
  '~',
  '[]',
  '{}',
  '|',
  '^',
  '`',
  '"',
  '<script>',
  "' OR 1=1 --",
  '{"$gt":""}',
  '${x}',
  '{{x}}',
  '\u0000',
  'a\u0000b',
  '\r\nX-Injected: 1',
  '\t',
  '\u202e',
  'abc\u202edef',
  '\u200b',
  '\ufeff',
  '\u00a0',
  '🙂',
  '👩‍👩‍👧',
  'e\u0301',
  'ﬁ',
  'İ',
  'Ω',
  '日本語',
  '\u{10ffff}',
  '\ud800',
  '\udc00x',
  'x\ud83d',
  '__proto__',
  'constructor',
  'prototype',
  'toString',
  'hasOwnProperty',
] as const;

/** One lone UTF-16 surrogate: not representable in UTF-8. */
const loneSurrogate = fc.integer({ min: 0xd800, max: 0xdfff }).map((unit) => String.fromCharCode(unit));

/** 1,000 to 100,000 characters of one repeated piece (a huge string stays cheap to generate). */
export const hugeString = fc
  .tuple(fc.constantFrom('a', '🙂', '%', '../', 'a?b=c#d', '\u202e', ' ', 'é', '\u0000'), fc.integer({ min: 1_000, max: 100_000 }))
  .map(([piece, length]) => piece.repeat(Math.ceil(length / piece.length)).slice(0, length));

/** Any string an agent might put in a text field. */
export const hostileString: fc.Arbitrary<string> = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom(...URL_BREAKERS) },
  {
    weight: 3,
    arbitrary: fc
      .array(fc.oneof(fc.constantFrom(...URL_BREAKERS), fc.string({ unit: 'grapheme', maxLength: 4 }), loneSurrogate), { minLength: 2, maxLength: 6 })
      .map((parts) => parts.join('')),
  },
  { weight: 2, arbitrary: fc.string({ unit: 'binary', maxLength: 40 }) },
  { weight: 2, arbitrary: fc.string({ unit: 'grapheme', maxLength: 40 }) },
  { weight: 1, arbitrary: fc.string({ unit: 'binary-ascii', maxLength: 40 }) },
  { weight: 1, arbitrary: fc.string({ unit: 'grapheme-composite', maxLength: 20 }) },
  { weight: 1, arbitrary: hugeString },
);

// ---- wrong types ------------------------------------------------------------------------------

/** Keys that have meaning to JavaScript objects, template engines or promise detection. */
export const DANGEROUS_KEYS = [
  '__proto__',
  'constructor',
  'prototype',
  'toString',
  'valueOf',
  'hasOwnProperty',
  '__defineGetter__',
  'then',
  'toJSON',
  '',
] as const;

const dangerousKey = fc.oneof(fc.constantFrom(...DANGEROUS_KEYS), fc.string({ unit: 'grapheme', maxLength: 12 }));

/** JSON values of any type, objects with dangerous keys included. */
export const anyJson: fc.Arbitrary<unknown> = fc.letrec<{ value: unknown }>((tie) => ({
  value: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.constant(null),
    fc.boolean(),
    fc.integer(),
    fc.double(),
    fc.constantFrom(0, -1, 1e21, -1e21, 2 ** 53 + 2, Number.MAX_VALUE, Number.MIN_VALUE),
    hostileString,
    fc.array(tie('value'), { maxLength: 4 }),
    fc.dictionary(dangerousKey, tie('value'), { maxKeys: 4 }),
  ),
})).value;

/** A value of the wrong kind for a field expecting `expected`. */
export function wrongType(expected: 'string' | 'number' | 'boolean' | 'array'): fc.Arbitrary<unknown> {
  const others: fc.Arbitrary<unknown>[] = [fc.constant(null), fc.dictionary(dangerousKey, anyJson, { maxKeys: 3 }), anyJson];
  if (expected !== 'string') others.push(hostileString, fc.constantFrom('1', '2', 'true', '[]', ''));
  if (expected !== 'number') others.push(fc.integer(), fc.double(), fc.constantFrom(0, 1, 2, 3, -1));
  if (expected !== 'boolean') others.push(fc.boolean());
  if (expected !== 'array') others.push(fc.array(anyJson, { maxLength: 3 }), fc.array(hostileString, { minLength: 1, maxLength: 3 }));
  return fc.oneof(...others);
}

// ---- shaped arguments -------------------------------------------------------------------------

const ABSENT = Symbol('absent');
type Maybe<T> = T | typeof ABSENT;

/** The field is given with weight `present`, left out with weight `absent`. */
function maybe<T>(arb: fc.Arbitrary<T>, present = 1, absent = 1): fc.Arbitrary<Maybe<T>> {
  return fc.oneof({ weight: present, arbitrary: arb }, { weight: absent, arbitrary: fc.constant(ABSENT) });
}

/** Mostly a plausible value, sometimes a hostile string or a value of the wrong type. */
function field<T>(plausible: fc.Arbitrary<T>, expected: 'string' | 'number' | 'boolean' | 'array', present = 1, absent = 1): fc.Arbitrary<unknown> {
  return maybe(
    fc.oneof(
      { weight: 8, arbitrary: plausible as fc.Arbitrary<unknown> },
      { weight: 1, arbitrary: wrongType(expected) },
      { weight: 1, arbitrary: hostileString as fc.Arbitrary<unknown> },
    ),
    present,
    absent,
  );
}

/**
 * A tool's own fields with hostile values, plus a few stray keys (dangerous ones included).
 * Built as JSON text is parsed, so "__proto__" is an own key, never a prototype.
 */
function shaped(fields: Record<string, fc.Arbitrary<unknown>>): fc.Arbitrary<Args> {
  const strays = fc.oneof(
    { weight: 7, arbitrary: fc.constant<Array<[string, unknown]>>([]) },
    { weight: 1, arbitrary: fc.array(fc.tuple(dangerousKey, anyJson), { maxLength: 3 }) },
  );
  return fc.tuple(fc.record(fields), strays).map(([given, extra]) => {
    const entries = Object.entries(given).filter(([, value]) => value !== ABSENT);
    // Stray keys come first so a real field of the same name wins, as in JSON's last-one-wins.
    return fromEntries([...extra, ...entries]);
  });
}

/** Objects of any shape: stray keys, dangerous keys and the tool's own names with any values. */
function randomObject(names: readonly string[]): fc.Arbitrary<Args> {
  const key = fc.oneof(fc.constantFrom(...names, ...DANGEROUS_KEYS), fc.string({ unit: 'binary', maxLength: 10 }));
  return fc.array(fc.tuple(key, anyJson), { maxLength: 6 }).map(fromEntries);
}

/** As JSON.parse builds an object: own enumerable properties, "__proto__" included. */
function fromEntries(entries: ReadonlyArray<readonly [string, unknown]>): Args {
  const out: Args = {};
  for (const [key, value] of entries) Object.defineProperty(out, key, { value, enumerable: true, writable: true, configurable: true });
  return out;
}

/** What a JSON transport delivers for `args`: NaN/Infinity become null, -0 becomes 0. */
export function overTheWire(args: Args): Args {
  return JSON.parse(JSON.stringify(args)) as Args;
}

function mixed(names: readonly string[], fields: Record<string, fc.Arbitrary<unknown>>): fc.Arbitrary<Args> {
  return fc.oneof({ weight: 1, arbitrary: randomObject(names) }, { weight: 4, arbitrary: shaped(fields) }).map(overTheWire);
}

// ---- ids --------------------------------------------------------------------------------------

const TICKET_IDS = STANDIN_DATA.tickets.map((ticket) => ticket._id);
const CATEGORY_IDS = STANDIN_DATA.categories.map((category) => category._id);

/** Known ids (so some calls get through to a success) mixed with hostile ones. */
function idFrom(known: readonly string[]): fc.Arbitrary<string> {
  const padded = fc.tuple(fc.constantFrom(...known), fc.constantFrom(' ', '\t', '\n ', '\u00a0')).map(([id, pad]) => `${pad}${id}${pad}`);
  return fc.oneof({ weight: 3, arbitrary: fc.constantFrom(...known) }, { weight: 1, arbitrary: padded }, { weight: 5, arbitrary: hostileString });
}

function oneOrMany<T>(item: fc.Arbitrary<T>): fc.Arbitrary<unknown> {
  return fc.oneof(
    { weight: 6, arbitrary: item as fc.Arbitrary<unknown> },
    { weight: 6, arbitrary: fc.array(item, { minLength: 1, maxLength: 4 }) },
    { weight: 1, arbitrary: fc.constant([]) },
    { weight: 1, arbitrary: fc.array(item, { minLength: 51, maxLength: 60 }) },
  );
}

function enumValue(values: readonly string[]): fc.Arbitrary<string> {
  return fc.oneof(
    { weight: 12, arbitrary: fc.constantFrom(...values) },
    { weight: 1, arbitrary: fc.constantFrom(...values).map((value) => value.toUpperCase()) },
    { weight: 1, arbitrary: fc.constantFrom(...values).map((value) => ` ${value}`) },
    { weight: 1, arbitrary: hostileString },
  );
}

// ---- dates ------------------------------------------------------------------------------------

const dayOnly = (time: number): string => new Date(time).toISOString().slice(0, 10);

/** The same instant written with a UTC offset, e.g. 2026-01-01T05:30:00+05:30. */
function withOffset(time: number, minutes: number): string {
  const local = new Date(time + minutes * 60_000).toISOString().slice(0, 19);
  const sign = minutes < 0 ? '-' : '+';
  const abs = Math.abs(minutes);
  return `${local}${sign}${String(Math.floor(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')}`;
}

const offsetMinutes = fc.constantFrom(-720, -330, -60, 0, 60, 330, 345, 840);

/** An instant written in one of the ISO 8601 forms the tool documents. */
function isoText(time: number, form: 'day' | 'utc' | 'offset', offset: number): string {
  if (form === 'day') return dayOnly(time);
  if (form === 'utc') return new Date(time).toISOString();
  return withOffset(time, offset);
}

const DATE_FORMS = ['day', 'utc', 'offset'] as const;

/** A valid range: end after start, at most 366 days, near now or anywhere in 2000-2099. */
const validRange = fc
  .record({
    startDay: fc.oneof(
      fc.integer({ min: Date.UTC(2000, 0, 1) / DAY_MS, max: Date.UTC(2099, 0, 1) / DAY_MS }),
      fc.integer({ min: -400, max: 5 }).map((days) => Math.floor(Date.now() / DAY_MS) + days),
    ),
    startMs: fc.integer({ min: 0, max: DAY_MS / 1000 - 1 }).map((seconds) => seconds * 1000),
    spanMs: fc.oneof(
      fc.integer({ min: 1, max: 366 * DAY_MS }),
      fc.integer({ min: 1, max: 366 }).map((days) => days * DAY_MS),
    ),
    startForm: fc.constantFrom(...DATE_FORMS),
    endForm: fc.constantFrom(...DATE_FORMS),
    startOffset: offsetMinutes,
    endOffset: offsetMinutes,
  })
  .map(({ startDay, startMs, spanMs, startForm, endForm, startOffset, endOffset }) => {
    // A day-only date is midnight UTC: keep the instant on midnight so the span stays valid.
    const start = startDay * DAY_MS + (startForm === 'day' ? 0 : startMs);
    const span = endForm === 'day' || startForm === 'day' ? Math.max(1, Math.round(spanMs / DAY_MS)) * DAY_MS : Math.floor(spanMs / 1000) * 1000 || 1000;
    const end = start + span;
    return { startDate: isoText(start, startForm, startOffset), endDate: isoText(end, endForm, endOffset) };
  });

/** Dates that are not ISO 8601, do not exist, or lack a zone. */
export const INVALID_DATES = [
  '',
  'yesterday',
  'now',
  '2026-02-30',
  '2026-13-01',
  '2026-00-10',
  '2026-1-1',
  '26-01-01',
  '2026/01/01',
  '2026-01-01T25:00:00Z',
  '2026-01-01T00:00:00',
  '2026-01-01T00:00Z ',
  ' 2026-01-01',
  '2026-01-01T00:00:00+24:00',
  '+002026-01-01',
  '1e9',
  '1767225600000',
  '2026-01-01T00:00:00.0000000000Z',
  '2026-W01',
  '2026-001',
  '0000-00-00',
  '9999-12-31T23:59:60Z',
] as const;

const dateField = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom(...INVALID_DATES) as fc.Arbitrary<unknown> },
  {
    weight: 2,
    arbitrary: fc
      .tuple(fc.integer({ min: -400, max: 5 }), fc.constantFrom(...DATE_FORMS), offsetMinutes)
      .map(([days, form, offset]) => isoText(Date.now() + days * DAY_MS, form, offset)),
  },
  { weight: 1, arbitrary: hostileString },
  { weight: 1, arbitrary: wrongType('string') },
);

const dates: fc.Arbitrary<Array<[string, unknown]>> = fc.oneof(
  { weight: 3, arbitrary: fc.constant<Array<[string, unknown]>>([]) },
  {
    weight: 4,
    arbitrary: validRange.map(
      ({ startDate, endDate }) =>
        [
          ['startDate', startDate],
          ['endDate', endDate],
        ] as Array<[string, unknown]>,
    ),
  },
  { weight: 1, arbitrary: dateField.map((value) => [['startDate', value]] as Array<[string, unknown]>) },
  { weight: 1, arbitrary: dateField.map((value) => [['endDate', value]] as Array<[string, unknown]>) },
  {
    weight: 1,
    arbitrary: fc.tuple(dateField, dateField).map(
      ([start, end]) =>
        [
          ['startDate', start],
          ['endDate', end],
        ] as Array<[string, unknown]>,
    ),
  },
);

// ---- numbers ----------------------------------------------------------------------------------

const limit = fc.oneof(
  { weight: 6, arbitrary: fc.integer({ min: 1, max: 100 }) as fc.Arbitrary<unknown> },
  { weight: 1, arbitrary: fc.constantFrom(0, 101, -1, 2.5, 1e21, 2 ** 53, -(2 ** 53), 1e-7, Number.MAX_SAFE_INTEGER) },
  { weight: 1, arbitrary: wrongType('number') },
);

const skip = fc.oneof(
  { weight: 6, arbitrary: fc.nat({ max: 10_000 }) as fc.Arbitrary<unknown> },
  { weight: 1, arbitrary: fc.constantFrom(Number.MAX_SAFE_INTEGER, 2 ** 53, 1e21, -1, 0.5, -0) },
  { weight: 1, arbitrary: wrongType('number') },
);

// ---- per tool ---------------------------------------------------------------------------------

const STATUSES = ['Open', 'Resolved', 'Pending', 'Waiting'] as const;
const ORIGINS = ['web', 'discord', 'telegram', 'telegram-group', 'email'] as const;
const CSAT = ['1', '2', '3', '4', '5', 'no-rating'] as const;
const SORT_FIELDS = ['createdAt', 'status', 'priority', 'sourceType', 'assignedTo', 'category', 'resolutionTime'] as const;

const FETCH_FIELDS = [
  'startDate',
  'endDate',
  'status',
  'origin',
  'assignedTo',
  'category',
  'tags',
  'csatValues',
  'sortBy',
  'sortOrder',
  'limit',
  'skip',
  'includeMessages',
];

const fetchShaped = fc
  .tuple(
    dates,
    shaped({
      // Eleven optional fields: each is left out more often than not, or almost no call would
      // pass validation; the id filters, which carry the hostile text, are given more often.
      status: field(oneOrMany(enumValue(STATUSES)), 'array', 1, 3),
      origin: field(oneOrMany(enumValue(ORIGINS)), 'array', 1, 3),
      // Ids, and the names the tickets show (resolved to ids before anything is sent).
      assignedTo: field(oneOrMany(idFrom(['Unassigned', '6650b2c3d4e5f67890123456', 'Jane Smith', 'jane'])), 'array', 1, 1),
      category: field(oneOrMany(idFrom([...CATEGORY_IDS, 'billing', 'Technical Support'])), 'array', 1, 1),
      tags: field(oneOrMany(idFrom(['6650d4e5f678901234567890', 'VIP', 'bug'])), 'array', 1, 1),
      csatValues: field(oneOrMany(enumValue(CSAT)), 'array', 1, 3),
      sortBy: field(enumValue(SORT_FIELDS), 'string', 1, 3),
      sortOrder: field(enumValue(['asc', 'desc']), 'string', 1, 3),
      limit: maybe(limit, 1, 2),
      skip: maybe(skip, 1, 2),
      includeMessages: field(fc.boolean(), 'boolean', 1, 3),
    }),
  )
  .map(([range, rest]) => fromEntries([...range, ...Object.entries(rest)]));

export const fetchTicketsArgs: fc.Arbitrary<Args> = fc
  .oneof({ weight: 1, arbitrary: randomObject(FETCH_FIELDS) }, { weight: 4, arbitrary: fetchShaped })
  .map(overTheWire);

const priority = fc.oneof(
  { weight: 6, arbitrary: fc.constantFrom(1, 2, 3) as fc.Arbitrary<unknown> },
  { weight: 1, arbitrary: fc.constantFrom(0, 4, -1, 1.5, 2 ** 53, '2', [2], true) },
);

export const updateTicketArgs: fc.Arbitrary<Args> = mixed(['ticketId', 'status', 'priority', 'categoryId'], {
  ticketId: field(idFrom(TICKET_IDS), 'string', 9),
  status: field(enumValue(STATUSES), 'string'),
  priority: maybe(priority),
  categoryId: field(idFrom(CATEGORY_IDS), 'string'),
});

/** Message text: plausible, hostile, blank, or over the 20,000-character limit. */
const content = fc.oneof(
  { weight: 4, arbitrary: fc.string({ unit: 'grapheme', minLength: 1, maxLength: 200 }) },
  { weight: 4, arbitrary: hostileString },
  { weight: 1, arbitrary: fc.constantFrom('', ' ', '\n\t ', '\u00a0', '\u200b') },
  { weight: 1, arbitrary: fc.integer({ min: 19_990, max: 20_010 }).map((length) => 'x'.repeat(length)) },
);

const URLS = [
  'https://files.example.com/a.png',
  'http://x.example/a?b=c#d',
  'https://x.example/../../etc/passwd',
  'https://例え.jp/ü',
  'https://x.example/%zz',
  'https://user:pass@x.example/',
  'https://x.example/a b',
  'javascript:alert(1)',
  'ftp://x.example/a',
  'file:///etc/passwd',
  'data:text/plain,hi',
  '//x.example/a',
  '/relative',
  'https://',
  'https://[::1]/a',
  'https://127.0.0.1:1/a',
] as const;

const attachment = fc.oneof(
  {
    weight: 4,
    arbitrary: shaped({
      fileName: field(hostileString, 'string', 9),
      url: field(
        fc.oneof(
          fc.constantFrom(...URLS),
          hostileString.map((path) => `https://files.example.com/${path}`),
        ),
        'string',
        9,
      ),
      fileType: field(fc.oneof(fc.constantFrom('image/png', 'text/plain', 'application/pdf'), hostileString), 'string', 9),
    }),
  },
  { weight: 1, arbitrary: anyJson },
);

/** A file given by its URL alone. */
const bareUrl = fc.oneof(
  fc.constantFrom(...URLS),
  hostileString.map((path) => `https://files.example.com/${path}`),
);

const attachments = fc.oneof(
  { weight: 6, arbitrary: fc.array(fc.oneof(attachment, bareUrl), { minLength: 1, maxLength: 3 }) as fc.Arbitrary<unknown> },
  { weight: 1, arbitrary: fc.constant([]) },
  { weight: 1, arbitrary: fc.array(attachment, { minLength: 21, maxLength: 22 }) },
  { weight: 1, arbitrary: attachment },
);

const messageFields = {
  ticketId: field(idFrom(TICKET_IDS), 'string', 9),
  content: field(content, 'string', 4),
  attachments: maybe(attachments, 1),
};

export const addInternalNoteArgs: fc.Arbitrary<Args> = mixed(['ticketId', 'content', 'attachments'], messageFields);

export const sendMessageArgs: fc.Arbitrary<Args> = mixed(['ticketId', 'content', 'attachments', 'allowDuplicate'], {
  ...messageFields,
  allowDuplicate: field(fc.boolean(), 'boolean', 1),
});

const EMAILS = [
  'user@example.com',
  'a@b.co',
  'x+tag@example.com',
  'first.last@sub.example.org',
  '"quoted"@example.com',
  'ü@example.com',
  'a@b',
  'not-an-email',
  '@example.com',
  'a@@b.co',
  'a@b.co\n',
] as const;

const customAttribute = fc.oneof(
  { weight: 4, arbitrary: shaped({ label: field(hostileString, 'string', 9), value: field(fc.oneof(hostileString, fc.constant('')), 'string', 9) }) },
  { weight: 1, arbitrary: anyJson },
);

export const identifyCustomerArgs: fc.Arbitrary<Args> = mixed(['emailAddress', 'platformUserId', 'mavaCustomerId', 'customAttributes'], {
  emailAddress: field(
    fc.oneof(
      fc.constantFrom(...EMAILS),
      hostileString.map((local) => `${local}@example.com`),
    ),
    'string',
  ),
  platformUserId: field(hostileString, 'string'),
  mavaCustomerId: field(idFrom([STANDIN_DATA.customerId]), 'string', 1),
  customAttributes: field(
    fc.oneof(
      { weight: 6, arbitrary: fc.array(customAttribute, { maxLength: 4 }) as fc.Arbitrary<unknown> },
      { weight: 1, arbitrary: fc.array(customAttribute, { minLength: 101, maxLength: 102 }) },
      // Label to value, as the tool shows it.
      { weight: 4, arbitrary: fc.dictionary(hostileString, fc.oneof(hostileString, fc.constant('')), { maxKeys: 4 }) },
    ),
    'array',
  ),
});

export const listCategoriesArgs: fc.Arbitrary<Args> = fc
  .oneof(randomObject(['categoryId', 'limit']), fc.dictionary(fc.constantFrom(...DANGEROUS_KEYS), anyJson, { maxKeys: 3 }))
  .map(overTheWire);
