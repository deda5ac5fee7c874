// Seeded tickets. Every time is drawn as an offset back from "now" and only turned into a date
// at the end, so the random draws, and with them every id and text, never depend on the clock:
// the same seed gives the same data whenever the sandbox starts, shifted to end near now.

import type { Agent, AiStatus, Attribute, Category, Message, Origin, Priority, Tag, Ticket, TicketStatus } from './model.js';
import { ORIGINS, PRIORITIES, TICKET_STATUSES } from './model.js';
import type { Random } from '../../../sandbox/random.js';
import {
  AMOUNTS,
  APP_VERSIONS,
  BROWSERS,
  CHAINS,
  COMPANIES,
  DISCORD_ROLES,
  ERROR_CODES,
  FEATURES,
  HANDLE_WORDS,
  INTEGRATIONS,
  PAGES,
  TOKENS,
  WEEKDAYS,
  type TagName,
} from './seed-catalog.js';
import type { AttributeIdFor, Channel, SeedCustomer } from './seed-people.js';
import { draftThread, type DraftMessage } from './seed-threads.js';
import { TOPICS, type ThreadFacts, type Topic } from './seed-topics.js';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

export interface TicketWorld {
  rng: Random;
  now: number;
  agents: readonly Agent[];
  categoryByName: ReadonlyMap<string, Category>;
  archivedCategory: Category;
  tagByName: ReadonlyMap<string, Tag>;
  customersByChannel: ReadonlyMap<Channel, readonly SeedCustomer[]>;
  attributeIdFor: AttributeIdFor;
}

export interface TicketSpec {
  /** Tickets below 5 cycle through every origin, status and priority, so each is always present. */
  index: number;
  injection: boolean;
}

export function seedTicket(world: TicketWorld, spec: TicketSpec): Ticket {
  const { rng } = world;
  const _id = rng.objectId();
  const ageMs = spec.injection ? 2 * DAY + rng.int(0, 6 * HOUR) : drawAge(rng);
  const origin: Origin = spec.injection ? 'email' : (ORIGINS[spec.index] ?? drawOrigin(rng));
  const status: TicketStatus = spec.injection ? 'Open' : (TICKET_STATUSES[spec.index] ?? drawStatus(rng, ageMs));
  const priority: Priority = spec.injection
    ? 2
    : (PRIORITIES[spec.index] ??
      rng.weighted<Priority>([
        [1, 40],
        [2, 40],
        [3, 20],
      ]));
  const topic = spec.injection ? topicByKey('login') : drawTopic(rng, origin);
  const seedCustomer = drawCustomer(world, origin);
  const customer = seedCustomer?.customer ?? null;
  const unassignedOdds = status === 'Open' ? 0.35 : 0.08;
  const assignedTo = rng.chance(unassignedOdds) ? null : rng.pick(world.agents);
  const category = drawCategory(world, topic, ageMs);
  const tags = drawTags(world, topic, priority, customer?.attributes ?? []);
  const facts = drawFacts(rng, seedCustomer, assignedTo);

  const resolved = status === 'Resolved';
  const drafts = draftThread(rng, {
    topic,
    origin,
    resolved,
    messageCount: spec.injection ? 2 : drawMessageCount(rng),
    facts,
    assigneeName: assignedTo?.name ?? null,
    injection: spec.injection,
  });
  const discordName = origin === 'discord' ? (seedCustomer?.discord?.name ?? null) : null;
  const { messages, resolvedAt } = placeThread(rng, drafts, { ageMs, now: world.now, resolved, discordName });
  const createdAt = world.now - ageMs;
  const lastMessageAt = messages.at(-1)?.createdAt ?? createdAt;

  const noCustomerSide = origin === 'telegram-group';
  return {
    _id,
    createdAt,
    updatedAt: resolvedAt ?? lastMessageAt,
    status,
    priority,
    sourceType: origin,
    resolutionTime: resolvedAt === null ? null : resolvedAt - createdAt,
    assignedTo,
    category,
    tags,
    csat: resolved && !noCustomerSide && rng.chance(0.55) ? drawCsat(rng) : null,
    aiStatus: noCustomerSide ? null : drawAiStatus(rng, resolved),
    discordUsers: drawDiscordUsers(rng, seedCustomer, origin),
    attributes: drawTicketAttributes(world, origin, customer?.attributes ?? []),
    customer,
    messages,
  };
}

interface Timeline {
  ageMs: number;
  now: number;
  resolved: boolean;
  /** Shown as the sender of the customer's messages on Discord tickets. */
  discordName: string | null;
}

