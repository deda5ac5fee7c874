import { decodeProtectedHeader } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { initializeMessage, mcpHeaders } from '../support/oidc/bearer-session.js';
import { statusPastJwksCooldown } from '../support/jwks-cooldown.js';
import { startProtectedServer, type ProtectedServer } from '../support/oidc/protected-server.js';

// The issuer rotates its signing key: the server's cached key set does not know the new kid, so
// it fetches the set again, and from then on the old key is gone. A server may hold off fetching
// again for a moment after a fetch (so made-up kids cannot make it hammer the issuer): the new key
// must be picked up once that cooldown has passed, if not at once.
let protectedServer: ProtectedServer;
beforeAll(async () => {
  protectedServer = await startProtectedServer();
});
afterAll(() => protectedServer?.close());

const opens = async (token: string) => {
  const response = await fetch(protectedServer.url, { method: 'POST', headers: mcpHeaders(token), body: JSON.stringify(initializeMessage()) });
  await response.body?.cancel();
  return response.status;
};

/** How long until a token under a new key opened a session (a figure to print); it must once the cooldown has passed. */
async function pickedUpAfter(token: string): Promise<number> {
  const started = performance.now();
  expect(await statusPastJwksCooldown(() => opens(token))).toBe(200);
  return performance.now() - started;
}

describe('a key rotation at the issuer', () => {
  it('is picked up: a token under the new key is accepted, one under the removed key no longer', async () => {
    const { issuer } = protectedServer;
    const before = await issuer.clientCredentialsToken();
    expect(await opens(before)).toBe(200);

    await issuer.rotateKeys();
    const after = await issuer.clientCredentialsToken();
    expect(decodeProtectedHeader(after).kid).not.toBe(decodeProtectedHeader(before).kid);
    const firstMs = await pickedUpAfter(after);
    // The set fetched for the new kid no longer holds the old key.
    expect(await opens(before)).toBe(401);

    // A second rotation, right after the first: picked up as well.
    await issuer.rotateKeys();
    const secondMs = await pickedUpAfter(await issuer.clientCredentialsToken());
    expect(await opens(after)).toBe(401);
    console.info(`new signing key picked up after ${Math.round(firstMs)} ms, then ${Math.round(secondMs)} ms`);
  });
});
