#!/usr/bin/env node
import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';
import { helpText, parseConfig } from './config.js';
import { addSecret, log, setLogLevel } from './log.js';
import { providers, toolNames } from './providers/index.js';
import type { SandboxHandle } from './providers/provider.js';
import { createServer } from './server.js';
import { VERSION } from './version.js';

async function main(): Promise<number> {
  const parsed = parseConfig(process.argv.slice(2), process.env, toolNames);
  if (parsed.kind === 'help') return print(helpText(VERSION));
  if (parsed.kind === 'version') return print(VERSION);
  if (parsed.kind === 'errors') {
    process.stderr.write(`helpdesk-mcp: cannot start:\n${parsed.errors.map((e) => `  - ${e}`).join('\n')}\n`);
    return 2;
  }
  let config = parsed.config;
  setLogLevel(config.logLevel);
  addSecret(config.mava.apiKey);

  let sandbox: SandboxHandle | undefined;
  if (config.sandbox) {
    sandbox = await providers[config.provider].startSandbox();
    config = providers[config.provider].useSandbox(config, sandbox);
    log.info(`sandbox ${config.provider} API with seeded data at ${sandbox.url} (nothing leaves this machine)`);
  }

  const server = createServer({ config });
  const transport = new StdioServerTransport();
  let closing = false;
  const shutdown = async (reason: string) => {
    if (closing) return;
    closing = true;
    log.info(`shutting down (${reason})`);
    await server.close().catch(() => undefined);
    await sandbox?.close().catch(() => undefined);
    process.exit(0);
  };
  transport.onclose = () => void shutdown('stdin closed');
  process.stdin.on('end', () => void shutdown('stdin closed'));
  process.on('SIGINT', () => void shutdown('SIGINT'));
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
  await server.connect(transport);
  log.info(`helpdesk-mcp ${VERSION} serving ${config.provider} over stdio`);
  return -1;
}

/** Only --help and --version print to stdout: no protocol runs then. */
function print(text: string): number {
  process.stdout.write(`${text}\n`);
  return 0;
}

main().then(
  (code) => {
    if (code >= 0) process.exitCode = code;
  },
  (error: unknown) => {
    log.error(`helpdesk-mcp failed to start: ${error instanceof Error ? error.message : String(error)}`);
    process.exitCode = 1;
  },
);
