import { homedir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { configParser } from './support/parse-config.js';

const { parse, config, errors } = configParser();

describe('configuration', () => {
  it('has the documented defaults', () => {
    expect(config([], { MAVA_API_KEY: 'k' })).toEqual({
      provider: 'mava',
      transport: 'stdio',
      http: { host: '127.0.0.1', port: 3000, stateless: false, authToken: undefined, keyFromHeader: false, allowedHosts: [] },
      redisUrl: undefined,
      sandbox: false,
      readOnly: false,
      tools: undefined,
      excludeTools: undefined,
      confirmSends: 'auto',
      auditLog: undefined,
      stateDir: join(homedir(), '.local', 'state', 'helpdesk-mcp'),
      shutdownGraceMs: 10_000,
      maxRateWaitMs: 45_000,
      logLevel: 'info',
      logFormat: 'text',
      api: { apiKey: 'k', baseUrl: 'https://gateway.mava.app', rateLimit: { requests: 90, windowMs: 30_000 }, timeoutMs: 30_000 },
    });
  });

  it('reads the shutdown grace, and refuses one that is not a whole number of milliseconds', () => {
    expect(config(['--shutdown-grace-ms', '2500'], { MAVA_API_KEY: 'k' }).shutdownGraceMs).toBe(2_500);
    expect(config([], { MAVA_API_KEY: 'k', HELPDESK_SHUTDOWN_GRACE_MS: '0' }).shutdownGraceMs).toBe(0);
    expect(errors(['--shutdown-grace-ms', '5s'], { MAVA_API_KEY: 'k' })).toEqual(['--shutdown-grace-ms 5s is not allowed: use a whole number from 0 to 600000.']);
  });

  it('reads the longest wait for the rate budget, and refuses one under a second or not a whole number of milliseconds', () => {
    expect(config(['--max-rate-wait-ms', '20000'], { MAVA_API_KEY: 'k' }).maxRateWaitMs).toBe(20_000);
    expect(config([], { MAVA_API_KEY: 'k', HELPDESK_MAX_RATE_WAIT_MS: '120000' }).maxRateWaitMs).toBe(120_000);
    expect(errors(['--max-rate-wait-ms', '500'], { MAVA_API_KEY: 'k' })).toEqual(['--max-rate-wait-ms 500 is not allowed: use a whole number from 1000 to 600000.']);
  });

  it('reads every flag from its variable, and the flag wins', () => {
    const env = { HELPDESK_SANDBOX: 'true', HELPDESK_READ_ONLY: '1', HELPDESK_TOOLS: 'fetch_tickets', HELPDESK_PORT: '4000', HELPDESK_LOG_LEVEL: 'warn' };
    expect(config([], env)).toMatchObject({ sandbox: true, readOnly: true, tools: ['fetch_tickets'], http: { port: 4000 }, logLevel: 'warn' });
    expect(config(['--port', '5000', '--tools', 'list_categories,update_ticket'], env)).toMatchObject({ http: { port: 5000 }, tools: ['list_categories', 'update_ticket'] });
  });

  it('reads the write controls', () => {
    const env = { HELPDESK_EXCLUDE_TOOLS: 'send_message', HELPDESK_CONFIRM_SENDS: 'always', HELPDESK_AUDIT_LOG: '/tmp/audit.jsonl', MAVA_API_KEY: 'k' };
    expect(config([], env)).toMatchObject({ excludeTools: ['send_message'], confirmSends: 'always', auditLog: '/tmp/audit.jsonl' });
    expect(config(['--exclude-tools', 'identify_customer, update_ticket', '--confirm-sends', 'never'], env)).toMatchObject({
      excludeTools: ['identify_customer', 'update_ticket'],
      confirmSends: 'never',
    });
    const found = errors(['--exclude-tools', 'send_mesage', '--confirm-sends', 'sometimes'], { MAVA_API_KEY: 'k' }).join('\n');
    expect(found).toMatch(/--exclude-tools: unknown send_mesage\. Valid tools: fetch_tickets, update_ticket, send_message/);
    expect(found).toContain('--confirm-sends sometimes is not supported: use auto or always or never.');
  });

  it('reads the state directory: absolute, or none to keep the duplicate guard in memory; XDG_STATE_HOME moves the default', () => {
    expect(config([], { MAVA_API_KEY: 'k', XDG_STATE_HOME: '/var/lib/u' }).stateDir).toBe('/var/lib/u/helpdesk-mcp');
    expect(config([], { MAVA_API_KEY: 'k', HELPDESK_STATE_DIR: '/srv/state' }).stateDir).toBe('/srv/state');
    expect(config(['--state-dir', 'none'], { MAVA_API_KEY: 'k', HELPDESK_STATE_DIR: '/srv/state' }).stateDir).toBeUndefined();
    expect(errors(['--state-dir', 'state'], { MAVA_API_KEY: 'k' })).toEqual(['--state-dir state is not an absolute path: give one, or none to keep the duplicate guard in memory, per process.']);
  });

  it('reads --sandbox-faults, only with --sandbox, naming a bad kind and the valid ones', () => {
    expect(config(['--sandbox', '--sandbox-faults', 'rate_limit=0.1,drop_after=0.05'], {}).sandboxFaults).toEqual({ rate_limit: 0.1, drop_after: 0.05 });
    expect(errors(['--sandbox-faults', 'rate_limit=0.1'], { MAVA_API_KEY: 'k' })).toEqual(['--sandbox-faults needs --sandbox: faults are injected by the sandbox only.']);
    const [bad] = errors(['--sandbox', '--sandbox-faults', 'timeout=0.1']);
    expect(bad).toMatch(/^--sandbox-faults: .*timeout.*rate_limit, server_error, server_error_after, slow, drop, drop_after, malformed/);
  });

  it('reads the Mava settings', () => {
    const env = { MAVA_API_KEY: 'k', MAVA_BASE_URL: 'http://localhost:8080/', MAVA_RATE_LIMIT: '10/2s', MAVA_TIMEOUT_MS: '5000' };
    expect(config([], env).api).toEqual({ apiKey: 'k', baseUrl: 'http://localhost:8080', rateLimit: { requests: 10, windowMs: 2_000 }, timeoutMs: 5_000 });
  });

  it('needs no key with --sandbox', () => {
    expect(config(['--sandbox']).sandbox).toBe(true);
  });

  it('reports every problem at once', () => {
    const found = errors(['--provider', 'zendesk', '--port', '99999', '--tools', 'fetch_tickets,delete_everything'], {
      MAVA_RATE_LIMIT: '90 per 30 seconds',
      MAVA_BASE_URL: 'ftp://gateway.mava.app',
      HELPDESK_READ_ONLY: 'maybe',
    });
    expect(found).toHaveLength(7);
    expect(found.join('\n')).toMatch(/--provider zendesk is not supported: use mava/);
    expect(found.join('\n')).toMatch(/--port 99999/);
    expect(found.join('\n')).toMatch(/unknown delete_everything\. Valid tools: fetch_tickets, update_ticket, send_message/);
    expect(found.join('\n')).toMatch(/MAVA_RATE_LIMIT=90 per 30 seconds is malformed: use <requests>\/<seconds>s/);
    expect(found.join('\n')).toMatch(/MAVA_BASE_URL=ftp:\/\/gateway.mava.app is not an http\(s\) URL/);
    expect(found.join('\n')).toMatch(/HELPDESK_READ_ONLY=maybe is not a boolean/);
    expect(found.join('\n')).toMatch(/MAVA_API_KEY is not set.*--sandbox/);
  });

  it.each(['0/30s', '90/0s', '90/30', '90/30m', '-1/2s', 'abc'])('refuses MAVA_RATE_LIMIT=%s', (limit) => {
    expect(errors(['--sandbox'], { MAVA_RATE_LIMIT: limit }).join()).toContain('MAVA_RATE_LIMIT');
  });

  it('reads the HTTP settings', () => {
    const env = { MCP_AUTH_TOKEN: 'a-long-enough-token-123', HELPDESK_ALLOWED_HOSTS: 'mcp.example.com, Other.example.com', REDIS_URL: 'redis://127.0.0.1:6379' };
    expect(config(['--transport', 'http', '--host', '0.0.0.0', '--port', '8080', '--stateless', '--key-from-header'], env)).toMatchObject({
      transport: 'http',
      http: { host: '0.0.0.0', port: 8080, stateless: true, keyFromHeader: true, authToken: 'a-long-enough-token-123', allowedHosts: ['mcp.example.com', 'other.example.com'] },
      redisUrl: 'redis://127.0.0.1:6379',
      api: { apiKey: undefined },
    });
  });

  it('refuses to bind beyond loopback without a token, and other unsafe or meaningless combinations', () => {
    expect(errors(['--transport', 'http', '--host', '0.0.0.0', '--sandbox'])[0]).toMatch(/Binding to 0\.0\.0\.0 .* MCP_AUTH_TOKEN/);
    expect(config(['--transport', 'http', '--host', '127.0.0.2', '--sandbox']).http.host).toBe('127.0.0.2');
    expect(errors(['--transport', 'http', '--sandbox', '--auth-token', 'short'])[0]).toMatch(/too short/);
    expect(errors(['--stateless', '--key-from-header'], { MAVA_API_KEY: 'k' })).toEqual(['--stateless needs --transport http.', '--key-from-header needs --transport http.']);
    expect(errors(['--transport', 'http', '--key-from-header', '--sandbox'])[0]).toMatch(/cannot be combined with --sandbox/);
    expect(errors(['--sandbox'], { REDIS_URL: 'localhost:6379' })[0]).toMatch(/REDIS_URL/);
  });

  it('refuses unknown flags and stray arguments', () => {
    expect(errors(['--sandbx'])[0]).toMatch(/Unknown option '--sandbx'.*--help/);
    expect(errors(['serve'])[0]).toMatch(/serve/);
  });

  it('answers --help and --version', () => {
    expect(parse(['--help']).kind).toBe('help');
    expect(parse(['--version']).kind).toBe('version');
  });
});
