import { describe, expect, it, vi } from 'vitest';
import { httpClient } from '../support/http-harness.js';
import { spawnHttpServer } from '../support/spawn-server.js';
import { STANDIN_DATA, startStandin } from '../support/mava-standin/index.js';
import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

describe('shutdown of the HTTP server', () => {
  it('on SIGTERM stops accepting, lets the call in flight finish, closes sessions and exits 0', async () => {
    const key = 'mava_key_SHUTDOWN_0000000001';
    const standin = await startStandin({ apiKey: key });
    const server = await spawnHttpServer([], { MAVA_API_KEY: key, MAVA_BASE_URL: standin.url });
    const client = await httpClient(server.url);
    standin.respondNext('GET /api/categories', { status: 200, body: { categories: [{ _id: 'c1', name: 'Slow' }] }, delayMs: 1_500 });
    let answered = false;
    const inFlight = client.callTool({ name: 'list_categories', arguments: {} }).finally(() => (answered = true));
    // In flight: the API has the request, and its answer is held.
    await vi.waitFor(() => expect(standin.requests.some((r) => r.path === '/api/categories')).toBe(true), { timeout: 10_000, interval: 10 });
    expect(answered).toBe(false);
    server.child.kill('SIGTERM');
    const result = await inFlight;
    expect(result.isError).toBeFalsy();
    expect(result.structuredContent).toEqual({ categories: [{ _id: 'c1', name: 'Slow' }] });
    expect(await server.exited).toBe(0);
    expect(server.stderr()).toContain('shutting down (SIGTERM)');
    expect(server.stderr()).toContain('http session closed');
    expect(server.stderr()).not.toContain(key);
    await fetch(server.url.replace('/mcp', '/healthz')).then(
      () => expect.unreachable('the port should be closed'),
      (error: Error) => expect(error.message).toContain('fetch failed'),
    );
    await client.close().catch(() => undefined);
    await standin.close();
  });

  it('a write still running when the grace ends is stopped and answered as "may have been sent", and audited', async () => {
    const key = 'mava_key_SHUTDOWN_0000000002';
    const standin = await startStandin({ apiKey: key });
    const audit = join(await mkdtemp(join(tmpdir(), 'http-shutdown-')), 'audit.log');
    const server = await spawnHttpServer(['--audit-log', audit], { MAVA_API_KEY: key, MAVA_BASE_URL: standin.url, HELPDESK_SHUTDOWN_GRACE_MS: '300' });
    const client = await httpClient(server.url);
    standin.respondNext('PUT /api/message', { status: 200, body: { message: { _id: 'm1' }, ticket: {}, sender: {} }, delayMs: 5_000 });
    const inFlight = client.callTool({ name: 'send_message', arguments: { ticketId: STANDIN_DATA.ticketIds.discord, content: 'Sent while shutting down' } });
    await expect.poll(() => standin.requests.length).toBe(1);
    server.child.kill('SIGTERM');
    const result = await inFlight;
    expect(result.isError).toBe(true);
    expect(JSON.stringify(result.content)).toMatch(/shutting down.*It may have been sent: check the ticket before retrying/);
    expect(await server.exited).toBe(0);
    const lines = (await readFile(audit, 'utf8'))
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(lines).toEqual([expect.objectContaining({ tool: 'send_message', outcome: 'uncertain', reason: 'shutdown' })]);
    await client.close().catch(() => undefined);
    await standin.close();
  });

  it('refuses to start on a non-loopback address without a token', async () => {
    await expect(spawnHttpServer(['--sandbox', '--host', '0.0.0.0'])).rejects.toThrow(/MCP_AUTH_TOKEN/);
  });
});
