// Seeded customers: who they are, how they reach support, and what the team knows about them.

import type { Customer, DiscordUser } from './model.js';
import type { Random } from '../../../sandbox/random.js';
import { COMPANIES, FIRST_NAMES, FREE_MAIL_DOMAINS, HANDLE_WORDS, LAST_NAMES, PLANS, REGIONS, SIGNUP_SOURCES } from './seed-catalog.js';

/** How a customer contacts support; decides which tickets they can open. */
export type Channel = 'email' | 'discord' | 'telegram';

/** A customer plus what the generators need to write about them, none of which is on the wire. */
export interface SeedCustomer {
  customer: Customer;
  firstName: string;
  channel: Channel;
  company: (typeof COMPANIES)[number] | null;
  discord: DiscordUser | null;
  wallet: string | null;
}

export type AttributeIdFor = (name: string) => string;

export function seedCustomers(rng: Random, count: number, attributeIdFor: AttributeIdFor): SeedCustomer[] {
  const takenEmails = new Set<string>();
  const people: SeedCustomer[] = [];
  for (let i = 0; i < count; i++) people.push(seedCustomer(rng, takenEmails, attributeIdFor));
  return people;
}

function seedCustomer(rng: Random, takenEmails: Set<string>, attributeIdFor: AttributeIdFor): SeedCustomer {
  const _id = rng.objectId();
  const firstName = rng.pick(FIRST_NAMES);
  const lastName = rng.pick(LAST_NAMES);
  const channel = rng.weighted<Channel>([
    ['email', 55],
    ['discord', 30],
    ['telegram', 15],
  ]);
  const company = channel === 'email' && rng.chance(0.4) ? rng.pick(COMPANIES) : null;
  const hasEmail = channel === 'email' || rng.chance(0.3);
  const email = hasEmail ? uniqueEmail(rng, firstName, lastName, company?.domain ?? null, takenEmails) : null;
  const discord = channel === 'discord' ? { discordAuthorId: rng.digits(18), name: discordHandle(rng, firstName) } : null;
  const wallet = channel !== 'email' && rng.chance(0.5) ? `0x${rng.hex(40)}` : null;

  let platformUserId: string | null = null;
  if (discord) platformUserId = discord.discordAuthorId;
  else if (channel === 'telegram') platformUserId = rng.digits(10);
  else if (rng.chance(0.4)) platformUserId = `usr_${rng.hex(12)}`;

  const attributes: Customer['attributes'] = [];
  const attribute = (name: string, content: string): void => {
    attributes.push({ attributeId: attributeIdFor(name), name, content });
  };
  if (rng.chance(0.6)) attribute('Plan', rng.pick(PLANS));
  if (company) attribute('Company', company.name);
  if (rng.chance(0.25)) attribute('Region', rng.pick(REGIONS));
  if (rng.chance(0.2)) attribute('Signup source', rng.pick(SIGNUP_SOURCES));
  if (wallet) attribute('Wallet', wallet);

  return { customer: { _id, email, platformUserId, attributes }, firstName, channel, company, discord, wallet };
}

function uniqueEmail(rng: Random, first: string, last: string, workDomain: string | null, taken: Set<string>): string {
  const f = slug(first);
  const l = slug(last);
  const local = rng.pick([`${f}.${l}`, `${f.charAt(0)}${l}`, `${f}${l}${rng.int(1, 99)}`, `${f}_${l}`, f]);
  const domain = workDomain ?? rng.pick(FREE_MAIL_DOMAINS);
  let email = `${local}@${domain}`;
  // Identify finds customers by email, so two seeded customers must never share one.
  for (let n = 2; taken.has(email); n++) email = `${local}${n}@${domain}`;
  taken.add(email);
  return email;
}

function discordHandle(rng: Random, firstName: string): string {
  const word = rng.pick(HANDLE_WORDS);
  return rng.pick([
    `${word}.${rng.pick(HANDLE_WORDS)}`,
    `${word}_${slug(firstName)}`,
    `${slug(firstName)}${rng.int(10, 9999)}`,
    // Pre-2023 Discord names carry a discriminator; old accounts still show one.
    `${word}${slug(firstName)}#${rng.digits(4)}`,
  ]);
}

/** "Zoë Van der Berg" -> "zoevanderberg": what people actually put in addresses. */
function slug(name: string): string {
  return name
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[^a-z0-9]/g, '');
}
