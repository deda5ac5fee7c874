import { describe, expect, it } from 'vitest';
import { ENVIRONMENT } from '../../src/config.js';
import { configParser } from '../support/parse-config.js';

const { config, errors } = configParser('inboxops');

describe('InboxOps configuration', () => {
  it('reads INBOXOPS_* with the documented defaults: app.inboxops.app, 100 per 60 s', () => {
    expect(config([], { INBOXOPS_API_KEY: 'ixk_live_abcdef123456' }).api).toEqual({
      apiKey: 'ixk_live_abcdef123456',
      baseUrl: 'https://app.inboxops.app',
      rateLimit: { requests: 100, windowMs: 60_000 },
      timeoutMs: 30_000,
    });
    const env = {
      INBOXOPS_API_KEY: 'ixk_live_abcdef123456',
      INBOXOPS_BASE_URL: 'https://acme.inboxops.app/',
      INBOXOPS_RATE_LIMIT: '50/60s',
      INBOXOPS_TIMEOUT_MS: '5000',
    };
    expect(config([], env).api).toMatchObject({ baseUrl: 'https://acme.inboxops.app', rateLimit: { requests: 50, windowMs: 60_000 }, timeoutMs: 5_000 });
    expect(config([], { HELPDESK_PROVIDER: 'mava', INBOXOPS_API_KEY: 'ixk_live_abcdef123456' }).provider).toBe('inboxops');
  });

  it('takes any key that starts with ixk_, the only rule InboxOps publishes', () => {
    for (const key of ['ixk_1', 'ixk_short', 'ixk_a.b+c/d=']) expect(config([], { INBOXOPS_API_KEY: key }).api.apiKey).toBe(key);
  });

  it('refuses a key without the ixk_ prefix, and a missing key, at start-up', () => {
    expect(errors([], { INBOXOPS_API_KEY: 'abc' })).toEqual(['INBOXOPS_API_KEY is not an API key for InboxOps: an InboxOps key starts with ixk_.']);
    expect(errors([])[0]).toMatch(/^INBOXOPS_API_KEY is not set: .*ixk_.*--sandbox/);
    expect(errors([], { MAVA_API_KEY: 'mava-key' })[0]).toMatch(/^INBOXOPS_API_KEY is not set/);
  });

  it('needs no key with --sandbox', () => {
    expect(config(['--sandbox']).sandbox).toBe(true);
  });

  it('explains that InboxOps forbids outbound replies when send_message is named', () => {
    const [sendMessage] = errors(['--sandbox', '--tools', 'fetch_tickets,send_message']);
    expect(sendMessage).toBe(
      "--tools: send_message is not offered for InboxOps: InboxOps's API does not allow outbound replies: it only adds internal notes (use add_internal_note, and send the reply from InboxOps).",
    );
    expect(errors(['--sandbox', '--exclude-tools', 'list_categories'])[0]).toContain("InboxOps's API has no category list");
    expect(config(['--sandbox', '--tools', 'add_internal_note,fetch_tickets']).tools).toEqual(['add_internal_note', 'fetch_tickets']);
  });

  it('lists the InboxOps variables in the help', () => {
    for (const name of ['INBOXOPS_API_KEY', 'INBOXOPS_BASE_URL', 'INBOXOPS_RATE_LIMIT', 'INBOXOPS_TIMEOUT_MS']) expect(ENVIRONMENT[name], name).toBeTruthy();
    expect(ENVIRONMENT.INBOXOPS_RATE_LIMIT).toContain('default 100/60s');
  });
});
