/** After a fetch of the issuer's keys, an unknown kid fetches them again no sooner (JWKS_COOLDOWN_MS in src/auth/jwt-verifier.ts). */
export const JWKS_COOLDOWN_MS = 1_000;

/** Resolves once the key set's cooldown has surely passed since anything that happened before the call. */
export function pastJwksCooldown(): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, JWKS_COOLDOWN_MS + 100));
}

/**
 * The status a token signed with a key the server has not seen gets once the server may fetch
 * the keys again: tried at once, and if refused (the last fetch was too recent), once more past
 * the cooldown, when a fetch is due. Waiting longer only helps: no bound on how long it takes.
 */
export async function statusPastJwksCooldown(attempt: () => Promise<number>): Promise<number> {
  const first = await attempt();
  if (first === 200) return first;
  await pastJwksCooldown();
  return attempt();
}
