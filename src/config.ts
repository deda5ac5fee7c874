import { isAbsolute } from 'node:path';
import { parseArgs } from 'node:util';
import { parseAuth, type AuthConfig } from './auth/auth-config.js';
import { DEFAULT_SCOPES } from './auth/scopes.js';
import { isLoopback } from './auth/urls.js';
import { LOG_FORMATS, LOG_LEVELS, type LogFormat, type LogLevel } from './log.js';
import { DEFAULT_MAX_RATE_WAIT_MS, DEFAULT_MAX_RESPONSE_MB } from './http/http-client.js';
import { parseRateLimit, type RateLimit } from './http/rate-limit.js';
import type { ProviderSettings } from './provider-settings.js';
import { REGISTRY, type ProviderName } from './providers/registry.js';
import { CONFIRM_MODES, type ConfirmMode } from './safety/confirm-send.js';
import { FAULT_KINDS, parseFaultRates, type FaultRates } from './sandbox/faults.js';
import { defaultStateDir, NO_STATE_DIR } from './safety/state-dir.js';

export type { ProviderName };
/** The registered providers' names, in the registry's order (src/providers/registry.ts). */
export const PROVIDERS = Object.keys(REGISTRY) as ProviderName[];
/** Each registered provider's settings, read without loading its code. */
export const PROVIDER_SETTINGS = Object.fromEntries(PROVIDERS.map((name) => [name, REGISTRY[name].settings])) as Record<ProviderName, ProviderSettings>;
/** The first registered. */
const DEFAULT_PROVIDER = PROVIDERS[0]!;
export const TRANSPORTS = ['stdio', 'http'] as const;
export type TransportName = (typeof TRANSPORTS)[number];

/** The helpdesk API of the chosen provider, from its <PREFIX>_* variables. */
export interface ApiConfig {
  apiKey?: string;
  baseUrl: string;
  rateLimit: RateLimit;
  timeoutMs: number;
  /** Largest API answer read, in MB; undefined: DEFAULT_MAX_RESPONSE_MB. */
  maxResponseMb?: number;
}

export interface HttpConfig {
  host: string;
  port: number;
  /** No sessions: each request stands alone (replicas behind a load balancer). */
  stateless: boolean;
  /** When set, every /mcp request needs `Authorization: Bearer <token>`. */
  authToken?: string;
  /** Sign-in through an IdP (OAuth) or a tokens file; undefined: MCP_AUTH_TOKEN or none. */
  auth?: AuthConfig;
  /** The URL clients use for /mcp (--public-url), when a proxy fronts the server; undefined: as bound. */
  publicUrl?: string;
  /** Each caller brings its own API key, in its provider's header (`callerKeyHeader` in its settings.ts, e.g. X-Mava-Api-Key). */
  keyFromHeader: boolean;
  /** Host names accepted in Host and Origin headers, besides the loopback names and the bound host. */
  allowedHosts: string[];
}

export interface Config {
  provider: ProviderName;
  transport: TransportName;
  http: HttpConfig;
  /** Shares each key's limiter with every process using the same Redis. */
  redisUrl?: string;
  sandbox: boolean;
  /** Fault rates the sandbox injects (--sandbox-faults). */
  sandboxFaults?: FaultRates;
  readOnly: boolean;
  /** Allow-list of tool names; undefined = every tool the provider offers. */
  tools?: string[];
  /** Tool names never registered. */
  excludeTools?: string[];
  /** Whether a human confirms each customer message (through elicitation). */
  confirmSends: ConfirmMode;
  /** File to which each write attempt is appended as a JSON line. */
  auditLog?: string;
  /**
   * Where the command line keeps the duplicate guard's ledger for every process of this OS user
   * (absolute; undefined: in memory, per process). Unused with REDIS_URL or --sandbox.
   */
  stateDir?: string;
  /** On SIGTERM, SIGINT or the end of stdin: how long calls in flight may still run before they are stopped (default 10 s). */
  shutdownGraceMs?: number;
  /** Longest a call waits for the rate budget (default DEFAULT_MAX_RATE_WAIT_MS); a later turn is refused at once. */
  maxRateWaitMs?: number;
  logLevel: LogLevel;
  logFormat: LogFormat;
  api: ApiConfig;
}

