import { spawn } from 'node:child_process';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { InMemoryTransport } from '@modelcontextprotocol/sdk/inMemory.js';
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { LoggingMessageNotificationSchema, type LoggingMessageNotification } from '@modelcontextprotocol/sdk/types.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { keepError } from '../src/providers/provider.js';
import { ClientLog } from '../src/client-log.js';
import { loadConfig, startSandbox, type RunningSandbox } from '../src/embed.js';
import { MemorySendLedger } from '../src/safety/send-ledger.js';
import type { AnyTool } from '../src/tools/define-tool.js';
import { registerTools } from '../src/tools/register-tools.js';
import { cleanEnv } from './support/clean-env.js';
import { connect, type Harness } from './support/harness.js';
import { httpClient } from './support/http-harness.js';
import { CLI, spawnHttpServer } from './support/spawn-server.js';
import { runCli } from './support/stdio-server.js';
import { processSecrets } from '../src/secrets.js';
import { CallsInFlight } from '../src/calls-in-flight.js';

type Logged = LoggingMessageNotification['params'];

/** Collects the MCP log messages a client receives. */
function listen(client: Client): Logged[] {
  const received: Logged[] = [];
  client.setNotificationHandler(LoggingMessageNotificationSchema, (notification) => void received.push(notification.params));
  return received;
}

describe('MCP logging (logging/setLevel)', () => {
  let sandbox: RunningSandbox;
  let mcp: Harness;
  let received: Logged[];

  beforeAll(async () => {
    sandbox = await startSandbox(loadConfig(['--sandbox'], {}));
    mcp = await connect(sandbox.config);
    received = listen(mcp.client);
  });
  afterAll(async () => {
    await mcp.close();
    await sandbox.close();
  });

  it('sends a client that never asked no line per call', async () => {
    expect(mcp.client.getServerCapabilities()?.logging).toEqual({});
    await mcp.call('list_categories');
    expect(received).toEqual([]);
  });

  it('sends each call (tool, duration, outcome; no content) from the level the client set', async () => {
    await mcp.client.setLoggingLevel('info');
    await mcp.call('list_categories');
    await mcp.call('fetch_tickets', { limit: 1 });
    await mcp.call('update_ticket', { ticketId: 'no-such-ticket', priority: 1 });
    expect(received.map((line) => line.level)).toEqual(['info', 'info', 'info']);
    expect(received.map((line) => line.data)).toEqual([
      { message: 'tool call', tool: 'list_categories', ms: expect.any(Number), outcome: 'ok' },
      { message: 'tool call', tool: 'fetch_tickets', ms: expect.any(Number), outcome: 'ok' },
      { message: 'tool call', tool: 'update_ticket', ms: expect.any(Number), outcome: 'error', kind: expect.any(String) },
    ]);
    expect(JSON.stringify(received)).not.toContain(sandbox.config.api.apiKey);
  });

  it('sends nothing below the level set', async () => {
    received.length = 0;
    await mcp.client.setLoggingLevel('error');
    await mcp.call('list_categories');
    expect(received).toEqual([]);
  });
});

describe('MCP logging of a bug', () => {
  it('sends a client that never set a level the error line of a tool that crashed, without its stack', async () => {
    const server = new McpServer({ name: 'bug', version: '0' }, { capabilities: { logging: {} } });
    const crashing: AnyTool<null> = {
      name: 'crash',
      title: 'Crash',
      description: 'Throws like a bug would.',
      input: {},
      output: {},
      annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: false },
      handler: async () => {
        throw new TypeError('cannot read properties of undefined');
      },
    };
    registerTools(server, [crashing], {
      client: null,
      calls: new CallsInFlight(),
      errors: { provider: 'Test', keyVariable: 'TEST_API_KEY' },
      safety: { confirmSends: 'never', sendLedger: new MemorySendLedger(), account: 'test', secrets: processSecrets },
      clientLog: new ClientLog(server, processSecrets),
      explainError: keepError,
    });
    const client = new Client({ name: 'bug-test', version: '0' });
    const received = listen(client);
    const [clientEnd, serverEnd] = InMemoryTransport.createLinkedPair();
    await Promise.all([server.connect(serverEnd), client.connect(clientEnd)]);
    try {
      const result = await client.callTool({ name: 'crash', arguments: {} });
      expect(result.isError).toBe(true);
      expect(received).toEqual([
        { level: 'error', logger: 'helpdesk-mcp', data: { message: 'tool call', tool: 'crash', ms: expect.any(Number), outcome: 'error', kind: 'TypeError' } },
      ]);
    } finally {
      await client.close();
    }
  });
});

