import { processSecrets, type Secrets } from './secrets.js';
import { writeStderrLine } from './stderr-lines.js';

/**
 * The process's logger. Stdout belongs to the protocol in stdio mode, so every line goes to
 * stderr. Secrets are blanked from the message and the field values before the line is
 * serialised (never from the serialised line, whose syntax a secret could rewrite), with the
 * scope the line belongs to: the process's, or a server's (`log.in(secrets)`), so one caller's
 * key never alters another caller's lines. Lines carry what happened and how long it took, never
 * message content: fields are ids, names and figures.
 */
export type LogLevel = 'debug' | 'info' | 'warn' | 'error';
export type LogFormat = 'text' | 'json';
export type LogFields = Record<string, unknown>;
export const LOG_LEVELS: readonly LogLevel[] = ['debug', 'info', 'warn', 'error'];
export const LOG_FORMATS: readonly LogFormat[] = ['text', 'json'];
const ORDER: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40 };

let threshold: LogLevel = 'info';
let format: LogFormat = 'text';
let sink: (line: string) => void = writeStderrLine;

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

function write(secrets: Secrets, level: LogLevel, message: string, fields?: LogFields): void {
  if (ORDER[level] < ORDER[threshold]) return;
  const time = new Date().toISOString();
  const msg = secrets.text(message);
  const clean = fields && secrets.value(fields);
  sink(format === 'json' ? JSON.stringify({ time, level, msg, ...clean }) : `${time} ${level.toUpperCase()} ${msg}${clean ? ` ${JSON.stringify(clean)}` : ''}`);
}

export interface Logger {
  debug(message: string, fields?: LogFields): void;
  info(message: string, fields?: LogFields): void;
  warn(message: string, fields?: LogFields): void;
  error(message: string, fields?: LogFields): void;
  /** The same logger, blanking these secrets too (a server's, a caller's). */
  in(secrets: Secrets): Logger;
}

function logger(secrets: Secrets): Logger {
  return {
    debug: (message, fields) => write(secrets, 'debug', message, fields),
    info: (message, fields) => write(secrets, 'info', message, fields),
    warn: (message, fields) => write(secrets, 'warn', message, fields),
    error: (message, fields) => write(secrets, 'error', message, fields),
    in: logger,
  };
}

/** The process's log, blanking the process's secrets. */
export const log: Logger = logger(processSecrets);
