import { configureLogging } from '../../src/log.js';

// Tool-call logs would drown the test report; tests that check logs install their own sink.
// Test files share their worker's modules (vitest.config.ts), so the level and format a file set
// are put back too.
configureLogging({ level: 'info', format: 'text', sink: () => undefined });
