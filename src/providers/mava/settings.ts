import type { ProviderSettings } from '../../provider-settings.js';

/** Mava's variables, defaults and key rules, read at start-up without loading its code. */
export const mavaSettings: ProviderSettings = {
  label: 'Mava',
  prefix: 'MAVA',
  defaultBaseUrl: 'https://gateway.mava.app',
  defaultRateLimit: '90/30s',
  rateLimitNote: "Mava's published limit",
  keyHelp: 'create a key in the Mava dashboard (Admin > API keys)',
  callerKeyHeader: 'x-mava-api-key',
  unsupported: {
    create_ticket: "Mava's public API has no endpoint that creates a ticket.",
  },
};
