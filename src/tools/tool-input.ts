import { z } from 'zod';
import { InputError } from './define-tool.js';

/** Names JavaScript gives a meaning to: as a key they would be dropped or change an object's prototype. */
export const RESERVED_NAMES = new Set(['__proto__', 'constructor', 'prototype']);
const TYPE_NAMES: Record<string, string> = {
  string: 'text',
  number: 'a number',
  int: 'a whole number',
  boolean: 'true or false',
  array: 'a list',
  object: 'an object',
  record: 'an object',
};

/**
 * A tool's arguments checked against its input schema, refused with a message a model can act
 * on: the field, what it holds, what is allowed. Unknown argument names are refused with the
 * valid ones (a misspelt filter must not be silently ignored). null for an optional field means
 * "not set", at any depth: a strict client (OpenAI's) sends every field, and null where the model
 * meant none (tools/list advertises it: tool-listing.ts).
 */
export function inputParser(input: z.ZodRawShape): InputParser {
  let parser = parsers.get(input);
  if (!parser) parsers.set(input, (parser = buildParser(input)));
  return parser;
}

export type InputParser = (args: unknown) => Record<string, unknown>;

/**
 * One parser per input shape for the whole process: a stateless HTTP server builds its tools for
 * every request, and zod compiles a schema's fast path on its first parse, which cost more than
 * the parse itself when it was done per request.
 */
const parsers = new WeakMap<z.ZodRawShape, InputParser>();

function buildParser(input: z.ZodRawShape): InputParser {
  const schema = z.strictObject(input);
  const names = Object.keys(input);
  return (args = {}) => {
    const reserved = reservedKey(args, '');
    if (reserved) throw new InputError(`${reserved.path ? `${reserved.path}: ` : ''}"${reserved.key}" cannot be used as a name (it is reserved); rename it.`);
    const parsed = schema.safeParse(withoutUnset(schema, args));
    if (parsed.success) return parsed.data;
    // Unknown names first: a misspelt name explains the other complaints.
    const unknown = isObject(args) ? Object.keys(args).filter((key) => !names.includes(key)) : [];
    const issues = parsed.error.issues.filter((issue) => !(issue.code === 'unrecognized_keys' && issue.path.length === 0));
    const problems = [...(unknown.length ? [unknownNames(unknown, names)] : []), ...issues.map((issue) => describeIssue(issue, names))];
    throw new InputError(`${problems.join('; ')}.`.replace(/\.\.$/, '.'));
  };
}

/** The value with every optional field that holds null left out, following the schema into objects, lists and unions. */
function withoutUnset(schema: z.core.$ZodType, value: unknown): unknown {
  const def = schema._zod.def;
  switch (def.type) {
    case 'optional':
      return withoutUnset((def as z.core.$ZodOptionalDef).innerType, value);
    case 'pipe':
      return withoutUnset((def as z.core.$ZodPipeDef).in, value);
    case 'array':
      return Array.isArray(value) ? value.map((item) => withoutUnset((def as z.core.$ZodArrayDef).element, item)) : value;
    case 'union': {
      // The one form that takes an object (or a list) decides; strings and numbers hold no field.
      const fits = (def as z.core.$ZodUnionDef).options.filter((option) => shapeOf(option) === shapeOf(value));
      return fits.length === 1 ? withoutUnset(fits[0]!, value) : value;
    }
    case 'object': {
      if (!isObject(value)) return value;
      const shape = (def as z.core.$ZodObjectDef).shape;
      // Own names only: "toString" is no field of ours.
      const fieldOf = (key: string) => (Object.hasOwn(shape, key) ? shape[key] : undefined);
      const kept = Object.entries(value).filter(([key, field]) => !(field === null && fieldOf(key)?._zod.optin === 'optional'));
      return Object.fromEntries(kept.map(([key, field]) => [key, fieldOf(key) ? withoutUnset(fieldOf(key)!, field) : field]));
    }
    default:
      return value;
  }
}

/** "object", "array" or "other": what a schema parses, or what a value is. */
function shapeOf(item: unknown): string {
  const type = item instanceof z.core.$ZodType ? unwrapped(item)._zod.def.type : isObject(item) ? 'object' : Array.isArray(item) ? 'array' : 'other';
  return type === 'record' ? 'object' : type === 'object' || type === 'array' ? type : 'other';
}

function unwrapped(schema: z.core.$ZodType): z.core.$ZodType {
  const def = schema._zod.def as { type: string; innerType?: z.core.$ZodType; in?: z.core.$ZodType };
  const inner = def.type === 'pipe' ? def.in : def.innerType;
  return inner ? unwrapped(inner) : schema;
}

