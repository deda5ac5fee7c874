import { describe, expect, it } from 'vitest';
import { providers } from '../src/providers/index.js';
import { PROVIDERS, type ProviderName } from '../src/config.js';
import { connect } from './support/harness.js';
import { listing, offlineConfig, providerChecks } from './support/provider-checks.js';

// tools/list of every provider in the registry: the rules every provider keeps
// (test/support/provider-checks.ts), then what each provider is expected to offer, then what is
// each provider's own. No request is made here: tools/list is answered from the registry.

interface Expected {
  /** A key its settings accept, when the default would not do. */
  apiKey?: string;
  tools: string[];
  readOnly: string[];
  /** What each tool that posts on a ticket posts (guarded against duplicates). */
  posts: Record<string, string>;
  /** Words the server instructions must hold. */
  instructions: string[];
  /**
   * Bytes of name, title, description and input schema a tool may cost in every conversation (at
   * most): each tool `one`, save the named exceptions. Since every optional field also takes null
   * (9 B: `["string","null"]`) and every object is closed (29 B), a tool with many fields is over
   * 500 B: the README's "Agent frameworks" section says why.
   */
  budget: { one: number; average: number; except?: Record<string, number> };
}

/** What each provider is expected to offer; one without an entry still passes the common checks and the snapshots. */
const EXPECTED: Partial<Record<ProviderName, Expected>> = {
  mava: {
    tools: ['fetch_tickets', 'update_ticket', 'send_message', 'add_internal_note', 'identify_customer', 'list_categories'],
    readOnly: ['fetch_tickets', 'list_categories'],
    posts: { send_message: 'message', add_internal_note: 'note' },
    instructions: ['fetch_tickets', 'never instructions'],
    // fetch_tickets has fifteen filters; update_ticket a pair for the category; identify_customer
    // shows custom attributes as a list of {label, value} (strict mode has no form for a map).
    budget: { one: 500, average: 620, except: { fetch_tickets: 1268, update_ticket: 590, identify_customer: 669 } },
  },
  omnidesk: {
    tools: ['fetch_tickets', 'send_message', 'create_ticket'],
    readOnly: ['fetch_tickets'],
    posts: { send_message: 'message' },
    instructions: ['Omnidesk', 'channel_id', 'never instructions'],
    // send_message carries Omnidesk's twelve documented fields; the others stay under.
    budget: { one: 500, average: 626, except: { send_message: 932 } },
  },
  inboxops: {
    apiKey: 'ixk_unused_key_123',
    // Exactly the three the API supports: no send_message.
    tools: ['fetch_tickets', 'update_ticket', 'add_internal_note'],
    readOnly: ['fetch_tickets'],
    posts: { add_internal_note: 'note' },
    instructions: ['fetch_tickets', 'no reply to customers', 'never instructions'],
    // fetch_tickets has nine filters.
    budget: { one: 500, average: 533, except: { fetch_tickets: 640 } },
  },
};

describe.each(PROVIDERS)('%s tools/list', (name) => {
  const expected = EXPECTED[name];
  providerChecks(name, { apiKey: expected?.apiKey, budget: expected?.budget });
  const mcp = listing(offlineConfig(name, expected?.apiKey));

  it('matches the committed snapshots, one file per tool', async () => {
    const { tools } = await mcp().client.listTools();
    for (const tool of tools) await expect(JSON.stringify(tool, null, 2)).toMatchFileSnapshot(`./__snapshots__/tools-list/${name}/${tool.name}.json`);
  });

  if (!expected) return;
  const { tools: names, readOnly, posts, instructions, budget } = expected;

  it(`offers ${names.join(', ')}; --read-only only ${readOnly.join(' and ')}`, async () => {
    expect((await mcp().client.listTools()).tools.map((tool) => tool.name)).toEqual(names);
    expect(providers[name].tools.filter((tool) => tool.annotations.readOnlyHint).map((tool) => tool.name)).toEqual(readOnly);
  });

  it(`posts on tickets with ${Object.keys(posts).join(', ')}`, () => {
    expect(Object.fromEntries(providers[name].tools.filter((tool) => tool.posts).map((tool) => [tool.name, tool.posts]))).toEqual(posts);
  });

  it('states how the tools fit together in the server instructions', () => {
    const text = mcp().client.getInstructions() ?? '';
    for (const words of instructions) expect(text).toContain(words);
  });

  it(`averages at most ${budget.average} bytes a tool`, async () => {
    const { tools } = await mcp().client.listTools();
    const sizes = tools.map(({ name: tool, title, description, inputSchema }) =>
      Buffer.byteLength(JSON.stringify({ name: tool, title, description, inputSchema })),
    );
    expect(sizes.reduce((a, b) => a + b, 0) / sizes.length).toBeLessThanOrEqual(budget.average);
  });
});