/**
 * Dates the drafted messages (the first at the ticket's creation) and, for a resolved ticket,
 * the resolution. Slow threads on young tickets are squeezed so the last word still comes
 * before now, ending at a random point rather than every young ticket in the same minute.
 */
function placeThread(rng: Random, drafts: readonly DraftMessage[], timeline: Timeline): { messages: Message[]; resolvedAt: number | null } {
  const { ageMs, resolved } = timeline;
  // A thread ending on the "Status changed to Resolved" entry was resolved at that entry.
  const resolvesAfterMs = resolved && drafts.at(-1)?.senderType !== 'system' ? rng.int(MINUTE, 3 * HOUR) : 0;
  const plannedMs = drafts.reduce((sum, draft) => sum + draft.gapMs, 0) + resolvesAfterMs;
  const roomMs = (ageMs - MINUTE) * (0.3 + 0.7 * rng.next());
  const scale = plannedMs > roomMs ? roomMs / plannedMs : 1;

  let at = timeline.now - ageMs;
  const messages = drafts.map((draft): Message => {
    at += Math.floor(draft.gapMs * scale);
    return {
      _id: rng.objectId(),
      content: draft.content,
      senderType: draft.senderType,
      senderName: draft.senderType === 'customer' ? timeline.discordName : null,
      messageType: draft.messageType,
      createdAt: at,
      attachments: draft.attachments,
    };
  });
  return { messages, resolvedAt: resolved ? at + Math.floor(resolvesAfterMs * scale) : null };
}

/** A few tickets from today, a fair share from this week, most from the last three months. */
function drawAge(rng: Random): number {
  const bucket = rng.weighted([
    ['day', 5],
    ['week', 25],
    ['quarter', 70],
  ] as const);
  if (bucket === 'day') return rng.int(5 * MINUTE, DAY);
  if (bucket === 'week') return rng.int(DAY, 7 * DAY);
  return rng.int(7 * DAY, 90 * DAY);
}

function drawOrigin(rng: Random): Origin {
  return rng.weighted<Origin>([
    ['web', 30],
    ['email', 25],
    ['discord', 25],
    ['telegram', 12],
    ['telegram-group', 8],
  ]);
}

/** Old tickets are mostly closed; new ones mostly still open. */
function drawStatus(rng: Random, ageMs: number): TicketStatus {
  if (ageMs < DAY)
    return rng.weighted<TicketStatus>([
      ['Open', 55],
      ['Pending', 20],
      ['Waiting', 15],
      ['Resolved', 10],
    ]);
  if (ageMs < 7 * DAY)
    return rng.weighted<TicketStatus>([
      ['Open', 30],
      ['Pending', 20],
      ['Waiting', 20],
      ['Resolved', 30],
    ]);
  return rng.weighted<TicketStatus>([
    ['Open', 6],
    ['Pending', 6],
    ['Waiting', 8],
    ['Resolved', 80],
  ]);
}

function topicByKey(key: string): Topic {
  const topic = TOPICS.find((candidate) => candidate.key === key);
  if (!topic) throw new Error(`unknown topic ${key}`);
  return topic;
}

/** Community chats (Discord, Telegram) talk about wallets far more than email does. */
function drawTopic(rng: Random, origin: Origin): Topic {
  const chat = origin === 'discord' || origin === 'telegram' || origin === 'telegram-group';
  const weights: Record<string, number> = {
    billing: chat ? 8 : 20,
    login: 16,
    bug: 16,
    refund: chat ? 4 : 10,
    integration: 10,
    feature: 8,
    onboarding: 8,
    wallet: chat ? 26 : 3,
    partnership: 3,
  };
  return rng.weighted(TOPICS.map((topic) => [topic, weights[topic.key] ?? 1] as const));
}

function drawCustomer(world: TicketWorld, origin: Origin): SeedCustomer | null {
  if (origin === 'telegram-group') return null;
  const channel: Channel = origin === 'discord' ? 'discord' : origin === 'telegram' ? 'telegram' : 'email';
  const pool = world.customersByChannel.get(channel) ?? [];
  // Skewed towards the start of the pool: a few customers write in often, most only once.
  return pool[Math.floor(pool.length * world.rng.next() ** 1.7)] ?? null;
}

function drawCategory(world: TicketWorld, topic: Topic, ageMs: number): Category | null {
  const { rng } = world;
  if (ageMs > 45 * DAY && rng.chance(0.1)) return world.archivedCategory;
  if (topic.category !== null) return rng.chance(0.9) ? (world.categoryByName.get(topic.category) ?? null) : null;
  return rng.chance(0.3) ? (world.categoryByName.get('Bug report') ?? null) : null;
}

