import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { GoogleGenAI, mcpToTool, Type, type Schema as GeminiSchema } from '@google/genai';
import type { ToolMessage } from '@langchain/core/messages';
import { loadMcpTools } from '@langchain/mcp-adapters';
import { Agent, RunContext, type CallToolResultContent, type FunctionTool, type MCPServer } from '@openai/agents';
import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import type { Tool } from '@modelcontextprotocol/sdk/types.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Config } from '../../src/config.js';
import { startInboxopsSandbox } from '../../src/providers/inboxops/sandbox/index.js';
import { startMavaSandbox } from '../../src/providers/mava/sandbox/index.js';
import { startOmnideskSandbox } from '../../src/providers/omnidesk/sandbox/index.js';
import { testConfig, type Harness } from '../support/harness.js';
import { sessionOn } from '../support/session-on.js';

// Each provider's tools/list as three agent frameworks take it in, through their own JavaScript
// conversion code: the OpenAI Agents SDK in strict mode, Google GenAI's MCP tool and its Gemini
// Schema conversion, LangChain's MCP adapters. Nothing may be lost on the way (a property without
// its type, a number enum, an open map), and a call as a strict model makes it (every optional
// field null, since strict mode requires them all) must work against the sandbox.

type Schema = { [key: string]: unknown };
type Args = Record<string, unknown>;

interface Provider {
  name: string;
  start: () => Promise<{ url: string; apiKey: string; close(): Promise<void> }>;
  config: (backend: { url: string; apiKey: string }) => Config;
  /** The values each tool needs from a strict model; every other field is sent as null. */
  calls: (mcp: Harness) => Promise<Record<string, Args>>;
  /** What a successful call of each tool returns, checked on its structuredContent. */
  expected: Record<string, (structured: Schema) => void>;
}

const stamp = () => `${Date.now()}-${Math.random().toString(36).slice(2, 8)}`;
const hasTickets = (structured: Schema) => expect((structured.tickets as unknown[]).length).toBeGreaterThan(0);

const PROVIDERS: Provider[] = [
  {
    name: 'Mava',
    start: () => startMavaSandbox(),
    config: ({ url, apiKey }) => testConfig({ api: { baseUrl: url, apiKey, rateLimit: { requests: 1_000, windowMs: 1_000 } } }),
    async calls(mcp) {
      const ticket = ((await mcp.call('fetch_tickets', { limit: 1 })).structured as { tickets: Array<{ _id: string }> }).tickets[0]!;
      const category = ((await mcp.call('list_categories')).structured as { categories: Array<{ _id: string; name: string }> }).categories[0]!;
      return {
        fetch_tickets: {},
        // One of the pair given, the other null: a strict model cannot leave it out.
        update_ticket: { ticketId: ticket._id, category: category.name },
        send_message: { ticketId: ticket._id, content: `Strict reply ${stamp()}` },
        add_internal_note: { ticketId: ticket._id, content: `Strict note ${stamp()}` },
        identify_customer: { emailAddress: `strict-${stamp()}@example.org`, customAttributes: [{ label: 'Plan', value: 'Pro' }] },
        list_categories: {},
      };
    },
    expected: {
      fetch_tickets: hasTickets,
      update_ticket: (structured) => expect(structured.categoryId).toEqual(expect.any(String)),
      send_message: (structured) => expect(structured.messageType).toBe('ExternalMessage'),
      add_internal_note: (structured) => expect(structured.messageType).toBe('InternalNote'),
      identify_customer: (structured) => expect(structured.mavaCustomerId).toEqual(expect.any(String)),
      list_categories: (structured) => expect((structured.categories as unknown[]).length).toBeGreaterThan(0),
    },
  },
  {
    name: 'Omnidesk',
    start: () => startOmnideskSandbox(),
    config: ({ url, apiKey }) => testConfig({ provider: 'omnidesk', api: { baseUrl: url, apiKey, rateLimit: { requests: 1_000, windowMs: 1_000 } } }),
    async calls(mcp) {
      const ticket = (
        (await mcp.call('fetch_tickets', { itemLimit: 1 })).structured as { tickets: Array<{ ticketID: number; channel_id: number; brand_id: number }> }
      ).tickets[0]!;
      return {
        fetch_tickets: {},
        send_message: { ticketID: ticket.ticketID, type: String(ticket.channel_id), message: `Strict reply ${stamp()}` },
        create_ticket: { brandID: ticket.brand_id, subject: `Strict ${stamp()}`, message: 'Opened by a strict model.', from: 'strict@example.org' },
      };
    },
    expected: {
      fetch_tickets: hasTickets,
      send_message: (structured) => expect(structured.ticketID).toEqual(expect.any(Number)),
      create_ticket: (structured) => expect(structured.subject).toMatch(/^Strict /),
    },
  },
  {
    name: 'InboxOps',
    start: () => startInboxopsSandbox(),
    config: ({ url, apiKey }) => testConfig({ provider: 'inboxops', api: { baseUrl: url, apiKey, rateLimit: { requests: 1_000, windowMs: 1_000 } } }),
    async calls(mcp) {
      const ticket = ((await mcp.call('fetch_tickets', { per_page: 1 })).structured as { tickets: Array<{ id: string }> }).tickets[0]!;
      return {
        fetch_tickets: {},
        update_ticket: { ticket_id: ticket.id, status: 'waiting' },
        add_internal_note: { ticket_id: ticket.id, body_text: `Strict note ${stamp()}` },
      };
    },
    expected: {
      fetch_tickets: hasTickets,
      update_ticket: (structured) => expect(structured.changed).toEqual({ status: 'waiting' }),
      add_internal_note: (structured) => expect(structured.type).toEqual(expect.any(String)),
    },
  },
];

