import { LATEST_PROTOCOL_VERSION } from '@modelcontextprotocol/sdk/types.js';

export interface BearerSession {
  sessionId: string;
  /** POSTs one JSON-RPC message (or a batch) on the session with the token, and returns the raw response. */
  post(message: object, token?: string): Promise<Response>;
  /** A tools/call request, as raw HTTP so a test sees the status and WWW-Authenticate of a refusal. */
  callTool(name: string, args: Record<string, unknown>, token?: string): Promise<Response>;
}

let ids = 0;

/** Bare HTTP headers of an MCP POST with `token`. */
export function mcpHeaders(token?: string, sessionId?: string): Record<string, string> {
  return {
    accept: 'application/json, text/event-stream',
    'content-type': 'application/json',
    'mcp-protocol-version': LATEST_PROTOCOL_VERSION,
    ...(token ? { authorization: `Bearer ${token}` } : {}),
    ...(sessionId ? { 'mcp-session-id': sessionId } : {}),
  };
}

/** An initialize request's body. */
export function initializeMessage(): object {
  return {
    jsonrpc: '2.0',
    id: ++ids,
    method: 'initialize',
    params: { protocolVersion: LATEST_PROTOCOL_VERSION, capabilities: {}, clientInfo: { name: 'bearer-test', version: '0' } },
  };
}

/** An MCP session opened over plain fetch with a bearer token, for tests that look at HTTP itself. */
export async function openBearerSession(url: string, token: string): Promise<BearerSession> {
  const init = await fetch(url, { method: 'POST', headers: mcpHeaders(token), body: JSON.stringify(initializeMessage()) });
  await init.body?.cancel();
  const sessionId = init.headers.get('mcp-session-id');
  if (!init.ok || !sessionId) throw new Error(`initialize: ${init.status} ${init.headers.get('www-authenticate') ?? ''}`);
  const post = (message: object, as = token) => fetch(url, { method: 'POST', headers: mcpHeaders(as, sessionId), body: JSON.stringify(message) });
  await (await post({ jsonrpc: '2.0', method: 'notifications/initialized' })).body?.cancel();
  return {
    sessionId,
    post,
    callTool: (name, args, as) => post({ jsonrpc: '2.0', id: ++ids, method: 'tools/call', params: { name, arguments: args } }, as),
  };
}
