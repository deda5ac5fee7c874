import { afterAll, afterEach, beforeAll } from 'vitest';
import type { Config } from '../../src/config.js';
import { connect, testConfig, type ConnectOptions, type Harness } from './harness.js';
import { startStandin, type Standin } from './mava-standin/index.js';

/** A session's settings: the file's API settings hold unless `api` names others. */
export type SessionOverrides = Omit<Partial<Config>, 'api'> & { api?: Partial<Config['api']> };

export interface StandinSessions {
  readonly standin: Standin;
  /** A new MCP session on the stand-in; closed after the test. */
  session(overrides?: SessionOverrides, options?: ConnectOptions): Promise<Harness>;
}

/**
 * One stand-in for the file, fresh sessions for each test: registers the hooks that start the
 * stand-in, close each test's sessions and clear what the stand-in recorded.
 */
export function standinSessions(apiKey: string, settings: Partial<Config['api']> = {}): StandinSessions {
  let standin: Standin | undefined;
  const open: Harness[] = [];
  beforeAll(async () => {
    standin = await startStandin({ apiKey });
  });
  afterEach(async () => {
    await Promise.all(open.splice(0).map((mcp) => mcp.close()));
    standin?.reset();
  });
  afterAll(() => standin?.close());
  return {
    get standin() {
      if (!standin) throw new Error('the stand-in starts in beforeAll');
      return standin;
    },
    async session({ api, ...overrides } = {}, options = {}) {
      const mcp = await connect(testConfig({ ...overrides, api: { baseUrl: this.standin.url, apiKey, ...settings, ...api } }), options);
      open.push(mcp);
      return mcp;
    },
  };
}
