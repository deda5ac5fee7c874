import type { ProviderSettings } from '../../provider-settings.js';

/** Omnidesk's variables, defaults and key rules, read at start-up without loading its code. */
export const omnideskSettings: ProviderSettings = {
  label: 'Omnidesk',
  prefix: 'OMNIDESK',
  defaultRateLimit: '60/60s',
  rateLimitNote: 'Omnidesk publishes no limit: one request a second on average, bursts up to 60',
  keyHelp: 'create a key in Omnidesk (Settings > API) with the TICKET_READ and MESSAGE_CREATE permissions',
  callerKeyHeader: 'x-omnidesk-api-key',
  unsupported: {
    update_ticket: "Omnidesk's documented API has no endpoint that changes a ticket's status, priority or category.",
    add_internal_note: "Omnidesk's documented API has no internal-note endpoint.",
    identify_customer: "Omnidesk's documented API has no endpoint that sets customer attributes.",
    list_categories: "Omnidesk's documented API has no category list.",
  },
};
