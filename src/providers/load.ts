import { parseConfig, type ParseResult, type ProviderName } from '../config.js';
import type { Provider } from './provider.js';
import { REGISTRY } from './registry.js';

/** The providers whose code has been loaded, by name. */
const loaded = new Map<ProviderName, Provider<unknown>>();

/** A provider's code, loaded on first use: a start runs only the chosen provider's. */
export async function loadProvider(name: ProviderName): Promise<Provider<unknown>> {
  const provider = loaded.get(name) ?? (await REGISTRY[name].load());
  loaded.set(name, provider);
  return provider;
}

/**
 * The flags and variables read as parseConfig reads them, with the code loaded of each provider
 * whose tool names it asks for. Only --tools and --exclude-tools ask (every provider's, to say
 * which offers a tool this one lacks), so a start without them loads none here. A first pass
 * finds which providers are asked for; once they are loaded, a second pass gives the answer.
 */
export async function parseConfigLoading(argv: string[], env: Record<string, string | undefined>): Promise<ParseResult> {
  const asked = new Set<ProviderName>();
  const parse = () =>
    parseConfig(argv, env, (name) => {
      asked.add(name);
      return loaded.get(name)?.tools.map((tool) => tool.name) ?? [];
    });
  const parsed = parse();
  const missing = [...asked].filter((name) => !loaded.has(name));
  if (missing.length === 0) return parsed;
  await Promise.all(missing.map(loadProvider));
  return parse();
}
