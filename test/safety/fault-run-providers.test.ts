import { describe, expect, it } from 'vitest';
import { PROVIDERS, type Config } from '../../src/config.js';
import { providers } from '../../src/providers/index.js';
import { startInboxopsSandbox } from '../../src/providers/inboxops/sandbox/index.js';
import { startOmnideskSandbox } from '../../src/providers/omnidesk/sandbox/index.js';
import { FAULT_KINDS, type FaultInjector, type FaultKind } from '../../src/sandbox/faults.js';
import { testConfig, type CallResult } from '../support/harness.js';
import { sessionOn } from '../support/session-on.js';

// The fault run of test/safety/fault-run.test.ts for Omnidesk and InboxOps: mixed calls against a
// sandbox that misbehaves at random (fixed seeds): 429 bursts, 500s before and after the work,
// slow answers, dropped connections, garbled bodies. Every failure must say what happened; no
// write the API processed may go unreported, and none may be repeated by our retries. Every other
// registered provider has at least its read tools run the same way (the last block).
const ROUNDS = 30;
const PARALLEL = 10;
const SEND_RETRIES = 2;
const TIMEOUT_MS = 400;

/** What a failed write must say: that nothing happened, or that it may have. */
const SAYS_OUTCOME =
  /Nothing was changed\.|Nothing was sent|It may have been (sent|added): check the ticket before retrying|It may have been applied: check the ticket before retrying/;
const TRY_LATER = /Try again in a moment|Retry in about/;
/** Faults after which the API did the work (the answer was lost, late or garbled). */
const AFTER_WORK: ReadonlySet<FaultKind> = new Set(['server_error_after', 'drop_after', 'malformed', 'slow']);

interface Served {
  method: string;
  path: string;
  status: number;
  fault?: FaultKind;
}

/** Requests to `route` that the API processed: a 2xx answered as such, or one whose answer a fault spoiled after the work. */
function processed(requests: readonly Served[], route: (request: Served) => boolean): number {
  return requests.filter((request) => route(request) && (request.fault ? AFTER_WORK.has(request.fault) : request.status >= 200 && request.status < 300)).length;
}

/** Every failed call says what happened; a failed write says whether it may have gone through. */
function expectClearFailures(results: CallResult[]): void {
  for (const failure of results.filter((result) => result.isError)) {
    expect(failure.text).not.toMatch(/Internal error|failed unexpectedly/);
    if (!TRY_LATER.test(failure.text)) expect(failure.text).toMatch(SAYS_OUTCOME);
  }
}

/**
 * One write tool's ledger against the sandbox's own log: every processed request is a reported
 * success or a reported "may have", and every reported success was processed.
 */
function expectAccounted(name: string, results: CallResult[], processedCount: number): void {
  const succeeded = results.filter((result) => !result.isError).length;
  const mayHave = results.filter((result) => result.isError && /It may have been/.test(result.text)).length;
  expect(processedCount, `${name}: processed at least every reported success`).toBeGreaterThanOrEqual(succeeded);
  expect(processedCount, `${name}: nothing processed beyond successes and "may have" reports`).toBeLessThanOrEqual(succeeded + mayHave);
}

async function faultyRun(sandbox: { faults: FaultInjector }, seed: number, runRound: (round: number) => Promise<void>): Promise<void> {
  sandbox.faults.setSlowMs(800);
  sandbox.faults.setRates(Object.fromEntries(FAULT_KINDS.map((kind) => [kind, 0.05])), seed);
  for (let first = 0; first < ROUNDS; first += PARALLEL) {
    await Promise.all(Array.from({ length: PARALLEL }, (_, i) => runRound(first + i)));
  }
  sandbox.faults.clear();
}

const fastConfig = (provider: Config['provider'], sandbox: { url: string; apiKey: string }): Config =>
  testConfig({ provider, api: { baseUrl: sandbox.url, apiKey: sandbox.apiKey, timeoutMs: TIMEOUT_MS, rateLimit: { requests: 10_000, windowMs: 1_000 } } });

describe('Omnidesk under injected faults', () => {
  const { backend: sandbox, mcp } = sessionOn(
    () => startOmnideskSandbox(),
    (started) => fastConfig('omnidesk', started),
  );

  it('sends no message twice, accounts for every processed write, and keeps answering', async () => {
    const page = await mcp().call('fetch_tickets', { status: 'open', itemLimit: 20 });
    const tickets = (page.structured as { tickets: Array<{ ticketID: number }> }).tickets.map((ticket) => ticket.ticketID);
    expect(tickets.length).toBeGreaterThanOrEqual(PARALLEL);
    const sends: Array<{ ticketID: number; message: string; attempts: CallResult[] }> = [];
    const reads: CallResult[] = [];
    const creates: CallResult[] = [];

    await faultyRun(sandbox(), 20261129, async (round) => {
      const ticketID = tickets[round % tickets.length]!;
      const message = `Fault run reply ${round}: your request is being handled.`;
      // An agent that retries a failed send with the same text, as agents do.
      const send = async () => {
        const attempts: CallResult[] = [];
        for (let i = 0; i <= SEND_RETRIES; i++) {
          const result = await mcp().call('send_message', { ticketID, type: 'calllog', message });
          attempts.push(result);
          if (!result.isError) break;
        }
        sends.push({ ticketID, message, attempts });
      };
      const [read, created] = await Promise.all([
        mcp().call('fetch_tickets', { status: 'open', itemLimit: 5 }),
        mcp().call('create_ticket', { brandID: 1, subject: `Fault run ${round}`, message: 'A question from the chatbot.', from: `fault${round}@example.com` }),
        send(),
      ]);
      reads.push(read);
      creates.push(created);
    });
    for (const kind of FAULT_KINDS) expect(sandbox().faults.injected[kind], kind).toBeGreaterThan(0);

    const attempts = sends.flatMap((send) => send.attempts);
    expectClearFailures([...reads, ...creates, ...attempts]);
    const requests = sandbox().requests as readonly Served[];
    expectAccounted(
      'send_message',
      attempts,
      processed(requests, (r) => r.method === 'POST' && r.path === '/api/v2/message'),
    );
    expectAccounted(
      'create_ticket',
      creates,
      processed(requests, (r) => r.method === 'POST' && r.path === '/api/v2/message/chatbot'),
    );

    // What reached the customers, read from the sandbox's own ticket timelines: each text at most
    // once, and exactly once where we said it was sent.
    for (const { ticketID, message, attempts: tries } of sends) {
      const response = await fetch(`${sandbox().url}/api/v2/ticket/${ticketID}`, { headers: { apiKey: sandbox().apiKey } });
      const { item } = (await response.json()) as { item: { timeline: Array<{ message: string }> } };
      const copies = item.timeline.filter((entry) => entry.message === message).length;
      expect(copies, message).toBeLessThanOrEqual(1);
      if (tries.some((attempt) => !attempt.isError)) expect(copies, message).toBe(1);
      if (tries.every((attempt) => /Nothing was (changed|sent)/.test(attempt.text))) expect(copies, message).toBe(0);
    }
    expect(sends.filter((send) => send.attempts.some((attempt) => !attempt.isError)).length).toBeGreaterThan(ROUNDS / 2);
    expect((await mcp().call('fetch_tickets', { itemLimit: 1 })).isError).toBe(false);
  }, 90_000);
});

