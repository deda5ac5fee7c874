import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { providers } from './providers/index.js';
import { createProviderServer, type ServerOptions } from './provider-server.js';

export type { ServerOptions };

/**
 * An MCP server with the configured provider's tools; connect it to any transport. Synchronous
 * for the library: importing this module loads every provider's code (src/providers/index.ts).
 */
export function createServer(options: ServerOptions): McpServer {
  return createProviderServer(providers[options.config.provider], options);
}
