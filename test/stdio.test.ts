import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { ElicitRequestSchema, type ElicitResult } from '@modelcontextprotocol/sdk/types.js';
import { describe, expect, it } from 'vitest';
import { cleanEnv } from './support/clean-env.js';
import { CLI } from './support/spawn-server.js';
import { ROOT, runCli as run, stdioServer } from './support/stdio-server.js';

// The built server as a client launches it: `node dist/bin/helpdesk-mcp.js`, over stdio. `npm test` builds first.

describe('the stdio server on the Mava sandbox (the default provider)', () => {
  const server = stdioServer(['--sandbox']);

  it('lists the six tools and serves them with no key', async () => {
    const { tools } = await server.client.listTools();
    expect(tools).toHaveLength(6);
    const result = await server.client.callTool({ name: 'fetch_tickets', arguments: { status: 'Open', limit: 5 } });
    expect(result.isError).toBeFalsy();
    expect((result.structuredContent as { tickets: unknown[] }).tickets).toHaveLength(5);
    const categories = await server.client.callTool({ name: 'list_categories', arguments: {} });
    expect((categories.structuredContent as { categories: unknown[] }).categories.length).toBeGreaterThan(3);
  });

  it('serves all six tools, and their changes show on the next fetch', async () => {
    interface Ticket {
      _id: string;
      priority: number;
      category: { _id: string };
      customer: { _id: string; attributes: Record<string, string> };
      messages: Array<{ content: string; messageType: string }>;
    }
    const call = <T>(name: string, args: Record<string, unknown>) => server.ok<T>(name, args);
    const { tickets } = await call<{ tickets: Ticket[] }>('fetch_tickets', { origin: 'email', status: 'Open', limit: 1 });
    const ticket = tickets[0]!;
    const { categories } = await call<{ categories: Array<{ _id: string }> }>('list_categories', {});
    const category = categories[0]!._id;
    await call('update_ticket', { ticketId: ticket._id, status: 'Waiting', priority: 2, categoryId: category });
    await call('send_message', { ticketId: ticket._id, content: 'Thanks, we are looking into it.' });
    await call('add_internal_note', { ticketId: ticket._id, content: 'Checked the logs.' });
    await call('identify_customer', { mavaCustomerId: ticket.customer._id, customAttributes: [{ label: 'Tier', value: 'Gold' }] });
    const after = await call<{ tickets: Ticket[] }>('fetch_tickets', { status: 'Waiting', origin: 'email', limit: 100, includeMessages: true });
    const updated = after.tickets.find((t) => t._id === ticket._id)!;
    expect(updated).toMatchObject({ priority: 2, category: { _id: category }, customer: { attributes: { Tier: 'Gold' } } });
    expect(updated.messages.slice(-2).map((m) => [m.messageType, m.content])).toEqual([
      ['ExternalMessage', 'Thanks, we are looking into it.'],
      ['InternalNote', 'Checked the logs.'],
    ]);
  });

  it('keeps stdout for the protocol and logs to stderr', () => {
    expect(server.protocolErrors).toEqual([]);
    const log = server.stderr();
    expect(log).toContain('sandbox mava API with seeded data at http://127.0.0.1:');
    expect(log).toMatch(/tool call .*"tool":"fetch_tickets".*"outcome":"ok"/);
    expect(log).not.toMatch(/sandbox_[0-9a-f]{24}/);
  });
});

describe('mcp.json', () => {
  it('starts every server it declares, as a client would', async () => {
    const { readFileSync } = await import('node:fs');
    const servers = JSON.parse(readFileSync(new URL('../mcp.json', import.meta.url), 'utf8')).mcpServers as Record<
      string,
      { command: string; args: string[]; env?: Record<string, string> }
    >;
    expect(Object.keys(servers).length).toBeGreaterThanOrEqual(2);
    for (const [name, entry] of Object.entries(servers)) {
      const transport = new StdioClientTransport({
        command: entry.command,
        args: entry.args,
        env: { ...cleanEnv(), ...entry.env },
        cwd: ROOT,
        stderr: 'ignore',
      });
      const client = new Client({ name: `mcp-json-${name}`, version: '0' });
      await client.connect(transport);
      expect((await client.listTools()).tools.length, name).toBe(6);
      await client.close();
    }
  });
});

describe('confirmation through the built server', () => {
  it('asks a client that supports elicitation, and checks its answer against the form', async () => {
    const transport = new StdioClientTransport({
      command: process.execPath,
      args: [CLI, '--sandbox', '--confirm-sends', 'always'],
      env: cleanEnv(),
      stderr: 'pipe',
      cwd: ROOT,
    });
    const client = new Client({ name: 'stdio-human', version: '0' }, { capabilities: { elicitation: { form: {} } } });
    const answers: ElicitResult[] = [
      { action: 'accept', content: { send: 'yes' } },
      { action: 'accept', content: { send: true } },
    ];
    const shown: string[] = [];
    client.setRequestHandler(ElicitRequestSchema, (request) => {
      shown.push(request.params.message);
      return answers.shift()!;
    });
    await client.connect(transport);
    try {
      const fetched = await client.callTool({ name: 'fetch_tickets', arguments: { status: 'Open', limit: 1 } });
      const ticketId = (fetched.structuredContent as { tickets: Array<{ _id: string }> }).tickets[0]!._id;
      const args = { ticketId, content: 'Confirmed by a human over stdio.' };
      // An answer that does not fit the form (a string for a boolean) sends nothing.
      const malformed = await client.callTool({ name: 'send_message', arguments: args });
      expect(malformed.isError).toBe(true);
      expect(JSON.stringify(malformed.content)).toContain('Nothing was sent');
      const sent = await client.callTool({ name: 'send_message', arguments: args });
      expect(sent.isError, JSON.stringify(sent.content)).toBeFalsy();
      expect(shown).toHaveLength(2);
      expect(shown[1]).toBe(`Send this message to the customer on ticket ${ticketId}?\n\nConfirmed by a human over stdio.`);
    } finally {
      await client.close();
    }
  });
});

describe('the command line', () => {
  it('refuses to start without a key or --sandbox, naming the fix, with exit 2 and nothing on stdout', () => {
    const result = run([]);
    expect(result.status).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toContain('MAVA_API_KEY is not set');
    expect(result.stderr).toContain('--sandbox');
  });

  it('reports every configuration problem at once', () => {
    const result = run(['--provider', 'zendesk'], { MAVA_RATE_LIMIT: 'lots', MAVA_BASE_URL: 'gateway.mava.app' });
    expect(result.status).toBe(2);
    expect(result.stderr.split('\n').filter((line) => line.startsWith('  - '))).toHaveLength(4);
  });

  it('refuses to start when the audit log cannot be opened, before serving anything', () => {
    const result = run(['--sandbox', '--audit-log', '/nonexistent-dir/audit.jsonl']);
    expect(result.status).toBe(1);
    expect(result.stdout).toBe('');
    expect(result.stderr).toContain('--audit-log /nonexistent-dir/audit.jsonl cannot be opened for appending (ENOENT): give a writable file path.');
  });

  it('prints --help and --version', () => {
    const help = run(['--help']);
    expect(help.status).toBe(0);
    expect(help.stdout).toContain('--sandbox');
    expect(help.stdout).toContain('MAVA_RATE_LIMIT');
    const version = run(['--version']);
    expect(version.stdout.trim()).toMatch(/^\d+\.\d+\.\d+$/);
  });
});
