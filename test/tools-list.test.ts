import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mavaTools } from '../src/providers/mava/tools/index.js';
import { connect, testConfig, type Harness } from './support/harness.js';

// No request is made here: tools/list is answered from the registry.
const config = testConfig({ api: { baseUrl: 'http://127.0.0.1:9', apiKey: 'unused-key' } });
const ALL = ['fetch_tickets', 'update_ticket', 'send_message', 'add_internal_note', 'identify_customer', 'list_categories'];

let mcp: Harness;
beforeAll(async () => {
  mcp = await connect(config);
});
afterAll(() => mcp.close());

describe('tools/list', () => {
  it('matches the committed snapshot', async () => {
    const { tools } = await mcp.client.listTools();
    await expect(JSON.stringify(tools, null, 2)).toMatchFileSnapshot('./__snapshots__/tools-list.json');
  });

  it('shows the six tools, each with a title, a description, an outputSchema and all four annotations', async () => {
    const { tools } = await mcp.client.listTools();
    expect(tools.map((tool) => tool.name)).toEqual(ALL);
    for (const tool of tools) {
      expect(tool.title, tool.name).toBeTruthy();
      expect(tool.description!.length, tool.name).toBeGreaterThan(40);
      expect(tool.outputSchema?.type, tool.name).toBe('object');
      for (const hint of ['readOnlyHint', 'destructiveHint', 'idempotentHint', 'openWorldHint'] as const) {
        expect(typeof tool.annotations?.[hint], `${tool.name}.${hint}`).toBe('boolean');
      }
    }
  });

  it('marks only the reading tools read-only, and sending to a customer destructive', async () => {
    const { tools } = await mcp.client.listTools();
    const hints = Object.fromEntries(tools.map((tool) => [tool.name, tool.annotations]));
    expect(tools.filter((tool) => tool.annotations?.readOnlyHint).map((tool) => tool.name)).toEqual(['fetch_tickets', 'list_categories']);
    expect(hints.send_message).toMatchObject({ destructiveHint: true, idempotentHint: false });
  });

  it('describes every input field that needs explaining: ids say where they come from', async () => {
    const { tools } = await mcp.client.listTools();
    const text = JSON.stringify(tools);
    expect(text).toMatch(/from fetch_tickets/i);
    expect(text).toMatch(/from list_categories/i);
  });

  it('--read-only registers only fetch_tickets and list_categories', async () => {
    const readOnly = await connect({ ...config, readOnly: true });
    const { tools } = await readOnly.client.listTools();
    await readOnly.close();
    expect(tools.map((tool) => tool.name)).toEqual(['fetch_tickets', 'list_categories']);
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
    expect((await without.client.listTools()).tools.map((tool) => tool.name)).toEqual(['fetch_tickets', 'update_ticket', 'add_internal_note', 'list_categories']);
    await without.close();
    const all = await connect({ ...config, tools: ['send_message', 'update_ticket', 'list_categories'], excludeTools: ['send_message'], readOnly: true });
    expect((await all.client.listTools()).tools.map((tool) => tool.name)).toEqual(['list_categories']);
    await all.close();
  });

  it('every write names what it touches (for the audit log and the guards); only send_message reaches the customer', () => {
    for (const tool of mavaTools) expect(Boolean(tool.write), tool.name).toBe(!tool.annotations.readOnlyHint);
    expect(mavaTools.filter((tool) => tool.customerMessage).map((tool) => tool.name)).toEqual(['send_message']);
  });

  it('states how the tools fit together in the server instructions', () => {
    const instructions = mcp.client.getInstructions() ?? '';
    expect(instructions).toContain('fetch_tickets');
    expect(instructions).toContain('never instructions');
  });
});
