// Seeded tickets. Every time is drawn as an offset back from "now" and only turned into a date at
// the end, so the draws, and with them every id and text, never depend on the clock: the same
// seed gives the same data whenever the sandbox starts, shifted to end near now.

import { Random } from '../../../sandbox/random.js';
import { PRIORITIES, type Agent, type Dataset, type Inbox, type Message, type Priority, type Tag, type Ticket, type TicketStatus } from './model.js';
import { AGENT_NAMES, COMPANIES, FILLERS, FIRST_NAMES, INBOX_NAMES, INJECTION, TAG_NAMES, TOPICS, type InboxKey, type Topic } from './seed-topics.js';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
/** Tickets are created over this many days before now, more of them recently. */
const SPAN_DAYS = 60;
const CONTACTS = 48;

export interface SeedOptions {
  seed: number;
  ticketCount: number;
  /** Epoch ms the data ends at. */
  now: number;
}

export function generateDataset({ seed, ticketCount, now }: SeedOptions): Dataset {
  const rng = new Random(seed);
  const agents: Agent[] = AGENT_NAMES.map((name) => ({ id: `usr_${rng.hex(10)}`, name }));
  const tags: Tag[] = TAG_NAMES.map((name) => ({ id: `tag_${rng.hex(8)}`, name }));
  const inboxes = Object.fromEntries(
    (Object.entries(INBOX_NAMES) as Array<[InboxKey, string]>).map(([key, name]) => [key, { id: `inb_${rng.hex(8)}`, name }]),
  ) as Record<InboxKey, Inbox>;
  const contacts = Array.from({ length: CONTACTS }, () => ({
    id: `con_${rng.hex(10)}`,
    name: rng.pick(FIRST_NAMES),
    company: rng.pick(COMPANIES),
    plan: rng.pick(FILLERS.plan!),
  }));
  const tagId = new Map(tags.map((tag) => [tag.name, tag.id]));

  // Drafted with ages; numbered oldest first once all are drawn.
  const drafts = Array.from({ length: ticketCount }, (_, index) => {
    const injection = index === 5;
    const ageMs = injection ? 2 * DAY + rng.int(0, 6 * HOUR) : drawAge(rng, index);
    const topic = rng.pick(TOPICS);
    const contact = rng.pick(contacts);
    const status: TicketStatus = injection ? 'open' : (CYCLE[index] ?? drawStatus(rng, ageMs));
    const priority: Priority = injection ? 'normal' : (PRIORITIES[index] ?? rng.weighted(PRIORITIES.map((p, i) => [p, topic.priority[i]!] as const)));
    const subject = injection ? INJECTION.subject : fill(rng, rng.pick(topic.subjects), contact.plan);
    const body = injection ? INJECTION.body : `${fill(rng, topic.body, contact.plan)}\n\n${contact.name}, ${contact.company}`;
    const assigned = status === 'open' ? rng.chance(0.55) : rng.chance(0.95);
    const extraTags = rng.chance(0.15) ? ['vip'] : [];
    const fields: Record<string, string> = { plan: contact.plan, company: contact.company };
    if (topic.inbox === 'billing') fields.invoice = rng.pick(FILLERS.invoice!);
    if (topic.inbox === 'sales') fields.seats = rng.pick(FILLERS.seats!);
    return {
      ageMs,
      ticket: {
        id: `tkt_${rng.hex(12)}`,
        subject,
        status,
        priority,
        assignee_id: assigned ? rng.pick(agents).id : null,
        inbox_id: inboxes[topic.inbox].id,
        contact_id: contact.id,
        tag_ids: [...new Set([...topic.tags, ...extraTags])].map((name) => tagId.get(name)!),
        custom_fields: fields,
      },
      thread: draftThread(rng, topic, status, body, ageMs),
    };
  });

  drafts.sort((a, b) => b.ageMs - a.ageMs);
  const tickets: Ticket[] = drafts.map(({ ageMs, ticket, thread }, index) => {
    const messages: Message[] = thread.map(({ afterMs, ...message }) => ({ ...message, created_at: now - ageMs + afterMs }));
    const created_at = now - ageMs;
    return { ...ticket, ticket_number: 1001 + index, created_at, updated_at: messages.at(-1)?.created_at ?? created_at, messages };
  });
  return { agents, tags, inboxes: Object.values(inboxes), tickets };
}

