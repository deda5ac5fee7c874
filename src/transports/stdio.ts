import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';

/** Serves one session on stdin/stdout; `onEnd` runs when the client goes away. */
export async function serveStdio(server: McpServer, onEnd: () => void): Promise<void> {
  const transport = new StdioServerTransport();
  transport.onclose = onEnd;
  process.stdin.on('end', onEnd);
  await server.connect(transport);
}
