import { join } from 'node:path';
import { helpText, PROVIDER_SETTINGS, type Config } from './config.js';
import { LimiterRegistry, processLimiters } from './http/limiter.js';
import { configureLogging, log } from './log.js';
import { loadProvider, parseConfigLoading } from './providers/load.js';
import { scopeKinds } from './auth/scopes.js';
import { withApiKey } from './providers/provider.js';
import { processSecrets } from './secrets.js';
import { AuditLog } from './safety/audit-log.js';
import { FileLedgerOnFirstUse } from './safety/file-send-ledger.js';
import { processSendLedger, type SendLedger } from './safety/send-ledger.js';
import { processCalls } from './calls-in-flight.js';
import { createProviderServer } from './provider-server.js';
import { startSandbox, type RunningSandbox } from './configured-sandbox.js';
import { tierUpSooner } from './early-tier-up.js';
import { favourSmallHeap } from './small-heap.js';
import { serveStdio } from './transports/stdio.js';
import { seedListings } from './tools/tool-listing.js';
import { builtListings } from './built-listings.js';
import { VERSION } from './version.js';

async function main(): Promise<number> {
  // Only the chosen provider's code is loaded, and the others' only when --tools or --exclude-tools needs their tool names.
  const parsed = await parseConfigLoading(process.argv.slice(2), process.env);
  if (parsed.kind === 'help') return print(helpText(VERSION));
  if (parsed.kind === 'version') return print(VERSION);
  if (parsed.kind === 'errors') {
    process.stderr.write(`helpdesk-mcp: cannot start:\n${parsed.errors.map((e) => `  - ${e}`).join('\n')}\n`);
    return 2;
  }
  let config = parsed.config;
  // One client, one call after another: memory over the last bit of speed (src/small-heap.ts).
  if (config.transport === 'stdio') favourSmallHeap();
  // A session of tens of calls, or a replica just started, should not run unoptimised code (src/early-tier-up.ts).
  tierUpSooner();
  configureLogging({ level: config.logLevel, format: config.logFormat });
  processSecrets.add(config.api.apiKey);
  processSecrets.add(config.http.authToken);
  processSecrets.add(config.http.auth?.oauth?.introspection?.clientSecret);

  // Before anything that keeps the process alive: a bad path must end it.
  const audit = config.auditLog ? await openAuditLog(config.auditLog) : undefined;

  let sandbox: RunningSandbox | undefined;
  if (config.sandbox) {
    sandbox = await startSandbox(config);
    config = sandbox.config;
    log.info(`sandbox ${config.provider} API with seeded data at ${sandbox.url} (nothing leaves this machine)`);
    if (config.sandboxFaults) log.warn('sandbox injects faults at random', { rates: config.sandboxFaults });
  }

  const stops: Array<() => Promise<unknown>> = [];
  const limiters = await limiterRegistry(config, stops);
  stops.push(() => limiters.stopAll());
  if (audit) stops.push(() => audit.close());
  const sendLedger = await sharedSendLedger(config, stops);
  const provider = await loadProvider(config.provider);
  seedListings(provider.tools, builtListings(config.provider));
  const serve = (serverConfig: Config) => createProviderServer(provider, { config: serverConfig, limiters, sendLedger, audit });
  let closing = false;
  const shutdown = async (reason: string) => {
    if (closing) return;
    closing = true;
    log.info(`shutting down (${reason})`);
    // Last started, first stopped: the transport drains before the limiters and Redis go.
    for (const stop of stops.reverse()) await stop().catch(() => undefined);
    await sandbox?.close().catch(() => undefined);
    process.exit(0);
  };
  process.on('SIGINT', () => void shutdown('SIGINT'));
  process.on('SIGTERM', () => void shutdown('SIGTERM'));

  if (config.transport === 'stdio') {
    const server = serve(config);
    stops.push(() => server.close());
    // First of all: the calls in flight finish (or are stopped) and their answers are out.
    stops.push(async () => {
      await processCalls.drain(config.shutdownGraceMs ?? DEFAULT_GRACE_MS);
      await flushed(process.stdout);
    });
    await serveStdio(server, () => void shutdown('stdin closed'));
    log.info(`helpdesk-mcp ${VERSION} serving ${config.provider} over stdio`);
  } else {
    // Loaded only for HTTP: stdio starts without the HTTP transport's modules.
    const { startHttpServer } = await import('./transports/http/http-server.js');
    const http = await startHttpServer({
      http: config.http,
      keyHeader: PROVIDER_SETTINGS[config.provider].callerKeyHeader,
      toolScopes: scopeKinds(provider.tools),
      createMcpServer: (callerKey) => serve(callerKey ? withApiKey(config, callerKey) : config),
      health: { version: VERSION, provider: config.provider, sandbox: config.sandbox, stateless: config.http.stateless },
    });
    stops.push(() => http.close(config.shutdownGraceMs ?? DEFAULT_GRACE_MS));
    log.info(`helpdesk-mcp ${VERSION} serving ${config.provider} over Streamable HTTP at ${http.url}${describeHttp(config)}`);
  }
  return -1;
}

