// Omnidesk's two contract backends (./contract-backends.ts): the stand-in (./omnidesk-standin/)
// with its fixtures, and the sandbox (src/providers/omnidesk/sandbox/) with the same kind of
// fixtures read from its seeded data.

import { startOmnideskSandbox } from '../../src/providers/omnidesk/sandbox/index.js';
import { sandboxBackend, standinBackend, type BackendName, type ContractBackend } from './contract-backends.js';
import { startOmnideskStandin, type RecordedRequest } from './omnidesk-standin/index.js';
import { readMultipart } from './omnidesk-standin/multipart.js';

/** What both backends have: a ticket, how many tickets match no filter, and the words of their 401 for a wrong key. */
export interface OmnideskFixtures {
  ticket: number;
  total: number;
  /** Omnidesk documents no words (docs/api/omnidesk.md, "Sandbox answers"): each backend has its own. */
  wrongKey: string;
}

const STANDIN_FIXTURES: OmnideskFixtures = { ticket: 858_462, total: 38, wrongKey: 'Unauthorized' };

const failure = (message: string) => ({ status: 'error', message });

export async function startOmnideskBackend(name: BackendName, apiKey: string): Promise<ContractBackend<RecordedRequest> & { fixtures: OmnideskFixtures }> {
  if (name === 'stand-in') {
    const words = { tooManyRequests: failure('Too many requests'), internalError: failure('Internal server error') };
    return { ...standinBackend(await startOmnideskStandin({ apiKey }), words), fixtures: STANDIN_FIXTURES };
  }
  const sandbox = await startOmnideskSandbox({ apiKey });
  const backend = await sandboxBackend<RecordedRequest>(sandbox, {
    bodyEncoding: 'latin1',
    record: (arrival) => {
      const type = arrival.headers['content-type'];
      const read = typeof type === 'string' ? readMultipart(type, Buffer.from(arrival.rawBody, 'latin1')) : undefined;
      return { ...arrival, parts: read && 'parts' in read ? read.parts : undefined };
    },
  });
  const page = (await (await fetch(`${sandbox.url}/api/v2/ticket?itemLimit=1`, { headers: { apiKey } })).json()) as {
    itemTotal: number;
    items: Array<{ ticketID: number }>;
  };
  return { ...backend, fixtures: { ticket: page.items[0]!.ticketID, total: page.itemTotal, wrongKey: 'Invalid API key' } };
}