function unknownNames(keys: string[], valid: readonly string[]): string {
  return `unknown argument${keys.length > 1 ? 's' : ''} ${keys.join(', ')} (valid: ${valid.join(', ') || 'none'})`;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function describeIssue(issue: z.core.$ZodIssue, names: readonly string[], base: PropertyKey[] = []): string {
  const path = [...base, ...issue.path];
  const field = pathText(path);
  switch (issue.code) {
    case 'unrecognized_keys':
      return `${field}: unknown field${issue.keys.length > 1 ? 's' : ''} ${issue.keys.join(', ')}`;
    case 'invalid_union': {
      // A form the value takes in kind but breaks in detail says most (a URL that is not public, a
      // list item without its value); else our own words for the union say what is expected;
      // else the form that got furthest.
      const own = !issue.message.startsWith('Invalid input');
      const taken = issue.errors.filter(
        (form) => form.length && !form.some((inner) => inner.path.length === 0 && (inner.code === 'invalid_type' || inner.code === 'invalid_value')),
      );
      const best = [...(taken.length || own ? taken : issue.errors)].sort((a, b) => depth(b) - depth(a))[0];
      if (best?.length) return describeIssue(best[0]!, names, path);
      return own ? ownOr(issue.message, field, issue.message) : `${field} is not valid`;
    }
    case 'invalid_type': {
      if (!issue.message.startsWith('Invalid input')) return ownOr(issue.message, field, issue.message);
      const expected = TYPE_NAMES[issue.expected] ?? issue.expected;
      const got = issue.message.match(/received (\w+)/)?.[1];
      if (got === 'undefined') return `${field} is required (${expected})`;
      return `${field} must be ${expected}${got ? `, not ${got}` : ''}`;
    }
    case 'too_small':
      if ((issue.origin === 'string' || issue.origin === 'array') && issue.minimum === 1) return `${field} must not be empty`;
      return ownOr(
        issue.message,
        field,
        `must be at least ${String(issue.minimum)}${issue.origin === 'string' ? ' characters' : issue.origin === 'array' ? ' items' : ''}`,
      );
    case 'too_big':
      return ownOr(
        issue.message,
        field,
        `must be at most ${String(issue.maximum)}${issue.origin === 'string' ? ' characters' : issue.origin === 'array' ? ' items' : ''}`,
      );
    case 'invalid_format':
      return ownOr(issue.message, field, `must be ${issue.format === 'email' ? 'an email address' : `in ${issue.format} format`}`);
    case 'invalid_key': {
      // A map's name (e.g. a custom attribute's label) broke its rule: the path ends at that name.
      const key = String(path.at(-1));
      const name = JSON.stringify(key.length > 40 ? `${key.slice(0, 40)}…` : key);
      return issue.issues.map((inner) => `${pathText(path.slice(0, -1))}: the name ${name} ${describeIssue(inner, names).trim()}`).join('; ');
    }
    default:
      return ownOr(issue.message, field, issue.message);
  }
}

/**
 * zod's own words become `<field> <fallback>`; ours keep their words: after the field when they
 * say what it "must" be, alone when they begin with its name, else after "<field>: ".
 */
function ownOr(message: string, field: string, fallback: string): string {
  if (/^(Invalid|Too (small|big))/.test(message)) return `${field} ${fallback}`;
  if (!field) return message;
  if (message.startsWith('must ')) return `${field} ${message}`;
  // The field's own name; none when the path ends at a list item (attachments[0]).
  const name = /[\w$]$/.test(field) ? field.replace(/^.*[.\]]/, '') : '';
  return name && message.startsWith(name) ? message : `${field}: ${message}`;
}

function depth(issues: z.core.$ZodIssue[]): number {
  return Math.max(0, ...issues.map((issue) => issue.path.length + 1));
}

function pathText(path: PropertyKey[]): string {
  return path.map((part, i) => (typeof part === 'number' ? `[${part}]` : `${i ? '.' : ''}${String(part)}`)).join('');
}

/** The first own key anywhere in the arguments that JavaScript reserves, and where. */
function reservedKey(value: unknown, path: string): { key: string; path: string } | undefined {
  if (value === null || typeof value !== 'object') return undefined;
  for (const key of Object.keys(value)) {
    if (RESERVED_NAMES.has(key)) return { key, path };
    const found = reservedKey((value as Record<string, unknown>)[key], Array.isArray(value) ? `${path}[${key}]` : path ? `${path}.${key}` : key);
    if (found) return found;
  }
  return undefined;
}
