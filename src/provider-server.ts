import { createHash } from 'node:crypto';
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { scopeCheck } from './auth/scopes.js';
import { processCalls, type CallsInFlight } from './calls-in-flight.js';
import { ClientLog } from './client-log.js';
import type { Config } from './config.js';
import { processLimiters, type LimiterRegistry } from './http/limiter.js';
import { registerPrompts } from './prompts/register-prompts.js';
import type { Provider } from './providers/provider.js';
import type { AuditLog } from './safety/audit-log.js';
import { processSendLedger, type SendLedger } from './safety/send-ledger.js';
import { processSecrets } from './secrets.js';
import type { AnyTool } from './tools/define-tool.js';
import { registerTools } from './tools/register-tools.js';
import { serveToolListing } from './tools/tool-listing.js';
import { VERSION } from './version.js';

export interface ServerOptions {
  config: Config;
  /** Defaults to the process-wide registry: one limiter per key for every server in the process. */
  limiters?: LimiterRegistry;
  /** Defaults to the process-wide ledger: the duplicate guard holds across sessions. */
  sendLedger?: SendLedger;
  /** Where write attempts are recorded (--audit-log). */
  audit?: AuditLog;
  /** Defaults to the process's: a shutdown waits for every call of every server. */
  calls?: CallsInFlight;
}

/**
 * An MCP server with this provider's tools; connect it to any transport. The provider's code is
 * given, loaded by the caller: the command line loads only the chosen provider's (src/cli.ts),
 * the library every provider's (src/server.ts).
 */
export function createProviderServer(
  provider: Provider<unknown>,
  { config, limiters = processLimiters, sendLedger = processSendLedger, audit, calls = processCalls }: ServerOptions,
): McpServer {
  // This server's key is blanked from what this server says, never from another server's output.
  const secrets = processSecrets.with(config.api.apiKey);
  const server = new McpServer({ name: 'helpdesk-mcp', version: VERSION }, { instructions: provider.instructions, capabilities: { logging: {} } });
  // Keyed by a digest so the ledger, local or shared, never holds a readable key.
  const account = createHash('sha256')
    .update(`${config.provider}\0${config.api.baseUrl}\0${config.api.apiKey ?? ''}`)
    .digest('hex');
  const tools = selectTools(provider.tools, config);
  // With sign-in, each request's token decides which of these tools it sees and may call.
  const missingScope = scopeCheck(tools, config.http.auth?.scopes);
  registerTools(server, tools, {
    client: provider.createClient(config, limiters),
    calls,
    errors: provider.errors,
    safety: { confirmSends: config.confirmSends, sendLedger, audit, account, secrets },
    clientLog: new ClientLog(server, secrets),
    explainError: provider.explainError,
    scopeCheck: missingScope,
  });
  serveToolListing(server, tools, missingScope);
  registerPrompts(
    server,
    provider.prompts ?? [],
    tools.map((tool) => tool.name),
    missingScope,
  );
  return server;
}

/** --read-only keeps only the reads, and wins over --tools (an allow-list) and --exclude-tools. */
export function selectTools<T extends AnyTool<never>>(tools: readonly T[], { readOnly, tools: allowed, excludeTools }: Config): T[] {
  return tools.filter(
    (tool) => (!readOnly || tool.annotations.readOnlyHint) && (!allowed || allowed.includes(tool.name)) && !excludeTools?.includes(tool.name),
  );
}
