import { describe, expect, it } from 'vitest';
import { checked } from '../../src/http/checked.js';
import { InvalidResponseError } from '../../src/http/errors.js';
import type { HttpRequest } from '../../src/http/http-client.js';
import { categoriesResponse, identifyResponse, sendMessageResponse, ticketsResponse } from '../../src/providers/mava/api.js';
import { STANDIN_DATA } from '../support/mava-standin/index.js';

// An answer that fits its schema comes back as it is, not copied; one that does not fails as it
// always has, naming the request and the first field that did not match.
const TICKETS: HttpRequest = { method: 'GET', path: '/api/tickets' };
const CATEGORIES: HttpRequest = { method: 'GET', path: '/api/categories' };
const page = () => ({ tickets: structuredClone(STANDIN_DATA.tickets), count: 3, pagination: { limit: 50, skip: 0, hasMore: false } });

/** The error `checked` throws for `body`, as the agent reads it. */
function refusal(schema: Parameters<typeof checked>[0], body: unknown, request: HttpRequest): string {
  try {
    checked(schema, { status: 200, body }, request);
  } catch (error) {
    expect(error).toBeInstanceOf(InvalidResponseError);
    return (error as Error).message;
  }
  throw new Error('the answer passed');
}

describe('checked', () => {
  it('returns the answer itself when it fits, unknown fields and all', () => {
    const body = { ...page(), undocumented: { nested: true } };
    body.tickets[0]!.messages[0]!.attachments.push({ fileName: 'a.png', url: 'https://example.com/a.png', fileType: 'image/png' });
    expect(checked(ticketsResponse, { status: 200, body }, TICKETS)).toBe(body);
    const categories = { categories: [{ _id: 'c1', name: 'Billing', archived: false }] };
    expect(checked(categoriesResponse, { status: 200, body: categories }, CATEGORIES)).toBe(categories);
    const sent = { message: { _id: 'm1', extra: 1 }, ticket: { _id: 't1' } };
    expect(checked(sendMessageResponse, { status: 200, body: sent }, { method: 'PUT', path: '/api/message' })).toBe(sent);
  });

  it("gives zod's output where the schema transforms the answer", () => {
    const body = { customer: { id: 'cust-9' }, other: 1 };
    expect(checked(identifyResponse, { status: 200, body }, { method: 'POST', path: '/api/identify' })).toEqual({ customerId: 'cust-9' });
  });

  it('names the request and the first field that did not match', () => {
    expect(refusal(categoriesResponse, { categories: 'Billing' }, CATEGORIES)).toBe(
      'Unexpected response (200): GET /api/categories categories: Invalid input: expected array, received string',
    );
    expect(refusal(categoriesResponse, { items: [] }, CATEGORIES)).toBe(
      'Unexpected response (200): GET /api/categories categories: Invalid input: expected array, received undefined',
    );
    expect(refusal(categoriesResponse, null, CATEGORIES)).toBe('Unexpected response (200): GET /api/categories Invalid input: expected object, received null');
    const broken = page();
    (broken.tickets[1] as { status: unknown }).status = 7;
    expect(refusal(ticketsResponse, broken, TICKETS)).toBe(
      'Unexpected response (200): GET /api/tickets tickets.1.status: Invalid input: expected string, received number',
    );
    const infinite = page();
    (infinite.pagination as { skip: unknown }).skip = Number.POSITIVE_INFINITY;
    expect(refusal(ticketsResponse, infinite, TICKETS)).toBe(
      'Unexpected response (200): GET /api/tickets pagination.skip: Invalid input: expected number, received Infinity',
    );
    expect(refusal(identifyResponse, { other: 1 }, { method: 'POST', path: '/api/identify' })).toBe(
      'Unexpected response (200): POST /api/identify no customer id (mavaCustomerId) in the answer',
    );
  });
});
