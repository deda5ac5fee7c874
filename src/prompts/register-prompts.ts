import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { ErrorCode, GetPromptRequestSchema, ListPromptsRequestSchema, McpError } from '@modelcontextprotocol/sdk/types.js';
import type { ScopeCheck } from '../auth/scopes.js';
import { InputError } from '../tools/define-tool.js';
import { inputParser } from '../tools/tool-input.js';
import type { PromptDefinition } from './define-prompt.js';

/**
 * Serves prompts/list and prompts/get for each of the provider's prompts whose tools are all
 * registered (--read-only leaves out draft_reply) and, with sign-in, allowed by the request's
 * token (a read-only token does not see draft_reply either). Arguments are checked as tool input is
 * (tool-input.ts): an unknown name, a bad date or origin is refused naming the field and what is
 * allowed, as an invalid-params error, before any instruction is built from it.
 */
export function registerPrompts(
  server: McpServer,
  prompts: readonly PromptDefinition[],
  toolNames: readonly string[],
  scopeCheck: ScopeCheck = () => undefined,
): void {
  const tools = new Set(toolNames);
  const offered = prompts.filter((prompt) => prompt.needs.every((name) => tools.has(name)));
  if (offered.length === 0) return;
  server.server.registerCapabilities({ prompts: {} });
  const parsers = new Map(offered.map((prompt) => [prompt.name, inputParser(prompt.args)]));
  server.server.setRequestHandler(ListPromptsRequestSchema, (_request, extra) => ({
    prompts: offered
      .filter((prompt) => prompt.needs.every((name) => !scopeCheck(name, extra.authInfo)))
      .map((prompt) => ({
        name: prompt.name,
        title: prompt.title,
        description: prompt.description,
        arguments: Object.entries(prompt.args).map(([name, schema]) => ({
          name,
          description: schema.description,
          required: !schema.safeParse(undefined).success,
        })),
      })),
  }));
  server.server.setRequestHandler(GetPromptRequestSchema, (request) => {
    const prompt = offered.find((candidate) => candidate.name === request.params.name);
    if (!prompt) throw new McpError(ErrorCode.InvalidParams, `Prompt ${request.params.name} not found. Prompts: ${offered.map((p) => p.name).join(', ')}.`);
    let args: Record<string, string | undefined>;
    try {
      args = parsers.get(prompt.name)!(request.params.arguments ?? {}) as Record<string, string | undefined>;
    } catch (error) {
      if (error instanceof InputError) throw new McpError(ErrorCode.InvalidParams, `Invalid arguments for prompt ${prompt.name}: ${error.message}`);
      throw error;
    }
    return { description: prompt.description, messages: [{ role: 'user' as const, content: { type: 'text' as const, text: prompt.text(args, tools) } }] };
  });
}
