import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import type { RequestHandlerExtra } from '@modelcontextprotocol/sdk/shared/protocol.js';
import {
  CallToolRequestSchema,
  ElicitResultSchema,
  type CallToolResult,
  type ServerNotification,
  type ServerRequest,
} from '@modelcontextprotocol/sdk/types.js';
import { personOf } from '../auth/caller.js';
import type { ScopeCheck } from '../auth/scopes.js';
import { stoppedByShutdown, type CallsInFlight } from '../calls-in-flight.js';
import type { ClientLog } from '../client-log.js';
import { reportingWaits } from '../http/wait-report.js';
import type { AskHuman } from '../safety/confirm-send.js';
import { guardedWrite, type WriteSafety } from '../safety/guarded-write.js';
import type { AnyTool } from './define-tool.js';
import { callProgress } from './call-progress.js';
import { sanitize, sanitizeDeep } from './sanitize.js';
import { isForeseen, toolErrorText, type ErrorContext } from './tool-error.js';
import { inputParser } from './tool-input.js';

type Extra = RequestHandlerExtra<ServerRequest, ServerNotification>;

/** A human has this long to answer a confirmation. */
const CONFIRM_TIMEOUT_MS = 10 * 60_000;

export interface ToolRuntime<Client> {
  client: Client;
  /** Every call runs as one of these: shutdown waits for them, then stops the rest. */
  calls: CallsInFlight;
  errors: ErrorContext;
  safety: WriteSafety;
  /** Where each call is logged: stderr, and the client when it asked for logs. */
  clientLog: ClientLog;
  /** The provider's own reading of its refusals (Provider.explainError), before the error becomes text. */
  explainError(error: unknown, tool: AnyTool<Client>): unknown;
  /** Refuses a call outside the scopes of the request's token (default: none is). */
  scopeCheck?: ScopeCheck;
}

/**
 * Serves tools/call for these tools. Arguments are checked here (tool-input.ts) rather than by
 * the SDK, so a refusal names the field and what is allowed, and unknown names are refused.
 * Writes run under their guards (safety/guarded-write.ts); every call is logged (name, duration,
 * outcome, and with sign-in the subject; no content) to stderr and to the client. With sign-in, a
 * call outside the token's scopes is refused here too, should it get past the HTTP layer's check.
 */
export function registerTools<Client>(server: McpServer, tools: readonly AnyTool<Client>[], runtime: ToolRuntime<Client>): void {
  server.server.registerCapabilities({ tools: {} });
  const calls = new Map(tools.map((tool) => [tool.name, toolCall(server, tool, runtime)]));
  server.server.setRequestHandler(CallToolRequestSchema, (request, extra) => {
    const call = calls.get(request.params.name);
    const missing = runtime.scopeCheck?.(request.params.name, extra.authInfo);
    if (call && missing)
      return errorResult(`${request.params.name} needs the scope ${missing}, which this token does not carry: sign in again asking for it. Nothing was sent.`);
    if (call) return call(request.params.arguments, extra);
    return errorResult(`Tool ${request.params.name} not found. Tools: ${[...calls.keys()].join(', ')}. Nothing was sent.`);
  });
}

function toolCall<Client>(
  server: McpServer,
  tool: AnyTool<Client>,
  { client, calls, errors, safety: serverSafety, clientLog, explainError }: ToolRuntime<Client>,
) {
  const parse = inputParser(tool.input);
  return (raw: unknown, extra: Extra): Promise<CallToolResult> =>
    calls.track(async () => {
      const started = performance.now();
      // The person behind the call (with sign-in): named in the log line, the audit line and the duplicate guard.
      const person = personOf(extra.authInfo);
      const by = person && { by: person.subject };
      // The caller's token is blanked too, should an error or an audited text ever quote it.
      const safety = extra.authInfo ? { ...serverSafety, secrets: serverSafety.secrets.with(extra.authInfo.token) } : serverSafety;
      const logCall = (level: 'info' | 'error', fields: Record<string, unknown>) =>
        clientLog.write(level, 'tool call', { tool: tool.name, ms: Math.round(performance.now() - started), ...fields, ...by }, (notification) =>
          extra.sendNotification(notification),
        );
      // The client's cancel, or the server's shutdown once its grace is over.
      const stopping = calls.stopping;
      const { signal, release } = calls.signalFor(extra.signal);
      try {
        const args = parse(raw);
        const { progress, waiting } = callProgress(extra);
        const run = () =>
          reportingWaits(waiting, () => tool.handler(args, { client, signal, progress })).catch((error: unknown) => {
            throw explainError(stoppedByShutdown(error, stopping), tool);
          });
        const { structured, text } = tool.annotations.readOnlyHint
          ? await run()
          : await guardedWrite(safety, tool as AnyTool<unknown>, args, askHuman(server, extra, signal), run, person);
        logCall('info', { outcome: 'ok' });
        // Whatever a tool passed through from the API, no hidden control reaches the model.
        return { content: [{ type: 'text', text: sanitize(text) }], structuredContent: sanitizeDeep(structured) };
      } catch (error) {
        // A bug, not a refusal: an error line, which a client receives even if it never set a level.
        logCall(isForeseen(error) ? 'info' : 'error', { outcome: 'error', kind: errorKind(error) });
        return errorResult(toolErrorText(error, tool, errors, safety.secrets));
      } finally {
        release();
      }
    });
}

function errorResult(text: string): CallToolResult {
  return { content: [{ type: 'text', text }], isError: true };
}

/** A yes/no form through the client (elicitation), on the call's own stream; undefined if the client cannot. */
function askHuman(server: McpServer, extra: Extra, signal: AbortSignal): AskHuman {
  if (!server.server.getClientCapabilities()?.elicitation?.form) return undefined;
  return async (message) => {
    const result = await extra.sendRequest(
      {
        method: 'elicitation/create',
        params: {
          mode: 'form',
          message,
          requestedSchema: {
            type: 'object',
            properties: { send: { type: 'boolean', title: 'Send this message to the customer' } },
            required: ['send'],
          },
        },
      },
      ElicitResultSchema,
      { signal, timeout: CONFIRM_TIMEOUT_MS },
    );
    if (result.action !== 'accept') return result.action === 'decline' ? 'no' : 'dismissed';
    return result.content?.send === true ? 'yes' : 'no';
  };
}

function errorKind(error: unknown): string {
  if (error && typeof error === 'object' && 'reason' in error && typeof error.reason === 'string') return error.reason;
  if (error && typeof error === 'object' && 'kind' in error && typeof error.kind === 'string') return error.kind;
  return error instanceof Error ? error.name : 'unknown';
}
