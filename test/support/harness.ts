import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { InMemoryTransport } from '@modelcontextprotocol/sdk/inMemory.js';
import { CallsInFlight } from '../../src/calls-in-flight.js';
import type { Config } from '../../src/config.js';
import { LimiterRegistry } from '../../src/http/limiter.js';
import { setLogSink } from '../../src/log.js';
import { MemorySendLedger } from '../../src/safety/send-ledger.js';
import { createServer, type ServerOptions } from '../../src/server.js';

export interface Harness {
  client: Client;
  limiters: LimiterRegistry;
  /** Calls a tool and returns the whole result (text, structuredContent, isError). */
  call(name: string, args?: Record<string, unknown>): Promise<CallResult>;
  close(): Promise<void>;
}

export interface CallResult {
  isError: boolean;
  text: string;
  structured: Record<string, unknown> | undefined;
  raw: unknown;
}

export function testConfig(overrides: Omit<Partial<Config>, 'api'> & { api: Partial<Config['api']> & { baseUrl: string; apiKey: string } }): Config {
  return {
    provider: 'mava',
    transport: 'stdio',
    http: { host: '127.0.0.1', port: 3000, stateless: false, keyFromHeader: false, allowedHosts: [] },
    sandbox: false,
    readOnly: false,
    logLevel: 'info',
    logFormat: 'text',
    ...overrides,
    confirmSends: overrides.confirmSends ?? 'auto',
    api: { rateLimit: { requests: 90, windowMs: 30_000 }, timeoutMs: 5_000, ...overrides.api },
  };
}

export interface ConnectOptions extends Omit<ServerOptions, 'config'> {
  /** Set up the client before it connects (capabilities, request handlers). */
  client?: Client;
}

/**
 * A real MCP client connected in memory to a server built from `config`, with its own limiters,
 * its own duplicate-guard ledger and its own calls in flight unless given others: test files
 * share a worker's modules (vitest.config.ts), and the process's calls in flight are stopped by
 * any in-process server's shutdown, another file's included.
 */
export async function connect(config: Config, options: ConnectOptions = {}): Promise<Harness> {
  const limiters = options.limiters ?? new LimiterRegistry();
  const server = createServer({ sendLedger: new MemorySendLedger(), calls: new CallsInFlight(), ...options, config, limiters });
  const [clientSide, serverSide] = InMemoryTransport.createLinkedPair();
  const client = options.client ?? new Client({ name: 'test', version: '0.0.0' });
  await Promise.all([server.connect(serverSide), client.connect(clientSide)]);
  return {
    client,
    limiters,
    async call(name, args = {}) {
      const raw = await client.callTool({ name, arguments: args });
      const content = (raw.content ?? []) as Array<{ type: string; text?: string }>;
      return {
        isError: raw.isError === true,
        text: content.map((part) => part.text ?? '').join('\n'),
        structured: raw.structuredContent as Record<string, unknown> | undefined,
        raw,
      };
    },
    async close() {
      await client.close();
      await server.close();
      await limiters.stopAll();
    },
  };
}

/** Collects every log line written while the test runs. */
export function captureLog(): string[] {
  const lines: string[] = [];
  setLogSink((line) => lines.push(line));
  return lines;
}
