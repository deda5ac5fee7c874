// The sandbox's starting data, generated from a seed: same seed, same ids and texts; dates
// placed relative to `now`.

import type { Category, Dataset, Tag, Ticket } from './model.js';
import { Random } from '../../../sandbox/random.js';
import { AGENT_NAMES, ARCHIVED_CATEGORY_NAME, CATEGORY_NAMES, TAG_NAMES } from './seed-catalog.js';
import { seedCustomers, type Channel, type SeedCustomer } from './seed-people.js';
import { seedTicket } from './seed-tickets.js';

export interface SeedOptions {
  seed: number;
  ticketCount: number;
  /** Epoch ms the data is placed relative to. */
  now: number;
  customerCount?: number;
}

/** Which seeded ticket carries the prompt-injection attempt: early, so small datasets have it too. */
const INJECTION_INDEX = 7;

export function generateDataset(options: SeedOptions): Dataset {
  const rng = new Random(options.seed);
  const attributeIds = new Map<string, string>();
  const attributeIdFor = (name: string): string => {
    let id = attributeIds.get(name);
    if (id === undefined) {
      id = rng.objectId();
      attributeIds.set(name, id);
    }
    return id;
  };

  const categories: Category[] = [
    ...CATEGORY_NAMES.map((name) => ({ _id: rng.objectId(), name, archived: false })),
    { _id: rng.objectId(), name: ARCHIVED_CATEGORY_NAME, archived: true },
  ];
  const agents = AGENT_NAMES.map((name) => ({ _id: rng.objectId(), name }));
  const tags: Tag[] = TAG_NAMES.map((name) => ({ _id: rng.objectId(), name }));
  const apiSender = { _id: rng.objectId(), name: 'API' };
  const people = seedCustomers(rng, options.customerCount ?? 120, attributeIdFor);

  const customersByChannel = new Map<Channel, SeedCustomer[]>();
  for (const person of people) {
    const pool = customersByChannel.get(person.channel) ?? [];
    pool.push(person);
    customersByChannel.set(person.channel, pool);
  }
  const archivedCategory = categories.find((category) => category.archived);
  if (!archivedCategory) throw new Error('seed data needs an archived category');

  const world = {
    rng,
    now: options.now,
    agents,
    categoryByName: new Map(categories.filter((c) => !c.archived).map((c) => [c.name, c])),
    archivedCategory,
    tagByName: new Map(tags.map((tag) => [tag.name, tag])),
    customersByChannel,
    attributeIdFor,
  };
  const injectionIndex = Math.min(INJECTION_INDEX, options.ticketCount - 1);
  const tickets: Ticket[] = [];
  for (let index = 0; index < options.ticketCount; index++) {
    tickets.push(seedTicket(world, { index, injection: index === injectionIndex }));
  }

  return {
    categories,
    agents,
    tags,
    customers: people.map((person) => person.customer),
    tickets,
    attributeIds,
    apiSender,
  };
}
