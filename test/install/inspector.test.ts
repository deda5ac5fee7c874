import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PROVIDERS, type ProviderName } from '../../src/config.js';
import { providers, toolNames } from '../../src/providers/index.js';
import { INSPECTOR_VERSION, inspect } from '../support/inspector-cli.js';
import { CLI, spawnHttpServer, type SpawnedServer } from '../support/spawn-server.js';

// The official MCP Inspector's CLI (`mcp-inspector --cli`), a client we did not write, against the
// built server on each provider's sandbox, over stdio (it launches the server) and Streamable HTTP.
// `npm test` builds first. Every registered provider is run; one without its own read calls below
// has each read tool called without arguments.

interface ListedTool {
  name: string;
  annotations?: { readOnlyHint?: boolean };
}

interface ToolResult {
  isError?: boolean;
  content: Array<{ type: string; text?: string }>;
  structuredContent?: Record<string, unknown>;
}

interface ReadCall {
  /** `--tool-arg` pairs. The CLI JSON-parses each value first: `limit=3` sends the number 3,
   * `includeMessages=true` a boolean; a string that looks like a number needs JSON quotes (`q="42"`). */
  args: string[];
  check(structured: Record<string, unknown>, text: string): void;
}

/** One call per read-only tool, with arguments of every JSON type the inspector produces. */
const READ_CALLS: Partial<Record<ProviderName, Record<string, ReadCall>>> = {
  mava: {
    fetch_tickets: {
      args: ['status=Open', 'limit=3', 'includeMessages=true'],
      check(structured, text) {
        const tickets = structured.tickets as Array<{ _id: string; status: string; messages?: unknown[] }>;
        expect(tickets).toHaveLength(3);
        for (const ticket of tickets) {
          expect(ticket._id).toMatch(/^[0-9a-f]{24}$/);
          expect(ticket.status).toBe('Open');
          expect(ticket.messages?.length).toBeGreaterThan(0);
        }
        expect(text).toContain('showing 1-3');
        expect(text).toContain(tickets[0]!._id);
      },
    },
    list_categories: {
      args: [],
      check(structured, text) {
        const categories = structured.categories as Array<{ _id: string; name: string }>;
        expect(categories.length).toBeGreaterThan(3);
        expect(categories.map((category) => category.name)).toContain('Billing');
        for (const category of categories) expect(text).toContain(`${category._id}  ${category.name}`);
      },
    },
  },
  omnidesk: {
    fetch_tickets: {
      args: ['status=open', 'itemLimit=2'],
      check(structured, text) {
        const tickets = structured.tickets as Array<{ ticketID: number; status: string; subject: string }>;
        expect(structured).toMatchObject({ itemStart: 0, itemLimit: 2, nextItemStart: 2 });
        expect(tickets).toHaveLength(2);
        for (const ticket of tickets) {
          expect(ticket.ticketID).toEqual(expect.any(Number));
          expect(ticket.status).toBe('open');
          expect(text).toContain(`${ticket.ticketID} |`);
        }
      },
    },
  },
  inboxops: {
    fetch_tickets: {
      args: ['status=open', 'per_page=2'],
      check(structured, text) {
        const tickets = structured.tickets as Array<{ id: string; status: string }>;
        expect(structured.pagination).toMatchObject({ page: 1, per_page: 2, shown: 2, hasMore: true });
        expect(tickets).toHaveLength(2);
        for (const ticket of tickets) {
          expect(ticket.id).toMatch(/^tkt_/);
          expect(ticket.status).toBe('open');
          expect(text).toContain(ticket.id);
        }
      },
    },
  },
};

const readTools = (tools: readonly ListedTool[]) =>
  tools
    .filter((tool) => tool.annotations?.readOnlyHint === true)
    .map((tool) => tool.name)
    .sort();

/** A call without arguments that must succeed, for a read tool without its own. */
const NO_ARGUMENTS: ReadCall = { args: [], check: () => undefined };

/** Each read tool the provider offers, with its call. */
function readCalls(provider: ProviderName): Array<[string, ReadCall]> {
  const own = READ_CALLS[provider] ?? {};
  return readTools(providers[provider].tools).map((name) => [name, own[name] ?? NO_ARGUMENTS]);
}

const cases = (['stdio', 'http'] as const).flatMap((transport) => PROVIDERS.map((provider) => [provider, transport] as const));

describe.concurrent.each(cases)(`MCP Inspector ${INSPECTOR_VERSION} CLI: %s sandbox over %s`, (provider, transport) => {
  let server: SpawnedServer | undefined;
  let target: string[];
  let tools: ListedTool[];

  const run = async (options: string[]) => {
    try {
      return await inspect(target, options);
    } catch (error) {
      throw server ? new Error(`${(error as Error).message}\n--- server stderr\n${server.stderr()}`) : error;
    }
  };

  beforeAll(async () => {
    if (transport === 'http') {
      server = await spawnHttpServer(['--provider', provider, '--sandbox']);
      target = [server.url, '--transport', 'http'];
    } else {
      target = [process.execPath, CLI, '--provider', provider, '--sandbox'];
    }
    tools = (await run(['--method', 'tools/list'])).tools as ListedTool[];
  });
  afterAll(async () => {
    await server?.stop();
  });

  it('lists the tools, the read ones marked readOnlyHint', () => {
    expect(tools.map((tool) => tool.name).sort()).toEqual(toolNames(provider).sort());
    expect(readTools(tools)).toEqual(readTools(providers[provider].tools));
    for (const name of Object.keys(READ_CALLS[provider] ?? {})) expect(readTools(tools), name).toContain(name);
  });

  it.each(readCalls(provider))('calls the read tool %s', async (name, call) => {
    expect(readTools(tools)).toContain(name);
    const toolArgs = call.args.length > 0 ? ['--tool-arg', ...call.args] : [];
    const result = (await run(['--method', 'tools/call', '--tool-name', name, ...toolArgs])) as unknown as ToolResult;
    const text = result.content.map((part) => part.text ?? '').join('\n');
    expect(result.isError, text).toBeFalsy();
    expect(result.structuredContent, text).toBeDefined();
    call.check(result.structuredContent!, text);
  });
});