function drawTags(world: TicketWorld, topic: Topic, priority: Priority, customerAttributes: readonly Attribute[]): Tag[] {
  const { rng } = world;
  const names = new Set<TagName>();
  for (const name of topic.tags) if (rng.chance(0.65)) names.add(name);
  const enterprise = customerAttributes.some((a) => a.name === 'Plan' && a.content === 'Enterprise');
  if (enterprise || rng.chance(0.05)) names.add('Enterprise');
  if (rng.chance(enterprise ? 0.5 : 0.06)) names.add('VIP');
  if (priority === 3 && rng.chance(0.5)) names.add('Urgent');
  if (rng.chance(topic.key === 'refund' ? 0.35 : 0.03)) names.add('Churn risk');
  if (rng.chance(0.05)) names.add('Feedback');
  return [...world.tagByName.values()].filter((tag) => names.has(tag.name as TagName));
}

function drawFacts(rng: Random, who: SeedCustomer | null, agent: Agent | null): ThreadFacts {
  const customerFirst = who?.firstName ?? 'there';
  const company = who?.company?.name ?? rng.pick(COMPANIES).name;
  return {
    customerFirst,
    agentFirst: agent?.name.split(' ')[0] ?? 'The support team',
    email: who?.customer.email ?? `${customerFirst.toLowerCase()}@${rng.pick(COMPANIES).domain}`,
    company,
    plan: rng.pick(['Starter', 'Pro', 'Business', 'Enterprise']),
    amount: rng.pick(AMOUNTS),
    invoice: `INV-${rng.int(2024, 2026)}-${rng.digits(5)}`,
    lastFour: rng.digits(4),
    seats: rng.int(6, 40),
    browser: rng.pick(BROWSERS),
    feature: rng.pick(FEATURES),
    integration: rng.pick(INTEGRATIONS),
    errorCode: rng.pick(ERROR_CODES),
    weekday: rng.pick(WEEKDAYS),
    wallet: who?.wallet ?? `0x${rng.hex(40)}`,
    tx: `0x${rng.hex(64)}`,
    chain: rng.pick(CHAINS),
    token: rng.pick(TOKENS),
    serverId: rng.digits(18),
  };
}

function drawMessageCount(rng: Random): number {
  return rng.weighted([
    [1, 10],
    [2, 20],
    [3, 18],
    [4, 16],
    [5, 12],
    [6, 10],
    [7, 8],
    [8, 6],
  ]);
}

function drawCsat(rng: Random): number {
  return rng.weighted([
    [5, 45],
    [4, 25],
    [3, 12],
    [2, 8],
    [1, 10],
  ]);
}

function drawAiStatus(rng: Random, resolved: boolean): AiStatus {
  return resolved
    ? rng.weighted<AiStatus>([
        ['resolved', 35],
        ['escalated', 55],
        ['unresolved', 10],
      ])
    : rng.weighted<AiStatus>([
        ['escalated', 60],
        ['unresolved', 40],
      ]);
}

function drawDiscordUsers(rng: Random, who: SeedCustomer | null, origin: Origin): Ticket['discordUsers'] {
  if (origin !== 'discord' || !who?.discord) return [];
  const users = [{ ...who.discord }];
  // Now and then a friend or moderator joins the thread.
  if (rng.chance(0.1)) users.push({ discordAuthorId: rng.digits(18), name: `${rng.pick(HANDLE_WORDS)}_mod` });
  return users;
}

/** What the channel captured when the ticket was opened (web chat SDK data, Discord roles). */
function drawTicketAttributes(world: TicketWorld, origin: Origin, customerAttributes: readonly Attribute[]): Attribute[] {
  const { rng } = world;
  const attributes: Attribute[] = [];
  const add = (name: string, content: string): void => {
    attributes.push({ attributeId: world.attributeIdFor(name), name, content });
  };
  if (origin === 'web') {
    if (rng.chance(0.5)) add('Page', rng.pick(PAGES));
    if (rng.chance(0.4)) add('App version', rng.pick(APP_VERSIONS));
    const plan = customerAttributes.find((a) => a.name === 'Plan');
    if (plan && rng.chance(0.5)) add('Plan', plan.content);
  } else if (origin === 'discord' && rng.chance(0.5)) {
    add('Discord role', rng.pick(DISCORD_ROLES));
  }
  return attributes;
}