/** A strict model's arguments: the values given, null for every other field of the converted schema. */
function strictArgs(schema: Schema, given: Args): Args {
  const properties = (schema.properties ?? {}) as Record<string, Schema>;
  return Object.fromEntries(Object.keys(properties).map((name) => [name, name in given ? given[name] : null]));
}

/** Where `schema` breaks a rule, as "path: problem" lines. */
function problems(schema: unknown, check: (node: Schema, path: string, out: string[]) => void, path = '$', out: string[] = []): string[] {
  if (!schema || typeof schema !== 'object') return out;
  const node = schema as Schema;
  check(node, path, out);
  for (const [name, child] of Object.entries((node.properties ?? {}) as Record<string, unknown>)) problems(child, check, `${path}.${name}`, out);
  if (node.items) problems(node.items, check, `${path}[]`, out);
  if (node.additionalProperties && typeof node.additionalProperties === 'object') problems(node.additionalProperties, check, `${path}{}`, out);
  for (const [i, branch] of ((node.anyOf ?? []) as unknown[]).entries()) problems(branch, check, `${path}|${i}`, out);
  return out;
}

const types = (node: Schema): unknown[] => (Array.isArray(node.type) ? node.type : node.type === undefined ? [] : [node.type]);

/** JSON Schema every converter keeps: each property typed, enums of strings, objects closed, optional fields nullable. */
function portable(node: Schema, path: string, out: string[]): void {
  if (!types(node).length && !node.anyOf) out.push(`${path}: no type`);
  if (node.enum && !(node.enum as unknown[]).every((value) => typeof value === 'string')) out.push(`${path}: enum of ${JSON.stringify(node.enum)}`);
  if (node.anyOf) out.push(`${path}: anyOf (LangChain drops a union that is not of objects)`);
  if (types(node).includes('object')) {
    if (node.additionalProperties !== false) out.push(`${path}: object not closed (additionalProperties ${JSON.stringify(node.additionalProperties)})`);
    const required = new Set((node.required ?? []) as string[]);
    for (const [name, child] of Object.entries((node.properties ?? {}) as Record<string, Schema>)) {
      if (!required.has(name) && !types(child).includes('null')) out.push(`${path}.${name}: optional but not nullable`);
    }
  }
}

/** OpenAI strict mode: every object closed with every property required; every node typed. */
function openAiStrict(node: Schema, path: string, out: string[]): void {
  if (!types(node).length && !node.anyOf) out.push(`${path}: no type`);
  if (types(node).includes('object')) {
    if (node.additionalProperties !== false) out.push(`${path}: additionalProperties ${JSON.stringify(node.additionalProperties)}`);
    const keys = Object.keys((node.properties ?? {}) as object);
    if (JSON.stringify(node.required ?? []) !== JSON.stringify(keys)) out.push(`${path}: required ${JSON.stringify(node.required)}, not every property`);
  }
}

