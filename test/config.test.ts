import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
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
    expect(errors(['--shutdown-grace-ms', '5s'], { MAVA_API_KEY: 'k' })).toEqual([
      '--shutdown-grace-ms 5s is not allowed: use a whole number from 0 to 600000.',
    ]);
  });

  it('reads the longest wait for the rate budget, and refuses one under a second or not a whole number of milliseconds', () => {
    expect(config(['--max-rate-wait-ms', '20000'], { MAVA_API_KEY: 'k' }).maxRateWaitMs).toBe(20_000);
    expect(config([], { MAVA_API_KEY: 'k', HELPDESK_MAX_RATE_WAIT_MS: '120000' }).maxRateWaitMs).toBe(120_000);
    expect(errors(['--max-rate-wait-ms', '500'], { MAVA_API_KEY: 'k' })).toEqual([
      '--max-rate-wait-ms 500 is not allowed: use a whole number from 1000 to 600000.',
    ]);
  });

  it('reads every flag from its variable, and the flag wins', () => {
    const env = { HELPDESK_SANDBOX: 'true', HELPDESK_READ_ONLY: '1', HELPDESK_TOOLS: 'fetch_tickets', HELPDESK_PORT: '4000', HELPDESK_LOG_LEVEL: 'warn' };
    expect(config([], env)).toMatchObject({ sandbox: true, readOnly: true, tools: ['fetch_tickets'], http: { port: 4000 }, logLevel: 'warn' });
    expect(config(['--port', '5000', '--tools', 'list_categories,update_ticket'], env)).toMatchObject({
      http: { port: 5000 },
      tools: ['list_categories', 'update_ticket'],
    });
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
    expect(errors(['--state-dir', 'state'], { MAVA_API_KEY: 'k' })).toEqual([
      '--state-dir state is not an absolute path: give one, or none to keep the duplicate guard in memory, per process.',
    ]);
  });

  it('reads --sandbox-faults, only with --sandbox, naming a bad kind and the valid ones', () => {
    expect(config(['--sandbox', '--sandbox-faults', 'rate_limit=0.1,drop_after=0.05'], {}).sandboxFaults).toEqual({ rate_limit: 0.1, drop_after: 0.05 });
    expect(errors(['--sandbox-faults', 'rate_limit=0.1'], { MAVA_API_KEY: 'k' })).toEqual([
      '--sandbox-faults needs --sandbox: faults are injected by the sandbox only.',
    ]);
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
    const env = {
      MCP_AUTH_TOKEN: 'a-long-enough-token-123',
      HELPDESK_ALLOWED_HOSTS: 'mcp.example.com, Other.example.com',
      REDIS_URL: 'redis://127.0.0.1:6379',
    };
    expect(config(['--transport', 'http', '--host', '0.0.0.0', '--port', '8080', '--stateless', '--key-from-header'], env)).toMatchObject({
      transport: 'http',
      http: {
        host: '0.0.0.0',
        port: 8080,
        stateless: true,
        keyFromHeader: true,
        authToken: 'a-long-enough-token-123',
        allowedHosts: ['mcp.example.com', 'other.example.com'],
      },
      redisUrl: 'redis://127.0.0.1:6379',
      api: { apiKey: undefined },
    });
  });

  it('refuses to bind beyond loopback without a token, and other unsafe or meaningless combinations', () => {
    expect(errors(['--transport', 'http', '--host', '0.0.0.0', '--sandbox'])[0]).toMatch(/Binding to 0\.0\.0\.0 .* MCP_AUTH_TOKEN/);
    expect(config(['--transport', 'http', '--host', '127.0.0.2', '--sandbox']).http.host).toBe('127.0.0.2');
    expect(errors(['--transport', 'http', '--sandbox', '--auth-token', 'short'])[0]).toMatch(/too short/);
    expect(errors(['--stateless', '--key-from-header'], { MAVA_API_KEY: 'k' })).toEqual([
      '--stateless needs --transport http.',
      '--key-from-header needs --transport http.',
    ]);
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

describe('sign-in configuration', () => {
  const ISSUER = 'https://idp.example.com/oauth2/default';
  const http = ['--transport', 'http', '--sandbox'];
  const dirs: string[] = [];
  afterAll(() => dirs.forEach((dir) => rmSync(dir, { recursive: true, force: true })));
  const tokensFile = (content: unknown) => {
    dirs.push(mkdtempSync(join(tmpdir(), 'tokens-')));
    const path = join(dirs.at(-1)!, 'tokens.json');
    writeFileSync(path, typeof content === 'string' ? content : JSON.stringify(content));
    return path;
  };
  const HASH = 'ab'.repeat(32);

  it('reads the OAuth flags and variables, with the default scope names', () => {
    expect(config([...http, '--oauth-issuer', ISSUER, '--host', '0.0.0.0', '--public-url', 'https://mcp.example.com/mcp']).http).toMatchObject({
      host: '0.0.0.0',
      publicUrl: 'https://mcp.example.com/mcp',
      auth: {
        scopes: { read: 'helpdesk:read', write: 'helpdesk:write', send: 'helpdesk:send' },
        oauth: { issuer: ISSUER, audience: undefined, introspection: undefined },
      },
    });
    const env = {
      HELPDESK_OAUTH_ISSUER: ISSUER,
      HELPDESK_OAUTH_AUDIENCE: 'api://helpdesk',
      HELPDESK_OAUTH_SCOPES: 'read=helpdesk.read, send=helpdesk.send',
      HELPDESK_OAUTH_CLIENT_ID: 'helpdesk-mcp',
      HELPDESK_OAUTH_CLIENT_SECRET: 'a-client-secret',
    };
    expect(config(http, env).http.auth).toEqual({
      scopes: { read: 'helpdesk.read', write: 'helpdesk:write', send: 'helpdesk.send' },
      oauth: { issuer: ISSUER, audience: 'api://helpdesk', introspection: { clientId: 'helpdesk-mcp', clientSecret: 'a-client-secret' } },
    });
  });

  it('reads a tokens file: names, digests and scopes', () => {
    const path = tokensFile({ callers: [{ name: 'alice', sha256: HASH.toUpperCase(), scopes: ['helpdesk:read'] }] });
    expect(config([...http, '--tokens-file', path, '--host', '0.0.0.0']).http.auth).toEqual({
      scopes: { read: 'helpdesk:read', write: 'helpdesk:write', send: 'helpdesk:send' },
      callers: [{ name: 'alice', sha256: Buffer.from(HASH, 'hex'), scopes: ['helpdesk:read'] }],
    });
  });

  it('refuses to start with two ways of signing in (ambiguous), or off loopback with none', () => {
    const path = tokensFile({ callers: [{ name: 'alice', sha256: HASH, scopes: ['helpdesk:read'] }] });
    const token = { MCP_AUTH_TOKEN: 'a-long-enough-token-123' };
    expect(errors([...http, '--oauth-issuer', ISSUER], token)).toEqual([
      '--oauth-issuer and MCP_AUTH_TOKEN (--auth-token) are ambiguous together: choose one way for callers to sign in.',
    ]);
    expect(errors([...http, '--oauth-issuer', ISSUER, '--tokens-file', path])).toEqual([
      '--oauth-issuer and --tokens-file are ambiguous together: choose one way for callers to sign in.',
    ]);
    expect(errors([...http, '--tokens-file', path], token)).toEqual([
      'MCP_AUTH_TOKEN (--auth-token) and --tokens-file are ambiguous together: choose one way for callers to sign in.',
    ]);
    expect(errors([...http, '--host', '0.0.0.0'])[0]).toMatch(/Binding to 0\.0\.0\.0 .* MCP_AUTH_TOKEN \(--auth-token\), --oauth-issuer or --tokens-file/);
  });

  it('refuses flags that cannot work, naming the flag and what is allowed', () => {
    expect(errors(['--sandbox', '--oauth-issuer', ISSUER, '--tokens-file', '/x', '--public-url', 'https://mcp.example.com/mcp'])).toEqual(
      expect.arrayContaining(['--oauth-issuer needs --transport http.', '--tokens-file needs --transport http.', '--public-url needs --transport http.']),
    );
    expect(errors([...http, '--oauth-issuer', 'http://idp.example.com'])).toEqual([
      '--oauth-issuer http://idp.example.com is not an https URL (http only on loopback, for a test issuer).',
    ]);
    expect(config([...http, '--oauth-issuer', 'http://127.0.0.1:9000']).http.auth?.oauth?.issuer).toBe('http://127.0.0.1:9000');
    expect(errors([...http, '--oauth-issuer', ISSUER, '--host', '0.0.0.0'])).toEqual([
      '--oauth-issuer on 0.0.0.0 needs --public-url: the URL clients use for /mcp, which tokens are issued for.',
    ]);
    expect(errors([...http, '--oauth-audience', 'api://x'])).toEqual(['--oauth-audience needs --oauth-issuer.']);
    expect(errors([...http, '--oauth-scopes', 'read=r'])).toEqual(['--oauth-scopes needs --oauth-issuer or --tokens-file.']);
    expect(errors([...http, '--oauth-issuer', ISSUER, '--oauth-scopes', 'admin=x'])[0]).toMatch(
      /--oauth-scopes: "admin=x" is not <kind>=<scope name>: use read=, write= and send=/,
    );
    expect(errors([...http, '--oauth-issuer', ISSUER, '--oauth-scopes', 'read=same,write=same'])[0]).toMatch(/each kind needs a scope of its own/);
    expect(errors([...http, '--oauth-issuer', ISSUER, '--oauth-scopes', 'read=a"b'])[0]).toMatch(/is not <kind>=<scope name>/);
    expect(errors([...http, '--oauth-issuer', ISSUER, '--public-url', 'mcp.example.com'])[0]).toMatch(/--public-url mcp\.example\.com is not an http\(s\) URL/);
    expect(errors([...http, '--oauth-issuer', ISSUER], { HELPDESK_OAUTH_CLIENT_ID: 'id' })).toEqual([
      'HELPDESK_OAUTH_CLIENT_ID and HELPDESK_OAUTH_CLIENT_SECRET go together: set both for token introspection, or neither.',
    ]);
    expect(errors(http, { HELPDESK_OAUTH_CLIENT_ID: 'id', HELPDESK_OAUTH_CLIENT_SECRET: 'secret' })[0]).toMatch(/need --oauth-issuer/);
  });

  it('refuses a tokens file that is missing, not JSON, or wrong in any entry, naming the entry and field', () => {
    expect(errors([...http, '--tokens-file', '/nonexistent/tokens.json'])).toEqual([
      expect.stringMatching(/^--tokens-file \/nonexistent\/tokens\.json cannot be read \(ENOENT\)/),
    ]);
    expect(errors([...http, '--tokens-file', tokensFile('{not json')])[0]).toMatch(/is not valid JSON/);
    expect(errors([...http, '--tokens-file', tokensFile({ callers: [] })])[0]).toMatch(/"callers" must be a non-empty array/);
    const found = errors([
      ...http,
      '--tokens-file',
      tokensFile({
        callers: [
          { name: '', sha256: 'xyz', scopes: ['helpdesk:admin'] },
          { name: 'bob', sha256: HASH, scopes: [] },
        ],
      }),
    ]);
    expect(found).toEqual([
      expect.stringMatching(/callers\[0\]\.name must be a non-empty string\.$/),
      expect.stringMatching(/callers\[0\]\.sha256 must be 64 hex digits: printf %s "\$TOKEN" \| sha256sum$/),
      expect.stringMatching(/callers\[0\]\.scopes: "helpdesk:admin" is not one of helpdesk:read, helpdesk:write, helpdesk:send\.$/),
      expect.stringMatching(/callers\[1\]\.scopes must list one or more of/),
    ]);
    const twice = { name: 'alice', sha256: HASH, scopes: ['helpdesk:read'] };
    expect(errors([...http, '--tokens-file', tokensFile({ callers: [twice, { ...twice, name: 'carol' }] })])).toEqual([
      expect.stringMatching(/callers\[1\]\.sha256 is also another caller's/),
    ]);
    expect(errors([...http, '--tokens-file', tokensFile({ callers: [twice, { ...twice, sha256: 'cd'.repeat(32) }] })])).toEqual([
      expect.stringMatching(/callers\[1\]\.name "alice" is given twice/),
    ]);
  });
});
