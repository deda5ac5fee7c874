import type { OAuthConfig } from './oauth-verifier.js';
import { DEFAULT_SCOPES, parseScopeNames, type ScopeNames } from './scopes.js';
import { readTokensFile, type StaticCaller } from './tokens-file.js';
import { isSecureUrl } from './urls.js';

/** How HTTP callers sign in, beyond MCP_AUTH_TOKEN (one of the two at most). */
export interface AuthConfig {
  /** The scope names of read, write and send (--oauth-scopes). */
  scopes: ScopeNames;
  oauth?: OAuthConfig;
  /** The named callers of --tokens-file, read at start-up. */
  callers?: StaticCaller[];
}

/** What the flags and variables say about sign-in, as given. */
export interface AuthSettings {
  overHttp: boolean;
  host: string;
  authToken?: string;
  issuer?: string;
  audience?: string;
  publicUrl?: string;
  scopes?: string;
  tokensFile?: string;
  clientId?: string;
  clientSecret?: string;
}

/**
 * The sign-in configuration, or undefined when neither --oauth-issuer nor --tokens-file is
 * given. Each way of signing in is complete on its own: two at once would leave it unclear which
 * callers may do what, so any two are refused.
 */
export function parseAuth(settings: AuthSettings, errors: string[]): AuthConfig | undefined {
  const { overHttp, host, authToken, issuer, audience, publicUrl, tokensFile, clientId, clientSecret } = settings;
  const given = [issuer && '--oauth-issuer', authToken && 'MCP_AUTH_TOKEN (--auth-token)', tokensFile && '--tokens-file'].filter(Boolean);
  if (given.length > 1) errors.push(`${given.join(' and ')} are ambiguous together: choose one way for callers to sign in.`);
  if (!overHttp) {
    for (const flag of [issuer && '--oauth-issuer', tokensFile && '--tokens-file', publicUrl && '--public-url'])
      if (flag) errors.push(`${flag} needs --transport http.`);
  }
  if (publicUrl !== undefined && !/^https?:\/\/[^/?#]+(\/[^?#]*)?$/.test(publicUrl))
    errors.push(`--public-url ${publicUrl} is not an http(s) URL without query or fragment, e.g. https://mcp.example.com/mcp.`);
  if (audience !== undefined && !issuer) errors.push('--oauth-audience needs --oauth-issuer.');
  if ((clientId === undefined) !== (clientSecret === undefined))
    errors.push('HELPDESK_OAUTH_CLIENT_ID and HELPDESK_OAUTH_CLIENT_SECRET go together: set both for token introspection, or neither.');
  else if (clientId !== undefined && !issuer)
    errors.push('HELPDESK_OAUTH_CLIENT_ID and HELPDESK_OAUTH_CLIENT_SECRET need --oauth-issuer: they let this server introspect its tokens.');
  if (settings.scopes !== undefined && !issuer && !tokensFile) errors.push('--oauth-scopes needs --oauth-issuer or --tokens-file.');

  const parsed = settings.scopes === undefined ? { names: DEFAULT_SCOPES } : parseScopeNames(settings.scopes);
  if ('error' in parsed) errors.push(`--oauth-scopes: ${parsed.error}`);
  const scopes = 'names' in parsed ? parsed.names : DEFAULT_SCOPES;

  if (issuer !== undefined) {
    if (!isSecureUrl(issuer)) errors.push(`--oauth-issuer ${issuer} is not an https URL (http only on loopback, for a test issuer).`);
    // The audience and the metadata name the server's URL: a wildcard address is nobody's URL.
    if (overHttp && (host === '0.0.0.0' || host === '::') && !publicUrl)
      errors.push(`--oauth-issuer on ${host} needs --public-url: the URL clients use for /mcp, which tokens are issued for.`);
    const introspection = clientId !== undefined && clientSecret !== undefined ? { clientId, clientSecret } : undefined;
    return { scopes, oauth: { issuer, audience, introspection } };
  }
  if (tokensFile !== undefined) {
    const read = readTokensFile(tokensFile, scopes);
    if ('errors' in read) errors.push(...read.errors);
    return { scopes, callers: 'callers' in read ? read.callers : [] };
  }
  return undefined;
}
