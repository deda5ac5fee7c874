import { parseConfig, type Config } from './config.js';
import { toolNames } from './providers/index.js';

export { startSandbox, type RunningSandbox } from './configured-sandbox.js';

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