describe('InboxOps under injected faults', () => {
  const { backend: sandbox, mcp } = sessionOn(
    () => startInboxopsSandbox({ rateLimit: { requests: 10_000, windowMs: 1_000 } }),
    (started) => fastConfig('inboxops', started),
  );

  it('accounts for every processed update and note, repeats none (not even for an agent that retries), and keeps answering', async () => {
    const page = await mcp().call('fetch_tickets', { status: 'open', per_page: 20 });
    const tickets = (page.structured as { tickets: Array<{ id: string }> }).tickets.map((ticket) => ticket.id);
    expect(tickets.length).toBeGreaterThanOrEqual(PARALLEL);
    const reads: CallResult[] = [];
    const updates: CallResult[] = [];
    const notes: CallResult[] = [];
    const retried: Array<{ text: string; attempts: CallResult[] }> = [];

    await faultyRun(sandbox(), 20261130, async (round) => {
      const ticket_id = tickets[round % tickets.length]!;
      const text = `Fault run note ${round}`;
      // An agent that retries a failed note with the same text, as agents do.
      const addNote = async () => {
        const attempts: CallResult[] = [];
        for (let i = 0; i <= SEND_RETRIES; i++) {
          const result = await mcp().call('add_internal_note', { ticket_id, body_text: text });
          attempts.push(result);
          if (!result.isError) break;
        }
        retried.push({ text, attempts });
        return attempts[0]!;
      };
      const [read, update, note] = await Promise.all([
        mcp().call('fetch_tickets', { status: 'open', per_page: 5 }),
        mcp().call('update_ticket', { ticket_id, priority: ['low', 'normal', 'high'][round % 3] }),
        addNote(),
      ]);
      reads.push(read);
      updates.push(update);
      notes.push(note);
    });
    for (const kind of FAULT_KINDS) expect(sandbox().faults.injected[kind], kind).toBeGreaterThan(0);

    expectClearFailures([...reads, ...updates, ...notes]);
    const requests = sandbox().requests as readonly Served[];
    expectAccounted(
      'update_ticket',
      updates,
      processed(requests, (r) => r.method === 'PATCH'),
    );
    expectClearFailures(retried.flatMap((note) => note.attempts));
    expectAccounted(
      'add_internal_note',
      retried.flatMap((note) => note.attempts),
      processed(requests, (r) => r.method === 'POST' && r.path.endsWith('/messages')),
    );
    // Counted on the tickets themselves: each note at most once, and once where we said it was added.
    const added = sandbox().data.tickets.flatMap((ticket) => ticket.messages.map((message) => message.body_text));
    for (const { text, attempts } of retried) {
      const copies = added.filter((body) => body === text).length;
      expect(copies, text).toBeLessThanOrEqual(1);
      if (attempts.some((attempt) => !attempt.isError)) expect(copies, text).toBe(1);
    }
    expect(notes.filter((note) => !note.isError).length).toBeGreaterThan(ROUNDS / 2);
    expect((await mcp().call('fetch_tickets', { per_page: 1 })).isError).toBe(false);
  }, 90_000);
});

/** Providers whose writes have their own run: Mava's in fault-run.test.ts, the two above. */
const OWN_RUN: readonly string[] = ['mava', 'omnidesk', 'inboxops'];

describe.each(PROVIDERS.filter((provider) => !OWN_RUN.includes(provider)))('%s read tools under injected faults', (provider) => {
  const { backend: sandbox, mcp } = sessionOn(
    () => providers[provider].startSandbox(),
    (started) => fastConfig(provider, started),
  );
  const reads = providers[provider].tools.filter((tool) => tool.annotations.readOnlyHint).map((tool) => tool.name);

  it(`says what happened on every failed ${reads.join(', ')} call, and keeps answering`, async () => {
    const results: CallResult[] = [];
    await faultyRun(sandbox(), 20261201, async () => {
      for (const name of reads) results.push(await mcp().call(name));
    });
    expect(Object.values(sandbox().faults.injected).reduce((a, b) => a + b, 0)).toBeGreaterThan(0);
    expectClearFailures(results);
    for (const name of reads) expect((await mcp().call(name)).isError, name).toBe(false);
  }, 90_000);
});
