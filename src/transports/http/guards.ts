import { createHash, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

const LOOPBACK_NAMES = ['localhost', '127.0.0.1', '::1'];

/**
 * Host names a request may name in Host and Origin. A browser page on another site can reach a
 * loopback server through DNS rebinding, but its requests then carry that site's name: refusing
 * unknown names (always, not only off loopback) closes that door.
 */
export function allowedHostNames(boundHost: string, extra: readonly string[]): Set<string> {
  const names = new Set([...LOOPBACK_NAMES, ...extra.map((name) => name.toLowerCase())]);
  if (boundHost !== '0.0.0.0' && boundHost !== '::') names.add(boundHost.toLowerCase().replace(/^\[|\]$/g, ''));
  return names;
}

/** The reason a request's Host or Origin is refused, or undefined when both are fine. */
export function checkHostAndOrigin(req: IncomingMessage, allowed: Set<string>): string | undefined {
  const host = hostName(req.headers.host);
  if (!host || !allowed.has(host)) return `Host header "${req.headers.host ?? ''}" is not allowed (add the name with --allowed-hosts)`;
  const origin = req.headers.origin;
  if (origin === undefined) return undefined;
  let originHost: string | undefined;
  try {
    originHost = new URL(origin).hostname.replace(/^\[|\]$/g, '').toLowerCase();
  } catch {
    originHost = undefined;
  }
  if (!originHost || !allowed.has(originHost)) return `Origin "${origin}" is not allowed`;
  return undefined;
}

function hostName(header: string | undefined): string | undefined {
  if (!header) return undefined;
  try {
    return new URL(`http://${header}`).hostname.replace(/^\[|\]$/g, '').toLowerCase();
  } catch {
    return undefined;
  }
}

/** Compares a presented secret with the expected one in constant time (digests have equal length). */
export function sameSecret(presented: string | undefined, expected: string): boolean {
  if (presented === undefined) return false;
  return timingSafeEqual(digest(presented), digest(expected));
}

export function bearerToken(req: IncomingMessage): string | undefined {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(req.headers.authorization ?? '');
  return match?.[1];
}

export function digest(text: string): Buffer {
  return createHash('sha256').update(text).digest();
}
