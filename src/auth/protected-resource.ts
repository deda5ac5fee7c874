import type { OAuthProtectedResourceMetadata } from '@modelcontextprotocol/sdk/shared/auth.js';
import { SCOPE_KINDS, type ScopeNames } from './scopes.js';

const WELL_KNOWN = '/.well-known/oauth-protected-resource';

/**
 * Where clients read this server's Protected Resource Metadata (RFC 9728 §3.1: the well-known
 * path goes between the origin and the resource's path), e.g. https://mcp.example.com/.well-known/oauth-protected-resource/mcp.
 */
export function metadataUrl(publicUrl: string): string {
  const url = new URL(publicUrl);
  return `${url.origin}${WELL_KNOWN}${url.pathname === '/' ? '' : url.pathname}`;
}

/** Whether a GET on this path asks for the metadata: the bare form, and the form suffixed with /mcp (or with the public path). */
export function isMetadataPath(path: string, publicUrl: string): boolean {
  return path === WELL_KNOWN || path === `${WELL_KNOWN}/mcp` || path === `${WELL_KNOWN}${new URL(publicUrl).pathname}`;
}

/**
 * The document: which authorization server signs callers in, and the scopes a client may ask
 * for. `resource` is the audience when that is a URL (it is by default: the public /mcp URL);
 * an audience that is not a URL (Entra ID's application id) leaves the public URL there, which is
 * what clients compare with the URL they connect to.
 */
export function protectedResourceMetadata(options: {
  audience: string;
  publicUrl: string;
  issuer: string;
  scopes: ScopeNames;
}): OAuthProtectedResourceMetadata {
  return {
    resource: /^https?:\/\//.test(options.audience) ? options.audience : options.publicUrl,
    authorization_servers: [options.issuer],
    scopes_supported: SCOPE_KINDS.map((kind) => options.scopes[kind]),
    bearer_methods_supported: ['header'],
    resource_name: 'helpdesk-mcp',
  };
}
