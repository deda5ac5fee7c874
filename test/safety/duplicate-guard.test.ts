import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FileSendLedger } from '../../src/safety/file-send-ledger.js';
import { MemorySendLedger, type SendLedger } from '../../src/safety/send-ledger.js';
import { standinSessions } from '../support/standin-sessions.js';

// The duplicate guard: the same text to the same ticket within 10 minutes reaches the customer once.
const KEY = 'mava_live_DUPLICATES_0123456789abcdef';
const TICKET = '6650a1b2c3d4e5f678901234';
const OTHER_TICKET = '6650a1b2c3d4e5f678901235';

const api = standinSessions(KEY);
const session = (sendLedger: SendLedger = new MemorySendLedger()) => api.session({}, { sendLedger });

/** What reached the API on the message endpoint: the texts, in order. */
function sentTexts(): string[] {
  return api.standin.requests.filter((r) => r.path === '/api/message' && r.status === 200).map((r) => (JSON.parse(r.rawBody) as { content: string }).content);
}

describe('duplicate guard', () => {
  it('refuses the same message to the same ticket, saying when it was sent; the customer gets it once', async () => {
    const mcp = await session();
    const first = await mcp.call('send_message', { ticketId: TICKET, content: 'Your refund is on its way.' });
    expect(first.isError).toBe(false);
    const again = await mcp.call('send_message', { ticketId: TICKET, content: '  Your refund   is on its way. ' });
    expect(again.isError).toBe(true);
    expect(again.text).toMatch(
      /^The same message was already sent to ticket 6650a1b2c3d4e5f678901234 at \d{4}-\d\d-\d\dT[\d:.]+Z \(\d+ s ago\)\. Nothing was sent this time\./,
    );
    expect(again.text).toContain('allowDuplicate: true');
    expect(sentTexts()).toEqual(['Your refund is on its way.']);
  });

  it('lets another text, another ticket, an internal note, or allowDuplicate: true through', async () => {
    const mcp = await session();
    const text = 'Thanks, we are looking into it.';
    for (const args of [
      { ticketId: TICKET, content: text },
      { ticketId: OTHER_TICKET, content: text },
      { ticketId: TICKET, content: `${text} More soon.` },
      { ticketId: TICKET, content: text, allowDuplicate: true },
    ]) {
      expect((await mcp.call('send_message', args)).isError, JSON.stringify(args)).toBe(false);
    }
    // A note of the same text is another posting.
    expect((await mcp.call('add_internal_note', { ticketId: TICKET, content: text })).isError).toBe(false);
    expect(sentTexts()).toEqual([text, text, `${text} More soon.`, text, text]);
    // allowDuplicate: true counts as a send: the next plain repeat is refused again.
    expect((await mcp.call('send_message', { ticketId: TICKET, content: text })).isError).toBe(true);
  });

  it('holds across sessions sharing a process, and between two identical sends racing', async () => {
    const ledger = new MemorySendLedger();
    const [a, b] = [await session(ledger), await session(ledger)];
    const results = await Promise.all([
      a.call('send_message', { ticketId: TICKET, content: 'Racing reply' }),
      b.call('send_message', { ticketId: TICKET, content: 'Racing reply' }),
    ]);
    expect(results.map((r) => r.isError).sort()).toEqual([false, true]);
    expect(results.find((r) => r.isError)?.text).toMatch(/is being sent right now|was already sent/);
    expect((await b.call('send_message', { ticketId: TICKET, content: 'Racing reply' })).isError).toBe(true);
    expect(sentTexts()).toEqual(['Racing reply']);
  });

  it('after a send that may have gone through (500), refuses a retry as possibly sent; after a refusal (400), allows it', async () => {
    const mcp = await session();
    api.standin.respondNext('PUT /api/message', { status: 500, body: { error: 'Internal server error' } });
    const failed = await mcp.call('send_message', { ticketId: TICKET, content: 'Maybe delivered' });
    expect(failed.isError).toBe(true);
    expect(failed.text).toContain('may have been sent: check the ticket before retrying');
    const retry = await mcp.call('send_message', { ticketId: TICKET, content: 'Maybe delivered' });
    expect(retry.text).toMatch(/may already have been sent at .*Check the ticket's messages/);
    expect(api.standin.requests.filter((r) => r.path === '/api/message')).toHaveLength(1);

    api.standin.respondNext('PUT /api/message', { status: 400, body: { error: 'Content or attachments are required' } });
    const refused = await mcp.call('send_message', { ticketId: TICKET, content: 'Certainly not delivered' });
    expect(refused.text).toContain('Nothing was changed');
    expect((await mcp.call('send_message', { ticketId: TICKET, content: 'Certainly not delivered' })).isError).toBe(false);
    expect(sentTexts()).toEqual(['Certainly not delivered']);
  });

  it('refuses the same internal note on the same ticket too, unless allowDuplicate: true; a note that may have been added blocks its retry', async () => {
    const mcp = await session();
    const note = 'Customer called twice about the refund.';
    expect((await mcp.call('add_internal_note', { ticketId: TICKET, content: note })).isError).toBe(false);
    const again = await mcp.call('add_internal_note', { ticketId: TICKET, content: note });
    expect(again.text).toMatch(
      /^The same note was already added on ticket 6650a1b2c3d4e5f678901234 at .*Nothing was sent this time\. If the note must be added again, call again with allowDuplicate: true\./,
    );
    expect((await mcp.call('add_internal_note', { ticketId: TICKET, content: note, allowDuplicate: true })).isError).toBe(false);

    api.standin.respondNext('PUT /api/message', { status: 500, body: { error: 'Internal server error' } });
    const failed = await mcp.call('add_internal_note', { ticketId: OTHER_TICKET, content: note });
    expect(failed.text).toContain('It may have been added: check the ticket before retrying (the same note within 10 minutes is refused).');
    const retry = await mcp.call('add_internal_note', { ticketId: OTHER_TICKET, content: note });
    expect(retry.text).toMatch(/may already have been added at .*Check the ticket's notes first/);
    expect(sentTexts()).toEqual([note, note]);
  });

  it('refuses to send when its state directory cannot be consulted, saying nothing was sent', async () => {
    const root = await mkdtemp(join(tmpdir(), 'duplicate-guard-'));
    const dir = join(root, 'sent');
    const mcp = await session(await FileSendLedger.open(dir));
    await rm(dir, { recursive: true });
    await writeFile(dir, ''); // a file where the directory was: every entry fails to be written
    const refused = await mcp.call('send_message', { ticketId: TICKET, content: 'Unguarded?' });
    expect(refused.text).toBe('The duplicate guard (state directory) could not be consulted. Nothing was sent. Retry in a moment.');
    expect(sentTexts()).toEqual([]);
    await rm(root, { recursive: true });
  });

  it('refuses bad input before consulting the guard, so it never blocks the corrected call', async () => {
    const mcp = await session();
    const empty = await mcp.call('send_message', { ticketId: TICKET, content: '   ' });
    expect(empty.text).toBe('Invalid input: give content (non-empty text) or attachments. Nothing was sent.');
    expect(api.standin.requests).toHaveLength(0);
  });
});
