import type { Config } from './config.js';
import { loadProvider } from './providers/load.js';
import { useSandbox } from './providers/provider.js';

export interface RunningSandbox {
  /** The configuration given, pointed at the sandbox (its URL and key). */
  config: Config;
  url: string;
  close(): Promise<void>;
}

/** Starts the configured provider's sandbox API on 127.0.0.1 (seeded data, no account needed). */
export async function startSandbox(config: Config): Promise<RunningSandbox> {
  const sandbox = await (await loadProvider(config.provider)).startSandbox({ faults: config.sandboxFaults });
  return { config: useSandbox(config, sandbox), url: sandbox.url, close: () => sandbox.close() };
}
