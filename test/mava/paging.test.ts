import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { setLogSink } from '../../src/log.js';
import { startMavaSandbox, type MavaSandbox } from '../../src/providers/mava/sandbox/index.js';
import { captureLog, connect, testConfig, type Harness } from '../support/harness.js';

// maxTickets gathers pages of 100 through the limiter, reports progress, and stops on cancel.
const DAY = 86_400_000;
let sandbox: MavaSandbox;
let mcp: Harness;
const range = () => ({ startDate: new Date(Date.now() - 91 * DAY).toISOString(), endDate: new Date(Date.now() + 60_000).toISOString() });
const ticketRequests = () => sandbox.requests.filter((r) => r.path === '/api/tickets').length;

beforeAll(async () => {
  sandbox = await startMavaSandbox({ ticketCount: 1_500, rateLimit: { requests: 10_000, windowMs: 1_000 } });
  mcp = await connect(testConfig({ api: { baseUrl: sandbox.url, apiKey: sandbox.apiKey, rateLimit: { requests: 10_000, windowMs: 1_000 } } }));
});
afterAll(async () => {
  await mcp.close();
  await sandbox.close();
});

describe('fetch_tickets with maxTickets', () => {
  it('gathers 1,000 tickets in 10 pages with 10 progress notifications, sums them up, and cuts the list to the result budget', async () => {
    const before = ticketRequests();
    const progress: Array<{ progress: number; total?: number }> = [];
    const result = await mcp.client.callTool({ name: 'fetch_tickets', arguments: { ...range(), maxTickets: 1_000 } }, undefined, {
      onprogress: (notification) => progress.push(notification),
    });
    expect(result.isError).toBeFalsy();
    expect(ticketRequests() - before).toBe(10);
    expect(progress.map((p) => p.progress)).toEqual([100, 200, 300, 400, 500, 600, 700, 800, 900, 1_000]);
    expect(progress.every((p) => p.total === 1_000)).toBe(true);

    const structured = result.structuredContent as {
      gathered: number;
      count: number;
      summary: { status: Record<string, number> };
      tickets: unknown[];
      pagination: { nextSkip?: number };
    };
    expect(structured.gathered).toBe(1_000);
    expect(Object.values(structured.summary.status).reduce((a, b) => a + b, 0)).toBe(1_000);
    // The list itself stays under the budget: cut at a ticket, saying where the rest starts.
    const text = (result.content as Array<{ text: string }>)[0]!.text;
    expect(Buffer.byteLength(text) + Buffer.byteLength(JSON.stringify(structured))).toBeLessThan(64_000);
    expect(structured.tickets.length).toBeLessThan(1_000);
    expect(text).toContain(
      `Cut at ${structured.tickets.length} tickets to keep this result small: for the rest call again with skip=${structured.tickets.length}.`,
    );
    expect(structured.pagination.nextSkip).toBe(structured.tickets.length);
  });

  it('stops within one page of a cancellation: cancelled after the third page, at most four pages requested', async () => {
    const before = ticketRequests();
    const lines = captureLog();
    const controller = new AbortController();
    let pages = 0;
    const call = mcp.client.callTool({ name: 'fetch_tickets', arguments: { ...range(), maxTickets: 1_000 } }, undefined, {
      signal: controller.signal,
      onprogress: () => {
        if (++pages === 3) controller.abort('enough');
      },
    });
    await expect(call).rejects.toThrow();
    // The server's call has ended (its log line): it sends nothing more.
    await vi.waitFor(() => expect(lines.some((line) => line.includes('tool call') && line.includes('fetch_tickets'))).toBe(true), { timeout: 10_000 });
    setLogSink(() => undefined);
    expect(ticketRequests() - before).toBeGreaterThanOrEqual(3);
    expect(ticketRequests() - before).toBeLessThanOrEqual(4);
    expect((await mcp.call('list_categories')).isError).toBe(false);
  });

  it('without maxTickets, one page and no progress', async () => {
    const before = ticketRequests();
    const progress: unknown[] = [];
    await mcp.client.callTool({ name: 'fetch_tickets', arguments: { ...range(), limit: 20 } }, undefined, { onprogress: (p) => progress.push(p) });
    expect(ticketRequests() - before).toBe(1);
    expect(progress).toEqual([]);
  });
});
