import { afterEach, describe, expect, it, vi } from 'vitest';
import { startMavaSandbox, type MavaSandbox } from '../../src/providers/mava/sandbox/index.js';
import { startStandin, type Standin } from '../support/mava-standin/index.js';
import { connect, testConfig, type Harness } from '../support/harness.js';
import { freezeClock, settledWithoutTime } from '../support/frozen-clock.js';

// A call queued behind a spent budget stays inside its client's patience: it says it is waiting
// (progress, which a client may reset its timeout on), or, when its turn would come later than
// the bound, it returns at once saying when to retry. Whose limit it was is said plainly.
const KEY = 'mava_live_RATEWAITKEY_0123456789';
const DAY = 86_400_000;
let standin: Standin | undefined;
let sandbox: MavaSandbox | undefined;
let mcp: Harness | undefined;

afterEach(async () => {
  vi.useRealTimers();
  await mcp?.close();
  await standin?.close();
  await sandbox?.close();
  mcp = standin = sandbox = undefined;
});

async function spentBudget(requests: number, windowMs: number, maxRateWaitMs?: number): Promise<{ mcp: Harness; standin: Standin }> {
  standin = await startStandin({ apiKey: KEY, rateLimit: { limit: requests, windowMs } });
  mcp = await connect(testConfig({ maxRateWaitMs, api: { baseUrl: standin.url, apiKey: KEY, rateLimit: { requests, windowMs } } }));
  for (let i = 0; i < requests; i++) expect((await mcp.call('list_categories')).isError).toBe(false);
  return { mcp, standin };
}

interface Progress {
  progress: number;
  total?: number;
  message?: string;
}

function increasing(values: number[]): boolean {
  return values.every((value, i) => i === 0 || value > values[i - 1]!);
}

describe('a call queued behind a spent budget', () => {
  it('sends progress while it waits, so a client that resets its 6 s timeout on progress gets its answer after about 7 s', async () => {
    const { mcp, standin } = await spentBudget(2, 7_000);
    const progress: Progress[] = [];
    const started = performance.now();
    const result = await mcp.client.callTool({ name: 'list_categories', arguments: {} }, undefined, {
      onprogress: (p) => progress.push(p),
      timeout: 6_000,
      resetTimeoutOnProgress: true,
    });
    const elapsed = performance.now() - started;

    expect(result.isError).toBeFalsy();
    expect(elapsed).toBeGreaterThan(6_000);
    // One when the wait starts, another five seconds on.
    expect(progress.length).toBeGreaterThanOrEqual(2);
    expect(progress[0]!.message).toMatch(/^waiting for the rate budget: about 7 s$/);
    expect(progress[1]!.message).toMatch(/^waiting for the rate budget: about [12] s$/);
    expect(increasing(progress.map((p) => p.progress))).toBe(true);
    expect(standin.rejected429).toBe(0);
    expect(standin.requests).toHaveLength(3);
  });

  it('reports nothing when the client gave no progress token, and still waits its turn', async () => {
    const { mcp } = await spentBudget(1, 1_500);
    const started = performance.now();
    const result = await mcp.call('list_categories');
    expect(result.isError).toBe(false);
    expect(performance.now() - started).toBeGreaterThan(1_000);
  });

  it('fetch_tickets gathering: its page progress and the waits between pages interleave, always increasing', async () => {
    sandbox = await startMavaSandbox({ ticketCount: 400, rateLimit: { requests: 10_000, windowMs: 1_000 } });
    mcp = await connect(testConfig({ api: { baseUrl: sandbox.url, apiKey: sandbox.apiKey, rateLimit: { requests: 1, windowMs: 2_000 } } }));
    const range = { startDate: new Date(Date.now() - 91 * DAY).toISOString(), endDate: new Date(Date.now() + 60_000).toISOString() };
    const progress: Progress[] = [];
    const result = await mcp.client.callTool({ name: 'fetch_tickets', arguments: { ...range, maxTickets: 300 } }, undefined, {
      onprogress: (p) => progress.push(p),
    });
    expect(result.isError).toBeFalsy();
    expect(increasing(progress.map((p) => p.progress))).toBe(true);
    const pages = progress.filter((p) => !p.message?.startsWith('waiting'));
    expect(pages.map((p) => [p.progress, p.total])).toEqual([
      [100, 300],
      [200, 300],
      [300, 300],
    ]);
    // A wait before the second page and before the third, each between the page figures.
    const waits = progress.filter((p) => p.message?.startsWith('waiting for the rate budget'));
    expect(waits.length).toBeGreaterThanOrEqual(2);
    expect(waits.some((p) => p.progress > 100 && p.progress < 200 && p.total === 300)).toBe(true);
    expect(waits.some((p) => p.progress > 200 && p.progress < 300)).toBe(true);
  });
});

