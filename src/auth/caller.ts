import type { AuthInfo } from '@modelcontextprotocol/sdk/server/auth/types.js';

/** The person behind a request, as the audit log, the log and the duplicate guard name them. */
export interface Person {
  /** The token's subject (`sub`), or a static caller's name (`token` for MCP_AUTH_TOKEN). */
  subject: string;
  email?: string;
  name?: string;
}

/** Who sent a request and what its token allows. */
export interface Caller extends Person {
  /** The OAuth client the token was issued to (a static caller's name). */
  clientId: string;
  scopes: string[];
  /** When the token expires, in seconds since the epoch, if it says. */
  expiresAt?: number;
}

/**
 * The SDK's form, set as `req.auth` so that tool handlers receive it as `extra.authInfo`. The
 * token is there because the SDK's type requires it; nothing here logs or returns it.
 */
export function toAuthInfo(caller: Caller, token: string, resource: string | undefined): AuthInfo {
  const person: Person = { subject: caller.subject, email: caller.email, name: caller.name };
  return {
    token,
    clientId: caller.clientId,
    scopes: caller.scopes,
    expiresAt: caller.expiresAt,
    resource: resource && URL.canParse(resource) ? new URL(resource) : undefined,
    extra: person as unknown as Record<string, unknown>,
  };
}

/** The person of a request's AuthInfo (as toAuthInfo made it), or undefined without sign-in. */
export function personOf(authInfo: AuthInfo | undefined): Person | undefined {
  const extra = authInfo?.extra;
  if (!extra || typeof extra.subject !== 'string') return undefined;
  const text = (value: unknown) => (typeof value === 'string' ? value : undefined);
  return { subject: extra.subject, email: text(extra.email), name: text(extra.name) };
}

/** How a refusal names the person: the name, else the email, else the subject. */
export function labelOf(person: Person): string {
  return person.name ?? person.email ?? person.subject;
}
