import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import type { Config, HttpConfig } from '../../src/config.js';
import { LimiterRegistry } from '../../src/http/limiter.js';
import { scopeKinds } from '../../src/auth/scopes.js';
import { PROVIDER_SETTINGS } from '../../src/config.js';
import { providers } from '../../src/providers/index.js';
import { withApiKey } from '../../src/providers/provider.js';
import { createServer } from '../../src/server.js';
import { startHttpServer, type HttpServerOptions, type RunningHttpServer } from '../../src/transports/http/http-server.js';

/** The HTTP transport in this process, wired as the CLI wires it, on a free port. */
export async function startHttp(
  config: Config,
  http: Partial<HttpConfig> = {},
  extra: Partial<HttpServerOptions> = {},
): Promise<RunningHttpServer & { limiters: LimiterRegistry }> {
  const limiters = new LimiterRegistry();
  const running = await startHttpServer({
    http: { ...config.http, port: 0, ...http },
    keyHeader: PROVIDER_SETTINGS[config.provider].callerKeyHeader,
    toolScopes: scopeKinds(providers[config.provider].tools),
    createMcpServer: (key) => createServer({ config: key ? withApiKey(config, key) : config, limiters }),
    ...extra,
  });
  return {
    ...running,
    limiters,
    async close(graceMs?: number) {
      await running.close(graceMs);
      await limiters.stopAll();
    },
  };
}

/** An SDK Streamable HTTP client, with extra headers on every request. */
export async function httpClient(url: string, headers: Record<string, string> = {}): Promise<Client> {
  const client = new Client({ name: 'http-test', version: '0' });
  await client.connect(new StreamableHTTPClientTransport(new URL(url), { requestInit: { headers } }));
  return client;
}
