import { timingSafeEqual } from 'node:crypto';
import { digest } from '../transports/http/guards.js';
import type { Caller } from './caller.js';
import type { ScopeNames } from './scopes.js';
import type { StaticCaller } from './tokens-file.js';

/** MCP_AUTH_TOKEN's caller: one shared secret, every scope, named `token`. */
export function sharedTokenCaller(names: ScopeNames): Caller {
  return { subject: 'token', clientId: 'token', scopes: Object.values(names) };
}

/**
 * The tokens-file caller whose digest the token has, or undefined. Every entry is compared, in
 * constant time, so the answer's timing says nothing of which entry came close.
 */
export function matchStaticCaller(token: string, callers: readonly StaticCaller[]): Caller | undefined {
  const presented = digest(token);
  let found: StaticCaller | undefined;
  for (const caller of callers) if (timingSafeEqual(presented, caller.sha256)) found = caller;
  return found && { subject: found.name, clientId: found.name, scopes: found.scopes };
}
