import { parseConfig, type Config } from './config.js';
import { providers, toolNames } from './providers/index.js';
import { useSandbox } from './providers/provider.js';

/** Every problem found in the flags and variables, each naming the flag or variable and what is allowed. */
export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`helpdesk-mcp cannot be configured:\n${problems.map((problem) => `  - ${problem}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

/**
 * The configuration the command line builds from these flags and variables (`--help` lists
 * them), for an application that embeds the server. Throws a ConfigError listing every problem.
 */
export function loadConfig(argv: readonly string[] = [], env: Record<string, string | undefined> = process.env): Config {
  const parsed = parseConfig([...argv], env, toolNames);
  if (parsed.kind === 'errors') throw new ConfigError(parsed.errors);
  if (parsed.kind !== 'config') throw new ConfigError([`--${parsed.kind} prints text; it is not a configuration.`]);
  return parsed.config;
}

export interface RunningSandbox {
  /** The configuration given, pointed at the sandbox (its URL and key). */
  config: Config;
  url: string;
  close(): Promise<void>;
}

/** Starts the configured provider's sandbox API on 127.0.0.1 (seeded data, no account needed). */
export async function startSandbox(config: Config): Promise<RunningSandbox> {
  const sandbox = await providers[config.provider].startSandbox({ faults: config.sandboxFaults });
  return { config: useSandbox(config, sandbox), url: sandbox.url, close: () => sandbox.close() };
}
