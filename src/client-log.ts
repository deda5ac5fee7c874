import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { SetLevelRequestSchema, type LoggingLevel, type ServerNotification } from '@modelcontextprotocol/sdk/types.js';
import { log, type LogFields, type LogLevel, type Logger } from './log.js';
import type { Secrets } from './secrets.js';

const MCP_LEVEL: Record<LogLevel, LoggingLevel> = { debug: 'debug', info: 'info', warn: 'warning', error: 'error' };
const MCP_ORDER: readonly LoggingLevel[] = ['debug', 'info', 'notice', 'warning', 'error', 'critical', 'alert', 'emergency'];

/** Sends a notification on the stream of the request being handled (over HTTP, the call's own response). */
export type Notify = (notification: ServerNotification) => Promise<void>;

/**
 * MCP logging for one connected client: each line goes to stderr as usual and, as a
 * `notifications/message`, to the client at the level its `logging/setLevel` asked for; until it
 * asks, warnings and errors only (a line per call is noise to a client that did not ask). Lines
 * hold names and figures, never content; the server's secrets are blanked from both copies.
 */
export class ClientLog {
  private least: LoggingLevel = 'warning';
  private readonly stderr: Logger;

  constructor(
    server: McpServer,
    private readonly secrets: Secrets,
  ) {
    this.stderr = log.in(secrets);
    // Replaces the SDK's handler, which keeps the level where we cannot read it.
    server.server.setRequestHandler(SetLevelRequestSchema, async (request) => {
      this.least = request.params.level;
      return {};
    });
  }

  write(level: LogLevel, message: string, fields: LogFields, notify: Notify): void {
    this.stderr[level](message, fields);
    if (MCP_ORDER.indexOf(MCP_LEVEL[level]) < MCP_ORDER.indexOf(this.least)) return;
    const data = this.secrets.value({ message, ...fields });
    notify({ method: 'notifications/message', params: { level: MCP_LEVEL[level], logger: 'helpdesk-mcp', data } }).catch(() => undefined);
  }
}
