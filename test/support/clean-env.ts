import { randomUUID } from 'node:crypto';
import { rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll } from 'vitest';

/** The state directories handed out in this test file, removed after its last test (and its own afterAll hooks). */
const STATE_ROOT = join(tmpdir(), `helpdesk-mcp-test-state-${randomUUID()}`);
let stateDirs = 0;
afterAll(() => rm(STATE_ROOT, { recursive: true, force: true }));

/**
 * This process's environment without any variable the server reads (nor those matching `alsoDrop`):
 * a spawned server sees only what a test gives it. Each call also names a state directory of its
 * own in a temp dir (created by the server if it writes there), so a spawned server never writes to
 * the real home, and servers share a duplicate guard only where a test gives them one directory.
 */
export function cleanEnv(alsoDrop?: RegExp): Record<string, string> {
  const dropped = (name: string) => /^(MAVA_|OMNIDESK_|INBOXOPS_|HELPDESK_|MCP_|REDIS_)/.test(name) || (alsoDrop?.test(name) ?? false);
  const kept = Object.entries(process.env).filter(([name, value]) => value !== undefined && !dropped(name));
  return { ...(Object.fromEntries(kept) as Record<string, string>), HELPDESK_STATE_DIR: join(STATE_ROOT, String(++stateDirs)) };
}
