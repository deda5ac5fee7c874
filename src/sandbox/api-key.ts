// Recognising a presented API key. Where the key travels (a header, a Bearer token) and what a
// refusal says are each provider's own; the comparison is the same for all.

import { createHash, timingSafeEqual } from 'node:crypto';

/**
 * What a presented key is (e.g. 'read-only'), or undefined when it is none of `keys` or not a
 * single string (a header sent twice arrives as an array).
 */
export function keyMatcher<T>(keys: ReadonlyArray<readonly [key: string, what: T]>): (presented: unknown) => T | undefined {
  const expected = keys.map(([key, what]) => [digest(key), what] as const);
  return (presented) => {
    if (typeof presented !== 'string') return undefined;
    // Digests have equal lengths, which timingSafeEqual needs; comparing in constant time keeps
    // the key from leaking through response timing, a habit worth keeping even in a sandbox.
    const given = digest(presented);
    return expected.find(([key]) => timingSafeEqual(given, key))?.[1];
  };
}

function digest(text: string): Buffer {
  return createHash('sha256').update(text).digest();
}
