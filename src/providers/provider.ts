import type { Config } from '../config.js';
import type { LimiterRegistry } from '../http/limiter.js';
import type { FaultRates } from '../sandbox/faults.js';
import type { AnyTool } from '../tools/define-tool.js';
import type { ErrorContext } from '../tools/tool-error.js';

export interface SandboxHandle {
  url: string;
  apiKey: string;
  close(): Promise<void>;
}

/** What a helpdesk brings: its tools, its client, its sandbox. The core serves any of them. */
export interface Provider<Client> {
  name: Config['provider'];
  errors: ErrorContext;
  /** How the tools fit together, for the server's instructions. */
  instructions: string;
  tools: readonly AnyTool<Client>[];
  /** Names the account the configuration writes to (base URL and key): duplicates are per account. */
  account(config: Config): string;
  /** `config` has had its sandbox applied; the key is present. */
  createClient(config: Config, limiters: LimiterRegistry): Client;
  /** Starts the provider's sandbox API on 127.0.0.1, injecting faults at these rates if given. */
  startSandbox(options?: { faults?: FaultRates }): Promise<SandboxHandle>;
  /** Lower-case header in which HTTP callers bring their own key (--key-from-header). */
  callerKeyHeader: string;
  /** The configuration with another API key (a caller's own). */
  withApiKey(config: Config, apiKey: string): Config;
  /** Points the configuration at a running sandbox. */
  useSandbox(config: Config, sandbox: SandboxHandle): Config;
}
