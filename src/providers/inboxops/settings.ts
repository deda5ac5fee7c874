import type { ProviderSettings } from '../../provider-settings.js';

/** InboxOps's variables, defaults and key rules, read at start-up without loading its code. */
export const inboxopsSettings: ProviderSettings = {
  label: 'InboxOps',
  prefix: 'INBOXOPS',
  defaultBaseUrl: 'https://app.inboxops.app',
  defaultRateLimit: '100/60s',
  rateLimitNote: "InboxOps's published limit",
  keyHelp: 'create a key in InboxOps (Settings > API; it starts with ixk_; a read-only key can only fetch tickets)',
  // InboxOps's pages say only that keys start with ixk_: nothing more is checked.
  keyPattern: { pattern: /^ixk_./, rule: 'an InboxOps key starts with ixk_' },
  callerKeyHeader: 'x-inboxops-api-key',
  unsupported: {
    send_message: "InboxOps's API does not allow outbound replies: it only adds internal notes (use add_internal_note, and send the reply from InboxOps).",
    identify_customer: "InboxOps's API has no endpoint that sets customer attributes.",
    list_categories: "InboxOps's API has no category list.",
    create_ticket: "InboxOps's API has no endpoint that creates a ticket.",
  },
};
