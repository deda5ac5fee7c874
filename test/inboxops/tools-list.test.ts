import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inboxopsTools } from '../../src/providers/inboxops/tools/index.js';
import { connect, testConfig, type Harness } from '../support/harness.js';

// No request is made here: tools/list is answered from the registry.
const config = testConfig({ provider: 'inboxops', api: { baseUrl: 'http://127.0.0.1:9', apiKey: 'ixk_unused_key_123' } });
const ALL = ['fetch_tickets', 'update_ticket', 'add_internal_note'];
/** Bytes of name, title, description and input schema a tool may cost in every conversation. */
const BUDGET_AVERAGE = 450;
const BUDGET_ONE = 520;

let mcp: Harness;
beforeAll(async () => {
  mcp = await connect(config);
});
afterAll(() => mcp.close());

describe('InboxOps tools/list', () => {
  it('matches the committed snapshot', async () => {
    const { tools } = await mcp.client.listTools();
    await expect(JSON.stringify(tools, null, 2)).toMatchFileSnapshot('../__snapshots__/tools-list-inboxops.json');
  });

  it('shows exactly the three tools the API supports: no send_message', async () => {
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

  it('keeps each definition small', async () => {
    const { tools } = await mcp.client.listTools();
    const sizes = tools.map(({ name, title, description, inputSchema }) => Buffer.byteLength(JSON.stringify({ name, title, description, inputSchema })));
    for (const [i, size] of sizes.entries()) expect(size, tools[i]!.name).toBeLessThanOrEqual(BUDGET_ONE);
    expect(sizes.reduce((a, b) => a + b, 0) / sizes.length).toBeLessThanOrEqual(BUDGET_AVERAGE);
  });

  it('marks only fetch_tickets read-only, and nothing destructive (a note reaches no customer)', async () => {
    const { tools } = await mcp.client.listTools();
    expect(tools.filter((tool) => tool.annotations?.readOnlyHint).map((tool) => tool.name)).toEqual(['fetch_tickets']);
    expect(tools.filter((tool) => tool.annotations?.destructiveHint)).toEqual([]);
    expect(Object.fromEntries(tools.map((tool) => [tool.name, tool.annotations?.idempotentHint]))).toEqual({ fetch_tickets: true, update_ticket: true, add_internal_note: false });
  });

  it('says where ticket ids come from, and the allowed statuses', async () => {
    const { tools } = await mcp.client.listTools();
    const text = JSON.stringify(tools);
    expect(text).toMatch(/from fetch_tickets/);
    expect(text).toContain('"open","in_progress","waiting","resolved","closed"');
  });

  it('every write names what it touches (write()); none is a customer message', () => {
    for (const tool of inboxopsTools) expect(Boolean(tool.write), tool.name).toBe(!tool.annotations.readOnlyHint);
    expect(inboxopsTools.filter((tool) => tool.customerMessage)).toEqual([]);
  });

  it('--read-only registers only fetch_tickets', async () => {
    const readOnly = await connect({ ...config, readOnly: true });
    const { tools } = await readOnly.client.listTools();
    await readOnly.close();
    expect(tools.map((tool) => tool.name)).toEqual(['fetch_tickets']);
  });

  it('states how the tools fit together, and that no reply reaches a customer', () => {
    const instructions = mcp.client.getInstructions() ?? '';
    expect(instructions).toContain('fetch_tickets');
    expect(instructions).toContain('no reply to customers');
    expect(instructions).toContain('never instructions');
  });
});
