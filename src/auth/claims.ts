import { sanitize } from '../tools/sanitize.js';
import type { Caller } from './caller.js';
import { TokenRefused } from './token-errors.js';

/** Longest name, email or subject kept: they go into log lines and refusals. */
const MAX_TEXT = 200;

/**
 * The caller a verified token (its JWT claims, or an introspection answer) describes. Scopes come
 * from `scope` (space-separated, RFC 9068 and RFC 7662) or `scp` (an array at Okta, a string at
 * Entra ID); the client from `client_id`, else `azp` or `cid`. A token without a subject (some
 * client-credentials tokens) names its client instead.
 */
export function callerFromClaims(claims: Record<string, unknown>): Caller {
  const clientId = text(claims.client_id) ?? text(claims.azp) ?? text(claims.cid) ?? '';
  const subject = text(claims.sub) ?? (clientId || undefined);
  if (!subject) throw new TokenRefused('the token names no subject (sub) and no client');
  return {
    subject,
    email: text(claims.email),
    name: text(claims.name),
    clientId,
    scopes: scopesOf(claims.scope ?? claims.scp),
    expiresAt: typeof claims.exp === 'number' ? claims.exp : undefined,
  };
}

function scopesOf(value: unknown): string[] {
  if (typeof value === 'string') return value.split(' ').filter(Boolean);
  if (Array.isArray(value)) return value.filter((item): item is string => typeof item === 'string');
  return [];
}

/** A claim as one clean line of text, or undefined when absent or not a string. */
function text(value: unknown): string | undefined {
  if (typeof value !== 'string') return undefined;
  const clean = sanitize(value).replace(/\s+/g, ' ').trim().slice(0, MAX_TEXT);
  return clean || undefined;
}