export type ParseResult = { kind: 'help' } | { kind: 'version' } | { kind: 'config'; config: Config } | { kind: 'errors'; errors: string[] };

/** Each flag, its variable, and its help line: the README's table is kept in step with this. */
const FLAGS = {
  provider: { type: 'string', env: 'HELPDESK_PROVIDER', help: `helpdesk to serve: ${PROVIDERS.join('|')} (default ${DEFAULT_PROVIDER})` },
  transport: { type: 'string', env: 'HELPDESK_TRANSPORT', help: `${TRANSPORTS.join('|')} (default stdio); http serves Streamable HTTP at /mcp` },
  host: { type: 'string', env: 'HELPDESK_HOST', help: 'address to bind for --transport http (default 127.0.0.1)' },
  port: { type: 'string', env: 'HELPDESK_PORT', help: 'port for --transport http (default 3000)' },
  stateless: { type: 'boolean', env: 'HELPDESK_STATELESS', help: 'http without sessions, for replicas behind a load balancer' },
  'auth-token': {
    type: 'string',
    env: 'MCP_AUTH_TOKEN',
    help: 'http: require Authorization: Bearer <token> (16+ characters); off loopback this, --oauth-issuer or --tokens-file is required',
  },
  'oauth-issuer': {
    type: 'string',
    env: 'HELPDESK_OAUTH_ISSUER',
    help: "http: every /mcp request needs an access token from this OAuth issuer (the IdP's issuer URL)",
  },
  'oauth-audience': { type: 'string', env: 'HELPDESK_OAUTH_AUDIENCE', help: "http: what a token's aud must contain (default the public /mcp URL)" },
  'public-url': {
    type: 'string',
    env: 'HELPDESK_PUBLIC_URL',
    help: 'http: the URL clients use for /mcp when a proxy fronts the server (default http://<host>:<port>/mcp as bound)',
  },
  'oauth-scopes': {
    type: 'string',
    env: 'HELPDESK_OAUTH_SCOPES',
    help: `http: scope names, read=<name>,write=<name>,send=<name> (default read=${DEFAULT_SCOPES.read},write=${DEFAULT_SCOPES.write},send=${DEFAULT_SCOPES.send})`,
  },
  'tokens-file': { type: 'string', env: 'HELPDESK_TOKENS_FILE', help: 'http: named callers with hashed tokens and scopes, a JSON file (instead of an IdP)' },
  'key-from-header': { type: 'boolean', env: 'HELPDESK_KEY_FROM_HEADER', help: 'http: each caller sends its own API key in X-<Provider>-Api-Key' },
  'allowed-hosts': { type: 'string', env: 'HELPDESK_ALLOWED_HOSTS', help: 'http: extra host names allowed in Host/Origin headers, comma-separated' },
  sandbox: { type: 'boolean', env: 'HELPDESK_SANDBOX', help: 'serve an in-process sandbox API with seeded data; no key needed' },
  'sandbox-faults': {
    type: 'string',
    env: 'HELPDESK_SANDBOX_FAULTS',
    help: `with --sandbox: inject faults at random, e.g. rate_limit=0.1,server_error=0.05 (kinds: ${FAULT_KINDS.join(', ')})`,
  },
  'read-only': { type: 'boolean', env: 'HELPDESK_READ_ONLY', help: 'register only the tools that read' },
  tools: { type: 'string', env: 'HELPDESK_TOOLS', help: 'comma-separated allow-list of tool names' },
  'exclude-tools': { type: 'string', env: 'HELPDESK_EXCLUDE_TOOLS', help: 'comma-separated tool names never to register' },
  'confirm-sends': {
    type: 'string',
    env: 'HELPDESK_CONFIRM_SENDS',
    help: `${CONFIRM_MODES.join('|')} (default auto): a human confirms each customer message where the client can ask; always refuses to send where it cannot`,
  },
  'audit-log': { type: 'string', env: 'HELPDESK_AUDIT_LOG', help: 'append one JSON line per write attempt to this file' },
  'state-dir': {
    type: 'string',
    env: 'HELPDESK_STATE_DIR',
    help: `directory where the duplicate guard keeps recent messages and notes, shared by every process of this user (default $XDG_STATE_HOME/helpdesk-mcp or ~/.local/state/helpdesk-mcp; %LOCALAPPDATA%\\helpdesk-mcp on Windows); ${NO_STATE_DIR}: each process keeps its own, in memory`,
  },
  'shutdown-grace-ms': {
    type: 'string',
    env: 'HELPDESK_SHUTDOWN_GRACE_MS',
    help: 'on SIGTERM, SIGINT or the end of stdin, how long calls in flight may still run (default 10000); the rest are stopped and answered',
  },
  'max-rate-wait-ms': {
    type: 'string',
    env: 'HELPDESK_MAX_RATE_WAIT_MS',
    help: `longest a call waits for the rate budget, 1000 to 600000 (default ${DEFAULT_MAX_RATE_WAIT_MS}); a call whose turn would come later returns at once saying when to retry`,
  },
  'log-level': { type: 'string', env: 'HELPDESK_LOG_LEVEL', help: `${LOG_LEVELS.join('|')} (default info), on stderr` },
  'log-format': { type: 'string', env: 'HELPDESK_LOG_FORMAT', help: `${LOG_FORMATS.join('|')} (default text): json writes one object per line` },
  help: { type: 'boolean', env: undefined, help: 'print this help and exit' },
  version: { type: 'boolean', env: undefined, help: 'print the version and exit' },
} as const;

