import { describe, expect, it } from 'vitest';
import { STANDIN_DATA } from '../support/standin/index.js';
import { standinSessions } from '../support/standin-sessions.js';

// update_ticket takes a category name as well as an id, resolved through a cached list.
const KEY = 'mava_live_CATEGORYNAMES_0123456789abcdef';
const TICKET = '6650a1b2c3d4e5f678901234';
const [billing, technical] = STANDIN_DATA.categories;
const api = standinSessions(KEY);
const requests = (route: string) => api.standin.requests.filter((r) => `${r.method} ${r.path}` === route);

describe('update_ticket with a category name', () => {
  it('resolves a name in any case and sends its id; the list is fetched once for several calls', async () => {
    const mcp = await api.session();
    const first = await mcp.call('update_ticket', { ticketId: TICKET, category: billing.name.toUpperCase() });
    expect(first.isError, first.text).toBe(false);
    expect(first.structured).toMatchObject({ categoryId: billing._id });
    await mcp.call('update_ticket', { ticketId: TICKET, category: ` ${technical.name.toLowerCase()} ` });
    expect(requests('PUT /api/ticket').map((r) => JSON.parse(r.rawBody).categoryId)).toEqual([billing._id, technical._id]);
    expect(requests('GET /api/categories')).toHaveLength(1);
  });

  it('accepts a unique part of a name', async () => {
    const mcp = await api.session();
    const result = await mcp.call('update_ticket', { ticketId: TICKET, category: billing.name.slice(0, 4) });
    expect(result.isError, result.text).toBe(false);
    expect(JSON.parse(requests('PUT /api/ticket')[0]!.rawBody).categoryId).toBe(billing._id);
  });

  it('an unknown name lists the categories and sends no update, after looking once more in a fresh list', async () => {
    const mcp = await api.session();
    const result = await mcp.call('update_ticket', { ticketId: TICKET, category: 'Refunds' });
    expect(result.text).toBe(`Invalid input: no category is called "Refunds". Categories: ${billing.name}, ${technical.name}. Nothing was sent.`);
    expect(requests('PUT /api/ticket')).toHaveLength(0);
    expect(requests('GET /api/categories')).toHaveLength(2);
  });

  it('an ambiguous name lists the candidates with their ids and sends no update', async () => {
    const mcp = await api.session();
    // Both stand-in categories contain an "i" (Billing, Technical).
    const result = await mcp.call('update_ticket', { ticketId: TICKET, category: 'i' });
    expect(result.text).toContain(`category "i" matches 2 categories: ${billing.name} (${billing._id}), ${technical.name} (${technical._id})`);
    expect(requests('PUT /api/ticket')).toHaveLength(0);
  });

  it('refuses categoryId and category together before anything is sent', async () => {
    const mcp = await api.session();
    const result = await mcp.call('update_ticket', { ticketId: TICKET, categoryId: billing._id, category: billing.name });
    expect(result.text).toBe('Invalid input: give categoryId or category (a name), not both. Nothing was sent.');
    expect(api.standin.requests).toHaveLength(0);
  });
});
