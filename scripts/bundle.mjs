// Bundles the command line into dist/bin/: one file for what every start needs, and chunks for
// what only some runs load (undici on the first request, the HTTP transport, Redis, the
// sandbox). Node reads one file instead of resolving hundreds of modules, which halves the time
// from spawn to tools/list.
import { readFileSync } from 'node:fs';
import { build } from 'esbuild';

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
  logLevel: 'warning',
});
