// Library entry: embed the server in an agent framework with its own transport and configuration.
export { createServer, type ServerOptions } from './server.js';
export { ConfigError, loadConfig, startSandbox, type RunningSandbox } from './embed.js';
export { PROVIDERS, type ApiConfig, type Config, type HttpConfig, type ProviderName } from './config.js';
export { configureLogging, type LogFormat, type LoggingOptions, type LogLevel } from './log.js';
export { LimiterRegistry, processLimiters } from './http/limiter.js';
export { VERSION } from './version.js';
