import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
// The tests' issuer (metadata and keys on loopback, tokens minted with jose): the bench needs one too.
import { startOAuthFixture } from '../test/support/oauth-fixture.js';
import { freePorts } from '../test/support/free-port.js';
import { callOk } from './latency.js';
import { spawnHttpServer, type SandboxProcess } from './processes.js';
import { interleave, ms, pair, percentile, type Row } from './stats.js';

const WARM_UP = 50;
const CALLS = 300;
/**
 * A budget the calls never reach, set as a deployment would: the bench's usual 1,000,000/1s makes
 * each call spend about 190 ms in the limiter on this build, which would drown a difference of a
 * tenth of a millisecond.
 */
const RATE = { MAVA_RATE_LIMIT: '1000/1s' };

/**
 * What checking an access token adds to a call: the same HTTP server, once with --oauth-issuer
 * (an ES256 JWT checked on every request, keys cached) and once with no sign-in, one call at a
 * time, interleaved, each call against its twin.
 */
export async function tokenValidation(sandbox: SandboxProcess): Promise<Row[]> {
  const issuer = await startOAuthFixture();
  const [plainPort, signedPort] = (await freePorts(2)) as [number, number];
  const plain = await spawnHttpServer(sandbox, plainPort, [], RATE);
  const signed = await spawnHttpServer(sandbox, signedPort, ['--oauth-issuer', issuer.issuer], RATE);
  const connect = async (port: number, headers: Record<string, string> = {}) => {
    const client = new Client({ name: 'bench', version: '0' });
    await client.connect(new StreamableHTTPClientTransport(new URL(`http://127.0.0.1:${port}/mcp`), { requestInit: { headers } }));
    return client;
  };
  const signedUrl = `http://127.0.0.1:${signedPort}/mcp`;
  const clients = [await connect(plainPort), await connect(signedPort, { authorization: `Bearer ${await issuer.mint(signedUrl)}` })];
  try {
    const [withoutAuth, withAuth] = clients.map((client) => () => callOk(client, 'list_categories', {})) as [() => Promise<unknown>, () => Promise<unknown>];
    await interleave(WARM_UP, withoutAuth, withAuth);
    const [base, checked] = await interleave(CALLS, withoutAuth, withAuth);
    const added = checked.map((time, i) => time - base[i]!);
    return [
      {
        measure: 'http: token validation latency added (p50 / p99)',
        value: `${ms(percentile(added, 50))} / ${ms(percentile(added, 99))}`,
        reference: `list_categories with an ES256 JWT ${pair(checked)}, no sign-in ${pair(base)}`,
        note: `${CALLS} each, one at a time, interleaved`,
      },
    ];
  } finally {
    for (const client of clients) await client.close().catch(() => undefined);
    plain.kill('SIGTERM');
    signed.kill('SIGTERM');
    await issuer.close();
  }
}