/** Every variable besides the flags': each provider's five, and Redis. */
export const ENVIRONMENT: Record<string, string> = {
  ...Object.fromEntries(
    PROVIDERS.map((name) => PROVIDER_SETTINGS[name]).flatMap((p) => [
      [`${p.prefix}_API_KEY`, `${p.label} API key (${p.keyHelp}); required unless --sandbox`],
      [
        `${p.prefix}_BASE_URL`,
        p.defaultBaseUrl ? `${p.label} API origin (default ${p.defaultBaseUrl})` : `${p.label} API origin, your account's own (required)`,
      ],
      [`${p.prefix}_RATE_LIMIT`, `client-side limit <requests>/<seconds>s (default ${p.defaultRateLimit}: ${p.rateLimitNote})`],
      [`${p.prefix}_TIMEOUT_MS`, 'deadline of one API request in ms (default 30000)'],
      [`${p.prefix}_MAX_RESPONSE_MB`, `largest API answer read, 1 to 1024 MB (default ${DEFAULT_MAX_RESPONSE_MB}); a larger one fails the call`],
    ]),
  ),
  REDIS_URL: "redis://host:port: share each key's rate budget and the duplicate guard with every replica using this Redis",
  HELPDESK_OAUTH_CLIENT_ID: "with --oauth-issuer: this server's client id at the IdP, to check opaque tokens by introspection (RFC 7662)",
  HELPDESK_OAUTH_CLIENT_SECRET: 'with HELPDESK_OAUTH_CLIENT_ID: its client secret',
};

export function helpText(version: string): string {
  const flags = Object.entries(FLAGS).map(([name, flag]) => {
    const env = flag.env ? ` [${flag.env}]` : '';
    return `  --${name}${flag.type === 'string' ? ' <value>' : ''}${env}\n      ${flag.help}`;
  });
  const vars = Object.entries(ENVIRONMENT).map(([name, help]) => `  ${name}\n      ${help}`);
  return [
    `helpdesk-mcp ${version}: an MCP server for helpdesk work (${PROVIDERS.map((name) => PROVIDER_SETTINGS[name].label).join(', ')}).`,
    '',
    'Usage: helpdesk-mcp [flags]          (stdio)',
    '       helpdesk-mcp --transport http  (Streamable HTTP at /mcp)',
    '',
    'Flags (each also read from the variable in brackets; the flag wins):',
    ...flags,
    '',
    'Environment:',
    ...vars,
    '',
    'Try it without an account: helpdesk-mcp --sandbox',
  ].join('\n');
}

type Env = Record<string, string | undefined>;

