// Bundles the command line into dist/bin/: one file for what every start needs, and chunks for
// what only some runs load (undici on the first request, the HTTP transport, Redis, the
// sandbox). Node reads one file instead of resolving hundreds of modules, which halves the time
// from spawn to tools/list. Ajv, which the SDK loads at start only to check elicitation answers,
// is left out for a form checker (src/tools/form-validator.ts), and code that never runs here is
// left out too (unusedAtRuntime below: zod's other languages, zod 3). Bottleneck is compiled from
// its own sources (bottleneckFromSource below).
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import CoffeeScript from 'coffeescript';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { BUILT_LISTINGS_FILE } from '../dist/built-listings.js';

/** The SDK's Ajv validator (used only for elicitation answers) replaced by a form checker. */
const formValidator = {
  name: 'form-validator',
  setup(build) {
    build.onResolve({ filter: /validation\/ajv-provider\.js$/ }, () => ({ path: fileURLToPath(new URL('../src/tools/form-validator.ts', import.meta.url)) }));
  },
};

/**
 * Code the command never runs, left out of the start: zod re-exports the messages of every
 * language (`z.locales`, 260 KB of minified code that each start would parse) while it speaks
 * English unless configured otherwise, which we never do; and the SDK handles zod 3 schemas with
 * zod 3 itself and zod-to-json-schema, while every schema here is zod 4 (75 KB more).
 */
const unusedAtRuntime = {
  name: 'unused-at-runtime',
  setup(build) {
    build.onLoad({ filter: /[\\/]zod[\\/]v4[\\/]locales[\\/]index\.js$/ }, () => ({ contents: "export { default as en } from './en.js';", loader: 'js' }));
    const zod3Only = "() => { throw new Error('helpdesk-mcp takes zod 4 schemas only'); }";
    const stubs = { 'zod-to-json-schema': `export const zodToJsonSchema = ${zod3Only};`, 'zod/v3': `export const object = ${zod3Only};` };
    build.onResolve({ filter: /^(zod-to-json-schema|zod\/v3)$/ }, (args) =>
      args.importer.includes('@modelcontextprotocol') ? { path: args.path, namespace: 'unused-at-runtime' } : undefined,
    );
    build.onLoad({ filter: /.*/, namespace: 'unused-at-runtime' }, (args) => ({ contents: stubs[args.path], loader: 'js' }));
  },
};

/**
 * Bottleneck, our rate limiter, from its own CoffeeScript sources, which its package ships (src/),
 * compiled to the async functions Node has had since 8. Its lib/ is the same code put through
 * Babel for Node 6, each async function a generator driven by promise callbacks, and that
 * machinery was most of what the limiter cost a call: an in-process list_categories took 1.31 ms
 * of CPU with lib/ and 1.05 ms with the sources compiled (CONTRIBUTING.md, Bench). A module the
 * sources lack (none in 2.19.5) stays as lib/ has it; lib/ is what the library entry and the tests
 * load.
 */
const bottleneckFromSource = {
  name: 'bottleneck-from-source',
  setup(build) {
    build.onLoad({ filter: /[\\/]node_modules[\\/]bottleneck[\\/]lib[\\/][A-Za-z]+\.js$/ }, (args) => {
      const source = join(dirname(dirname(args.path)), 'src', `${args.path.split(/[\\/]/).at(-1).slice(0, -3)}.coffee`);
      if (!existsSync(source)) return undefined;
      const contents = CoffeeScript.compile(readFileSync(source, 'utf8'), { bare: true, filename: source });
      return { contents, loader: 'js', resolveDir: dirname(args.path) };
    });
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
  plugins: [formValidator, unusedAtRuntime, bottleneckFromSource],
  metafile: true,
  logLevel: 'warning',
});

writeFileSync('dist/bin/THIRD_PARTY_NOTICES.txt', thirdPartyNotices(Object.keys(metafile.inputs)));
writeFileSync(`dist/bin/chunks/${BUILT_LISTINGS_FILE}`, JSON.stringify(await toolListings()));

/**
 * Every provider's tools/list entries, computed now from the definitions the bundle holds (the
 * library build, tsc's output, from the same sources), so that a start converts no schema
 * (src/built-listings.ts reads them; test/cli/built-listings.test.ts checks they are current).
 */
async function toolListings() {
  const { providers } = await import('../dist/providers/index.js');
  const { listingEntry } = await import('../dist/tools/tool-listing.js');
  return Object.fromEntries(
    Object.entries(providers).map(([name, provider]) => [name, Object.fromEntries(provider.tools.map((tool) => [tool.name, listingEntry(tool)]))]),
  );
}

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
