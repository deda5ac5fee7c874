import { describe, expect, it } from 'vitest';
import { runCli, stdioServer } from '../support/stdio-server.js';

// The built server as a client launches it: `node dist/bin/helpdesk-mcp.js --provider inboxops`, over stdio.
// `npm test` builds first; run `npm run build` before running this file alone.
// Every run of the command line names the provider, but the one that reads it from the environment.
const run = (args: string[], env: Record<string, string> = {}) => runCli(['--provider', 'inboxops', ...args], env);

describe('the stdio server on the InboxOps sandbox, with no key', () => {
  const server = stdioServer(['--provider', 'inboxops', '--sandbox'], 'inboxops-stdio-test');

  it('lists exactly fetch_tickets, update_ticket and add_internal_note: no send_message', async () => {
    const { tools } = await server.client.listTools();
    expect(tools.map((tool) => tool.name)).toEqual(['fetch_tickets', 'update_ticket', 'add_internal_note']);
    expect(server.client.getInstructions()).toContain('InboxOps');
  });

  it('serves each tool, and the changes show on the next fetch', async () => {
    interface Ticket {
      id: string;
      status: string;
      priority: string;
    }
    const call = <T>(name: string, args: Record<string, unknown>) => server.ok<T>(name, args);
    const { tickets } = await call<{ tickets: Ticket[] }>('fetch_tickets', { status: 'open', per_page: 5 });
    expect(tickets).toHaveLength(5);
    const ticket = tickets[0]!;
    await call('update_ticket', { ticket_id: ticket.id, status: 'in_progress', priority: 'urgent' });
    const note = `Checked the mail logs over stdio (${Date.now()})`;
    await call('add_internal_note', { ticket_id: ticket.id, body_text: note });
    const after = await call<{ tickets: Ticket[] }>('fetch_tickets', { q: note });
    expect(after.tickets).toEqual([expect.objectContaining({ id: ticket.id, status: 'in_progress', priority: 'urgent' })]);
  });

  it('refuses send_message, which InboxOps does not offer', async () => {
    const result = await server.client
      .callTool({ name: 'send_message', arguments: { ticket_id: 'x', body_text: 'hi' } })
      .catch((error: Error) => ({ isError: true, content: [{ type: 'text', text: error.message }] }));
    expect(result.isError).toBe(true);
    expect(JSON.stringify(result.content)).toContain('send_message');
  });

  it('keeps stdout for the protocol, logs to stderr, and never logs the sandbox key', () => {
    expect(server.protocolErrors).toEqual([]);
    const log = server.stderr();
    expect(log).toContain('sandbox inboxops API with seeded data at http://127.0.0.1:');
    expect(log).toMatch(/tool call .*"tool":"add_internal_note".*"outcome":"ok"/);
    expect(log).not.toMatch(/ixk_sandbox_/);
  });
});

describe('the command line for InboxOps', () => {
  it('refuses a key without the ixk_ prefix, with exit 2 and nothing on stdout', () => {
    const result = run([], { INBOXOPS_API_KEY: 'abc' });
    expect(result.status).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toContain('INBOXOPS_API_KEY is not an API key for InboxOps: an InboxOps key starts with ixk_.');
    expect(result.stderr).not.toContain('abc');
  });

  it('refuses to start without a key or --sandbox, naming the variable', () => {
    const result = run([]);
    expect(result.status).toBe(2);
    expect(result.stderr).toContain('INBOXOPS_API_KEY is not set');
    expect(result.stderr).toContain('--sandbox');
  });

  it('explains that InboxOps forbids outbound replies when --tools names send_message', () => {
    const result = run(['--sandbox', '--tools', 'fetch_tickets,send_message']);
    expect(result.status).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toContain("--tools: send_message is not offered for InboxOps: InboxOps's API does not allow outbound replies");
    expect(result.stderr).toContain('use add_internal_note');
  });

  it('reads the provider from HELPDESK_PROVIDER too', () => {
    const result = runCli([], { HELPDESK_PROVIDER: 'inboxops', INBOXOPS_API_KEY: 'nope' });
    expect(result.status).toBe(2);
    expect(result.stderr).toContain('an InboxOps key starts with ixk_');
  });
});