/** Reads flags and environment; reports every problem at once. */
export function parseConfig(argv: string[], env: Env, toolNamesOf: (provider: ProviderName) => readonly string[]): ParseResult {
  const errors: string[] = [];
  let values: Record<string, string | boolean | undefined>;
  try {
    const options = Object.fromEntries(Object.entries(FLAGS).map(([name, flag]) => [name, { type: flag.type }]));
    ({ values } = parseArgs({ args: argv, options, strict: true, allowPositionals: false }));
  } catch (error) {
    return { kind: 'errors', errors: [`${(error as Error).message}. Run with --help for the flags.`] };
  }
  if (values.help) return { kind: 'help' };
  if (values.version) return { kind: 'version' };

  const str = (name: keyof typeof FLAGS): string | undefined => {
    const flag = values[name];
    if (typeof flag === 'string') return flag;
    const variable = FLAGS[name].env;
    return variable ? nonEmpty(env[variable]) : undefined;
  };
  const bool = (name: keyof typeof FLAGS): boolean => {
    if (values[name] === true) return true;
    const variable = FLAGS[name].env;
    const raw = variable ? nonEmpty(env[variable]) : undefined;
    if (raw === undefined) return false;
    if (/^(1|true|yes|on)$/i.test(raw)) return true;
    if (!/^(0|false|no|off)$/i.test(raw)) errors.push(`${variable}=${raw} is not a boolean: use true or false.`);
    return false;
  };
  const oneOf = <T extends string>(name: keyof typeof FLAGS, allowed: readonly T[], fallback: T): T => {
    const raw = str(name) ?? fallback;
    if ((allowed as readonly string[]).includes(raw)) return raw as T;
    errors.push(`--${name} ${raw} is not supported: use ${allowed.join(' or ')}.`);
    return fallback;
  };

  const provider = oneOf('provider', PROVIDERS, DEFAULT_PROVIDER);
  const transport = oneOf('transport', TRANSPORTS, 'stdio');
  const logLevel = oneOf('log-level', LOG_LEVELS, 'info');
  const logFormat = oneOf('log-format', LOG_FORMATS, 'text');
  const sandbox = bool('sandbox');
  const readOnly = bool('read-only');
  const http = parseHttp(transport, str, bool, env, errors);
  if (http.keyFromHeader && sandbox) errors.push('--key-from-header cannot be combined with --sandbox: the sandbox accepts only its own key.');

  // Asked for only when a list is given: a start without one loads no other provider's code (src/providers/load.ts).
  const served = () => ({ provider, toolNames: toolNamesOf(provider), offered: offeredTools(toolNamesOf) });
  const tools = toolList('tools', str('tools'), served, errors);
  const excludeTools = toolList('exclude-tools', str('exclude-tools'), served, errors);
  const confirmSends = oneOf('confirm-sends', CONFIRM_MODES, 'auto');
  const auditLog = str('audit-log');
  const stateDir = parseStateDir(str('state-dir'), env, errors);
  const shutdownGraceMs = wholeNumber('shutdown-grace-ms', str('shutdown-grace-ms'), 10_000, { min: 0, max: 600_000 }, errors);
  const maxRateWaitMs = wholeNumber('max-rate-wait-ms', str('max-rate-wait-ms'), DEFAULT_MAX_RATE_WAIT_MS, { min: 1_000, max: 600_000 }, errors);
  const sandboxFaults = parseSandboxFaults(str('sandbox-faults'), sandbox, errors);

  const api = parseApi(provider, env, { sandbox, callerKeys: http.keyFromHeader }, errors);
  const redisUrl = nonEmpty(env.REDIS_URL);
  if (redisUrl && !/^rediss?:\/\/[^/]/.test(redisUrl)) errors.push('REDIS_URL is not a redis:// or rediss:// URL.');
  if (errors.length) return { kind: 'errors', errors };
  return {
    kind: 'config',
    config: {
      provider,
      transport,
      http,
      redisUrl,
      sandbox,
      sandboxFaults,
      readOnly,
      tools,
      excludeTools,
      confirmSends,
      auditLog,
      stateDir,
      shutdownGraceMs,
      maxRateWaitMs,
      logLevel,
      logFormat,
      api,
    },
  };
}

