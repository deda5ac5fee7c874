import { z } from 'zod';
import type { AnyTool } from '../tools/define-tool.js';

interface JsonSchema {
  type?: string;
  enum?: unknown[];
  anyOf?: JsonSchema[];
  items?: JsonSchema;
  properties?: Record<string, JsonSchema>;
  required?: string[];
  description?: string;
  minimum?: number;
  maximum?: number;
  format?: string;
}

/** The README's tool reference, rendered from the registry so it cannot drift from the code. */
export function renderToolDocs(tools: readonly AnyTool<unknown>[]): string {
  return tools.map(renderTool).join('\n');
}

function renderTool(tool: AnyTool<unknown>): string {
  const schema = z.toJSONSchema(z.object(tool.input), { io: 'input' }) as JsonSchema;
  const required = new Set(schema.required ?? []);
  const rows = Object.entries(schema.properties ?? {}).map(
    ([name, field]) => `| \`${name}\` | ${typeOf(field)} | ${required.has(name) ? 'yes' : ''} | ${(field.description ?? '').replace(/\|/g, '\\|')} |`,
  );
  const hints = tool.annotations;
  const kind = hints.readOnlyHint ? 'read-only' : hints.destructiveHint ? 'writes, irreversible' : 'writes';
  return [
    `### \`${tool.name}\`: ${tool.title}`,
    '',
    `${tool.description}`,
    '',
    `*${kind}; idempotent: ${hints.idempotentHint ? 'yes' : 'no'}*`,
    '',
    ...(rows.length ? ['| field | type | required | meaning |', '| --- | --- | --- | --- |', ...rows] : ['No input.']),
    '',
  ].join('\n');
}

function typeOf(field: JsonSchema): string {
  if (field.anyOf) return field.anyOf.map(typeOf).join(' or ');
  if (field.enum) return field.enum.map((value) => `\`${String(value)}\``).join(' \\| ');
  if (field.type === 'array') return `list of ${field.items ? typeOf(field.items) : 'values'}`;
  if (field.type === 'object') return `{${Object.keys(field.properties ?? {}).join(', ')}}`;
  if (field.type === 'integer' && field.minimum !== undefined && field.maximum !== undefined && field.maximum < 1e6) {
    return `integer ${field.minimum}-${field.maximum}`;
  }
  return field.format ?? field.type ?? 'any';
}
