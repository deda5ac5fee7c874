import { randomBytes } from 'node:crypto';
import { decodeJwt, decodeProtectedHeader, generateKeyPair, importJWK, SignJWT, type JWTPayload } from 'jose';
import type { TestIssuer } from './issuer.js';

/** Each way an access token must be refused (src/auth/jwt-verifier.ts), one token per way. */
export interface BadTokens {
  /** Signed by the issuer, expired ten minutes ago (well past a clock tolerance). */
  expired: string;
  /** Signed by the issuer, valid only from ten minutes from now (`nbf`). */
  notYetValid: string;
  /** Minted by the issuer, through its token endpoint, for another resource (RFC 8707). */
  wrongAudience: string;
  /** Signed with the issuer's own key, but naming another issuer. */
  wrongIssuer: string;
  /** A real token with its payload changed (every scope granted) and its signature kept. */
  tampered: string;
  /** `alg: none`, no signature. */
  unsigned: string;
  /** Signed by a key that is not the issuer's, under the issuer's kid. */
  foreignKey: string;
  /** Signed by a key the issuer never published, under a kid it does not know. */
  unknownKid: string;
  /** HS256 with a made-up secret: symmetric algorithms are not accepted at all. */
  symmetric: string;
  /** Not a token at all. */
  malformed: string;
}

const b64 = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');

/** Tokens for negative tests, modelled on a real read-only token from `issuer` so only one thing is wrong with each. */
export async function badTokens(issuer: TestIssuer, otherResource = 'https://other.example/mcp'): Promise<BadTokens> {
  const real = await issuer.clientCredentialsToken({ scope: issuer.scopes[0] });
  const claims = decodeJwt(real);
  const header = decodeProtectedHeader(real);
  const { jwk, kid } = await issuer.signingKey();
  const issuerKey = await importJWK(jwk, 'RS256');
  const now = Math.floor(Date.now() / 1000);

  const sign = (
    payload: JWTPayload,
    key: CryptoKey | Uint8Array = issuerKey,
    protectedHeader: Record<string, unknown> = { alg: 'RS256', typ: 'at+jwt', kid },
  ) => new SignJWT(payload).setProtectedHeader(protectedHeader as { alg: string }).sign(key);
  const [, payload, signature] = real.split('.');
  const foreign = (await generateKeyPair('RS256')).privateKey;

  return {
    expired: await sign({ ...claims, iat: now - 1200, exp: now - 600 }),
    notYetValid: await sign({ ...claims, iat: now, nbf: now + 600, exp: now + 1200 }),
    wrongAudience: await issuer.clientCredentialsToken({ resource: otherResource }),
    wrongIssuer: await sign({ ...claims, iss: 'https://login.elsewhere.example' }),
    tampered: [b64(header), b64({ ...JSON.parse(Buffer.from(payload!, 'base64url').toString()), scope: issuer.scopes.join(' ') }), signature].join('.'),
    unsigned: `${b64({ alg: 'none', typ: 'at+jwt' })}.${b64(claims)}.`,
    foreignKey: await sign(claims, foreign),
    unknownKid: await sign(claims, foreign, { alg: 'RS256', typ: 'at+jwt', kid: 'unknown-kid' }),
    symmetric: await sign(claims, randomBytes(32), { alg: 'HS256', typ: 'at+jwt', kid }),
    malformed: 'not-a-token',
  };
}