function parseHttp(
  transport: TransportName,
  str: (name: keyof typeof FLAGS) => string | undefined,
  bool: (name: keyof typeof FLAGS) => boolean,
  env: Env,
  errors: string[],
): HttpConfig {
  const host = str('host') ?? '127.0.0.1';
  const portText = str('port') ?? '3000';
  const port = Number(portText);
  if (!/^\d+$/.test(portText) || port < 1 || port > 65535) errors.push(`--port ${portText} is not a port: use 1 to 65535.`);
  const authToken = str('auth-token');
  if (authToken !== undefined && authToken.length < 16) errors.push('MCP_AUTH_TOKEN (--auth-token) is too short: use at least 16 random characters.');
  const publicUrl = str('public-url');
  const auth = parseAuth(
    {
      overHttp: transport === 'http',
      host,
      authToken,
      issuer: str('oauth-issuer'),
      audience: str('oauth-audience'),
      publicUrl,
      scopes: str('oauth-scopes'),
      tokensFile: str('tokens-file'),
      clientId: nonEmpty(env.HELPDESK_OAUTH_CLIENT_ID),
      clientSecret: nonEmpty(env.HELPDESK_OAUTH_CLIENT_SECRET),
    },
    errors,
  );
  const http: HttpConfig = {
    host,
    port,
    stateless: bool('stateless'),
    authToken,
    auth,
    publicUrl,
    keyFromHeader: bool('key-from-header'),
    allowedHosts: (str('allowed-hosts') ?? '')
      .split(',')
      .map((name) => name.trim().toLowerCase())
      .filter(Boolean),
  };
  if (transport !== 'http') {
    if (http.stateless) errors.push('--stateless needs --transport http.');
    if (http.keyFromHeader) errors.push('--key-from-header needs --transport http.');
    return http;
  }
  if (!isLoopback(host) && !authToken && !auth) {
    errors.push(
      `Binding to ${host} would expose the server beyond this machine without authentication: set MCP_AUTH_TOKEN (--auth-token), --oauth-issuer or --tokens-file, or bind to 127.0.0.1.`,
    );
  }
  return http;
}

/** The chosen provider's <PREFIX>_* variables. The sandbox needs neither key nor URL; callers' own keys need no key. */
function parseApi(provider: ProviderName, env: Env, { sandbox, callerKeys }: { sandbox: boolean; callerKeys: boolean }, errors: string[]): ApiConfig {
  const { prefix, label, keyHelp, keyPattern, defaultBaseUrl, defaultRateLimit } = PROVIDER_SETTINGS[provider];
  const apiKey = nonEmpty(env[`${prefix}_API_KEY`]);
  if (!apiKey && !sandbox && !callerKeys) errors.push(`${prefix}_API_KEY is not set: ${keyHelp}, or run with --sandbox to try the tools on seeded data.`);
  if (apiKey && keyPattern && !keyPattern.pattern.test(apiKey)) errors.push(`${prefix}_API_KEY is not an API key for ${label}: ${keyPattern.rule}.`);
  const baseUrl = nonEmpty(env[`${prefix}_BASE_URL`]) ?? defaultBaseUrl;
  if (baseUrl === undefined) {
    if (!sandbox) errors.push(`${prefix}_BASE_URL is not set: each ${label} account has its own (its web address), or run with --sandbox.`);
  } else if (!isHttpUrl(baseUrl)) errors.push(`${prefix}_BASE_URL=${baseUrl} is not an http(s) URL.`);
  const limitText = nonEmpty(env[`${prefix}_RATE_LIMIT`]) ?? defaultRateLimit;
  const rateLimit = parseRateLimit(limitText);
  if (!rateLimit) errors.push(`${prefix}_RATE_LIMIT=${limitText} is malformed: use <requests>/<seconds>s, e.g. ${defaultRateLimit}.`);
  const timeoutText = nonEmpty(env[`${prefix}_TIMEOUT_MS`]) ?? '30000';
  const timeoutMs = Number(timeoutText);
  if (!/^\d+$/.test(timeoutText) || timeoutMs < 100 || timeoutMs > 600_000) {
    errors.push(`${prefix}_TIMEOUT_MS=${timeoutText} is not allowed: use a whole number of milliseconds from 100 to 600000.`);
  }
  const maxResponseText = nonEmpty(env[`${prefix}_MAX_RESPONSE_MB`]);
  let maxResponseMb: number | undefined;
  if (maxResponseText !== undefined) {
    maxResponseMb = Number(maxResponseText);
    if (!/^\d+$/.test(maxResponseText) || maxResponseMb < 1 || maxResponseMb > 1024) {
      errors.push(`${prefix}_MAX_RESPONSE_MB=${maxResponseText} is not allowed: use a whole number of MB from 1 to 1024 (default ${DEFAULT_MAX_RESPONSE_MB}).`);
    }
  }
  return {
    apiKey,
    baseUrl: (baseUrl ?? '').replace(/\/+$/, ''),
    rateLimit: rateLimit ?? parseRateLimit(defaultRateLimit)!,
    timeoutMs,
    maxResponseMb,
  };
}

