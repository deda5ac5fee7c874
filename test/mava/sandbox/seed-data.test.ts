import { describe, expect, it } from 'vitest';
import { Random } from '../../../src/sandbox/random.js';
import { generateDataset } from '../../../src/providers/mava/sandbox/seed-data.js';
import { DAY, NOW, OBJECT_ID } from './helpers.js';

describe('Random', () => {
  it('repeats its sequence for a seed and differs between seeds', () => {
    const draw = (seed: number): number[] => {
      const rng = new Random(seed);
      return Array.from({ length: 5 }, () => rng.next());
    };
    expect(draw(1)).toEqual(draw(1));
    expect(draw(1)).not.toEqual(draw(2));
    for (const value of draw(3)) expect(value >= 0 && value < 1).toBe(true);
  });

  it('draws ids, digits and integers in range', () => {
    const rng = new Random(9);
    expect(rng.objectId()).toMatch(OBJECT_ID);
    expect(rng.digits(18)).toMatch(/^[1-9]\d{17}$/);
    const ints = Array.from({ length: 500 }, () => rng.int(1, 3));
    expect(new Set(ints)).toEqual(new Set([1, 2, 3]));
    expect(rng.sample([1, 2, 3, 4], 4).sort()).toEqual([1, 2, 3, 4]);
  });
});

describe('generateDataset', () => {
  const dataset = generateDataset({ seed: 20260101, ticketCount: 300, now: NOW });

  it('seeds 8 active categories and one archived, 8 agents, 10 tags, 120 customers', () => {
    expect(dataset.categories.filter((c) => !c.archived)).toHaveLength(8);
    expect(dataset.categories.filter((c) => c.archived).map((c) => c.name)).toEqual(['Legacy']);
    expect(dataset.agents).toHaveLength(8);
    expect(dataset.tags.map((t) => t.name)).toEqual(
      expect.arrayContaining(['VIP', 'Bug', 'Refund', 'Urgent', 'Enterprise', 'Churn risk', 'Feedback', 'Wallet', 'Login', 'Payments']),
    );
    expect(dataset.customers).toHaveLength(120);
  });

  it('gives customers unique ids and emails at varied domains', () => {
    const ids = [dataset.categories, dataset.agents, dataset.tags, dataset.customers, dataset.tickets].flat().map((r) => r._id);
    expect(new Set(ids).size).toBe(ids.length);
    const emails = dataset.customers.flatMap((c) => (c.email ? [c.email] : []));
    expect(new Set(emails).size).toBe(emails.length);
    expect(new Set(emails.map((e) => e.split('@')[1])).size).toBeGreaterThan(10);
    for (const email of emails) expect(email).toMatch(/^[a-z0-9._]+@[a-z0-9.-]+\.[a-z]+$/);
    expect(dataset.customers.filter((c) => c.attributes.some((a) => a.name === 'Plan')).length).toBeGreaterThan(30);
  });

  it('keeps one attributeId per attribute name', () => {
    const idsByName = new Map<string, Set<string>>();
    const attributes = [...dataset.customers.flatMap((c) => c.attributes), ...dataset.tickets.flatMap((t) => t.attributes)];
    for (const a of attributes) idsByName.set(a.name, (idsByName.get(a.name) ?? new Set()).add(a.attributeId));
    for (const [name, ids] of idsByName) expect(ids.size, name).toBe(1);
  });

  it('places every message between the ticket creation and now, in order', () => {
    for (const ticket of dataset.tickets) {
      let previous = ticket.createdAt;
      expect(ticket.messages[0]?.createdAt).toBe(ticket.createdAt);
      for (const message of ticket.messages) {
        expect(message.createdAt).toBeGreaterThanOrEqual(previous);
        expect(message.createdAt).toBeLessThan(NOW);
        previous = message.createdAt;
      }
      expect(ticket.updatedAt).toBeGreaterThanOrEqual(previous);
      expect(ticket.updatedAt).toBeLessThan(NOW);
      expect(NOW - ticket.createdAt).toBeLessThanOrEqual(90 * DAY);
    }
  });

  it('does not depend on the clock except for dates', () => {
    const later = generateDataset({ seed: 20260101, ticketCount: 300, now: NOW + 12_345 });
    const strip = (d: typeof dataset): unknown =>
      d.tickets.map((t) => ({ ...t, createdAt: 0, updatedAt: 0, messages: t.messages.map((m) => ({ ...m, createdAt: 0 })) }));
    expect(strip(later)).toEqual(strip(dataset));
    expect(later.tickets.map((t) => t.createdAt - 12_345)).toEqual(dataset.tickets.map((t) => t.createdAt));
  });

  it('has the prompt injection even in a small dataset', () => {
    const small = generateDataset({ seed: 3, ticketCount: 4, now: NOW });
    const injected = small.tickets.filter((t) => t.messages.some((m) => m.content.includes('Ignore previous instructions')));
    expect(injected).toHaveLength(1);
  });
});
