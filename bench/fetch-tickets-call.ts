import { request } from 'undici';
import type { SandboxProcess } from './processes.js';

/**
 * The fetch_tickets call the speed and memory measures make (the last 30 days, 10 tickets), and
 * the API request it makes, which the measures also send straight to the sandbox: threads come
 * along so that each ticket line can show its last message.
 */
export function fetchTicketsCall(): { args: { startDate: string; endDate: string; limit: number }; apiPath: string } {
  const endDate = new Date().toISOString();
  const startDate = new Date(Date.parse(endDate) - 30 * 86_400_000).toISOString();
  const query = new URLSearchParams({ startDate, endDate, limit: '10', skip: '0', includeMessages: 'true' });
  return { args: { startDate, endDate, limit: 10 }, apiPath: `/api/tickets?${query}` };
}

/** The call's API request made straight to the sandbox, its answer read: the base every "added" is measured from. */
export async function fetchTicketsDirect(sandbox: Pick<SandboxProcess, 'url' | 'apiKey'>, apiPath: string): Promise<void> {
  const res = await request(`${sandbox.url}${apiPath}`, { headers: { 'x-auth-token': sandbox.apiKey } });
  await res.body.json();
}

let postId = 0;

/**
 * The call as a plain tools/call POST to `url`, read with undici: no MCP client's own work (its
 * fetch, SSE parsing, result checks) in the time. Whether it was answered, and not with an error.
 */
export async function postFetchTickets(url: URL | string, args: Record<string, unknown>, headers: Record<string, string> = {}): Promise<boolean> {
  const res = await request(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/json, text/event-stream', ...headers },
    body: JSON.stringify({ jsonrpc: '2.0', id: `post-${postId++}`, method: 'tools/call', params: { name: 'fetch_tickets', arguments: args } }),
  });
  const text = await res.body.text();
  return res.statusCode === 200 && !text.includes('"isError":true');
}