/** A whole number within bounds, or the fallback when absent; a bad one is reported. */
function wholeNumber(flag: string, text: string | undefined, fallback: number, { min, max }: { min: number; max: number }, errors: string[]): number {
  if (text === undefined) return fallback;
  const value = Number(text);
  if (/^\d+$/.test(text) && value >= min && value <= max) return value;
  errors.push(`--${flag} ${text} is not allowed: use a whole number from ${min} to ${max}.`);
  return fallback;
}

function nonEmpty(value: string | undefined): string | undefined {
  const trimmed = value?.trim();
  return trimmed ? trimmed : undefined;
}

function isHttpUrl(text: string): boolean {
  try {
    const url = new URL(text);
    return (url.protocol === 'http:' || url.protocol === 'https:') && url.hostname !== '';
  } catch {
    return false;
  }
}

/** Each tool name any registered provider offers, with the providers that offer it. */
function offeredTools(toolNamesOf: (provider: ProviderName) => readonly string[]): Map<string, ProviderName[]> {
  const offered = new Map<string, ProviderName[]>();
  for (const provider of PROVIDERS) for (const name of toolNamesOf(provider)) offered.set(name, [...(offered.get(name) ?? []), provider]);
  return offered;
}

/**
 * A comma-separated list of tool names. A name another provider offers is explained: with this
 * provider's reason where its settings give one, else by naming the providers that offer it. Any
 * other unknown name is reported with the valid ones.
 */
function toolList(
  flag: string,
  text: string | undefined,
  served: () => { provider: ProviderName; toolNames: readonly string[]; offered: Map<string, ProviderName[]> },
  errors: string[],
): string[] | undefined {
  if (text === undefined) return undefined;
  const { provider, toolNames, offered } = served();
  const names = [
    ...new Set(
      text
        .split(',')
        .map((name) => name.trim())
        .filter(Boolean),
    ),
  ];
  const { unsupported, label } = PROVIDER_SETTINGS[provider];
  const elsewhere = names.filter((name) => !toolNames.includes(name) && offered.has(name));
  for (const name of elsewhere) {
    const by = offered.get(name)!.map((other) => PROVIDER_SETTINGS[other].label);
    const reason = unsupported[name] ?? `only ${[by.slice(0, -1).join(', '), by.at(-1)].filter(Boolean).join(' and ')} offer${by.length === 1 ? 's' : ''} it.`;
    errors.push(`--${flag}: ${name} is not offered for ${label}: ${reason}`);
  }
  const unknown = names.filter((name) => !offered.has(name));
  if (unknown.length) errors.push(`--${flag}: unknown ${unknown.join(', ')}. Valid tools: ${toolNames.join(', ')}.`);
  if (names.length === 0) errors.push(`--${flag} is empty. Valid tools: ${toolNames.join(', ')}.`);
  return names;
}

/** An absolute directory, `none` (undefined), or when not given the user's default. */
function parseStateDir(text: string | undefined, env: Env, errors: string[]): string | undefined {
  if (text === undefined) return defaultStateDir(env);
  if (text === NO_STATE_DIR) return undefined;
  // Relative to what? Clients start servers in directories of their choosing: processes would disagree.
  if (!isAbsolute(text))
    errors.push(`--state-dir ${text} is not an absolute path: give one, or ${NO_STATE_DIR} to keep the duplicate guard in memory, per process.`);
  return text;
}

function parseSandboxFaults(spec: string | undefined, sandbox: boolean, errors: string[]): FaultRates | undefined {
  if (spec === undefined) return undefined;
  if (!sandbox) errors.push('--sandbox-faults needs --sandbox: faults are injected by the sandbox only.');
  const parsed = parseFaultRates(spec);
  if ('error' in parsed) errors.push(`--sandbox-faults: ${parsed.error}`);
  return 'rates' in parsed ? parsed.rates : undefined;
}
