import { PROVIDERS, type ProviderName } from '../config.js';
import { loadProvider } from './load.js';
import type { Provider } from './provider.js';

/**
 * Every registered provider's code, loaded once when this module is first imported: for the
 * library, whose loadConfig and createServer are synchronous. The command line does not import
 * this module: it loads only what it needs (load.ts).
 */
export const providers = Object.fromEntries(await Promise.all(PROVIDERS.map(async (name) => [name, await loadProvider(name)] as const))) as Record<
  ProviderName,
  Provider<unknown>
>;

/** The tools a provider offers, for validating --tools. */
export function toolNames(provider: ProviderName): string[] {
  return providers[provider].tools.map((tool) => tool.name);
}
