import { createHash } from 'node:crypto';
import type { Caller } from './caller.js';
import { callerFromClaims } from './claims.js';
import { CLOCK_TOLERANCE_S } from './jwt-verifier.js';
import { SignInUnavailable, TokenRefused } from './token-errors.js';

const TIMEOUT_MS = 5_000;
/** An active token's answer is reused this long (at most until it expires): a revocation shows within this. */
const CACHE_MS = 30_000;
const CACHE_ENTRIES = 10_000;

export interface IntrospectionClient {
  clientId: string;
  clientSecret: string;
}

/**
 * Opaque tokens, checked by asking the issuer (RFC 7662) as a confidential client
 * (client_secret_basic). The answer must say the token is active, for this audience (RFC 8707)
 * and from this issuer; answers are cached by a digest of the token, never the token itself.
 */
export class Introspection {
  private readonly cache = new Map<string, { caller: Caller; until: number }>();

  constructor(
    private readonly endpoint: string,
    private readonly client: IntrospectionClient,
    private readonly issuer: string,
  ) {}

  async verify(token: string, audience: string): Promise<Caller> {
    const key = createHash('sha256').update(token).digest('hex');
    const cached = this.cache.get(key);
    if (cached && cached.until > Date.now()) return cached.caller;
    const answer = await this.ask(token);
    const caller = this.check(answer, audience);
    this.remember(key, caller);
    return caller;
  }

  private async ask(token: string): Promise<Record<string, unknown>> {
    // RFC 6749 §2.3.1: the id and secret are form-encoded before they are joined.
    const basic = Buffer.from(`${encodeURIComponent(this.client.clientId)}:${encodeURIComponent(this.client.clientSecret)}`).toString('base64');
    let response: Response;
    try {
      response = await fetch(this.endpoint, {
        method: 'POST',
        headers: { authorization: `Basic ${basic}`, 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
        body: new URLSearchParams({ token, token_type_hint: 'access_token' }),
        signal: AbortSignal.timeout(TIMEOUT_MS),
      });
    } catch (error) {
      throw new SignInUnavailable(`the issuer's introspection endpoint did not answer (${error instanceof Error ? error.message : String(error)})`);
    }
    if (response.status !== 200) {
      await response.body?.cancel();
      const hint = response.status === 401 ? ': check HELPDESK_OAUTH_CLIENT_ID and HELPDESK_OAUTH_CLIENT_SECRET' : '';
      throw new SignInUnavailable(`the issuer's introspection endpoint answered HTTP ${response.status}${hint}`);
    }
    const answer: unknown = await response.json().catch(() => undefined);
    if (!answer || typeof answer !== 'object') throw new SignInUnavailable("the issuer's introspection answer is not a JSON object");
    return answer as Record<string, unknown>;
  }

  private check(answer: Record<string, unknown>, audience: string): Caller {
    if (answer.active !== true) throw new TokenRefused('the token is not active (expired, revoked, or unknown to the issuer)');
    const now = Date.now() / 1000;
    if (typeof answer.exp === 'number' && answer.exp < now - CLOCK_TOLERANCE_S) throw new TokenRefused('the token has expired');
    if (typeof answer.nbf === 'number' && answer.nbf > now + CLOCK_TOLERANCE_S) throw new TokenRefused('the token is not valid yet (nbf)');
    if (answer.iss !== undefined && answer.iss !== this.issuer)
      throw new TokenRefused(`the token was issued by another issuer: its iss must be ${this.issuer}`);
    const audiences = Array.isArray(answer.aud) ? answer.aud : [answer.aud];
    if (!audiences.includes(audience)) throw new TokenRefused(`the token was issued for another resource: its aud must contain ${audience}`);
    return callerFromClaims(answer);
  }

  private remember(key: string, caller: Caller): void {
    const now = Date.now();
    if (this.cache.size >= CACHE_ENTRIES) {
      for (const [old, entry] of this.cache) if (entry.until <= now) this.cache.delete(old);
      if (this.cache.size >= CACHE_ENTRIES) this.cache.clear();
    }
    const expires = caller.expiresAt === undefined ? Infinity : caller.expiresAt * 1000;
    this.cache.set(key, { caller, until: Math.min(now + CACHE_MS, expires) });
  }
}
