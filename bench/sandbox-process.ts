// A sandbox in a process of its own, so a benchmark's client load does not slow the API down.
// Prints {"url","apiKey"} on stdout, then serves until killed.
import { startMavaSandbox } from '../src/providers/mava/sandbox/index.js';

const sandbox = await startMavaSandbox({ rateLimit: { requests: 1_000_000, windowMs: 1_000 } });
process.stdout.write(`${JSON.stringify({ url: sandbox.url, apiKey: sandbox.apiKey })}\n`);
