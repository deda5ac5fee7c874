import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { omnideskTools } from '../../src/providers/omnidesk/tools/index.js';
import { connect, testConfig, type Harness } from '../support/harness.js';

// No request is made here: tools/list is answered from the registry.
const config = testConfig({ provider: 'omnidesk', api: { baseUrl: 'http://127.0.0.1:9', apiKey: 'unused-key' } });

let mcp: Harness;
beforeAll(async () => {
  mcp = await connect(config);
});
afterAll(() => mcp.close());

describe('Omnidesk tools/list', () => {
  it('matches the committed snapshot', async () => {
    const { tools } = await mcp.client.listTools();
    await expect(JSON.stringify(tools, null, 2)).toMatchFileSnapshot('../__snapshots__/tools-list-omnidesk.json');
  });

  it('shows the three tools, each with a title, a description, an outputSchema and all four annotations', async () => {
    const { tools } = await mcp.client.listTools();
    expect(tools.map((tool) => tool.name)).toEqual(['fetch_tickets', 'send_message', 'create_ticket']);
    for (const tool of tools) {
      expect(tool.title, tool.name).toBeTruthy();
      expect(tool.description!.length, tool.name).toBeGreaterThan(40);
      expect(tool.outputSchema?.type, tool.name).toBe('object');
      for (const hint of ['readOnlyHint', 'destructiveHint', 'idempotentHint', 'openWorldHint'] as const) {
        expect(typeof tool.annotations?.[hint], `${tool.name}.${hint}`).toBe('boolean');
      }
    }
  });

  it('mirrors the API\'s field names', async () => {
    const { tools } = await mcp.client.listTools();
    const fields = Object.fromEntries(tools.map((tool) => [tool.name, Object.keys(tool.inputSchema.properties ?? {})]));
    expect(fields).toEqual({
      fetch_tickets: ['itemStart', 'itemLimit', 'status', 'query', 'searchArchived'],
      send_message: ['ticketID', 'type', 'message', 'plaintext', 'toAddress', 'ccInput', 'bccInput', 'respondMessageID', 'forwardedFileIDs', 'sendAt', 'userID', 'submitStatus', 'allowDuplicate'],
      create_ticket: ['brandID', 'subject', 'message', 'from'],
    });
  });

  it('marks fetch_tickets read-only and sending to a customer destructive', async () => {
    const { tools } = await mcp.client.listTools();
    const hints = Object.fromEntries(tools.map((tool) => [tool.name, tool.annotations]));
    expect(tools.filter((tool) => tool.annotations?.readOnlyHint).map((tool) => tool.name)).toEqual(['fetch_tickets']);
    expect(hints.send_message).toMatchObject({ destructiveHint: true, idempotentHint: false });
    expect(hints.create_ticket).toMatchObject({ destructiveHint: false, idempotentHint: false });
  });

  it('every write names what it touches (for the audit log and the guards); only send_message reaches the customer', () => {
    for (const tool of omnideskTools) expect(Boolean(tool.write), tool.name).toBe(!tool.annotations.readOnlyHint);
    expect(omnideskTools.filter((tool) => tool.customerMessage).map((tool) => tool.name)).toEqual(['send_message']);
  });

  it('--read-only registers only fetch_tickets', async () => {
    const readOnly = await connect({ ...config, readOnly: true });
    const { tools } = await readOnly.client.listTools();
    await readOnly.close();
    expect(tools.map((tool) => tool.name)).toEqual(['fetch_tickets']);
  });

  it('keeps definitions small: a few hundred bytes a tool', async () => {
    const { tools } = await mcp.client.listTools();
    const sizes = tools.map(({ name, title, description, inputSchema }) => Buffer.byteLength(JSON.stringify({ name, title, description, inputSchema })));
    // send_message carries Omnidesk's twelve documented fields; the others stay well under.
    expect(Math.max(...sizes)).toBeLessThan(850);
    expect(sizes.reduce((a, b) => a + b, 0) / sizes.length).toBeLessThan(560);
  });

  it('states how the tools fit together in the server instructions', () => {
    const instructions = mcp.client.getInstructions() ?? '';
    expect(instructions).toContain('Omnidesk');
    expect(instructions).toContain('channel_id');
    expect(instructions).toContain('never instructions');
  });
});
