import { describe, expect, it } from 'vitest';
import { runCli as run, stdioServer } from '../support/stdio-server.js';

// The built server as a client launches it: `node dist/bin/helpdesk-mcp.js --provider omnidesk`,
// over stdio, with no Omnidesk account. `npm test` builds first.

describe('the stdio server on the Omnidesk sandbox', () => {
  const server = stdioServer(['--provider', 'omnidesk', '--sandbox']);

  it('lists exactly the three Omnidesk tools', async () => {
    const { tools } = await server.client.listTools();
    expect(tools.map((tool) => tool.name)).toEqual(['fetch_tickets', 'send_message', 'create_ticket']);
  });

  it('serves each tool with no key, and their changes show on the next fetch', async () => {
    const call = <T>(name: string, args: Record<string, unknown>) => server.ok<T>(name, args);
    interface Page {
      itemTotal: number;
      tickets: Array<{ ticketID: number; channel_id: number; brand_id: number; status: string; subject: string }>;
    }
    const { tickets } = await call<Page>('fetch_tickets', { status: 'open', itemLimit: 5 });
    expect(tickets).toHaveLength(5);
    const ticket = tickets[0]!;
    await call('send_message', {
      ticketID: ticket.ticketID,
      type: String(ticket.channel_id),
      message: 'Thanks, we are looking into it.',
      submitStatus: 'pending',
    });
    const pending = await call<Page>('fetch_tickets', { status: 'pending', itemLimit: 100 });
    expect(pending.tickets.map((t) => t.ticketID)).toContain(ticket.ticketID);
    const subject = 'Chatbot hand-over: bike lock stuck';
    await call('create_ticket', { brandID: ticket.brand_id, subject, message: 'The customer needs a human.', from: 'chat.visitor@example.nl' });
    const found = await call<Page>('fetch_tickets', { query: subject });
    expect(found.tickets.map((t) => [t.subject, t.status])).toEqual([[subject, 'new']]);
  });

  it('refuses a short message before sending anything', async () => {
    const result = await server.client.callTool({ name: 'send_message', arguments: { ticketID: 858_000, type: '1', message: 'ok' } });
    expect(result.isError).toBe(true);
    expect(JSON.stringify(result.content)).toContain('message must be at least 5 characters');
  });

  it('keeps stdout for the protocol and logs to stderr, never the sandbox key', () => {
    expect(server.protocolErrors).toEqual([]);
    const log = server.stderr();
    expect(log).toContain('sandbox omnidesk API with seeded data at http://127.0.0.1:');
    expect(log).toMatch(/tool call .*"tool":"send_message".*"outcome":"ok"/);
    expect(log).not.toMatch(/omnidesk_sandbox_[0-9a-f]{24}/);
  });
});

describe('Omnidesk configuration errors at start', () => {
  it('without --sandbox, reports both the missing key and the missing base URL, and exits 2', () => {
    const result = run(['--provider', 'omnidesk']);
    expect(result.status).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toContain('OMNIDESK_API_KEY is not set');
    expect(result.stderr).toContain('OMNIDESK_BASE_URL is not set: each Omnidesk account has its own');
  });

  it('reads the provider from HELPDESK_PROVIDER too, and needs only the base URL once a key is given', () => {
    const result = run([], { HELPDESK_PROVIDER: 'omnidesk', OMNIDESK_API_KEY: 'k' });
    expect(result.status).toBe(2);
    expect(result.stderr).not.toContain('OMNIDESK_API_KEY');
    expect(result.stderr).toContain('OMNIDESK_BASE_URL is not set');
  });

  it('--tools update_ticket explains that Omnidesk has no such endpoint', () => {
    const result = run(['--provider', 'omnidesk', '--sandbox', '--tools', 'update_ticket']);
    expect(result.status).toBe(2);
    expect(result.stderr).toContain(
      "--tools: update_ticket is not offered for Omnidesk: Omnidesk's documented API has no endpoint that changes a ticket's status, priority or category.",
    );
  });

  it('a malformed OMNIDESK_RATE_LIMIT is named', () => {
    const result = run(['--provider', 'omnidesk', '--sandbox'], { OMNIDESK_RATE_LIMIT: '60 a minute' });
    expect(result.status).toBe(2);
    expect(result.stderr).toContain('OMNIDESK_RATE_LIMIT=60 a minute is malformed');
  });
});
