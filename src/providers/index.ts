import type { ProviderName } from '../config.js';
import { mavaProvider } from './mava/index.js';
import { omnideskProvider } from './omnidesk/index.js';
import { inboxopsProvider } from './inboxops/index.js';
import type { Provider } from './provider.js';

export const providers: Record<ProviderName, Provider<unknown>> = {
  mava: mavaProvider as Provider<unknown>,
  omnidesk: omnideskProvider as Provider<unknown>,
  inboxops: inboxopsProvider as Provider<unknown>,
};

/** Every tool name any provider offers, for validating --tools. */
export function toolNames(provider: ProviderName): string[] {
  return providers[provider].tools.map((tool) => tool.name);
}
