import type { ProviderSettings } from '../../../src/provider-settings.js';

/** A made-up helpdesk, registered only in test/add-a-provider.test.ts. */
export const tinydeskSettings: ProviderSettings = {
  label: 'Tinydesk',
  prefix: 'TINYDESK',
  defaultBaseUrl: 'https://api.tinydesk.example',
  defaultRateLimit: '10/1s',
  rateLimitNote: 'made up',
  keyHelp: 'any key will do',
  callerKeyHeader: 'x-tinydesk-api-key',
  unsupported: { send_message: "Tinydesk's API cannot reach customers." },
};
