import type { ServerResponse } from 'node:http';

/** Answers with a JSON-RPC error object, as MCP clients expect even outside a session. */
export function replyError(res: ServerResponse, status: number, code: number, message: string, headers: Record<string, string> = {}): void {
  if (res.headersSent) return void res.end();
  writeError(res, status, code, message, headers);
  res.end();
}

/**
 * Answers a request whose body the server will not read, and closes its connection once the
 * answer is out (Node ends and destroys the socket after a `Connection: close` response),
 * without waiting for the rest of the body: a refused client holds no descriptor.
 */
export function refuse(res: ServerResponse, status: number, code: number, message: string, headers: Record<string, string> = {}): void {
  replyError(res, status, code, message, { ...headers, connection: 'close' });
}

/**
 * Writes a whole JSON-RPC error answer (the client can read it at once) but leaves the
 * response open: `res.end()` later closes the connection (`Connection: close`).
 */
export function writeError(res: ServerResponse, status: number, code: number, message: string, headers: Record<string, string> = {}): void {
  const body = JSON.stringify({ jsonrpc: '2.0', error: { code, message }, id: null });
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body), ...headers });
  res.write(body);
}

export function replyJson(res: ServerResponse, status: number, value: unknown, headers: Record<string, string> = {}): void {
  const body = JSON.stringify(value);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body), 'cache-control': 'no-store', ...headers });
  res.end(body);
}

// JSON-RPC codes used outside any request's own handling.
export const PARSE_ERROR = -32700;
export const INVALID_REQUEST = -32600;
export const SERVER_ERROR = -32000;
export const SESSION_NOT_FOUND = -32001;
