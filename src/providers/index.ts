import { PROVIDERS, type ProviderName } from '../config.js';
import { REGISTRY } from './registry.js';
import type { Provider } from './provider.js';

/** Every registered provider's code, loaded once when this module is first imported. */
export const providers = Object.fromEntries(await Promise.all(PROVIDERS.map(async (name) => [name, await REGISTRY[name].load()] as const))) as Record<
  ProviderName,
  Provider<unknown>
>;

/** The tools a provider offers, for validating --tools. */
export function toolNames(provider: ProviderName): string[] {
  return providers[provider].tools.map((tool) => tool.name);
}
