import type { ProviderSettings } from '../provider-settings.js';
import type { Provider } from './provider.js';
import { inboxopsSettings } from './inboxops/settings.js';
import { mavaSettings } from './mava/settings.js';
import { omnideskSettings } from './omnidesk/settings.js';

/**
 * A helpdesk the server can serve: its settings, which the configuration reads without loading
 * its code, and its code (tools, client, sandbox), loaded on demand.
 */
export interface Registration {
  settings: ProviderSettings;
  load(): Promise<Provider<unknown>>;
}

/**
 * Every provider, once: adding one is its folder under src/providers/ and one line here. The
 * lists in config.ts (PROVIDERS, PROVIDER_SETTINGS: --provider, the variables in --help) and
 * providers/index.ts derive from it; nothing else names the providers.
 */
export const REGISTRY = {
  mava: { settings: mavaSettings, load: async () => (await import('./mava/index.js')).mavaProvider as Provider<unknown> },
  omnidesk: { settings: omnideskSettings, load: async () => (await import('./omnidesk/index.js')).omnideskProvider as Provider<unknown> },
  inboxops: { settings: inboxopsSettings, load: async () => (await import('./inboxops/index.js')).inboxopsProvider as Provider<unknown> },
} satisfies Record<string, Registration>;

export type ProviderName = keyof typeof REGISTRY;
