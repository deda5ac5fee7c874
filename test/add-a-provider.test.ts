import { describe, expect, it, vi } from 'vitest';
import { PROVIDERS, type ProviderName } from '../src/config.js';
import { loadConfig, startSandbox } from '../src/embed.js';
import { connect } from './support/harness.js';
import { configParser } from './support/parse-config.js';
import { providerChecks } from './support/provider-checks.js';

// A provider is one folder and one registry line: Tinydesk (test/support/tinydesk/: its settings
// and its code) is registered here only, by the line a contributor would add to
// src/providers/registry.ts. Nothing else is edited, yet it is listed, its variables are read,
// its tool is served through its sandbox, and the checks every provider passes apply to it.

vi.mock('../src/providers/registry.js', async (importOriginal) => {
  const { REGISTRY } = await importOriginal<typeof import('../src/providers/registry.js')>();
  const { tinydeskSettings } = await import('./support/tinydesk/settings.js');
  return {
    REGISTRY: {
      ...REGISTRY,
      tinydesk: { settings: tinydeskSettings, load: async () => (await import('./support/tinydesk/index.js')).tinydeskProvider },
    },
  };
});

const tinydesk = 'tinydesk' as ProviderName;

describe('a provider added by one folder and one registry line', () => {
  it('is listed after the others', () => {
    expect(PROVIDERS).toEqual(['mava', 'omnidesk', 'inboxops', 'tinydesk']);
  });

  it('has its variables read, with its defaults', () => {
    expect(configParser(tinydesk).config([], { TINYDESK_API_KEY: 'k' }).api).toMatchObject({
      apiKey: 'k',
      baseUrl: 'https://api.tinydesk.example',
      rateLimit: { requests: 10, windowMs: 1_000 },
    });
    expect(configParser(tinydesk).errors([])).toEqual(['TINYDESK_API_KEY is not set: any key will do, or run with --sandbox to try the tools on seeded data.']);
  });

  it('serves its tool from its sandbox, through the client, limiter and HTTP', async () => {
    const sandbox = await startSandbox(loadConfig(['--provider', 'tinydesk', '--sandbox'], {}));
    const mcp = await connect(sandbox.config);
    try {
      const result = await mcp.call('count_tickets');
      expect(result).toMatchObject({ isError: false, text: '7 tickets.', structured: { count: 7 } });
    } finally {
      await mcp.close();
      await sandbox.close();
    }
  });

  it('has its tool explained by the others, and explains theirs, without editing their settings', () => {
    expect(configParser('mava').errors(['--sandbox', '--tools', 'count_tickets'])).toEqual([
      '--tools: count_tickets is not offered for Mava: only Tinydesk offers it.',
    ]);
    expect(configParser(tinydesk).errors(['--sandbox', '--tools', 'send_message,update_ticket'])).toEqual([
      "--tools: send_message is not offered for Tinydesk: Tinydesk's API cannot reach customers.",
      '--tools: update_ticket is not offered for Tinydesk: only Mava and InboxOps offer it.',
    ]);
  });
});

providerChecks(tinydesk);
