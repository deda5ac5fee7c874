import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { ListToolsRequestSchema, type Tool } from '@modelcontextprotocol/sdk/types.js';
import { z } from 'zod';
import type { ScopeCheck } from '../auth/scopes.js';
import type { AnyTool } from './define-tool.js';

type Schema = { [key: string]: unknown };

/** Bounds and bookkeeping a model does not need to fill a field: validation still enforces them. */
const DROPPED = new Set(['$schema', 'minLength', 'maxLength', 'minItems', 'maxItems', 'minimum', 'maximum', 'pattern', 'format', 'propertyNames']);

/** A whole-number range this narrow is a choice among a few values: its bounds are shown. */
const FEW_VALUES = 10;

/**
 * Answers tools/list with input schemas cut to what a model reads to pick a tool and fill it in:
 * types, allowed values, descriptions, required fields. Every tool's definition costs tokens in
 * every conversation; the bounds dropped here are checked by the zod schemas on each call, and
 * their errors say what is allowed. With sign-in, a
 * request sees only the tools its token's scopes allow (`scopeCheck`).
 */
export function serveToolListing(server: McpServer, tools: readonly AnyTool<never>[], scopeCheck: ScopeCheck = () => undefined): void {
  server.server.setRequestHandler(ListToolsRequestSchema, (_request, extra) => ({
    tools: tools.filter((tool) => !scopeCheck(tool.name, extra.authInfo)).map(listed),
  }));
}

/** Each tool's entry, built on its first tools/list and kept for the process (or given by the build: seedListings). */
const entries = new WeakMap<AnyTool<never>, Tool>();

function listed(tool: AnyTool<never>): Tool {
  let entry = entries.get(tool);
  if (!entry) {
    entry = listingEntry(tool);
    entries.set(tool, entry);
  }
  return entry;
}

/** A tool's tools/list entry, from its definition. */
export function listingEntry(tool: AnyTool<never>): Tool {
  return {
    name: tool.name,
    title: tool.title,
    description: tool.description,
    inputSchema: compact(z.toJSONSchema(z.object(tool.input), { io: 'input' }) as Schema) as Tool['inputSchema'],
    outputSchema: withoutDialect(z.toJSONSchema(z.object(tool.output), { io: 'output' })) as Tool['outputSchema'],
    annotations: { title: tool.title, ...tool.annotations },
  };
}

/**
 * Takes the entries the build computed from these same definitions (scripts/bundle.mjs writes
 * them beside the command's code), by tool name: converting the schemas was the largest single
 * cost of a cold start's first tools/list. Used by the command only; the library computes them.
 */
export function seedListings(tools: readonly AnyTool<never>[], built: Readonly<Record<string, Tool>>): void {
  for (const tool of tools) {
    const entry = built[tool.name];
    if (entry && !entries.has(tool)) entries.set(tool, entry);
  }
}

/**
 * The schema without its bounds, in the form agent frameworks convert without loss (the README's
 * "Agent frameworks" section; test/frameworks/converters.test.ts runs their conversions):
 * - A union shows its first, simplest form (one value rather than a list, a URL rather than a
 *   file object); the tool's description says what else is accepted.
 * - Every object is closed, as the arguments are checked (unknown names are refused).
 * - An optional field also takes null, meaning "not set" (tool-input.ts): strict modes (OpenAI's)
 *   make every field required, and null is how a model leaves one out there. Its type lists
 *   "null"; an optional enum lists its values in the description instead, since null among the
 *   values breaks Gemini's string enums and a union with null is dropped by LangChain's adapters.
 */
export function compact(schema: Schema, optional = false): Schema {
  if (Array.isArray(schema.anyOf) && schema.anyOf.length > 0) return compact({ ...withoutKey(schema, 'anyOf'), ...(schema.anyOf[0] as Schema) }, optional);
  const required = new Set(Array.isArray(schema.required) ? schema.required : []);
  const out: Schema = {};
  for (const [key, value] of Object.entries(schema)) {
    if (DROPPED.has(key)) continue;
    if (key === 'properties') {
      out.properties = Object.fromEntries(Object.entries(value as Record<string, Schema>).map(([name, field]) => [name, compact(field, !required.has(name))]));
    } else if (key === 'items' || (key === 'additionalProperties' && typeof value === 'object')) {
      out[key] = compact(value as Schema);
    } else {
      out[key] = value;
    }
  }
  if (schema.type === 'integer' && typeof schema.minimum === 'number' && typeof schema.maximum === 'number' && schema.maximum - schema.minimum < FEW_VALUES) {
    Object.assign(out, { minimum: schema.minimum, maximum: schema.maximum });
  }
  if (out.type === 'object') out.additionalProperties ??= false;
  if (!optional) return out;
  if (Array.isArray(out.enum)) {
    out.description = [out.description, out.enum.join('|')].filter(Boolean).join('; ');
    delete out.enum;
  }
  return { ...out, type: [out.type, 'null'] };
}

function withoutKey(schema: Schema, key: string): Schema {
  const { [key]: _, ...rest } = schema;
  return rest;
}

function withoutDialect(schema: Schema): Schema {
  return withoutKey(schema, '$schema');
}
