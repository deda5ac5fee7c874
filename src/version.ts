import { createRequire } from 'node:module';

/** Set by the bundler (scripts/bundle.mjs); undefined when running the compiled modules. */
declare const HELPDESK_VERSION: string | undefined;

// Compiled, package.json sits one level above both src/ and dist/.
export const VERSION: string =
  typeof HELPDESK_VERSION === 'string' ? HELPDESK_VERSION : (createRequire(import.meta.url)('../package.json') as { version: string }).version;
