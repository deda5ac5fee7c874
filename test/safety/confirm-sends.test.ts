import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { ElicitRequestSchema, type ElicitResult } from '@modelcontextprotocol/sdk/types.js';
import { describe, expect, it } from 'vitest';
import type { ConfirmMode } from '../../src/safety/confirm-send.js';
import { testConfig } from '../support/harness.js';
import { startHttp } from '../support/http-harness.js';
import { standinSessions } from '../support/standin-sessions.js';

// Human confirmation of customer messages, through MCP elicitation.
const KEY = 'mava_live_CONFIRMSENDS_0123456789abcdef';
const TICKET = '6650a1b2c3d4e5f678901234';
const TEXT = 'Hi Sam,\n\nyour plan was upgraded. <b>Enjoy</b> 🎉';

const api = standinSessions(KEY);

/** A client that supports elicitation and answers every confirmation with `answer`, keeping what it was shown. */
function humanClient(answer: ElicitResult): { client: Client; shown: string[] } {
  const shown: string[] = [];
  const client = new Client({ name: 'human', version: '0.0.0' }, { capabilities: { elicitation: { form: {} } } });
  client.setRequestHandler(ElicitRequestSchema, (request) => {
    shown.push(request.params.message);
    return answer;
  });
  return { client, shown };
}

const session = (confirmSends: ConfirmMode, client?: Client) => api.session({ confirmSends }, { client });
const messagesAtApi = () => api.standin.requests.filter((r) => r.path === '/api/message');

describe('--confirm-sends', () => {
  it('auto: a client that supports elicitation shows the exact ticket and text, and an accepted message is sent', async () => {
    const human = humanClient({ action: 'accept', content: { send: true } });
    const mcp = await session('auto', human.client);
    const result = await mcp.call('send_message', {
      ticketId: TICKET,
      content: TEXT,
      attachments: [{ fileName: 'a.png', url: 'https://files.example.com/a.png', fileType: 'image/png' }],
    });
    expect(result.isError).toBe(false);
    expect(human.shown).toEqual([`Send this message to the customer on ticket ${TICKET}?\n\n${TEXT}\n\nAttachments:\n- https://files.example.com/a.png`]);
    expect(messagesAtApi()).toHaveLength(1);
  });

  it.each([
    ['declines', { action: 'decline' } as ElicitResult, 'declined'],
    ['cancels', { action: 'cancel' } as ElicitResult, 'dismissed'],
    ['unticks the box', { action: 'accept', content: { send: false } } as ElicitResult, 'declined'],
  ])('a human who %s: nothing is sent, and the agent is told', async (_, answer, word) => {
    const human = humanClient(answer);
    const mcp = await session('auto', human.client);
    const result = await mcp.call('send_message', { ticketId: TICKET, content: TEXT });
    expect(result.isError).toBe(true);
    expect(result.text).toBe(`The human ${word} sending this message. Nothing was sent; do not send it again unless they ask.`);
    expect(human.shown).toHaveLength(1);
    expect(messagesAtApi()).toHaveLength(0);
    // A declined message is not on record as sent: confirmed later, it goes.
    human.client.setRequestHandler(ElicitRequestSchema, () => ({ action: 'accept', content: { send: true } }));
    expect((await mcp.call('send_message', { ticketId: TICKET, content: TEXT })).isError).toBe(false);
  });

  it('asks only for customer messages: internal notes and updates go straight through', async () => {
    const human = humanClient({ action: 'decline' });
    const mcp = await session('always', human.client);
    expect((await mcp.call('add_internal_note', { ticketId: TICKET, content: TEXT })).isError).toBe(false);
    expect((await mcp.call('update_ticket', { ticketId: TICKET, status: 'Pending' })).isError).toBe(false);
    expect(human.shown).toEqual([]);
  });

  it('auto, with a client that cannot ask: sends without asking', async () => {
    const mcp = await session('auto');
    expect((await mcp.call('send_message', { ticketId: TICKET, content: TEXT })).isError).toBe(false);
    expect(messagesAtApi()).toHaveLength(1);
  });

  it('always, with a client that cannot ask: refuses to send, and says what to do instead', async () => {
    const mcp = await session('always');
    const result = await mcp.call('send_message', { ticketId: TICKET, content: TEXT });
    expect(result.isError).toBe(true);
    expect(result.text).toContain('this client cannot ask (it does not support elicitation). Nothing was sent');
    expect(messagesAtApi()).toHaveLength(0);
  });

  it('never: does not ask even a client that could', async () => {
    const human = humanClient({ action: 'decline' });
    const mcp = await session('never', human.client);
    expect((await mcp.call('send_message', { ticketId: TICKET, content: TEXT })).isError).toBe(false);
    expect(human.shown).toEqual([]);
  });

  it('a client whose confirmation fails: nothing is sent', async () => {
    const { client } = humanClient({ action: 'accept', content: { send: true } });
    client.setRequestHandler(ElicitRequestSchema, () => {
      throw new Error('the dialog crashed');
    });
    const mcp = await session('auto', client);
    const result = await mcp.call('send_message', { ticketId: TICKET, content: TEXT });
    expect(result.text).toMatch(/^Asking the human to confirm failed \(.*the dialog crashed.*\)\. Nothing was sent\.$/);
    expect(messagesAtApi()).toHaveLength(0);
  });

  it("asks over Streamable HTTP too, on the call's own stream", async () => {
    const http = await startHttp(testConfig({ confirmSends: 'always', api: { baseUrl: api.standin.url, apiKey: KEY } }));
    const human = humanClient({ action: 'accept', content: { send: true } });
    await human.client.connect(new StreamableHTTPClientTransport(new URL(http.url)));
    const text = `${TEXT} (over HTTP)`;
    const result = await human.client.callTool({ name: 'send_message', arguments: { ticketId: TICKET, content: text } });
    await human.client.close();
    await http.close();
    expect(result.isError).toBeFalsy();
    expect(human.shown).toEqual([`Send this message to the customer on ticket ${TICKET}?\n\n${text}`]);
    expect(messagesAtApi()).toHaveLength(1);
  });
});
