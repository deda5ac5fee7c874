import type { AuthInfo } from '@modelcontextprotocol/sdk/server/auth/types.js';
import type { AnyTool } from '../tools/define-tool.js';

/** What a tool does, as far as sign-in is concerned: reads, changes tickets and customers, or writes to a customer. */
export type ScopeKind = 'read' | 'write' | 'send';
export const SCOPE_KINDS: readonly ScopeKind[] = ['read', 'write', 'send'];

/** The scope the IdP issues for each kind (--oauth-scopes). */
export type ScopeNames = Record<ScopeKind, string>;
export const DEFAULT_SCOPES: ScopeNames = { read: 'helpdesk:read', write: 'helpdesk:write', send: 'helpdesk:send' };

/**
 * Derived from the tool's definition, so every provider's tools are covered without a list to
 * keep in step: a read (readOnlyHint) needs `read`, a write that posts to the customer needs
 * `send`, any other write `write`.
 */
export function scopeKindOf(tool: Pick<AnyTool<never>, 'annotations' | 'posts'>): ScopeKind {
  if (tool.annotations.readOnlyHint) return 'read';
  return tool.posts === 'message' ? 'send' : 'write';
}

/** Each tool's kind, by name. */
export function scopeKinds(tools: readonly AnyTool<never>[]): ReadonlyMap<string, ScopeKind> {
  return new Map(tools.map((tool) => [tool.name, scopeKindOf(tool)]));
}

/** The scope a call of `tool` needs that `granted` lacks, or undefined when the call is allowed. */
export function missingScope(kind: ScopeKind, granted: readonly string[], names: ScopeNames): string | undefined {
  return granted.includes(names[kind]) ? undefined : names[kind];
}

/** `read=<name>,write=<name>,send=<name>` (any of the three; the rest keep their defaults). */
export function parseScopeNames(text: string): { names: ScopeNames } | { error: string } {
  const names = { ...DEFAULT_SCOPES };
  for (const part of text
    .split(',')
    .map((item) => item.trim())
    .filter(Boolean)) {
    // RFC 6749's scope characters: no space, quote or backslash (it goes into WWW-Authenticate).
    const match = /^(\w+)=([\x21\x23-\x5B\x5D-\x7E]+)$/.exec(part);
    const kind = match?.[1] as ScopeKind | undefined;
    if (!match || !kind || !SCOPE_KINDS.includes(kind))
      return { error: `"${part}" is not <kind>=<scope name>: use read=, write= and send=, e.g. read=helpdesk:read.` };
    names[kind] = match[2]!;
  }
  const distinct = new Set(Object.values(names));
  if (distinct.size < SCOPE_KINDS.length)
    return { error: `each kind needs a scope of its own (got ${SCOPE_KINDS.map((kind) => `${kind}=${names[kind]}`).join(',')}).` };
  return { names };
}

/**
 * The scope a call of the named tool needs that the request's token lacks, or undefined when
 * the call is allowed: always without sign-in (stdio, in memory, HTTP with MCP_AUTH_TOKEN or
 * none), and for a name that is no tool (the call is refused as unknown anyway).
 */
export type ScopeCheck = (toolName: string, authInfo: AuthInfo | undefined) => string | undefined;

/** The check for these tools; `names` undefined (no --oauth-issuer or --tokens-file): every call allowed. */
export function scopeCheck(tools: readonly AnyTool<never>[], names: ScopeNames | undefined): ScopeCheck {
  if (!names) return () => undefined;
  const kinds = scopeKinds(tools);
  return (toolName, authInfo) => {
    const kind = kinds.get(toolName);
    return authInfo && kind ? missingScope(kind, authInfo.scopes, names) : undefined;
  };
}
