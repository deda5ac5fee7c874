import { describe, expect, it } from 'vitest';
import { SHORT_DEADLINE_MS, SLOW_MS } from '../support/contract-backends.js';
import { standinSessions } from '../support/standin-sessions.js';

// Reads change nothing: a slow, dropped, garbled or failed answer is tried again within the
// call's deadline, and then either succeeds or fails saying so.
const KEY = 'mava_live_READRETRIES_0123456789abcdef';
const api = standinSessions(KEY);
const CATEGORIES = { status: 200, body: { categories: [] } };

describe('reads under faults', () => {
  // Only the slow answer is met with a short deadline; the others keep the default, so a busy machine cannot turn them into timeouts.
  it.each([
    ['an answer slower than the deadline', { ...CATEGORIES, delayMs: SLOW_MS }, { api: { timeoutMs: SHORT_DEADLINE_MS } }],
    ['an unreadable body', { status: 200, rawBody: '{"categories": [{"_id": "66' }, {}],
    ['a dropped connection', { status: 200, destroySocket: true }, {}],
    ['a 503', { status: 503, body: { error: 'Service unavailable' } }, {}],
  ])('after %s, tries again and succeeds', async (_, fault, overrides) => {
    const mcp = await api.session(overrides);
    api.standin.respondNext('GET /api/categories', fault);
    const result = await mcp.call('list_categories');
    expect(result.isError, result.text).toBe(false);
    expect(api.standin.requests).toHaveLength(2);
  });

  it('gives up after three attempts and says what happened, and the next call works', async () => {
    const mcp = await api.session();
    for (let i = 0; i < 3; i++) api.standin.respondNext('GET /api/categories', { status: 200, rawBody: 'not json' });
    const result = await mcp.call('list_categories');
    expect(result.isError).toBe(true);
    expect(result.text).toBe('Mava answered with an unreadable body (200, not JSON). Try again in a moment.');
    expect(api.standin.requests).toHaveLength(3);
    expect((await mcp.call('list_categories')).isError).toBe(false);
  });

  it('never retries a write whose answer was unreadable: it may have been applied', async () => {
    const mcp = await api.session();
    api.standin.respondNext('PUT /api/ticket', { status: 200, rawBody: '{"message": "Ticket upd' });
    const result = await mcp.call('update_ticket', { ticketId: '6650a1b2c3d4e5f678901234', status: 'Resolved' });
    expect(result.text).toBe(
      'Mava answered with an unreadable body (200, not JSON). It may have been applied: check the ticket before retrying, and do not simply repeat the call.',
    );
    expect(api.standin.requests).toHaveLength(1);
  });
});
