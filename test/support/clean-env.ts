/** This process's environment without any variable the server reads (nor those matching `alsoDrop`): a spawned server sees only what a test gives it. */
export function cleanEnv(alsoDrop?: RegExp): Record<string, string> {
  const dropped = (name: string) => /^(MAVA_|OMNIDESK_|INBOXOPS_|HELPDESK_|MCP_|REDIS_)/.test(name) || (alsoDrop?.test(name) ?? false);
  return Object.fromEntries(Object.entries(process.env).filter(([name, value]) => value !== undefined && !dropped(name))) as Record<string, string>;
}
