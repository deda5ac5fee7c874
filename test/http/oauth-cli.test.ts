import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { httpClient } from '../support/http-harness.js';
import { startOAuthFixture, type OAuthFixture } from '../support/oauth-fixture.js';
import { spawnHttpServer, type SpawnedServer } from '../support/spawn-server.js';

// The built command line with --oauth-issuer, as an operator starts it: the flags, the start-up
// refusals, and what its stderr and audit log say about people (and never about tokens).
let fixture: OAuthFixture;
let dir: string;
let server: SpawnedServer;
let auditPath: string;

beforeAll(async () => {
  fixture = await startOAuthFixture();
  dir = await mkdtemp(join(tmpdir(), 'oauth-cli-'));
  auditPath = join(dir, 'audit.log');
  server = await spawnHttpServer(['--sandbox', '--oauth-issuer', fixture.issuer, '--log-format', 'json', '--audit-log', auditPath]);
});
afterAll(async () => {
  await server?.stop();
  await fixture.close();
  await rm(dir, { recursive: true, force: true });
});

const stderrLines = () =>
  server
    .stderr()
    .trim()
    .split('\n')
    .map((line) => JSON.parse(line) as Record<string, unknown>);

/** How long to wait for a line from the child's stderr: vi.waitFor's default second is short on a busy machine. */
const STDERR_WAIT = { timeout: 10_000 };

describe('helpdesk-mcp --oauth-issuer', () => {
  it('reads the issuer at start-up, answers 401 naming its metadata, and serves the metadata', async () => {
    // Read just after the server listens, not before: /healthz answers first.
    await vi.waitFor(
      () =>
        expect(stderrLines()).toContainEqual(
          expect.objectContaining({ msg: 'sign-in through OAuth', issuer: fixture.issuer, jwksUri: `${fixture.issuer}/jwks`, audience: server.url }),
        ),
      STDERR_WAIT,
    );
    const refused = await fetch(server.url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
    const metadataUrl = `${new URL(server.url).origin}/.well-known/oauth-protected-resource/mcp`;
    expect([refused.status, refused.headers.get('www-authenticate')]).toEqual([401, `Bearer resource_metadata="${metadataUrl}"`]);
    expect(await (await fetch(metadataUrl)).json()).toMatchObject({ resource: server.url, authorization_servers: [fixture.issuer] });
  });

  it("names the subject in each call's log line and the person in the audit line; no token anywhere in stderr", async () => {
    const token = await fixture.mint(server.url, { subject: 'user-42', claims: { email: 'kim@example.com' } });
    const refusedToken = await fixture.mint(server.url, { subject: 'user-42', expiresIn: -3600 });
    await fetch(server.url, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${refusedToken}` }, body: '{}' });
    const client = await httpClient(server.url, { authorization: `Bearer ${token}` });
    const fetched = await client.callTool({ name: 'fetch_tickets', arguments: { limit: 1 } });
    const ticketId = (fetched.structuredContent as { tickets: Array<{ _id: string }> }).tickets[0]!._id;
    expect((await client.callTool({ name: 'add_internal_note', arguments: { ticketId, content: 'Signed-in note' } })).isError).toBeFalsy();
    await client.close();

    // The child writes its log line as it answers: the line may reach us just after the answer.
    await vi.waitFor(() => expect(stderrLines().filter((line) => line.msg === 'tool call')).toHaveLength(2), STDERR_WAIT);
    const lines = stderrLines();
    expect(lines.filter((line) => line.msg === 'tool call')).toEqual([
      expect.objectContaining({ tool: 'fetch_tickets', outcome: 'ok', by: 'user-42' }),
      expect.objectContaining({ tool: 'add_internal_note', outcome: 'ok', by: 'user-42' }),
    ]);
    expect(lines).toContainEqual(expect.objectContaining({ msg: 'token refused', reason: 'the token has expired' }));
    expect(JSON.parse((await readFile(auditPath, 'utf8')).trim())).toMatchObject({
      tool: 'add_internal_note',
      outcome: 'done',
      by: { subject: 'user-42', email: 'kim@example.com' },
    });
    for (const part of [...token.split('.'), ...refusedToken.split('.')]) expect(server.stderr()).not.toContain(part);
  });

  it('refuses to start (exit 2) with OAuth and a static token together', async () => {
    await expect(spawnHttpServer(['--sandbox', '--oauth-issuer', fixture.issuer], { MCP_AUTH_TOKEN: 'a-long-enough-token-123' })).rejects.toThrow(
      /cannot start:\n {2}- --oauth-issuer and MCP_AUTH_TOKEN \(--auth-token\) are ambiguous together/,
    );
  });
});
