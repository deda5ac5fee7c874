// Bundles the command line into dist/bin/: one file for what every start needs, and chunks for
// what only some runs load (undici on the first request, the HTTP transport, Redis, the
// sandbox). Node reads one file instead of resolving hundreds of modules, which halves the time
// from spawn to tools/list. Ajv, which the SDK loads at start only to check elicitation answers,
// is left out for a form checker (src/tools/form-validator.ts).
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

/** The SDK's Ajv validator (used only for elicitation answers) replaced by a form checker. */
const formValidator = {
  name: 'form-validator',
  setup(build) {
    build.onResolve({ filter: /validation\/ajv-provider\.js$/ }, () => ({ path: fileURLToPath(new URL('../src/tools/form-validator.ts', import.meta.url)) }));
  },
};

const { version } = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));

await build({
  entryPoints: { 'helpdesk-mcp': 'src/cli.ts' },
  outdir: 'dist/bin',
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  minify: true,
  sourcemap: 'linked',
  legalComments: 'linked',
  chunkNames: 'chunks/[name]-[hash]',
  // CommonJS dependencies (undici, bottleneck, ioredis) call require() for Node's built-ins.
  banner: { js: "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);" },
  define: { HELPDESK_VERSION: JSON.stringify(version) },
  plugins: [formValidator],
  logLevel: 'warning',
});
