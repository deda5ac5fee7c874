import { freePort } from '../free-port.js';
import { spawnHttpServer, type SpawnedServer } from '../spawn-server.js';
import { startTestIssuer, type TestIssuer, type TestIssuerOptions } from './issuer.js';

export interface ProtectedServer {
  issuer: TestIssuer;
  server: SpawnedServer;
  /** The server's /mcp URL: also its default audience, so the issuer mints tokens for it. */
  url: string;
  /** Where its 401s send clients for Protected Resource Metadata (RFC 9728). */
  resourceMetadataUrl: string;
  close(): Promise<void>;
}

/**
 * The built server over HTTP on the Mava sandbox, signing callers in with `--oauth-issuer` at a
 * fresh test issuer whose tokens are for this server's /mcp URL. The port is chosen first, so the
 * issuer knows the resource before the server starts.
 */
export async function startProtectedServer(
  options: {
    args?: string[];
    /** The server's environment; a function gets the issuer, e.g. for the server's own client there. */
    env?: Record<string, string> | ((issuer: TestIssuer) => Record<string, string>);
    issuer?: Omit<TestIssuerOptions, 'resource'>;
  } = {},
): Promise<ProtectedServer> {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}/mcp`;
  const issuer = await startTestIssuer({ resource: url, ...options.issuer });
  const env = typeof options.env === 'function' ? options.env(issuer) : options.env;
  const server = await spawnHttpServer(['--sandbox', '--oauth-issuer', issuer.issuer, ...(options.args ?? [])], env, port).catch(async (error: unknown) => {
    await issuer.close();
    throw error;
  });
  return {
    issuer,
    server,
    url,
    resourceMetadataUrl: `http://127.0.0.1:${port}/.well-known/oauth-protected-resource/mcp`,
    async close() {
      await server.stop();
      await issuer.close();
    },
  };
}

/** A JWT's shape (three base64url parts, the first two JSON objects): no log line may hold one. */
export const JWT_SHAPE = /eyJ[\w-]+\.eyJ[\w-]+\.[\w-]*/;
