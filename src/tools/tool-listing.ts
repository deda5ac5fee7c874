import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { ListToolsRequestSchema, type Tool } from '@modelcontextprotocol/sdk/types.js';
import { z } from 'zod';
import type { AnyTool } from './define-tool.js';

type Schema = { [key: string]: unknown };

/** Bounds and bookkeeping a model does not need to fill a field: validation still enforces them. */
const DROPPED = new Set(['$schema', 'minLength', 'maxLength', 'minItems', 'maxItems', 'minimum', 'maximum', 'pattern', 'format', 'propertyNames']);

/**
 * Answers tools/list with input schemas cut to what a model reads to pick a tool and fill it in:
 * types, allowed values, descriptions, required fields. Every tool's definition costs tokens in
 * every conversation; the bounds dropped here are checked by the zod schemas on each call, and
 * their errors say what is allowed. Built on the first tools/list, then reused.
 */
export function serveToolListing(server: McpServer, tools: readonly AnyTool<never>[]): void {
  let listing: Tool[] | undefined;
  server.server.setRequestHandler(ListToolsRequestSchema, () => {
    listing ??= tools.map((tool) => ({
      name: tool.name,
      title: tool.title,
      description: tool.description,
      inputSchema: compact(z.toJSONSchema(z.object(tool.input), { io: 'input' })) as Tool['inputSchema'],
      outputSchema: withoutDialect(z.toJSONSchema(z.object(tool.output), { io: 'output' })) as Tool['outputSchema'],
      annotations: { title: tool.title, ...tool.annotations },
    }));
    return { tools: listing };
  });
}

/**
 * The schema without its bounds. A union shows its first, simplest form (one value rather than a
 * list, a URL rather than a file object); the tool's description says what else is accepted.
 */
export function compact(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(compact);
  if (!node || typeof node !== 'object') return node;
  const schema = node as Schema;
  if (Array.isArray(schema.anyOf) && schema.anyOf.length > 0) return compact({ ...withoutKey(schema, 'anyOf'), ...(schema.anyOf[0] as Schema) });
  const out: Schema = {};
  for (const [key, value] of Object.entries(schema)) if (!DROPPED.has(key)) out[key] = compact(value);
  // An enum says the type already; `additionalProperties: false` says nothing a model needs.
  if (Array.isArray(out.enum) && typeof out.type === 'string') delete out.type;
  if (out.additionalProperties === false) delete out.additionalProperties;
  return out;
}

function withoutKey(schema: Schema, key: string): Schema {
  const { [key]: _, ...rest } = schema;
  return rest;
}

function withoutDialect(schema: Schema): Schema {
  return withoutKey(schema, '$schema');
}
