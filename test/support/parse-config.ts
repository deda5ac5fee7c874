import { parseConfig, type Config, type ParseResult } from '../../src/config.js';
import { toolNames } from '../../src/providers/index.js';

type Env = Record<string, string>;

/**
 * The command line as the server reads it: with a provider, `--provider <it>` goes before the
 * test's own flags; with none, the flags as given. `config` and `errors` throw on the other outcome,
 * so a test cannot pass on the wrong one.
 */
export function configParser(provider?: Config['provider']) {
  const parse = (argv: string[], env: Env = {}): ParseResult => parseConfig(provider ? ['--provider', provider, ...argv] : argv, env, toolNames);
  const config = (argv: string[], env: Env = {}): Config => {
    const result = parse(argv, env);
    if (result.kind !== 'config') throw new Error(JSON.stringify(result));
    return result.config;
  };
  const errors = (argv: string[], env: Env = {}): string[] => {
    const result = parse(argv, env);
    if (result.kind !== 'errors') throw new Error(`expected errors, got ${result.kind}`);
    return result.errors;
  };
  return { parse, config, errors };
}
