import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { InMemoryTransport } from '@modelcontextprotocol/sdk/inMemory.js';
import type { RateLimit } from '../src/http/rate-limit.js';
import type { SandboxProcess } from './processes.js';

// The built JS is measured, not src through tsx; loaded by a computed path so that typecheck, which
// runs before build on a clean clone, does not need dist/ to exist. The types come from src.
const dist = (path: string) => new URL(`../dist/${path}`, import.meta.url).href;
const { createServer } = (await import(dist('server.js'))) as typeof import('../src/server.js');
const { LimiterRegistry } = (await import(dist('http/limiter.js'))) as typeof import('../src/http/limiter.js');
const { setLogLevel } = (await import(dist('log.js'))) as typeof import('../src/log.js');
type Config = import('../src/config.js').Config;

// A log line per call on the bench's own stderr would fill the output, not measure anything a user waits for.
setLogLevel('warn');

export const HUGE_LIMIT: RateLimit = { requests: 1_000_000, windowMs: 1_000 };

export interface InProcess {
  client: Client;
  close(): Promise<void>;
}

/** A real SDK client, in memory, to createServer from dist/ with its own limiter, against `sandbox`. */
export async function connectInProcess(sandbox: Pick<SandboxProcess, 'url' | 'apiKey'>, rateLimit: RateLimit = HUGE_LIMIT): Promise<InProcess> {
  const config: Config = {
    provider: 'mava',
    transport: 'stdio',
    http: { host: '127.0.0.1', port: 3000, stateless: false, keyFromHeader: false, allowedHosts: [] },
    sandbox: false,
    readOnly: false,
    logLevel: 'warn',
    logFormat: 'text',
    confirmSends: 'never',
    api: { baseUrl: sandbox.url, apiKey: sandbox.apiKey, rateLimit, timeoutMs: 30_000 },
  };
  // A registry of its own: the process-wide one would hand every server the first limit it saw.
  const limiters = new LimiterRegistry();
  const server = createServer({ config, limiters });
  const [clientSide, serverSide] = InMemoryTransport.createLinkedPair();
  const client = new Client({ name: 'bench', version: '0' });
  await Promise.all([server.connect(serverSide), client.connect(clientSide)]);
  return {
    client,
    async close() {
      await client.close();
      await server.close();
      await limiters.stopAll();
    },
  };
}