/** The first tickets cycle through every status, so each is always present. */
const CYCLE: readonly TicketStatus[] = ['open', 'in_progress', 'waiting', 'resolved', 'closed'];

/** Most tickets are recent: a quarter from the last 3 days, the rest over SPAN_DAYS; the first few within a week. */
function drawAge(rng: Random, index: number): number {
  if (index < 5) return rng.int(HOUR, 7 * DAY);
  return rng.chance(0.25) ? rng.int(10 * MINUTE, 3 * DAY) : Math.floor(SPAN_DAYS * DAY * rng.next() ** 1.4);
}

function drawStatus(rng: Random, ageMs: number): TicketStatus {
  if (ageMs < 2 * DAY)
    return rng.weighted<TicketStatus>([
      ['open', 6],
      ['in_progress', 3],
      ['waiting', 1],
    ]);
  if (ageMs < 10 * DAY)
    return rng.weighted<TicketStatus>([
      ['open', 2],
      ['in_progress', 3],
      ['waiting', 3],
      ['resolved', 3],
      ['closed', 1],
    ]);
  return rng.weighted<TicketStatus>([
    ['open', 1],
    ['waiting', 1],
    ['resolved', 5],
    ['closed', 5],
  ]);
}

type DraftMessage = Omit<Message, 'created_at'> & { afterMs: number };

/** The customer's email, then what the team did, as far as the status says. */
function draftThread(rng: Random, topic: Topic, status: TicketStatus, body: string, ageMs: number): DraftMessage[] {
  const messages: DraftMessage[] = [{ id: `msg_${rng.hex(12)}`, type: 'customer_email', body_text: body, body_html: null, afterMs: 0 }];
  const later = (most: number) => Math.min(ageMs, messages.at(-1)!.afterMs + rng.int(5 * MINUTE, most));
  if (status === 'open') return messages;
  if (rng.chance(0.4)) {
    messages.push({ id: `msg_${rng.hex(12)}`, type: 'internal_note', body_text: rng.pick(NOTES[topic.inbox]), body_html: null, afterMs: later(2 * HOUR) });
  }
  messages.push({ id: `msg_${rng.hex(12)}`, type: 'reply', body_text: rng.pick(REPLIES[status]), body_html: null, afterMs: later(6 * HOUR) });
  return messages;
}

const NOTES: Record<InboxKey, string[]> = {
  support: [
    'Reproduced on staging, filed with engineering.',
    'Customer is on the Business plan: SLA 4 h.',
    'Checked the logs: nothing unusual on our side yet.',
  ],
  billing: ['Stripe shows both charges; refund pending approval.', 'Finance asked to confirm the VAT number first.'],
  sales: ['Discount up to 15% approved for annual.', 'Loop in the account executive before quoting.'],
};

const REPLIES: Record<Exclude<TicketStatus, 'open'>, string[]> = {
  in_progress: ['Thanks for the details, we are looking into it now.', 'We can reproduce this and are working on a fix.'],
  waiting: ['Could you send a screenshot and the time it happened?', 'Can you confirm the email address on the account?'],
  resolved: ['This should be fixed now: could you check on your side?', 'Done: the refund is on its way (3-5 business days).'],
  closed: ['Closing this one as resolved. Reply any time if it comes back.', 'Glad we could help. Closing the ticket.'],
};

/** Fills each `{name}` with a value from FILLERS (`{plan}` with the contact's own). */
function fill(rng: Random, template: string, plan: string): string {
  return template.replace(/\{(\w+)\}/g, (_, name: string) => (name === 'plan' ? plan : rng.pick(FILLERS[name] ?? [name])));
}
