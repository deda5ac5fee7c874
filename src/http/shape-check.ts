import type { z } from 'zod';

/**
 * Whether a value passes a zod 4 schema, found by walking the schema's definition instead of
 * parsing: zod builds a new object for every object it parses, which made the check of each API
 * answer a large share of the garbage a tool call leaves. The walk builds nothing per value.
 *
 * Only what the providers' response schemas are made of is modelled: objects (extra keys ignored,
 * as a stripping or loose object ignores them), arrays, strings, finite numbers, booleans,
 * optional, nullable, enums, literals and unions, with no checks (min, regex, int, refine, ...)
 * and no coercion. A schema holding anything else (a transform, a pipe, a default, a catch, a
 * record, a strict object, a schema that holds itself, ...) gets UNKNOWN: only zod can say.
 */

/** conforms' answer for a schema holding something the walk does not model: parse it with zod. */
export const UNKNOWN = 'unknown';
export type Verdict = boolean | typeof UNKNOWN;

type Schema = z.core.$ZodType;
type Def = z.core.$ZodTypes['_zod']['def'];

/** Whether the walk models a schema, found once per schema object. */
const modelledSchemas = new WeakMap<Schema, boolean>();

/** Whether `value` passes `schema`, as `schema.safeParse(value).success` says; UNKNOWN where the walk cannot tell. */
export function conforms(schema: Schema, value: unknown): Verdict {
  return modelled(schema) ? fits(schema, value) : UNKNOWN;
}

function modelled(schema: Schema): boolean {
  const known = modelledSchemas.get(schema);
  if (known !== undefined) return known;
  // A schema that holds itself (through a getter) is left to zod: false until this one is decided.
  modelledSchemas.set(schema, false);
  const verdict = modelledHere(schema);
  modelledSchemas.set(schema, verdict);
  return verdict;
}

function modelledHere(schema: Schema): boolean {
  const internals = schema._zod;
  const def = internals.def as Def;
  // A string or number format (z.email(), z.int()) is a check itself; exactOptional refuses undefined.
  if (def.checks?.length || internals.traits.has('$ZodCheck') || internals.traits.has('$ZodExactOptional')) return false;
  switch (def.type) {
    case 'string':
    case 'number':
    case 'boolean':
      return !def.coerce;
    case 'unknown':
    case 'any':
    case 'enum':
    case 'literal':
      return true;
    case 'optional':
    case 'nullable':
      return modelled(def.innerType);
    case 'array':
      return modelled(def.element);
    case 'union':
      // A discriminated union picks its option by the key; an exclusive one (z.xor) fails when two fit.
      return !('discriminator' in def) && def.inclusive !== false && def.options.every(modelled);
    case 'object': {
      const shape = def.shape;
      // zod skips a key named __proto__ and checks symbol keys, which for...in does not see.
      if (Object.hasOwn(shape, '__proto__') || Object.getOwnPropertySymbols(shape).length) return false;
      const catchall = def.catchall;
      if (catchall && !(catchall._zod.def.type === 'unknown' && modelled(catchall))) return false;
      return Object.values(shape).every(modelled);
    }
    default:
      return false;
  }
}

/** The walk itself, for a schema `modelled` accepted: no arrays, objects or closures per value. */
function fits(schema: Schema, value: unknown): boolean {
  const def = schema._zod.def as Def;
  switch (def.type) {
    case 'string':
      return typeof value === 'string';
    case 'number':
      return typeof value === 'number' && Number.isFinite(value);
    case 'boolean':
      return typeof value === 'boolean';
    case 'unknown':
    case 'any':
      return true;
    case 'enum':
    case 'literal':
      return ((schema as z.core.$ZodEnum | z.core.$ZodLiteral)._zod.values as ReadonlySet<unknown>).has(value);
    case 'optional':
      return value === undefined || fits(def.innerType, value);
    case 'nullable':
      return value === null || fits(def.innerType, value);
    case 'array':
      if (!Array.isArray(value)) return false;
      for (let i = 0; i < value.length; i++) if (!fits(def.element, value[i])) return false;
      return true;
    case 'union':
      for (let i = 0; i < def.options.length; i++) if (fits(def.options[i]!, value)) return true;
      return false;
    case 'object':
      return fitsObject(def.shape, value);
    default:
      // Not reached for a schema `modelled` accepted; false sends checked to zod.
      return false;
  }
}

/**
 * An object's fields read as zod reads them (`key in value`, then `value[key]`, so an inherited
 * one counts). A field that is absent passes only where it is optional; extra keys pass.
 */
function fitsObject(shape: z.core.$ZodShape, value: unknown): boolean {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const record = value as Record<string, unknown>;
  for (const key in shape) {
    const field = shape[key]!;
    if (key in record) {
      if (!fits(field, record[key])) return false;
      continue;
    }
    // As zod's object decides an absent key: optional in and out passes; optional in only passes if undefined does.
    const { optin, optout } = field._zod;
    if (optin === undefined || (optout !== 'optional' && !fits(field, undefined))) return false;
  }
  return true;
}
