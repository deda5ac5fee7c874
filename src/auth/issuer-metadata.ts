import { SignInUnavailable } from './token-errors.js';
import { isSecureUrl } from './urls.js';

/** What this server needs of the issuer's metadata (RFC 8414 / OpenID Connect Discovery). */
export interface IssuerMetadata {
  issuer: string;
  jwksUri: string;
  /** RFC 7662, for opaque tokens. */
  introspectionEndpoint?: string;
}

const TIMEOUT_MS = 5_000;

/**
 * Where the metadata may be, in order: RFC 8414's form (the well-known path before the issuer's
 * path), the same appended to the issuer (Okta's custom authorization servers), then OpenID
 * Connect's (appended: Keycloak, Entra ID, Auth0, Google). For an issuer without a path the
 * first two are one.
 */
export function metadataUrls(issuer: string): string[] {
  const url = new URL(issuer);
  const path = url.pathname.replace(/\/+$/, '');
  const base = `${url.origin}${path}`;
  return [
    ...new Set([
      `${url.origin}/.well-known/oauth-authorization-server${path}`,
      `${base}/.well-known/oauth-authorization-server`,
      `${base}/.well-known/openid-configuration`,
    ]),
  ];
}

/**
 * Reads the issuer's metadata from the first place that has it. Its `issuer` must be the one
 * configured, exactly (RFC 8414 §3.3): a document for another issuer is never used.
 */
export async function discoverIssuer(issuer: string): Promise<IssuerMetadata> {
  const failures: string[] = [];
  for (const url of metadataUrls(issuer)) {
    let document: unknown;
    try {
      const response = await fetch(url, { headers: { accept: 'application/json' }, signal: AbortSignal.timeout(TIMEOUT_MS) });
      if (response.status !== 200) {
        await response.body?.cancel();
        failures.push(`${url}: HTTP ${response.status}`);
        continue;
      }
      document = await response.json();
    } catch (error) {
      failures.push(`${url}: ${error instanceof Error ? error.message : String(error)}`);
      continue;
    }
    return readMetadata(document, issuer, url);
  }
  throw new SignInUnavailable(`the issuer's metadata could not be read (${failures.join('; ')})`);
}

function readMetadata(document: unknown, issuer: string, url: string): IssuerMetadata {
  const fields = (document && typeof document === 'object' ? document : {}) as Record<string, unknown>;
  if (fields.issuer !== issuer) {
    throw new SignInUnavailable(
      `the metadata at ${url} is for issuer ${JSON.stringify(fields.issuer)}, not ${issuer}: give --oauth-issuer exactly as the IdP names itself`,
    );
  }
  const endpoint = (name: string) => {
    const value = fields[name];
    if (value === undefined) return undefined;
    if (typeof value !== 'string' || !isSecureUrl(value))
      throw new SignInUnavailable(`the metadata at ${url} gives ${name} ${JSON.stringify(value)}, not an https URL`);
    return value;
  };
  const jwksUri = endpoint('jwks_uri');
  if (!jwksUri) throw new SignInUnavailable(`the metadata at ${url} names no jwks_uri: the issuer's signing keys cannot be found`);
  return { issuer, jwksUri, introspectionEndpoint: endpoint('introspection_endpoint') };
}