/** In-process limiters, or with REDIS_URL limiters whose state lives in Redis (loaded only then). */
async function limiterRegistry(config: Config, stops: Array<() => Promise<unknown>>): Promise<LimiterRegistry> {
  if (!config.redisUrl) return processLimiters;
  processSecrets.add(new URL(config.redisUrl).password || undefined);
  const { createRedisLimiters } = await import('./http/redis-limiter.js');
  // A slot's claim outlives a dead holder by the longest one request can run.
  const redis = createRedisLimiters({ url: config.redisUrl, maxRequestMs: config.api.timeoutMs });
  stops.push(() => redis.close());
  return new LimiterRegistry(redis.factory);
}

/**
 * The duplicate guard's ledger: with REDIS_URL one every replica shares; else one in the state
 * directory, shared by every process of this OS user (clients that start a server per call). The
 * sandbox's API lives and dies with its process, and so does its ledger: in memory, as with
 * `--state-dir none`. A state directory that cannot be written leaves the guard in memory too.
 * Opened on the first message or note: a process that only reads never touches the disk.
 */
async function sharedSendLedger(config: Config, stops: Array<() => Promise<unknown>>): Promise<SendLedger> {
  if (config.redisUrl) {
    const { RedisSendLedger } = await import('./safety/redis-send-ledger.js');
    const ledger = new RedisSendLedger(config.redisUrl);
    stops.push(() => ledger.close());
    return ledger;
  }
  if (config.sandbox || !config.stateDir) return processSendLedger;
  const { stateDir } = config;
  const ledger = new FileLedgerOnFirstUse(join(stateDir, 'sent'), processSendLedger, (error) => {
    const code = (error as NodeJS.ErrnoException).code ?? String(error);
    log.warn(
      `duplicate guard: the state directory ${stateDir} cannot be written (${code}), so repeats are caught within this process only; give a writable --state-dir, or --state-dir none`,
    );
  });
  stops.push(() => ledger.close());
  return ledger;
}

async function openAuditLog(path: string): Promise<AuditLog> {
  try {
    return await AuditLog.open(path);
  } catch (error) {
    throw new Error(
      `--audit-log ${path} cannot be opened for appending (${(error as NodeJS.ErrnoException).code ?? String(error)}): give a writable file path.`,
    );
  }
}

function describeHttp({ http, redisUrl }: Config): string {
  const traits = [
    http.stateless ? 'stateless' : 'sessions',
    signIn(http),
    http.keyFromHeader ? 'keys from callers' : undefined,
    redisUrl ? 'rate budget shared through Redis' : undefined,
  ];
  return ` (${traits.filter(Boolean).join(', ')})`;
}

function signIn({ auth, authToken }: Config['http']): string {
  if (auth?.oauth) return `sign-in through ${auth.oauth.issuer}`;
  if (auth?.callers) return `${auth.callers.length} named caller${auth.callers.length === 1 ? '' : 's'} from the tokens file`;
  return authToken ? 'bearer token required' : 'no token (loopback only)';
}

const DEFAULT_GRACE_MS = 10_000;

/** Resolves once what was written to the stream has been handed on (or the stream failed). */
function flushed(stream: NodeJS.WriteStream): Promise<void> {
  return new Promise((resolve) => stream.write('', () => resolve()));
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
    // Whatever did start (a sandbox, limiters, Redis) must not keep a process running that serves nothing.
    process.exit(1);
  },
);
