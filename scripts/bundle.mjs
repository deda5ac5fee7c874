// Bundles the command line into dist/bin/: one file for what every start needs, and chunks for
// what only some runs load (undici on the first request, the HTTP transport, Redis, the
// sandbox). Node reads one file instead of resolving hundreds of modules, which halves the time
// from spawn to tools/list. Ajv, which the SDK loads at start only to check elicitation answers,
// is left out for a form checker (src/tools/form-validator.ts).
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
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

const { metafile } = await build({
  entryPoints: { 'helpdesk-mcp': 'src/start.ts' },
  outdir: 'dist/bin',
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  // BUNDLE_MINIFY=0 leaves names readable in CPU profiles (CONTRIBUTING.md, Bench).
  minify: process.env.BUNDLE_MINIFY !== '0',
  sourcemap: 'linked',
  legalComments: 'linked',
  chunkNames: 'chunks/[name]-[hash]',
  // CommonJS dependencies (undici, bottleneck, ioredis) call require() for Node's built-ins.
  banner: { js: "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);" },
  define: { HELPDESK_VERSION: JSON.stringify(version) },
  plugins: [formValidator],
  metafile: true,
  logLevel: 'warning',
});

writeFileSync('dist/bin/THIRD_PARTY_NOTICES.txt', thirdPartyNotices(Object.keys(metafile.inputs)));

/** The licence of every package whose code the bundle holds: minified code loses the headers, the licences still apply. */
function thirdPartyNotices(inputs) {
  const roots = new Set(inputs.map((path) => /^(.*node_modules\/(?:@[^/]+\/)?[^/]+)\//.exec(path)?.[1]).filter(Boolean));
  const notices = [...roots].map((root) => {
    const { name, version, license } = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
    const file = readdirSync(root).find((entry) => /^(licen[cs]e|copying)/i.test(entry));
    const text = file ? readFileSync(join(root, file), 'utf8').trim() : `License: ${license} (the package ships no licence file)`;
    return { name, text: `${name}@${version} (${license})\n\n${text}` };
  });
  notices.sort((a, b) => a.name.localeCompare(b.name));
  return `helpdesk-mcp bundles code from these packages, under these licences.\n\n${notices.map((notice) => notice.text).join(`\n\n${'-'.repeat(72)}\n\n`)}\n`;
}
