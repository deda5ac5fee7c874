import { describe, expect, it } from 'vitest';
import { httpClient } from '../support/http-harness.js';
import { spawnHttpServer } from '../support/spawn-server.js';
import { startStandin } from '../support/standin/index.js';

describe('shutdown of the HTTP server', () => {
  it('on SIGTERM stops accepting, lets the call in flight finish, closes sessions and exits 0', async () => {
    const key = 'mava_key_SHUTDOWN_0000000001';
    const standin = await startStandin({ apiKey: key });
    const server = await spawnHttpServer([], { MAVA_API_KEY: key, MAVA_BASE_URL: standin.url });
    const client = await httpClient(server.url);
    standin.respondNext('GET /api/categories', { status: 200, body: { categories: [{ _id: 'c1', name: 'Slow' }] }, delayMs: 800 });
    const inFlight = client.callTool({ name: 'list_categories', arguments: {} });
    await new Promise((resolve) => setTimeout(resolve, 200));
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

  it('refuses to start on a non-loopback address without a token', async () => {
    await expect(spawnHttpServer(['--sandbox', '--host', '0.0.0.0'])).rejects.toThrow(/MCP_AUTH_TOKEN/);
  });
});
