import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { log } from '../log.js';
import type { AnyTool } from './define-tool.js';
import { toolErrorText, type ErrorContext } from './tool-error.js';

/** Registers each tool on the server; every call is logged (name, duration, outcome; no content). */
export function registerTools<Client>(server: McpServer, tools: readonly AnyTool<Client>[], client: Client, errors: ErrorContext): void {
  for (const tool of tools) {
    server.registerTool(
      tool.name,
      {
        title: tool.title,
        description: tool.description,
        inputSchema: tool.input,
        outputSchema: tool.output,
        annotations: { title: tool.title, ...tool.annotations },
      },
      async (args: unknown, extra: { signal: AbortSignal }) => {
        const started = performance.now();
        const ms = () => Math.round(performance.now() - started);
        try {
          const { structured, text } = await tool.handler(args as Record<string, unknown>, { client, signal: extra.signal });
          log.info('tool call', { tool: tool.name, ms: ms(), outcome: 'ok' });
          return { content: [{ type: 'text' as const, text }], structuredContent: structured };
        } catch (error) {
          log.info('tool call', { tool: tool.name, ms: ms(), outcome: 'error', kind: errorKind(error) });
          return { content: [{ type: 'text' as const, text: toolErrorText(error, tool, errors) }], isError: true };
        }
      },
    );
  }
}

function errorKind(error: unknown): string {
  if (error && typeof error === 'object' && 'kind' in error && typeof error.kind === 'string') return error.kind;
  return error instanceof Error ? error.name : 'unknown';
}
