/**
 * The process's logger. Stdout belongs to the protocol in stdio mode, so every line goes to
 * stderr; every line passes through `redact`, which blanks each registered secret. Lines carry
 * what happened and how long it took, never message content: fields are ids, names and figures.
 */
export type LogLevel = 'debug' | 'info' | 'warn' | 'error';
export type LogFormat = 'text' | 'json';
export type LogFields = Record<string, unknown>;
export const LOG_LEVELS: readonly LogLevel[] = ['debug', 'info', 'warn', 'error'];
export const LOG_FORMATS: readonly LogFormat[] = ['text', 'json'];
const ORDER: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40 };

const secrets = new Set<string>();
let threshold: LogLevel = 'info';
let format: LogFormat = 'text';
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

export interface LoggingOptions {
  /** Least level written (default info). */
  level?: LogLevel;
  /** `text`: `<time> <LEVEL> <message> {fields}`; `json`: one object per line (default text). */
  format?: LogFormat;
  /** Where lines go (default stderr). */
  sink?: (line: string) => void;
}

/** Sets the level, format and destination of every line the process writes. */
export function configureLogging(options: LoggingOptions): void {
  if (options.level) threshold = options.level;
  if (options.format) format = options.format;
  if (options.sink) sink = options.sink;
}

export function setLogLevel(level: LogLevel): void {
  configureLogging({ level });
}

/** Tests capture the log through this. */
export function setLogSink(next: (line: string) => void): void {
  configureLogging({ sink: next });
}

function write(level: LogLevel, message: string, fields?: LogFields): void {
  if (ORDER[level] < ORDER[threshold]) return;
  const time = new Date().toISOString();
  const line =
    format === 'json'
      ? JSON.stringify({ time, level, msg: message, ...fields })
      : `${time} ${level.toUpperCase()} ${message}${fields ? ` ${JSON.stringify(fields)}` : ''}`;
  sink(redact(line));
}

export const log = {
  debug: (message: string, fields?: LogFields) => write('debug', message, fields),
  info: (message: string, fields?: LogFields) => write('info', message, fields),
  warn: (message: string, fields?: LogFields) => write('warn', message, fields),
  error: (message: string, fields?: LogFields) => write('error', message, fields),
};