/** The fields Gemini's Schema has (the package's Schema type); anything else is not sent or is refused. */
const GEMINI_SCHEMA_KEYS = new Set([
  'anyOf',
  'default',
  'description',
  'enum',
  'example',
  'format',
  'items',
  'maxItems',
  'maxLength',
  'maxProperties',
  'maximum',
  'minItems',
  'minLength',
  'minProperties',
  'minimum',
  'nullable',
  'pattern',
  'properties',
  'propertyOrdering',
  'required',
  'title',
  'type',
]);

/** A Gemini Schema: known fields, a known type everywhere, enums of strings, no object without its properties. */
function geminiSchema(node: Schema, path: string, out: string[]): void {
  for (const key of Object.keys(node)) if (!GEMINI_SCHEMA_KEYS.has(key)) out.push(`${path}: unknown field ${key}`);
  if (!node.anyOf && (!Object.values(Type).includes(node.type as Type) || node.type === Type.TYPE_UNSPECIFIED))
    out.push(`${path}: type ${JSON.stringify(node.type)}`);
  if (node.enum && (node.type !== Type.STRING || !(node.enum as unknown[]).every((value) => typeof value === 'string')))
    out.push(`${path}: enum ${JSON.stringify(node.enum)} on ${String(node.type)}`);
  if (path !== '$' && node.type === Type.OBJECT && !Object.keys((node.properties ?? {}) as object).length)
    out.push(`${path}: object without properties (a map's value type is lost)`);
}

/** The optional fields of a tools/list schema, at the top. */
function optional(schema: Schema): string[] {
  const required = new Set((schema.required ?? []) as string[]);
  return Object.keys((schema.properties ?? {}) as object).filter((name) => !required.has(name));
}

/** The OpenAI Agents SDK's view of our server: its MCPServer interface over the test's MCP client. */
function agentsServer(client: Client, results: Map<string, { isError?: boolean; text: string }>): MCPServer {
  return {
    name: 'helpdesk',
    cacheToolsList: false,
    async connect() {},
    async close() {},
    async invalidateToolsCache() {},
    listTools: async () => (await client.listTools()).tools as Awaited<ReturnType<MCPServer['listTools']>>,
    async callTool(name, args) {
      const result = await client.callTool({ name, arguments: args ?? {} });
      const content = result.content as Array<{ type: string; text: string }>;
      results.set(name, { isError: result.isError === true, text: content.map((part) => part.text).join('\n') });
      return content as CallToolResultContent;
    },
  };
}

