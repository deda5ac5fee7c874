// Packs the built command into an MCP Bundle (.mcpb) for Claude Desktop: node scripts/mcpb.mjs [--out dir].
// dist/bin is one esbuild bundle with every dependency inside, so the bundle needs no
// node_modules. This only reads dist/ (`npm run bundle` builds first): tests run dist/bin meanwhile.
import { cpSync, existsSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { packExtension } from '@anthropic-ai/mcpb';
import pkg from '../package.json' with { type: 'json' };

const root = resolve(import.meta.dirname, '..');
const { values } = parseArgs({ options: { out: { type: 'string', default: join(root, 'build') } } });
if (!existsSync(join(root, 'dist/bin/helpdesk-mcp.js'))) throw new Error('dist/bin/helpdesk-mcp.js is missing: run npm run build first.');

// The tool list and settings come from the build, so the manifest cannot drift from the server.
const { PROVIDERS, PROVIDER_SETTINGS } = await import('../dist/config.js');
const { providers } = await import('../dist/providers/index.js');
const { CONFIRM_MODES } = await import('../dist/safety/confirm-send.js');
const { LOG_LEVELS } = await import('../dist/log.js');
const settings = PROVIDERS.map((name) => PROVIDER_SETTINGS[name]);

/** Every provider's tools; a tool not every provider offers says which do. */
function tools() {
  const byName = new Map();
  for (const [i, name] of PROVIDERS.entries()) {
    for (const tool of providers[name].tools) {
      const entry = byName.get(tool.name) ?? { description: tool.description, labels: [] };
      entry.labels.push(settings[i].label);
      byName.set(tool.name, entry);
    }
  }
  return [...byName].map(([name, { description, labels }]) => ({
    name,
    description: labels.length === PROVIDERS.length ? description : `${description} (${labels.join(', ')} only)`,
  }));
}

const option = (type, title, description, extra = {}) => ({ type, title, description, required: false, ...extra });
const defaultUrls = settings.filter((p) => p.defaultBaseUrl).map((p) => `${p.label} ${p.defaultBaseUrl}`);

const manifest = {
  manifest_version: '0.3',
  name: pkg.name,
  display_name: 'Helpdesk MCP',
  version: pkg.version,
  description: pkg.description,
  author: { name: 'helpdesk-mcp contributors' },
  license: pkg.license,
  keywords: ['helpdesk', 'customer support', 'tickets', ...PROVIDERS],
  server: {
    type: 'node',
    entry_point: 'server/helpdesk-mcp.js',
    mcp_config: {
      command: 'node',
      args: ['${__dirname}/server/helpdesk-mcp.js'],
      // The server reads only the chosen provider's key and URL, and takes empty values as unset.
      env: {
        HELPDESK_PROVIDER: '${user_config.provider}',
        HELPDESK_SANDBOX: '${user_config.sandbox}',
        HELPDESK_READ_ONLY: '${user_config.read_only}',
        HELPDESK_CONFIRM_SENDS: '${user_config.confirm_sends}',
        HELPDESK_EXCLUDE_TOOLS: '${user_config.exclude_tools}',
        HELPDESK_LOG_LEVEL: '${user_config.log_level}',
        ...Object.fromEntries(
          settings.flatMap(({ prefix }) => [
            [`${prefix}_API_KEY`, '${user_config.api_key}'],
            [`${prefix}_BASE_URL`, '${user_config.base_url}'],
          ]),
        ),
      },
    },
  },
  tools: tools(),
  prompts_generated: true,
  compatibility: { platforms: ['darwin', 'win32', 'linux'], runtimes: { node: pkg.engines.node } },
  // Every option has a default: a host leaves `${user_config.x}` as it is when x has no value.
  user_config: {
    api_key: option(
      'string',
      'API key',
      `Your helpdesk's API key; it becomes ${settings.map((p) => `${p.prefix}_API_KEY`).join(', ')} (the chosen provider's is read). Not needed with the sandbox.`,
      { sensitive: true, default: '' },
    ),
    provider: option('string', 'Provider', `Helpdesk to serve: ${PROVIDERS.join('|')}.`, { default: 'mava' }),
    base_url: option(
      'string',
      'API base URL',
      `Your helpdesk's API origin. Empty: the default (${defaultUrls.join(', ')}). Omnidesk needs its account's own URL.`,
      { default: '' },
    ),
    sandbox: option('boolean', 'Sandbox', 'Serve a built-in sandbox with seeded tickets instead of the real API: no key needed, nothing leaves this machine.', {
      default: false,
    }),
    read_only: option('boolean', 'Read only', 'Register only the tools that read.', { default: false }),
    confirm_sends: option(
      'string',
      'Confirm customer messages',
      `${CONFIRM_MODES.join('|')}. auto: you confirm each message to a customer when the client can ask; always: refuse to send where it cannot; never: do not ask.`,
      { default: 'auto' },
    ),
    exclude_tools: option('string', 'Excluded tools', 'Comma-separated tool names never to register, e.g. send_message.', { default: '' }),
    log_level: option(
      'string',
      'Log level',
      `${LOG_LEVELS.join('|')}: what goes to Claude Desktop's log of this server (one line per tool call at info; never keys or message text).`,
      { default: 'info' },
    ),
  },
};

const staging = join(resolve(values.out), `${pkg.name}-${pkg.version}`);
const bundle = `${staging}.mcpb`;
rmSync(staging, { recursive: true, force: true });
cpSync(join(root, 'dist/bin'), join(staging, 'server'), { recursive: true, filter: (path) => !path.endsWith('.map') });
for (const file of ['README.md', 'LICENSE']) cpSync(join(root, file), join(staging, 'server', file));
// The bundle is ESM in .js files: without this, Node before 20.19 would load it as CommonJS.
writeFileSync(join(staging, 'server/package.json'), `${JSON.stringify({ type: 'module' })}\n`);
writeFileSync(join(staging, 'manifest.json'), `${JSON.stringify(manifest, null, 2)}\n`);

// packExtension validates the manifest against the 0.3 schema first, and packs nothing if it fails.
if (!(await packExtension({ extensionPath: staging, outputPath: bundle }))) process.exit(1);
console.log(`${bundle} (${statSync(bundle).size} bytes)`);
