import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import type { Config } from './config.js';
import { processLimiters, type LimiterRegistry } from './http/limiter.js';
import { addSecret } from './log.js';
import { providers } from './providers/index.js';
import { registerTools } from './tools/register-tools.js';
import { VERSION } from './version.js';

export interface ServerOptions {
  config: Config;
  /** Defaults to the process-wide registry: one limiter per key for every server in the process. */
  limiters?: LimiterRegistry;
}

/** An MCP server with the configured provider's tools; connect it to any transport. */
export function createServer({ config, limiters = processLimiters }: ServerOptions): McpServer {
  const provider = providers[config.provider];
  addSecret(config.mava.apiKey);
  const tools = provider.tools.filter(
    (tool) => (!config.readOnly || tool.annotations.readOnlyHint) && (!config.tools || config.tools.includes(tool.name)),
  );
  const server = new McpServer(
    { name: 'helpdesk-mcp', version: VERSION },
    { instructions: provider.instructions, capabilities: { logging: {} } },
  );
  registerTools(server, tools, provider.createClient(config, limiters), provider.errors);
  return server;
}
