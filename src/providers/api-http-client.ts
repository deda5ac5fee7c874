import type { Config } from '../config.js';
import { HttpClient } from '../http/http-client.js';
import type { LimiterRegistry } from '../http/limiter.js';

export interface ApiAuth {
  /** The variable that holds the key, named in the error when it is missing. */
  keyVariable: string;
  /** The headers that carry the key on every request. */
  headers(apiKey: string): Record<string, string>;
  /** Picks the API's own words out of an error body. */
  readApiMessage?: (body: unknown) => string | undefined;
}

/**
 * The HTTP client every provider's API client sends through: the configured base URL, deadline,
 * response cap and rate wait, and the key's limiter, which every client of the process using the
 * same key shares (one budget per key, whichever session or tool spends it).
 */
export function apiHttpClient(config: Config, limiters: LimiterRegistry, auth: ApiAuth): HttpClient {
  const apiKey = requireApiKey(config, auth.keyVariable);
  const { baseUrl, rateLimit, timeoutMs, maxResponseMb } = config.api;
  return new HttpClient({
    baseUrl,
    headers: auth.headers(apiKey),
    limiter: limiters.get(baseUrl, apiKey, rateLimit),
    timeoutMs,
    maxResponseMb,
    maxRateWaitMs: config.maxRateWaitMs,
    readApiMessage: auth.readApiMessage,
  });
}

/** The configured key; its absence is a bug of the caller (the configuration requires it). */
export function requireApiKey(config: Config, keyVariable: string): string {
  if (!config.api.apiKey) throw new Error(`${keyVariable} is required`);
  return config.api.apiKey;
}
