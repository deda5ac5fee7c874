import { homedir } from 'node:os';
import { posix, win32 } from 'node:path';

/** `--state-dir none`: no state directory; each process keeps its duplicate guard in memory. */
export const NO_STATE_DIR = 'none';

/**
 * Where the processes of one OS user keep what they share on this machine (the duplicate guard's
 * ledger): `%LOCALAPPDATA%\helpdesk-mcp` on Windows, else `$XDG_STATE_HOME/helpdesk-mcp`, or
 * `~/.local/state/helpdesk-mcp` without it (macOS included: one place for every Unix).
 */
export function defaultStateDir(env: Record<string, string | undefined>, platform: NodeJS.Platform = process.platform, home = homedir()): string {
  if (platform === 'win32') return win32.join(env.LOCALAPPDATA || win32.join(home, 'AppData', 'Local'), 'helpdesk-mcp');
  // The XDG spec ignores a relative XDG_STATE_HOME.
  const xdg = env.XDG_STATE_HOME;
  return posix.join(xdg && posix.isAbsolute(xdg) ? xdg : posix.join(home, '.local', 'state'), 'helpdesk-mcp');
}
