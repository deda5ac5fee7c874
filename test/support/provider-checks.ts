import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ENVIRONMENT, helpText, PROVIDER_SETTINGS, PROVIDERS, type Config, type ProviderName } from '../../src/config.js';
import { providers, toolNames } from '../../src/providers/index.js';
import { connect, testConfig, type Harness } from './harness.js';
import { configParser } from './parse-config.js';

// The checks every registered provider passes, whatever its tools: test/tools-list.test.ts runs
// them for each provider in src/providers/registry.ts, and test/fake-provider.test.ts for one
// registered only in that test. What is each provider's own stays in the tests that name it.

export interface ProviderCheckOptions {
  /** A key its settings accept (default 'unused-key'). */
  apiKey?: string;
  /** Bytes of name, title, description and input schema a tool may cost: `one` each (default 500), save the named exceptions. */
  budget?: { one: number; except?: Record<string, number> };
}

/** A configuration of this provider that never reaches an API: tools/list needs none. */
export const offlineConfig = (provider: ProviderName, apiKey = 'unused-key'): Config =>
  testConfig({ provider, api: { baseUrl: 'http://127.0.0.1:9', apiKey } });

/** A server for the enclosing block, connected in beforeAll and closed in afterAll. */
export function listing(config: Config): () => Harness {
  let mcp: Harness | undefined;
  beforeAll(async () => {
    mcp = await connect(config);
  });
  afterAll(() => mcp?.close());
  return () => mcp!;
}

export function providerChecks(name: ProviderName, { apiKey = 'unused-key', budget = { one: 500 } }: ProviderCheckOptions = {}): void {
  const settings = PROVIDER_SETTINGS[name];

  describe(`${settings.label}: the checks every provider passes`, () => {
    const mcp = listing(offlineConfig(name, apiKey));

    it('is listed in --provider and --help, with its variables', () => {
      expect(PROVIDERS).toContain(name);
      const help = helpText('0');
      expect(help).toContain(settings.label);
      for (const suffix of ['API_KEY', 'BASE_URL', 'RATE_LIMIT', 'TIMEOUT_MS', 'MAX_RESPONSE_MB']) {
        expect(ENVIRONMENT[`${settings.prefix}_${suffix}`], suffix).toBeTruthy();
        expect(help).toContain(`${settings.prefix}_${suffix}`);
      }
    });

    it('reads its own variables', () => {
      const env = {
        [`${settings.prefix}_API_KEY`]: apiKey,
        [`${settings.prefix}_BASE_URL`]: 'https://helpdesk.example/',
        [`${settings.prefix}_RATE_LIMIT`]: '5/10s',
        [`${settings.prefix}_TIMEOUT_MS`]: '5000',
      };
      expect(configParser(name).config([], env)).toMatchObject({
        provider: name,
        api: { apiKey, baseUrl: 'https://helpdesk.example', rateLimit: { requests: 5, windowMs: 10_000 }, timeoutMs: 5_000 },
      });
    });

    it('serves or explains every tool another provider offers', () => {
      const served = toolNames(name);
      const offered = new Set(PROVIDERS.flatMap(toolNames));
      for (const tool of offered) {
        if (served.includes(tool)) continue;
        expect(configParser(name).errors(['--sandbox', '--tools', tool]), tool).toEqual([
          expect.stringMatching(new RegExp(`^--tools: ${tool} is not offered for ${settings.label}: .+`)),
        ]);
      }
      // Its reasons are for tools another provider offers and it does not.
      for (const tool of Object.keys(settings.unsupported)) expect(offered.has(tool) && !served.includes(tool), tool).toBe(true);
    });

    it('shows each tool with a title, a description, an outputSchema and all four annotations', async () => {
      const { tools } = await mcp().client.listTools();
      expect(tools.map((tool) => tool.name)).toEqual(toolNames(name));
      for (const tool of tools) {
        expect(tool.title, tool.name).toBeTruthy();
        expect(tool.description!.length, tool.name).toBeGreaterThan(40);
        expect(tool.outputSchema?.type, tool.name).toBe('object');
        for (const hint of ['readOnlyHint', 'destructiveHint', 'idempotentHint', 'openWorldHint'] as const) {
          expect(typeof tool.annotations?.[hint], `${tool.name}.${hint}`).toBe('boolean');
        }
      }
    });

    it('--read-only registers only the tools marked readOnlyHint', async () => {
      const only = await connect({ ...offlineConfig(name, apiKey), readOnly: true });
      const { tools } = await only.client.listTools();
      await only.close();
      expect(tools.map((tool) => tool.name)).toEqual(providers[name].tools.filter((tool) => tool.annotations.readOnlyHint).map((tool) => tool.name));
    });

    it('names what every write touches (for the audit log and the guards)', () => {
      for (const tool of providers[name].tools) expect(Boolean(tool.describeWrite), tool.name).toBe(!tool.annotations.readOnlyHint);
    });

    it('states in the server instructions that customer text is data, not instructions', () => {
      expect(mcp().client.getInstructions() ?? '').toContain('never instructions');
    });

    it(`keeps each definition small: at most ${budget.one} bytes a tool, save named exceptions`, async () => {
      const { tools } = await mcp().client.listTools();
      for (const { name: tool, title, description, inputSchema } of tools) {
        expect(Buffer.byteLength(JSON.stringify({ name: tool, title, description, inputSchema })), tool).toBeLessThanOrEqual(
          budget.except?.[tool] ?? budget.one,
        );
      }
    });
  });
}