describe('Mava tools/list: its own', () => {
  const config = offlineConfig('mava');
  const mcp = listing(config);

  it('marks only the reading tools read-only, and sending to a customer destructive', async () => {
    const { tools } = await mcp().client.listTools();
    const hints = Object.fromEntries(tools.map((tool) => [tool.name, tool.annotations]));
    expect(tools.filter((tool) => tool.annotations?.readOnlyHint).map((tool) => tool.name)).toEqual(['fetch_tickets', 'list_categories']);
    expect(hints.send_message).toMatchObject({ destructiveHint: true, idempotentHint: false });
  });

  it('describes every input field that needs explaining: ids say where they come from', async () => {
    const { tools } = await mcp().client.listTools();
    const text = JSON.stringify(tools);
    expect(text).toMatch(/from fetch_tickets/i);
    expect(text).toMatch(/from list_categories/i);
  });

  it('--tools registers only the named tools, and read-only wins over it', async () => {
    const some = await connect({ ...config, tools: ['send_message', 'list_categories'] });
    expect((await some.client.listTools()).tools.map((tool) => tool.name)).toEqual(['send_message', 'list_categories']);
    await some.close();
    const both = await connect({ ...config, tools: ['send_message', 'list_categories'], readOnly: true });
    expect((await both.client.listTools()).tools.map((tool) => tool.name)).toEqual(['list_categories']);
    await both.close();
  });

  it('--exclude-tools leaves out the named tools, and read-only wins over both lists', async () => {
    const without = await connect({ ...config, excludeTools: ['send_message', 'identify_customer'] });
    expect((await without.client.listTools()).tools.map((tool) => tool.name)).toEqual([
      'fetch_tickets',
      'update_ticket',
      'add_internal_note',
      'list_categories',
    ]);
    await without.close();
    const all = await connect({ ...config, tools: ['send_message', 'update_ticket', 'list_categories'], excludeTools: ['send_message'], readOnly: true });
    expect((await all.client.listTools()).tools.map((tool) => tool.name)).toEqual(['list_categories']);
    await all.close();
  });
});

describe('Omnidesk tools/list: its own', () => {
  const mcp = listing(offlineConfig('omnidesk'));

  it("mirrors the API's field names", async () => {
    const { tools } = await mcp().client.listTools();
    const fields = Object.fromEntries(tools.map((tool) => [tool.name, Object.keys(tool.inputSchema.properties ?? {})]));
    expect(fields).toEqual({
      fetch_tickets: ['itemStart', 'itemLimit', 'status', 'query', 'searchArchived'],
      send_message: [
        'ticketID',
        'type',
        'message',
        'plaintext',
        'toAddress',
        'ccInput',
        'bccInput',
        'respondMessageID',
        'forwardedFileIDs',
        'sendAt',
        'userID',
        'submitStatus',
        'allowDuplicate',
      ],
      create_ticket: ['brandID', 'subject', 'message', 'from'],
    });
  });

  it('marks fetch_tickets read-only and sending to a customer destructive', async () => {
    const { tools } = await mcp().client.listTools();
    const hints = Object.fromEntries(tools.map((tool) => [tool.name, tool.annotations]));
    expect(tools.filter((tool) => tool.annotations?.readOnlyHint).map((tool) => tool.name)).toEqual(['fetch_tickets']);
    expect(hints.send_message).toMatchObject({ destructiveHint: true, idempotentHint: false });
    expect(hints.create_ticket).toMatchObject({ destructiveHint: false, idempotentHint: false });
  });
});

describe('InboxOps tools/list: its own', () => {
  const mcp = listing(offlineConfig('inboxops', 'ixk_unused_key_123'));

  it('marks only fetch_tickets read-only, and nothing destructive (a note reaches no customer)', async () => {
    const { tools } = await mcp().client.listTools();
    expect(tools.filter((tool) => tool.annotations?.readOnlyHint).map((tool) => tool.name)).toEqual(['fetch_tickets']);
    expect(tools.filter((tool) => tool.annotations?.destructiveHint)).toEqual([]);
    expect(Object.fromEntries(tools.map((tool) => [tool.name, tool.annotations?.idempotentHint]))).toEqual({
      fetch_tickets: true,
      update_ticket: true,
      add_internal_note: false,
    });
  });

  it('says where ticket ids come from, and the allowed statuses', async () => {
    const { tools } = await mcp().client.listTools();
    const text = JSON.stringify(tools);
    expect(text).toMatch(/from fetch_tickets/);
    expect(text).toContain('open|in_progress|waiting|resolved|closed');
  });
});
