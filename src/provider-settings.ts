/** Every helpdesk this project knows of; config.ts's PROVIDERS lists those it serves. */
export type KnownProvider = 'mava' | 'omnidesk' | 'inboxops';

/**
 * What the configuration needs to know of each helpdesk, without loading its code: the prefix of
 * its variables, its defaults, how to tell a key, and the tools its API cannot support.
 */
export interface ProviderSettings {
  /** The helpdesk's name, in messages. */
  label: string;
  /** Prefix of its variables: <PREFIX>_API_KEY, _BASE_URL, _RATE_LIMIT, _TIMEOUT_MS. */
  prefix: string;
  /** Undefined: each account has its own, so it must be given. */
  defaultBaseUrl?: string;
  /** <requests>/<seconds>s */
  defaultRateLimit: string;
  /** Why the default limit is what it is. */
  rateLimitNote: string;
  /** Where a key comes from. */
  keyHelp: string;
  /** A key that does not match is refused at start-up. */
  keyPattern?: { pattern: RegExp; rule: string };
  /** Header in which an HTTP caller brings its own key (--key-from-header), lower case. */
  callerKeyHeader: string;
  /** Tools the other helpdesks offer that this API cannot support, and why. */
  unsupported: Record<string, string>;
}

export const PROVIDER_SETTINGS: Record<KnownProvider, ProviderSettings> = {
  mava: {
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
  },
  omnidesk: {
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
  },
  inboxops: {
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
  },
};