describe('MCP logging over Streamable HTTP', () => {
  it('delivers the log line on the call’s own stream', async () => {
    const server = await spawnHttpServer(['--sandbox']);
    const client = await httpClient(server.url);
    try {
      const received = listen(client);
      await client.setLoggingLevel('debug');
      const result = await client.callTool({ name: 'list_categories', arguments: {} });
      expect(result.isError).toBeFalsy();
      expect(received).toEqual([
        { level: 'info', logger: 'helpdesk-mcp', data: { message: 'tool call', tool: 'list_categories', ms: expect.any(Number), outcome: 'ok' } },
      ]);
    } finally {
      await client.close();
      await server.stop();
    }
  });
});

describe('--log-format', () => {
  /** Starts the CLI, calls list_categories over raw stdio, closes stdin once answered; resolves with both streams. */
  function callOverStdio(
    flags: string[],
    call: { name: string; arguments: Record<string, unknown> } = { name: 'list_categories', arguments: {} },
  ): Promise<{ stdout: string; stderr: string }> {
    const child = spawn(process.execPath, [CLI, '--sandbox', ...flags], { env: cleanEnv(), stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
      if (stdout.includes('"id":2')) child.stdin.end();
    });
    const send = (message: object) => child.stdin.write(`${JSON.stringify({ jsonrpc: '2.0', ...message })}\n`);
    send({ id: 1, method: 'initialize', params: { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 't', version: '0' } } });
    send({ method: 'notifications/initialized' });
    send({ id: 2, method: 'tools/call', params: call });
    return new Promise((resolve) => child.once('exit', () => resolve({ stdout, stderr })));
  }

  it('json writes one object per line on stderr (time, level, msg, fields), and stdout holds only the protocol', async () => {
    const { stdout, stderr } = await callOverStdio(['--log-format', 'json', '--log-level', 'debug']);
    const lines = stderr
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as Record<string, unknown>);
    for (const line of lines)
      expect(line).toEqual(expect.objectContaining({ time: expect.stringMatching(/^\d{4}-\d\d-\d\dT/), level: expect.any(String), msg: expect.any(String) }));
    expect(lines).toContainEqual(expect.objectContaining({ level: 'info', msg: 'tool call', tool: 'list_categories', outcome: 'ok', ms: expect.any(Number) }));
    expect(lines).toContainEqual(expect.objectContaining({ level: 'debug', msg: 'http', method: 'GET', path: '/api/categories', status: 200 }));
    for (const line of stdout.trim().split('\n')) expect(JSON.parse(line)).toHaveProperty('jsonrpc', '2.0');
  });

  it('logs the path of an API request without its query, which can name a customer', async () => {
    const search = { name: 'fetch_tickets', arguments: { q: 'chloe_rossi@proton.me', per_page: 2 } };
    const { stderr } = await callOverStdio(['--provider', 'inboxops', '--log-format', 'json', '--log-level', 'debug'], search);
    const http = stderr
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as Record<string, unknown>)
      .filter((line) => line.msg === 'http');
    expect(http).toContainEqual(expect.objectContaining({ method: 'GET', path: '/api/v1/tickets', status: 200 }));
    expect(stderr).not.toContain('chloe_rossi');
  });

  it('text is the default: <time> <LEVEL> <message> {fields}', async () => {
    const { stderr } = await callOverStdio([]);
    expect(stderr).toMatch(/^\d{4}-\d\d-\d\dT\S+ INFO tool call \{"tool":"list_categories","ms":\d+,"outcome":"ok"\}$/m);
  });

  it('refuses an unknown format, naming the flag and the formats', () => {
    const run = runCli(['--sandbox', '--log-format', 'xml']);
    expect(run.status).toBe(2);
    expect(run.stderr).toContain('--log-format xml is not supported: use text or json.');
  });
});
