import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { request } from 'undici';
import { connectInProcess } from './in-process.js';
import { callOk } from './latency.js';
import type { SandboxProcess } from './processes.js';
import { count, type Row } from './stats.js';
import { bytes, tokens } from './tools-list-size.js';

const LIMIT = 50;

interface Sizes {
  text: string;
  structured: string;
  raw: string;
  /** Tickets in the API page and in the tool's answer, which may cut a long page. */
  apiCount: number;
  toolCount: number;
}

async function sizes(client: Client, sandbox: SandboxProcess, range: { startDate: string; endDate: string }, includeMessages: boolean): Promise<Sizes> {
  const query = new URLSearchParams({ ...range, limit: String(LIMIT), ...(includeMessages ? { includeMessages: 'true' } : {}) });
  const res = await request(`${sandbox.url}/api/tickets?${query}`, { headers: { 'x-auth-token': sandbox.apiKey } });
  const raw = await res.body.text();
  const result = await callOk(client, 'fetch_tickets', { ...range, limit: LIMIT, ...(includeMessages ? { includeMessages } : {}) });
  const text = (result.content as Array<{ text?: string }>).map((part) => part.text ?? '').join('\n');
  const structured = JSON.stringify(result.structuredContent);
  const apiCount = (JSON.parse(raw) as { tickets: unknown[] }).tickets.length;
  const toolCount = (result.structuredContent as { tickets?: unknown[] }).tickets?.length ?? 0;
  if (apiCount === 0) throw new Error('output size: the sandbox has no tickets in the last 30 days');
  return { text, structured, raw, apiCount, toolCount };
}

const size = (text: string) => `${count(bytes(text))} B, ${count(tokens(text))} tokens`;
// A cut page would flatter the ratio, so the row says how many tickets each side holds.
const shown = ({ apiCount, toolCount }: Sizes) =>
  apiCount === toolCount ? `${apiCount} tickets both sides` : `tool shows ${toolCount} of the API's ${apiCount} tickets`;
const share = (part: string, whole: string) =>
  `${((100 * bytes(part)) / bytes(whole)).toFixed(0)}% of bytes, ${((100 * tokens(part)) / tokens(whole)).toFixed(0)}% of tokens`;

/** What the model reads from fetch_tickets against the raw API page it was made from. */
export async function outputSize(sandbox: SandboxProcess): Promise<Row[]> {
  const endDate = new Date().toISOString();
  const range = { startDate: new Date(Date.parse(endDate) - 30 * 86_400_000).toISOString(), endDate };
  const server = await connectInProcess(sandbox);
  try {
    const plain = await sizes(server.client, sandbox, range, false);
    const threads = await sizes(server.client, sandbox, range, true);
    const raw = `raw API JSON ${size(plain.raw)}`;
    const rawThreads = `raw API JSON ${size(threads.raw)}`;
    return [
      {
        measure: `fetch_tickets text, ${LIMIT} tickets`,
        value: size(plain.text),
        reference: raw,
        note: `last 30 days, same range and limit; ${shown(plain)}; o200k_base`,
      },
      { measure: `fetch_tickets text / raw API JSON`, value: share(plain.text, plain.raw), reference: 'target ≤ 35%' },
      {
        measure: `fetch_tickets text, ${LIMIT} tickets, includeMessages`,
        value: `${size(threads.text)}; ${share(threads.text, threads.raw)}`,
        reference: rawThreads,
        note: `report only; ${shown(threads)}`,
      },
      {
        measure: 'fetch_tickets structuredContent JSON',
        value: `${count(bytes(plain.structured))} B; includeMessages ${count(bytes(threads.structured))} B`,
        reference: `raw ${count(bytes(plain.raw))} B; ${count(bytes(threads.raw))} B`,
        note: `${((100 * bytes(plain.structured)) / bytes(plain.raw)).toFixed(0)}% and ${((100 * bytes(threads.structured)) / bytes(threads.raw)).toFixed(0)}% of raw`,
      },
    ];
  } finally {
    await server.close();
  }
}
