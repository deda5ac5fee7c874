import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';
import { log } from '../log.js';

/** Serves one session on stdin/stdout; `onEnd` runs when the client goes away. */
export async function serveStdio(server: McpServer, onEnd: () => void): Promise<void> {
  // A client that went away before its answers leaves a closed pipe: nothing to tell it, no crash.
  process.stdout.on('error', (error) => log.debug('stdout closed', { error: String(error) }));
  const transport = new StdioServerTransport();
  transport.onclose = onEnd;
  process.stdin.on('end', onEnd);
  await server.connect(transport);
}
