// Mava's two contract backends (./contract-backends.ts): the stand-in (./standin/) with its
// fixtures, and the sandbox (src/providers/mava/sandbox/) with the same kind of fixtures looked
// up in its seeded data.

import { startMavaSandbox } from '../../src/providers/mava/sandbox/index.js';
import { sandboxBackend, standinBackend, type BackendName, type ContractBackend } from './contract-backends.js';
import { parseJson } from './standin-core.js';
import { startStandin, type RecordedRequest } from './mava-standin/index.js';

/** Ids both backends know: a ticket, and the category named Billing. */
export interface MavaFixtures {
  ticket: string;
  category: string;
}

const STANDIN_FIXTURES: MavaFixtures = { ticket: '6650a1b2c3d4e5f678901234', category: '6650c3d4e5f678901234567a' };

/** Far above what a suite sends, so the sandbox's documented window never answers 429 here. */
const UNLIMITED = { requests: 100_000, windowMs: 30_000 };

export async function startMavaBackend(name: BackendName, apiKey: string): Promise<ContractBackend<RecordedRequest> & { fixtures: MavaFixtures }> {
  if (name === 'stand-in') {
    const backend = standinBackend(await startStandin({ apiKey }), {
      tooManyRequests: { error: 'Too many requests' },
      internalError: { error: 'Internal server error' },
    });
    return { ...backend, fixtures: STANDIN_FIXTURES };
  }
  const sandbox = await startMavaSandbox({ apiKey, rateLimit: UNLIMITED });
  const backend = await sandboxBackend<RecordedRequest>(sandbox, {
    bodyEncoding: 'utf8',
    record: (arrival) => ({ ...arrival, body: parseJson(arrival.rawBody) }),
  });
  const get = async (path: string) =>
    (await fetch(`${sandbox.url}${path}`, { headers: { 'x-auth-token': apiKey } })).json() as Promise<Record<string, unknown>>;
  const { categories } = (await get('/api/categories')) as { categories: Array<{ _id: string; name: string }> };
  const end = new Date();
  const start = new Date(end.getTime() - 365 * 86_400_000);
  const { tickets } = (await get(`/api/tickets?startDate=${start.toISOString()}&endDate=${end.toISOString()}&limit=1`)) as { tickets: Array<{ _id: string }> };
  return { ...backend, fixtures: { ticket: tickets[0]!._id, category: categories.find((c) => c.name === 'Billing')!._id } };
}