describe('a call whose turn would come later than the bound', () => {
  it('returns at once: rate budget spent, retry after the seconds until a slot frees, nothing was sent', async () => {
    freezeClock(); // the answer must come with no time passing: not after waiting out the 3 s bound
    const { mcp, standin } = await spentBudget(2, 10_000, 3_000);
    const outcome = await settledWithoutTime(mcp.call('list_categories'));
    expect(outcome.status).toBe('fulfilled');
    const result = (outcome as PromiseFulfilledResult<Awaited<ReturnType<Harness['call']>>>).value;

    expect(result.isError).toBe(true);
    expect(result.text).toMatch(/rate budget spent/i);
    expect(result.text).toMatch(/nothing was sent/i);
    // The slots came back one window (and a 100 ms margin) after the answers that took them,
    // which came at this very (frozen) moment: 10.1 s, said in whole seconds.
    expect(result.text).toMatch(/retry after 11 s/i);
    expect(standin.requests).toHaveLength(2);
  });

  it('a write is refused the same way, and says nothing was changed', async () => {
    freezeClock(); // the seconds said are then exact: 10.1 s from the answer that took the slot
    const { mcp, standin } = await spentBudget(1, 10_000, 2_000);
    const result = await mcp.call('update_ticket', { ticketId: '6650a1b2c3d4e5f678901234', status: 'Resolved' });
    expect(result.isError).toBe(true);
    expect(result.text).toMatch(/rate budget spent; retry after 11 s, nothing was sent/i);
    expect(result.text).toContain('Nothing was changed.');
    expect(standin.requests).toHaveLength(1);
  });

  it('a call that fits the bound still waits its turn and succeeds', async () => {
    const { mcp, standin } = await spentBudget(1, 2_000, 3_000);
    const result = await mcp.call('list_categories');
    expect(result.isError).toBe(false);
    expect(standin.requests).toHaveLength(2);
  });
});

describe('whose limit it was', () => {
  it('a refusal by our own limiter never says the API answered 429, and names the budget', async () => {
    const { mcp } = await spentBudget(2, 10_000, 2_000);
    const result = await mcp.call('list_categories');
    expect(result.isError).toBe(true);
    expect(result.text).not.toContain('429');
    expect(result.text).toContain("this server's own limit for this Mava key (2 requests per 10 s, MAVA_RATE_LIMIT)");
    expect(result.text).toContain('Mava refused nothing: this server');
  });

  it("Mava's own 429 is reported as Mava's, with its Retry-After", async () => {
    standin = await startStandin({ apiKey: KEY });
    mcp = await connect(testConfig({ api: { baseUrl: standin.url, apiKey: KEY } }));
    standin.respondNext('GET /api/categories', { status: 429, body: { error: 'Too many requests' }, headers: { 'retry-after': '90' } });
    const result = await mcp.call('list_categories');
    expect(result.isError).toBe(true);
    expect(result.text).toBe('Mava answered 429 (its rate limit): "Too many requests". Retry after about 90 s; fetch fewer pages meanwhile.');
  });

  it("waiting out Mava's Retry-After sends progress too, and the retry succeeds", async () => {
    standin = await startStandin({ apiKey: KEY });
    mcp = await connect(testConfig({ api: { baseUrl: standin.url, apiKey: KEY } }));
    standin.respondNext('GET /api/categories', { status: 429, body: { error: 'Too many requests' }, headers: { 'retry-after': '6' } });
    const progress: Progress[] = [];
    const result = await mcp.client.callTool({ name: 'list_categories', arguments: {} }, undefined, {
      onprogress: (p) => progress.push(p),
      timeout: 5_000,
      resetTimeoutOnProgress: true,
    });
    expect(result.isError).toBeFalsy();
    expect(progress[0]?.message).toBe('waiting for the rate budget: about 6 s');
    expect(progress.length).toBeGreaterThanOrEqual(2);
    expect(standin.requests.map((r) => r.status)).toEqual([429, 200]);
  });
});
