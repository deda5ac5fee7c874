import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import type { PromptDefinition } from './define-prompt.js';

/** Registers each of the provider's prompts whose tools are all registered (--read-only leaves out draft_reply). */
export function registerPrompts(server: McpServer, prompts: readonly PromptDefinition[], toolNames: readonly string[]): void {
  const tools = new Set(toolNames);
  for (const prompt of prompts) {
    if (!prompt.needs.every((name) => tools.has(name))) continue;
    server.registerPrompt(prompt.name, { title: prompt.title, description: prompt.description, argsSchema: prompt.args }, (args: Record<string, string | undefined>) => ({
      messages: [{ role: 'user' as const, content: { type: 'text' as const, text: prompt.text(args, tools) } }],
    }));
  }
}
