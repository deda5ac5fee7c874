import type { Caller } from './caller.js';
import { Introspection, type IntrospectionClient } from './introspection.js';
import { discoverIssuer, type IssuerMetadata } from './issuer-metadata.js';
import { JwtVerifier } from './jwt-verifier.js';
import { SignInUnavailable, TokenRefused } from './token-errors.js';

/** Sign-in through the organisation's IdP (--oauth-issuer and what goes with it). */
export interface OAuthConfig {
  /** Exactly as the IdP names itself in its metadata's `issuer`. */
  issuer: string;
  /** What a token's `aud` must contain; undefined: the server's public /mcp URL. */
  audience?: string;
  /** Set (HELPDESK_OAUTH_CLIENT_ID and _SECRET): opaque tokens are checked by introspection. */
  introspection?: IntrospectionClient;
}

/** After a failed discovery the issuer is asked again at most this often, not on every request. */
const RETRY_MS = 5_000;

interface Checkers {
  metadata: IssuerMetadata;
  jwt: JwtVerifier;
  introspection?: Introspection;
}

/**
 * Checks access tokens from one issuer: a JWT against the issuer's keys, any other token
 * through introspection when configured. The issuer's metadata is read once, on first need; a
 * failure is remembered for RETRY_MS, then tried again.
 */
export class OAuthVerifier {
  private checkers: Promise<Checkers> | undefined;
  private failure: { error: SignInUnavailable; at: number } | undefined;

  constructor(private readonly config: OAuthConfig) {}

  /** Reads the issuer's metadata (again, if the last attempt failed): what the start-up log reports. */
  metadata(): Promise<IssuerMetadata> {
    return this.ready().then((checkers) => checkers.metadata);
  }

  async verify(token: string, audience: string): Promise<Caller> {
    const jwt = token.split('.').length === 3;
    if (!jwt && !this.config.introspection) {
      throw new TokenRefused(
        'the token is not a JWT, and this server checks opaque tokens only through introspection (HELPDESK_OAUTH_CLIENT_ID and HELPDESK_OAUTH_CLIENT_SECRET)',
      );
    }
    const checkers = await this.ready();
    return jwt ? checkers.jwt.verify(token, audience) : checkers.introspection!.verify(token, audience);
  }

  private ready(): Promise<Checkers> {
    if (this.failure && Date.now() - this.failure.at < RETRY_MS) return Promise.reject(this.failure.error);
    this.checkers ??= this.discover().catch((error: unknown) => {
      this.checkers = undefined;
      const unavailable = error instanceof SignInUnavailable ? error : new SignInUnavailable(String(error));
      this.failure = { error: unavailable, at: Date.now() };
      throw unavailable;
    });
    return this.checkers;
  }

  private async discover(): Promise<Checkers> {
    const { issuer, introspection } = this.config;
    const metadata = await discoverIssuer(issuer);
    if (introspection && !metadata.introspectionEndpoint) {
      throw new SignInUnavailable(
        `the issuer's metadata names no introspection_endpoint, so opaque tokens cannot be checked: unset HELPDESK_OAUTH_CLIENT_ID and HELPDESK_OAUTH_CLIENT_SECRET, or have the IdP issue JWT access tokens`,
      );
    }
    this.failure = undefined;
    return {
      metadata,
      jwt: new JwtVerifier(metadata.jwksUri, issuer),
      introspection: introspection && new Introspection(metadata.introspectionEndpoint!, introspection, issuer),
    };
  }
}
