/**
 * The process's logger. Stdout belongs to the protocol in stdio mode, so every line goes to
 * stderr; every line passes through `redact`, which blanks each registered secret.
 */
export type LogLevel = 'debug' | 'info' | 'warn' | 'error';
const ORDER: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40 };

const secrets = new Set<string>();
let threshold: LogLevel = 'info';
let sink: (line: string) => void = (line) => process.stderr.write(`${line}\n`);

/** Registers a value (an API key, a token) that must never appear in a log, result or error. */
export function addSecret(secret: string | undefined): void {
  if (secret && secret.length >= 4) secrets.add(secret);
}

export function redact(text: string): string {
  let out = text;
  for (const secret of secrets) out = out.split(secret).join('[redacted]');
  return out;
}

export function setLogLevel(level: LogLevel): void {
  threshold = level;
}

/** Tests capture the log through this. */
export function setLogSink(next: (line: string) => void): void {
  sink = next;
}

function write(level: LogLevel, message: string, fields?: Record<string, unknown>): void {
  if (ORDER[level] < ORDER[threshold]) return;
  const extra = fields ? ` ${JSON.stringify(fields)}` : '';
  sink(redact(`${new Date().toISOString()} ${level.toUpperCase()} ${message}${extra}`));
}

export const log = {
  debug: (message: string, fields?: Record<string, unknown>) => write('debug', message, fields),
  info: (message: string, fields?: Record<string, unknown>) => write('info', message, fields),
  warn: (message: string, fields?: Record<string, unknown>) => write('warn', message, fields),
  error: (message: string, fields?: Record<string, unknown>) => write('error', message, fields),
};
