import type { IncomingMessage } from 'node:http';
import type { AuthInfo } from '@modelcontextprotocol/sdk/server/auth/types.js';
import type { OAuthProtectedResourceMetadata } from '@modelcontextprotocol/sdk/shared/auth.js';
import type { HttpConfig } from '../config.js';
import { log } from '../log.js';
import { bearerToken, sameSecret } from '../transports/http/guards.js';
import { toAuthInfo, type Caller } from './caller.js';
import { OAuthVerifier } from './oauth-verifier.js';
import { isMetadataPath, metadataUrl, protectedResourceMetadata } from './protected-resource.js';
import { DEFAULT_SCOPES, missingScope, type ScopeKind } from './scopes.js';
import { matchStaticCaller, sharedTokenCaller } from './static-tokens.js';
import { SignInUnavailable, TokenRefused } from './token-errors.js';

/** An answer instead of serving the request: status, the JSON-RPC error's message, and headers (WWW-Authenticate). */
export interface Refusal {
  status: 401 | 403 | 503;
  message: string;
  headers: Record<string, string>;
}

/** Who sent the request (none when no sign-in is configured), or why it is refused. */
export type Authentication = { caller?: Caller; authInfo?: AuthInfo } | { refusal: Refusal };

export interface HttpAuth {
  /** Checks the request's bearer token, before its body is read. */
  authenticate(req: IncomingMessage): Promise<Authentication>;
  /** A 403 for a tools/call in the body (one message or a batch) that the caller's scopes do not allow. */
  scopeRefusal(body: unknown, caller: Caller | undefined): Refusal | undefined;
  /** The Protected Resource Metadata served on a GET of this path, or undefined (no OAuth, or another path). */
  metadata(path: string): OAuthProtectedResourceMetadata | undefined;
  /** Reads the issuer's metadata now and logs the outcome, so a misconfiguration shows at start-up. */
  warmUp(): Promise<void>;
}

/**
 * Sign-in for the HTTP transport: OAuth (--oauth-issuer), a tokens file, MCP_AUTH_TOKEN, or
 * none on loopback. Refusals follow RFC 6750 and the MCP authorization specification: 401 names
 * the metadata (`resource_metadata`) so a client can sign in on its own, 403 names the scope to
 * ask for. `boundUrl` is the server's /mcp URL once it listens (the default public URL).
 */
export function createHttpAuth(http: HttpConfig, toolScopes: ReadonlyMap<string, ScopeKind>, boundUrl: () => string): HttpAuth {
  const names = http.auth?.scopes ?? DEFAULT_SCOPES;
  const oauth = http.auth?.oauth;
  const callers = http.auth?.callers;
  const verifier = oauth && new OAuthVerifier(oauth);
  const publicUrl = () => http.publicUrl ?? boundUrl();
  const audience = () => oauth?.audience ?? publicUrl();

  /** RFC 6750 §3's challenge; with OAuth it names the metadata, as the MCP specification asks. */
  const challenge = (...params: string[]) => {
    const all = oauth ? [...params, `resource_metadata="${metadataUrl(publicUrl())}"`] : params;
    return all.length ? `Bearer ${all.join(', ')}` : 'Bearer';
  };
  const unauthorized = (message: string, reason?: string): { refusal: Refusal } => ({
    refusal: {
      status: 401,
      message: `Unauthorized: ${message}`,
      headers: { 'www-authenticate': reason ? challenge('error="invalid_token"', `error_description="${headerText(reason)}"`) : challenge() },
    },
  });
  const signedIn = (caller: Caller, token: string): Authentication => ({ caller, authInfo: toAuthInfo(caller, token, audience()) });

  async function authenticate(req: IncomingMessage): Promise<Authentication> {
    const token = bearerToken(req);
    if (verifier) {
      if (!token)
        return unauthorized(
          `sign in: send an access token from ${oauth.issuer} as Authorization: Bearer <token> (WWW-Authenticate names this server's metadata)`,
        );
      try {
        return signedIn(await verifier.verify(token, audience()), token);
      } catch (error) {
        if (error instanceof TokenRefused) {
          log.info('token refused', { reason: error.message });
          return unauthorized(error.message, error.message);
        }
        if (!(error instanceof SignInUnavailable)) throw error;
        log.warn('sign-in unavailable', { reason: error.message });
        return { refusal: { status: 503, message: `Sign-in is unavailable: ${error.message}. Retry in a moment.`, headers: { 'retry-after': '5' } } };
      }
    }
    if (callers) {
      const caller = token && matchStaticCaller(token, callers);
      if (!caller) return unauthorized('send Authorization: Bearer <your token from the tokens file>', token && 'the token is not in the tokens file');
      return signedIn(caller, token);
    }
    if (http.authToken) {
      // As before sign-in existed: the challenge is a bare Bearer.
      if (!token || !sameSecret(token, http.authToken))
        return { refusal: { status: 401, message: 'Unauthorized: send Authorization: Bearer <MCP_AUTH_TOKEN>', headers: { 'www-authenticate': 'Bearer' } } };
      return signedIn(sharedTokenCaller(names), token);
    }
    return {};
  }

  function scopeRefusal(body: unknown, caller: Caller | undefined): Refusal | undefined {
    if (!caller) return undefined;
    for (const message of Array.isArray(body) ? body : [body]) {
      const { method, params } = (message ?? {}) as { method?: unknown; params?: { name?: unknown } };
      if (method !== 'tools/call' || typeof params?.name !== 'string') continue;
      const kind = toolScopes.get(params.name);
      const missing = kind && missingScope(kind, caller.scopes, names);
      if (!missing) continue;
      return {
        status: 403,
        message: `Forbidden: ${params.name} needs the scope ${missing}, which this token does not carry: sign in again asking for ${missing}. Nothing was sent.`,
        headers: { 'www-authenticate': challenge('error="insufficient_scope"', `scope="${missing}"`) },
      };
    }
    return undefined;
  }

  return {
    authenticate,
    scopeRefusal,
    metadata(path) {
      if (!oauth || !isMetadataPath(path, publicUrl())) return undefined;
      return protectedResourceMetadata({ audience: audience(), publicUrl: publicUrl(), issuer: oauth.issuer, scopes: names });
    },
    async warmUp() {
      if (!verifier) return;
      try {
        const { jwksUri } = await verifier.metadata();
        log.info('sign-in through OAuth', { issuer: oauth.issuer, jwksUri, audience: audience(), introspection: oauth.introspection !== undefined });
      } catch (error) {
        log.warn(`sign-in: ${error instanceof Error ? error.message : String(error)}; tokens are refused (503) until it can be read`, { issuer: oauth.issuer });
      }
    },
  };
}

/** Fits a quoted header parameter (RFC 6750 §3): printable ASCII without `"` or `\`. */
function headerText(text: string): string {
  return text.replace(/["\\]/g, "'").replace(/[^\x20-\x7E]/g, '?');
}
