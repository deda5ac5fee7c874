import { describe, expect, it } from 'vitest';
import { ENVIRONMENT, helpText } from '../../src/config.js';
import { configParser } from '../support/parse-config.js';

const { config, errors } = configParser('omnidesk');

describe('Omnidesk configuration', () => {
  it("reads OMNIDESK_*: the key, the account's own base URL, the conservative default limit 60/60s", () => {
    expect(config([], { OMNIDESK_API_KEY: 'k', OMNIDESK_BASE_URL: 'https://acme.omnidesk.io/' }).api).toEqual({
      apiKey: 'k',
      baseUrl: 'https://acme.omnidesk.io',
      rateLimit: { requests: 60, windowMs: 60_000 },
      timeoutMs: 30_000,
    });
    const env = { OMNIDESK_API_KEY: 'k', OMNIDESK_BASE_URL: 'https://acme.omnidesk.io', OMNIDESK_RATE_LIMIT: '30/10s', OMNIDESK_TIMEOUT_MS: '5000' };
    expect(config([], env).api).toMatchObject({ rateLimit: { requests: 30, windowMs: 10_000 }, timeoutMs: 5_000 });
  });

  it("ignores the other providers' variables", () => {
    expect(errors([], { MAVA_API_KEY: 'k', MAVA_BASE_URL: 'https://gateway.mava.app' })).toHaveLength(2);
  });

  it('needs neither key nor base URL with --sandbox', () => {
    expect(config(['--sandbox'])).toMatchObject({ provider: 'omnidesk', sandbox: true, api: { apiKey: undefined, baseUrl: '' } });
  });

  it('reports the missing key and the missing base URL at once, and a bad URL', () => {
    const [key, url] = errors([]);
    expect(key).toMatch(/^OMNIDESK_API_KEY is not set: create a key in Omnidesk .*MESSAGE_CREATE.*--sandbox/);
    expect(url).toBe('OMNIDESK_BASE_URL is not set: each Omnidesk account has its own (its web address), or run with --sandbox.');
    expect(errors([], { OMNIDESK_API_KEY: 'k', OMNIDESK_BASE_URL: 'acme.omnidesk.io' })).toEqual(['OMNIDESK_BASE_URL=acme.omnidesk.io is not an http(s) URL.']);
  });

  it("explains each tool Omnidesk's API cannot support, and lists the valid ones for a typo", () => {
    const found = errors(['--sandbox', '--tools', 'update_ticket,add_internal_note,fetch_ticket']).join('\n');
    expect(found).toContain(
      "--tools: update_ticket is not offered for Omnidesk: Omnidesk's documented API has no endpoint that changes a ticket's status, priority or category.",
    );
    expect(found).toContain("--tools: add_internal_note is not offered for Omnidesk: Omnidesk's documented API has no internal-note endpoint.");
    expect(found).toContain('--tools: unknown fetch_ticket. Valid tools: fetch_tickets, send_message, create_ticket.');
    expect(config(['--sandbox', '--tools', 'create_ticket,fetch_tickets']).tools).toEqual(['create_ticket', 'fetch_tickets']);
  });

  it('documents its variables in --help', () => {
    for (const name of ['OMNIDESK_API_KEY', 'OMNIDESK_BASE_URL', 'OMNIDESK_RATE_LIMIT', 'OMNIDESK_TIMEOUT_MS']) {
      expect(ENVIRONMENT[name], name).toBeTruthy();
      expect(helpText('0')).toContain(name);
    }
    expect(ENVIRONMENT.OMNIDESK_RATE_LIMIT).toContain('default 60/60s: Omnidesk publishes no limit');
  });
});