/** A stand-in for Gemini's endpoint on 127.0.0.1 that keeps each request body: what the SDK sends. */
async function geminiStandIn(): Promise<{ url: string; bodies: Schema[]; close(): Promise<void> }> {
  const bodies: Schema[] = [];
  const server = createServer((request: IncomingMessage, response: ServerResponse) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      bodies.push(JSON.parse(Buffer.concat(chunks).toString('utf8')) as Schema);
      response.writeHead(200, { 'content-type': 'application/json' });
      response.end(JSON.stringify({ candidates: [{ content: { role: 'model', parts: [{ text: 'ok' }] } }] }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    bodies,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

describe.each(PROVIDERS)('$name tools through the agent frameworks', (provider) => {
  const { mcp } = sessionOn(provider.start, provider.config);
  let listed: Tool[] = [];
  beforeAll(async () => {
    listed = (await mcp().client.listTools()).tools;
  });

  it('advertises schemas every converter keeps: typed, string enums, closed objects, optional fields nullable', () => {
    const found = listed.flatMap((tool) => problems(tool.inputSchema, portable).map((problem) => `${tool.name} ${problem}`));
    expect(found).toEqual([]);
  });

  describe('OpenAI Agents SDK, convertSchemasToStrict', () => {
    const results = new Map<string, { isError?: boolean; text: string }>();
    let tools: FunctionTool[] = [];
    beforeAll(async () => {
      const agent = new Agent({ name: 'helpdesk', mcpServers: [agentsServer(mcp().client, results)], mcpConfig: { convertSchemasToStrict: true } });
      tools = (await agent.getMcpTools(new RunContext())) as FunctionTool[];
    });

    it('converts every tool to a strict schema that keeps every property as we typed it', () => {
      expect(tools.map((tool) => tool.name)).toEqual(listed.map((tool) => tool.name));
      for (const [i, tool] of tools.entries()) {
        expect(tool.strict, `${tool.name} fell back to non-strict`).toBe(true);
        expect(problems(tool.parameters, openAiStrict), tool.name).toEqual([]);
        // Nothing rewritten: each property is what tools/list said (already nullable where optional).
        expect((tool.parameters as Schema).properties, tool.name).toEqual(listed[i]!.inputSchema.properties ?? {});
      }
    });

    it("runs each tool with a strict model's arguments: every optional field null", async () => {
      const given = await provider.calls(mcp());
      for (const tool of tools) {
        const args = strictArgs(tool.parameters as Schema, given[tool.name]!);
        await tool.invoke(new RunContext(), JSON.stringify(args));
        const result = results.get(tool.name)!;
        expect(result.isError, `${tool.name}: ${result.text}`).toBe(false);
      }
    });
  });

  describe('Google GenAI: mcpToTool and the Gemini Schema', () => {
    let standIn: Awaited<ReturnType<typeof geminiStandIn>>;
    beforeAll(async () => {
      standIn = await geminiStandIn();
    });
    afterAll(() => standIn?.close());

    it('declares each tool with its tools/list schema as parametersJsonSchema', async () => {
      const { functionDeclarations = [] } = await mcpToTool(mcp().client).tool();
      expect(functionDeclarations.map((declaration) => declaration.name)).toEqual(listed.map((tool) => tool.name));
      for (const [i, declaration] of functionDeclarations.entries()) expect(declaration.parametersJsonSchema).toEqual(listed[i]!.inputSchema);
    });

    it('converts each schema to a valid Gemini Schema, nothing dropped (as sent by generateContent)', async () => {
      const ai = new GoogleGenAI({ apiKey: 'test-key', httpOptions: { baseUrl: standIn.url } });
      const functionDeclarations = listed.map((tool) => ({
        name: tool.name,
        description: tool.description,
        parameters: tool.inputSchema as unknown as GeminiSchema,
      }));
      await ai.models.generateContent({ model: 'gemini-test', contents: 'hi', config: { tools: [{ functionDeclarations }] } });
      const sent = (standIn.bodies.at(-1)!.tools as Schema[])[0]!.functionDeclarations as Array<{ name: string; parameters: Schema }>;
      for (const [i, declaration] of sent.entries()) {
        expect(problems(declaration.parameters, geminiSchema), declaration.name).toEqual([]);
        const properties = (declaration.parameters.properties ?? {}) as Record<string, Schema>;
        expect(Object.keys(properties), declaration.name).toEqual(Object.keys(listed[i]!.inputSchema.properties ?? {}));
        for (const name of optional(listed[i]!.inputSchema)) expect(properties[name]!.nullable, `${declaration.name}.${name}`).toBe(true);
      }
    });

    it('calls each tool through the MCP tool with optional fields null', async () => {
      const callable = mcpToTool(mcp().client);
      const given = await provider.calls(mcp());
      for (const tool of listed) {
        const [part] = await callable.callTool([{ name: tool.name, args: strictArgs(tool.inputSchema, given[tool.name]!) }]);
        const response = part!.functionResponse!.response as { error?: { content: Array<{ text: string }> }; structuredContent?: Schema };
        expect(response.error?.content[0]?.text, tool.name).toBeUndefined();
        provider.expected[tool.name]!(response.structuredContent!);
      }
    });
  });

  describe('LangChain MCP adapters: loadMcpTools', () => {
    it('loads each tool with its schema unchanged, and calls it with optional fields null', async () => {
      const tools = await loadMcpTools('helpdesk', mcp().client);
      expect(tools.map((tool) => tool.name)).toEqual(listed.map((tool) => tool.name));
      const given = await provider.calls(mcp());
      for (const [i, tool] of tools.entries()) {
        // The adapters flatten unions and drop what LLM APIs refuse: ours must come through as is.
        expect(tool.schema, tool.name).toEqual(listed[i]!.inputSchema);
        // As an agent calls it: validated against that schema by LangChain, then sent; an error result throws.
        const args = strictArgs(listed[i]!.inputSchema, given[tool.name]!);
        const message = (await tool.invoke({ type: 'tool_call', id: `call-${i}`, name: tool.name, args })) as ToolMessage;
        const artifacts = message.artifact as Array<{ type: string; data: Schema }>;
        provider.expected[tool.name]!(artifacts.find((artifact) => artifact.type === 'mcp_structured_content')!.data);
      }
    });
  });
});

/** The cells of each ticket line of a Mava fetch_tickets text, by column name. */
function ticketRows(text: string): Array<Record<string, string>> {
  const lines = text.split('\n');
  const header = lines.findIndex((line) => line.startsWith('_id | '));
  if (header === -1) return [];
  const columns = lines[header]!.split(' | ');
  return lines
    .slice(header + 1)
    .filter((line) => /^[0-9a-f]{24} \| /.test(line))
    .map((line) => Object.fromEntries(line.split(' | ').map((cell, i) => [columns[i]!, cell])));
}

describe('Mava: a model-like triage through each framework, names read off the output used as filters', () => {
  const { mcp } = sessionOn(() => startMavaSandbox(), PROVIDERS[0]!.config);
  const WIDE = { startDate: new Date(Date.now() - 120 * 86_400_000).toISOString(), limit: 100 };

  /** Each framework's way to call fetch_tickets with a strict model's arguments; answers the text the model reads. */
  const frameworks: Record<string, () => Promise<(args: Args) => Promise<string>>> = {
    async 'OpenAI Agents (strict)'() {
      const results = new Map<string, { isError?: boolean; text: string }>();
      const agent = new Agent({ name: 'helpdesk', mcpServers: [agentsServer(mcp().client, results)], mcpConfig: { convertSchemasToStrict: true } });
      const tool = ((await agent.getMcpTools(new RunContext())) as FunctionTool[]).find((t) => t.name === 'fetch_tickets')!;
      return async (args) => {
        await tool.invoke(new RunContext(), JSON.stringify(strictArgs(tool.parameters as Schema, args)));
        const result = results.get('fetch_tickets')!;
        expect(result.isError, result.text).toBe(false);
        return result.text;
      };
    },
    async 'Google GenAI (mcpToTool)'() {
      const callable = mcpToTool(mcp().client);
      const schema = (await mcp().client.listTools()).tools.find((t) => t.name === 'fetch_tickets')!.inputSchema as Schema;
      return async (args) => {
        const [part] = await callable.callTool([{ name: 'fetch_tickets', args: strictArgs(schema, args) }]);
        const response = part!.functionResponse!.response as { error?: unknown; content: Array<{ text: string }> };
        expect(response.error).toBeUndefined();
        return response.content.map((c) => c.text).join('\n');
      };
    },
    async 'LangChain (loadMcpTools)'() {
      const tool = (await loadMcpTools('helpdesk', mcp().client)).find((t) => t.name === 'fetch_tickets')!;
      return async (args) => {
        const message = (await tool.invoke({
          type: 'tool_call',
          id: 'call-1',
          name: 'fetch_tickets',
          args: strictArgs(tool.schema as Schema, args),
        })) as ToolMessage;
        // The adapters hand the text block over as it came, a block or its JSON.
        const { content } = message;
        const blocks =
          typeof content === 'string'
            ? [content.startsWith('{') ? (JSON.parse(content) as { text?: string }) : { text: content }]
            : (content as Array<{ text?: string }>);
        return blocks.map((block) => block.text ?? '').join('\n');
      };
    },
  };

  it.each(Object.keys(frameworks))('%s: the category and agent a line shows find exactly their tickets', async (framework) => {
    const fetchTickets = await frameworks[framework]!();
    const rows = ticketRows(await fetchTickets({ ...WIDE }));
    const pick = rows.find((row) => row.category !== '-' && row.assignee !== 'Unassigned' && row.tags !== '-')!;
    const tag = pick.tags!.split(', ')[0]!;
    const text = await fetchTickets({ ...WIDE, category: pick.category, assignedTo: pick.assignee, tags: tag });
    const found = ticketRows(text);
    expect(found.length, text).toBeGreaterThan(0);
    for (const row of found) {
      expect([row.category, row.assignee]).toEqual([pick.category, pick.assignee]);
      expect(row.tags!.split(', ')).toContain(tag);
    }
    // The same tickets as the ids give, asked for directly.
    const byId = (await mcp().call('fetch_tickets', { ...WIDE })).structured as {
      tickets: Array<{
        _id: string;
        category: { _id: string; name: string } | null;
        assignedTo: { _id: string; name: string } | null;
        tags: Array<{ _id: string; name: string }>;
      }>;
    };
    const ticket = byId.tickets.find((t) => t._id === pick._id)!;
    const direct = (
      await mcp().call('fetch_tickets', {
        ...WIDE,
        category: ticket.category!._id,
        assignedTo: ticket.assignedTo!._id,
        tags: ticket.tags.find((t) => t.name === tag)!._id,
      })
    ).structured as { tickets: Array<{ _id: string }> };
    expect(found.map((row) => row._id)).toEqual(direct.tickets.map((t) => t._id));
  });
});
