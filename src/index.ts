// Library entry: embed the server with your own transport and configuration.
export { createServer, type ServerOptions } from './server.js';
export { parseConfig, type Config, type ApiConfig } from './config.js';
export { LimiterRegistry, processLimiters } from './http/limiter.js';
export { VERSION } from './version.js';
