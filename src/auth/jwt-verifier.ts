import { createRemoteJWKSet, errors, jwtVerify } from 'jose';
import type { Caller } from './caller.js';
import { callerFromClaims } from './claims.js';
import { SignInUnavailable, TokenRefused } from './token-errors.js';

/** Asymmetric only: a shared-secret (HS*) or unsigned (`none`) token is refused whatever it claims. */
export const ALGORITHMS = ['RS256', 'RS384', 'RS512', 'PS256', 'ES256', 'ES384', 'EdDSA'];
/** Clocks of the issuer and this server may disagree by this much (exp, nbf, iat). */
export const CLOCK_TOLERANCE_S = 30;
/**
 * A token whose `kid` the cached keys lack makes the keys be fetched again, at most once this
 * often: a rotation at the issuer is picked up on its first token, and a flood of made-up kids
 * costs the issuer one fetch a second at most.
 */
const JWKS_COOLDOWN_MS = 1_000;

/** Checks JWT access tokens against the issuer's keys (fetched from its jwks_uri and cached by jose, for 10 minutes). */
export class JwtVerifier {
  private readonly keys: ReturnType<typeof createRemoteJWKSet>;

  constructor(
    jwksUri: string,
    private readonly issuer: string,
  ) {
    this.keys = createRemoteJWKSet(new URL(jwksUri), { cooldownDuration: JWKS_COOLDOWN_MS });
  }

  /** The caller the token names, if its signature, issuer, audience (RFC 8707) and times hold; throws TokenRefused or SignInUnavailable. */
  async verify(token: string, audience: string): Promise<Caller> {
    try {
      const { payload } = await jwtVerify(token, this.keys, {
        issuer: this.issuer,
        audience,
        clockTolerance: CLOCK_TOLERANCE_S,
        algorithms: ALGORITHMS,
        requiredClaims: ['exp'],
      });
      return callerFromClaims(payload);
    } catch (error) {
      throw this.refusal(error, audience);
    }
  }

  /** What went wrong, in words a client's developer can act on; never the token or its claims' values. */
  private refusal(error: unknown, audience: string): Error {
    if (error instanceof TokenRefused) return error;
    if (error instanceof errors.JWTExpired) return new TokenRefused('the token has expired');
    if (error instanceof errors.JWTClaimValidationFailed) {
      if (error.claim === 'nbf') return new TokenRefused('the token is not valid yet (nbf)');
      if (error.claim === 'aud') return new TokenRefused(`the token was issued for another resource: its aud must contain ${audience}`);
      if (error.claim === 'iss') return new TokenRefused(`the token was issued by another issuer: its iss must be ${this.issuer}`);
      return new TokenRefused(`the token's ${error.claim} claim is ${error.reason === 'missing' ? 'missing' : 'not valid'}`);
    }
    if (error instanceof errors.JOSEAlgNotAllowed) return new TokenRefused(`the token's algorithm is not accepted: use one of ${ALGORITHMS.join(', ')}`);
    if (error instanceof errors.JWSSignatureVerificationFailed) return new TokenRefused('the token signature does not verify');
    if (error instanceof errors.JWKSNoMatchingKey) return new TokenRefused("none of the issuer's current keys matches the token's kid");
    if (error instanceof errors.JWKSMultipleMatchingKeys) return new TokenRefused("several of the issuer's keys match the token: it needs a kid");
    // The keys could not be fetched or read: the token may be good.
    if (
      error instanceof errors.JWKSTimeout ||
      error instanceof errors.JWKSInvalid ||
      !(error instanceof errors.JOSEError) ||
      error.code === 'ERR_JOSE_GENERIC'
    ) {
      return new SignInUnavailable(`the issuer's signing keys could not be fetched (${error instanceof Error ? error.message : String(error)})`);
    }
    return new TokenRefused('the token is malformed: not a signed JWT this server can read');
  }
}
