import { parseArgs } from 'node:util';
import type { LogLevel } from './log.js';
import { parseRateLimit, type RateLimit } from './http/rate-limit.js';

export const PROVIDERS = ['mava'] as const;
export type ProviderName = (typeof PROVIDERS)[number];
export const TRANSPORTS = ['stdio'] as const;
export type TransportName = (typeof TRANSPORTS)[number];
const LOG_LEVELS: readonly LogLevel[] = ['debug', 'info', 'warn', 'error'];

export interface MavaConfig {
  apiKey?: string;
  baseUrl: string;
  rateLimit: RateLimit;
  timeoutMs: number;
}

export interface Config {
  provider: ProviderName;
  transport: TransportName;
  host: string;
  port: number;
  sandbox: boolean;
  readOnly: boolean;
  /** Allow-list of tool names; undefined = every tool the provider offers. */
  tools?: string[];
  logLevel: LogLevel;
  mava: MavaConfig;
}

export type ParseResult =
  | { kind: 'help' }
  | { kind: 'version' }
  | { kind: 'config'; config: Config }
  | { kind: 'errors'; errors: string[] };

/** Each flag, its variable, and its help line: the README's table is kept in step with this. */
const FLAGS = {
  provider: { type: 'string', env: 'HELPDESK_PROVIDER', help: `helpdesk to serve: ${PROVIDERS.join('|')} (default mava)` },
  transport: { type: 'string', env: 'HELPDESK_TRANSPORT', help: `${TRANSPORTS.join('|')} (default stdio)` },
  host: { type: 'string', env: 'HELPDESK_HOST', help: 'address to bind for --transport http (default 127.0.0.1)' },
  port: { type: 'string', env: 'HELPDESK_PORT', help: 'port for --transport http (default 3000)' },
  sandbox: { type: 'boolean', env: 'HELPDESK_SANDBOX', help: 'serve an in-process sandbox API with seeded data; no key needed' },
  'read-only': { type: 'boolean', env: 'HELPDESK_READ_ONLY', help: 'register only the tools that read' },
  tools: { type: 'string', env: 'HELPDESK_TOOLS', help: 'comma-separated allow-list of tool names' },
  'log-level': { type: 'string', env: 'HELPDESK_LOG_LEVEL', help: 'debug|info|warn|error (default info), on stderr' },
  help: { type: 'boolean', env: undefined, help: 'print this help and exit' },
  version: { type: 'boolean', env: undefined, help: 'print the version and exit' },
} as const;

export const ENVIRONMENT = {
  MAVA_API_KEY: 'Mava API key (Mava dashboard > Admin > API keys); required unless --sandbox',
  MAVA_BASE_URL: 'Mava API origin (default https://gateway.mava.app)',
  MAVA_RATE_LIMIT: 'client-side limit <requests>/<seconds>s (default 90/30s, Mava\'s published limit)',
  MAVA_TIMEOUT_MS: 'deadline of one API request in ms (default 30000)',
} as const;

export function helpText(version: string): string {
  const flags = Object.entries(FLAGS).map(([name, flag]) => {
    const env = flag.env ? ` [${flag.env}]` : '';
    return `  --${name}${flag.type === 'string' ? ' <value>' : ''}${env}\n      ${flag.help}`;
  });
  const vars = Object.entries(ENVIRONMENT).map(([name, help]) => `  ${name}\n      ${help}`);
  return [
    `helpdesk-mcp ${version}: an MCP server for helpdesk work (Mava) over stdio.`,
    '',
    'Usage: helpdesk-mcp [flags]',
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

  const provider = oneOf('provider', PROVIDERS, 'mava');
  const transport = oneOf('transport', TRANSPORTS, 'stdio');
  const logLevel = oneOf('log-level', LOG_LEVELS, 'info');
  const host = str('host') ?? '127.0.0.1';
  const portText = str('port') ?? '3000';
  const port = Number(portText);
  if (!/^\d+$/.test(portText) || port < 1 || port > 65535) errors.push(`--port ${portText} is not a port: use 1 to 65535.`);
  const sandbox = bool('sandbox');
  const readOnly = bool('read-only');

  let tools: string[] | undefined;
  const toolsText = str('tools');
  if (toolsText !== undefined) {
    const toolNames = toolNamesOf(provider);
    tools = [...new Set(toolsText.split(',').map((name) => name.trim()).filter(Boolean))];
    const unknown = tools.filter((name) => !toolNames.includes(name));
    if (unknown.length) errors.push(`--tools: unknown ${unknown.join(', ')}. Valid tools: ${toolNames.join(', ')}.`);
    if (tools.length === 0) errors.push(`--tools is empty. Valid tools: ${toolNames.join(', ')}.`);
  }

  const mava = parseMava(env, sandbox, errors);
  if (errors.length) return { kind: 'errors', errors };
  return { kind: 'config', config: { provider, transport, host, port, sandbox, readOnly, tools, logLevel, mava } };
}

function parseMava(env: Env, sandbox: boolean, errors: string[]): MavaConfig {
  const apiKey = nonEmpty(env.MAVA_API_KEY);
  if (!apiKey && !sandbox) {
    errors.push('MAVA_API_KEY is not set: create a key in the Mava dashboard (Admin > API keys), or run with --sandbox to try the tools on seeded data.');
  }
  const baseUrl = nonEmpty(env.MAVA_BASE_URL) ?? 'https://gateway.mava.app';
  if (!isHttpUrl(baseUrl)) errors.push(`MAVA_BASE_URL=${baseUrl} is not an http(s) URL, e.g. https://gateway.mava.app.`);
  const limitText = nonEmpty(env.MAVA_RATE_LIMIT) ?? '90/30s';
  const rateLimit = parseRateLimit(limitText);
  if (!rateLimit) errors.push(`MAVA_RATE_LIMIT=${limitText} is malformed: use <requests>/<seconds>s, e.g. 90/30s.`);
  const timeoutText = nonEmpty(env.MAVA_TIMEOUT_MS) ?? '30000';
  const timeoutMs = Number(timeoutText);
  if (!/^\d+$/.test(timeoutText) || timeoutMs < 100 || timeoutMs > 600_000) {
    errors.push(`MAVA_TIMEOUT_MS=${timeoutText} is not allowed: use a whole number of milliseconds from 100 to 600000.`);
  }
  return { apiKey, baseUrl: baseUrl.replace(/\/+$/, ''), rateLimit: rateLimit ?? { requests: 90, windowMs: 30_000 }, timeoutMs };
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
