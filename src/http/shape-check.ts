import type { z } from 'zod';

/**
 * Whether a value passes a zod 4 schema, found without parsing it: zod builds a new object for
 * every object it parses, which made the check of each API answer a large share of the garbage a
 * tool call leaves. Each schema is turned once into a tree of small functions read from its
 * definition (`_zod.def`); checking a value with it builds nothing.
 *
 * Only what the providers' response schemas are made of is modelled: objects (extra keys ignored,
 * as a stripping or loose object ignores them), arrays, strings, finite numbers, booleans,
 * optional, nullable, enums, literals and unions, with no checks (min, regex, int, refine, ...)
 * and no coercion. A schema holding anything else (a transform, a pipe, a default, a catch, a
 * record, a strict object, a schema that holds itself, ...) gets UNKNOWN: only zod can say.
 */

/** conforms' answer for a schema holding something not modelled here: parse it with zod. */
export const UNKNOWN = 'unknown';
export type Verdict = boolean | typeof UNKNOWN;

type Schema = z.core.$ZodType;
type Def = z.core.$ZodTypes['_zod']['def'];
type Check = (value: unknown) => boolean;

/** Each schema's check, made on first use; null where the schema is not modelled. */
const checks = new WeakMap<Schema, Check | null>();

/** Whether `value` passes `schema`, as `schema.safeParse(value).success` says; UNKNOWN where that cannot be told here. */
export function conforms(schema: Schema, value: unknown): Verdict {
  const check = checkOf(schema);
  return check ? check(value) : UNKNOWN;
}

function checkOf(schema: Schema): Check | null {
  const known = checks.get(schema);
  if (known !== undefined) return known;
  // A schema that holds itself (through a getter) is left to zod: null until this one is made.
  checks.set(schema, null);
  const check = makeCheck(schema);
  checks.set(schema, check);
  return check;
}

const isString: Check = (value) => typeof value === 'string';
const isNumber: Check = (value) => typeof value === 'number' && Number.isFinite(value);
const isBoolean: Check = (value) => typeof value === 'boolean';
const isAnything: Check = () => true;

function makeCheck(schema: Schema): Check | null {
  const internals = schema._zod;
  const def = internals.def as Def;
  // A string or number format (z.email(), z.int()) is a check itself; exactOptional refuses undefined.
  if (def.checks?.length || internals.traits.has('$ZodCheck') || internals.traits.has('$ZodExactOptional')) return null;
  switch (def.type) {
    case 'string':
      return def.coerce ? null : isString;
    case 'number':
      return def.coerce ? null : isNumber;
    case 'boolean':
      return def.coerce ? null : isBoolean;
    case 'unknown':
    case 'any':
      return isAnything;
    case 'enum':
    case 'literal': {
      const values = (schema as z.core.$ZodEnum | z.core.$ZodLiteral)._zod.values as ReadonlySet<unknown>;
      return (value) => values.has(value);
    }
    case 'optional': {
      const inner = checkOf(def.innerType);
      return inner && ((value) => value === undefined || inner(value));
    }
    case 'nullable': {
      const inner = checkOf(def.innerType);
      return inner && ((value) => value === null || inner(value));
    }
    case 'array': {
      const element = checkOf(def.element);
      if (!element) return null;
      return (value) => {
        if (!Array.isArray(value)) return false;
        // Indexed, not every(): zod checks a hole as undefined.
        for (let i = 0; i < value.length; i++) if (!element(value[i])) return false;
        return true;
      };
    }
    case 'union':
      // A discriminated union picks its option by the key; an exclusive one (z.xor) fails when two fit.
      return 'discriminator' in def || def.inclusive === false ? null : unionCheck(def.options.map(checkOf));
    case 'object':
      return objectCheck(def);
    default:
      return null;
  }
}

function unionCheck(options: Array<Check | null>): Check | null {
  if (!options.every((option) => option !== null)) return null;
  return (value) => {
    for (let i = 0; i < options.length; i++) if (options[i]!(value)) return true;
    return false;
  };
}

/**
 * Fields read as zod reads them (`value[key]`, and `key in value` for one that reads undefined),
 * so an inherited one counts. An absent field passes where zod's object lets it: optional in and
 * out, which is what .optional() makes (through nullable and unions too). Extra keys pass.
 */
function objectCheck(def: z.core.$ZodObjectDef): Check | null {
  const shape = def.shape;
  // zod skips a key named __proto__ and checks symbol keys; a strict or typed catchall checks extra keys.
  if (Object.hasOwn(shape, '__proto__') || Object.getOwnPropertySymbols(shape).length) return null;
  if (def.catchall && !(def.catchall._zod.def.type === 'unknown' && checkOf(def.catchall))) return null;
  const keys = Object.keys(shape);
  const fields: Check[] = [];
  const mayBeAbsent: boolean[] = [];
  for (const key of keys) {
    const field = shape[key]!;
    const check = checkOf(field);
    if (!check) return null;
    fields.push(check);
    mayBeAbsent.push(field._zod.optin !== undefined && field._zod.optout === 'optional');
  }
  return (value) => {
    if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
    const record = value as Record<string, unknown>;
    for (let i = 0; i < keys.length; i++) {
      const key = keys[i]!;
      const field = record[key];
      if (field === undefined && !(key in record)) {
        if (!mayBeAbsent[i]) return false;
      } else if (!fields[i]!(field)) return false;
    }
    return true;
  };
}
