// InboxOps's two contract backends (./contract-backends.ts): the stand-in (./inboxops-standin/)
// with its fixtures, and the sandbox (src/providers/inboxops/sandbox/) with the same kind of
// fixtures taken from its seeded workspace. Both know the same read-write and read-only keys.

import { startInboxopsSandbox } from '../../src/providers/inboxops/sandbox/index.js';
import { sandboxBackend, standinBackend, type BackendName, type ContractBackend } from './contract-backends.js';
import { routeOf, startInboxopsStandin, STANDIN_TICKETS, type RecordedRequest } from './inboxops-standin/index.js';
import { parseJson } from './standin-core.js';

/** What both backends have: a ticket, how many tickets there are, and an agent to assign. */
export interface InboxopsFixtures {
  ticket: string;
  total: number;
  agent: string;
}

const STANDIN_FIXTURES: InboxopsFixtures = { ticket: 'tkt_01HZX3A9', total: STANDIN_TICKETS.length, agent: 'usr_9' };

const problem = (status: number, title: string, detail: string, code: string) => ({ type: 'about:blank', title, status, detail, code });

/** Far above what a suite sends, so the sandbox's documented window never answers 429 here. */
const UNLIMITED = { requests: 100_000, windowMs: 60_000 };

export async function startInboxopsBackend(
  name: BackendName,
  keys: { apiKey: string; readOnlyKey: string },
): Promise<ContractBackend<RecordedRequest> & { fixtures: InboxopsFixtures }> {
  if (name === 'stand-in') {
    const words = {
      tooManyRequests: problem(429, 'Too Many Requests', 'Rate limit exceeded. Please try again later', 'rate_limited'),
      internalError: problem(500, 'Internal Server Error', 'Internal server error', 'internal_error'),
    };
    return { ...standinBackend(await startInboxopsStandin(keys), words, routeOf), fixtures: STANDIN_FIXTURES };
  }
  const sandbox = await startInboxopsSandbox({ ...keys, rateLimit: UNLIMITED });
  const backend = await sandboxBackend<RecordedRequest>(sandbox, {
    bodyEncoding: 'utf8',
    record: (arrival) => ({ ...arrival, body: parseJson(arrival.rawBody) }),
  });
  const { tickets, agents } = sandbox.data;
  return { ...backend, fixtures: { ticket: tickets[0]!.id, total: tickets.length, agent: agents[0]!.id } };
}
