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
  /**
   * Why this API cannot support some of the tools other helpdesks offer, where a reason helps (e.g.
   * "use add_internal_note instead"). A tool another helpdesk offers that is not listed here is
   * still explained, by naming the helpdesks that offer it: a new provider edits no other's list.
   */
  unsupported: Readonly<Record<string, string>>;
}
