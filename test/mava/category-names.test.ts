import { describe, expect, it } from 'vitest';
import type { Category } from '../../src/providers/mava/api.js';
import { CategoryCache } from '../../src/providers/mava/category-cache.js';
import { STANDIN_DATA } from '../support/mava-standin/index.js';
import { standinSessions } from '../support/standin-sessions.js';

// update_ticket takes a category name as well as an id, resolved through a cached list before
// anything is written.
const KEY = 'mava_live_CATEGORYNAMES_0123456789abcdef';
const TICKET = STANDIN_DATA.ticketIds.discord;
const [billing, technical] = STANDIN_DATA.categories; // "Billing", "Technical Support"
const api = standinSessions(KEY);
const requests = (route: string) => api.standin.requests.filter((r) => `${r.method} ${r.path}` === route);
const sentCategoryIds = () => requests('PUT /api/ticket').map((r) => JSON.parse(r.rawBody).categoryId);
/** The next category list answered, as if the account had these. */
const nextCategories = (categories: Category[]) => api.standin.respondNext('GET /api/categories', { status: 200, body: { categories } });

describe('update_ticket with a category name', () => {
  it('resolves a name in any case, sends its id, and fetches the list once for several calls', async () => {
    const mcp = await api.session();
    const first = await mcp.call('update_ticket', { ticketId: TICKET, category: 'BILLING' });
    expect(first.isError, first.text).toBe(false);
    expect(first.structured).toMatchObject({ ticketId: TICKET, categoryId: billing._id });
    expect(first.text).toBe(`Ticket updated: ticket ${TICKET} categoryId=${billing._id} (Billing).`);
    await mcp.call('update_ticket', { ticketId: TICKET, status: 'Pending', category: '  technical   SUPPORT ' });
    await mcp.call('update_ticket', { ticketId: TICKET, category: 'billing' });
    expect(sentCategoryIds()).toEqual([billing._id, technical._id, billing._id]);
    expect(requests('GET /api/categories')).toHaveLength(1);
  });

  it('accepts the only name containing the text given', async () => {
    const mcp = await api.session();
    const result = await mcp.call('update_ticket', { ticketId: TICKET, category: 'technical' });
    expect(result.isError, result.text).toBe(false);
    expect(sentCategoryIds()).toEqual([technical._id]);
  });

  it('an exact name wins over names that contain it', async () => {
    const mcp = await api.session();
    nextCategories([{ _id: 'cat-disputes', name: 'Billing disputes' }, billing]);
    const result = await mcp.call('update_ticket', { ticketId: TICKET, category: 'billing' });
    expect(result.isError, result.text).toBe(false);
    expect(sentCategoryIds()).toEqual([billing._id]);
  });

  it('an ambiguous name lists the candidates with their ids and sends no update', async () => {
    const mcp = await api.session();
    nextCategories([{ _id: 'cat-disputes', name: 'Billing disputes' }, { _id: 'cat-refunds', name: 'Billing refunds' }, technical]);
    const result = await mcp.call('update_ticket', { ticketId: TICKET, category: 'billing' });
    expect(result.isError).toBe(true);
    expect(result.text).toBe(
      'Invalid input: category "billing" matches 2 categories: Billing disputes (cat-disputes), Billing refunds (cat-refunds). Give the full name or its categoryId. Nothing was sent.',
    );
    expect(requests('PUT /api/ticket')).toHaveLength(0);
  });

  it('an unknown name lists every category name and sends no update', async () => {
    const mcp = await api.session();
    const result = await mcp.call('update_ticket', { ticketId: TICKET, category: 'Refunds' });
    expect(result.isError).toBe(true);
    expect(result.text).toBe('Invalid input: no category is called "Refunds". Categories: Billing, Technical Support. Nothing was sent.');
    expect(requests('PUT /api/ticket')).toHaveLength(0);
    // The list was fetched for this call: it is not fetched again right away.
    expect(requests('GET /api/categories')).toHaveLength(1);
  });

  it('a name missing from the cached list is looked for once in a fresh one', async () => {
    const mcp = await api.session();
    nextCategories([billing]); // Technical Support did not exist yet
    await mcp.call('update_ticket', { ticketId: TICKET, category: 'Billing' });
    const result = await mcp.call('update_ticket', { ticketId: TICKET, category: 'Technical Support' });
    expect(result.isError, result.text).toBe(false);
    expect(sentCategoryIds()).toEqual([billing._id, technical._id]);
    expect(requests('GET /api/categories')).toHaveLength(2);
    // Still unknown after the fresh look: refused, and no third fetch within the call.
    const unknown = await mcp.call('update_ticket', { ticketId: TICKET, category: 'Refunds' });
    expect(unknown.text).toContain('no category is called "Refunds"');
    expect(requests('GET /api/categories')).toHaveLength(3);
    expect(requests('PUT /api/ticket')).toHaveLength(2);
  });

  it('refuses categoryId and category together before anything is sent', async () => {
    const mcp = await api.session();
    const result = await mcp.call('update_ticket', { ticketId: TICKET, categoryId: billing._id, category: billing.name });
    expect(result.text).toBe('Invalid input: give categoryId or category (a name), not both. Nothing was sent.');
    expect(api.standin.requests).toHaveLength(0);
  });

  it('a category list that cannot be read says nothing was changed', async () => {
    const mcp = await api.session();
    api.standin.respondNext('GET /api/categories', { status: 200, body: { categories: 'Billing' } });
    const result = await mcp.call('update_ticket', { ticketId: TICKET, category: 'Billing' });
    expect(result.isError).toBe(true);
    expect(result.text).toMatch(
      /^Mava call failed: could not read the category list \(Unexpected response \(200\): .*\); retry, or give categoryId\. Nothing was changed\.$/,
    );
    expect(requests('PUT /api/ticket')).toHaveLength(0);
  });
});

describe('CategoryCache', () => {
  const categories: Category[] = [billing, technical];

  it('shares one fetch among concurrent callers', async () => {
    let loads = 0;
    let release!: (value: Category[]) => void;
    const cache = new CategoryCache(() => {
      loads++;
      return new Promise((resolve) => (release = resolve));
    });
    const pending = Promise.all([cache.resolve('Billing'), cache.resolve('technical support'), cache.resolve('bill')]);
    release(categories);
    expect((await pending).map((c) => c._id)).toEqual([billing._id, technical._id, billing._id]);
    expect(loads).toBe(1);
  });

  it('keeps the list five minutes, and a failed fetch is not kept', async () => {
    let now = 0;
    let loads = 0;
    let fail = true;
    const cache = new CategoryCache(
      async () => {
        loads++;
        if (fail) throw new Error('down');
        return categories;
      },
      () => now,
    );
    await expect(cache.resolve('Billing')).rejects.toThrow('down');
    fail = false;
    await cache.resolve('Billing');
    now += 5 * 60_000 - 1;
    await cache.resolve('Billing');
    expect(loads).toBe(2);
    now += 1;
    await cache.resolve('Billing');
    expect(loads).toBe(3);
  });

  it('lists at most 30 names when a name is unknown', async () => {
    const many = Array.from({ length: 40 }, (_, i) => ({ _id: `c${i}`, name: `Topic ${i}` }));
    const error = await new CategoryCache(async () => many).resolve('Refunds').catch((e: Error) => e);
    expect(error).toBeInstanceOf(Error);
    expect((error as Error).message).toMatch(/Topic 29 and 10 more \(see list_categories\)\.$/);
    expect((error as Error).message).not.toContain('Topic 30');
  });
});
