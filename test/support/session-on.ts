import { afterAll, afterEach, beforeAll, expect } from 'vitest';
import type { Config } from '../../src/config.js';
import { connect, type Harness } from './harness.js';

interface Backend {
  url: string;
  close(): Promise<void>;
}

/**
 * One backend (a sandbox or a stand-in) and one MCP session on it for the whole file: both
 * started in beforeAll and closed in afterAll; `each` runs after every test (e.g. to clear what a
 * stand-in recorded). The getters throw if read before beforeAll ran.
 */
export function sessionOn<B extends Backend>(start: () => Promise<B>, configFor: (backend: B) => Config, each?: (backend: B) => void) {
  let backend: B | undefined;
  let mcp: Harness | undefined;
  beforeAll(async () => {
    backend = await start();
    mcp = await connect(configFor(backend));
  });
  afterAll(async () => {
    await mcp?.close();
    await backend?.close();
  });
  if (each) afterEach(() => each(backend!));
  const started = <T>(value: T | undefined): T => {
    if (value === undefined) throw new Error('the backend starts in beforeAll');
    return value;
  };
  return { backend: () => started(backend), mcp: () => started(mcp) };
}

/** A one-off session with `config` for a single call: connected, called, closed. */
export async function callOnce(config: Config, name: string, args: Record<string, unknown> = {}) {
  const local = await connect(config);
  try {
    return await local.call(name, args);
  } finally {
    await local.close();
  }
}

/** The call is refused before any request: an error result naming `words`, and nothing reached `backend`. */
export async function expectRefusedUnsent(mcp: Harness, backend: { requests: readonly unknown[] }, name: string, args: Record<string, unknown>, words: string) {
  const result = await mcp.call(name, args);
  expect(result.isError).toBe(true);
  expect(result.text).toContain(words);
  expect(backend.requests).toHaveLength(0);
}
