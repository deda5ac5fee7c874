import type { Config } from '../config.js';
import type { LimiterRegistry } from '../http/limiter.js';
import type { FaultInjector, FaultRates } from '../sandbox/faults.js';
import type { AnyTool } from '../tools/define-tool.js';
import type { ErrorContext } from '../tools/tool-error.js';
import type { PromptDefinition } from '../prompts/define-prompt.js';

export interface SandboxHandle {
  url: string;
  apiKey: string;
  /** The latest requests served (src/sandbox/start.ts), for the checks every provider passes. */
  readonly requests: ReadonlyArray<unknown>;
  /** Makes the sandbox misbehave like a flaky API. */
  readonly faults: FaultInjector;
  close(): Promise<void>;
}

/**
 * What a helpdesk brings: the tools its API supports, its client, its sandbox. The core (limiter,
 * errors, output, safety, transports) serves any of them. Its settings (variables, defaults,
 * unsupported tools) are in its settings.ts, listed in registry.ts and readable without loading this code.
 */
export interface Provider<Client> {
  name: Config['provider'];
  errors: ErrorContext;
  /** How the tools fit together, for the server's instructions. */
  instructions: string;
  tools: readonly AnyTool<Client>[];
  /**
   * The provider's own refusals completed with what the agent should do next, before the error
   * is turned into text (tool-error.ts); any other error returned as it is. Every provider
   * declares one (`keepError` when its refusals need nothing more than the core's reading).
   */
  explainError(error: unknown, tool: AnyTool<Client>): unknown;
  /** Ready instructions that use the tools (prompts/list); each offered only when its tools are. */
  prompts?: readonly PromptDefinition[];
  /** `config.api` has had its sandbox applied; the key is present. */
  createClient(config: Config, limiters: LimiterRegistry): Client;
  /** Starts the provider's sandbox API on 127.0.0.1, injecting faults at these rates if given. */
  startSandbox(options?: { faults?: FaultRates }): Promise<SandboxHandle>;
}

/** The configuration with another API key (an HTTP caller's own). */
export function withApiKey(config: Config, apiKey: string): Config {
  return { ...config, api: { ...config.api, apiKey } };
}

/** The configuration pointed at a running sandbox. */
export function useSandbox(config: Config, sandbox: SandboxHandle): Config {
  return { ...config, api: { ...config.api, baseUrl: sandbox.url, apiKey: sandbox.apiKey } };
}

/** An explainError for a provider whose refusals the core reads well enough. */
export function keepError(error: unknown): unknown {
  return error;
}
