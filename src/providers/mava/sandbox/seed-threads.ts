// Turns a ticket's topic and facts into a conversation: who speaks in which order, what they
// say in the tone of the channel, and how long each reply took. Timestamps are left to the
// caller, which has to fit the thread between the ticket's creation and now.

import type { Attachment, MessageType, Origin, SenderType } from './model.js';
import type { Random } from '../../../sandbox/random.js';
import { AGENT_FOLLOW_UPS, CLOSINGS, CUSTOMER_FOLLOW_UPS, PROMPT_INJECTION_TEXT, say, type ThreadFacts, type Topic } from './seed-topics.js';

export interface ThreadPlan {
  topic: Topic;
  origin: Origin;
  resolved: boolean;
  /** 1 to 8. */
  messageCount: number;
  facts: ThreadFacts;
  assigneeName: string | null;
  /** Opens with the prompt-injection attempt instead of a topic line. */
  injection: boolean;
}

export interface DraftMessage {
  content: string;
  senderType: SenderType;
  messageType: MessageType;
  attachments: Attachment[];
  /** Time since the previous message; 0 for the opening, which is the ticket's creation. */
  gapMs: number;
}

type Slot = 'opening' | 'agent' | 'customer' | 'note' | 'assignment' | 'closing' | 'resolution';

const SECOND = 1_000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;
const CHAT_ORIGINS: ReadonlySet<Origin> = new Set(['discord', 'telegram', 'telegram-group']);

export function draftThread(rng: Random, plan: ThreadPlan): DraftMessage[] {
  let agentTurns = 0;
  let customerTurns = 0;
  return planSlots(rng, plan).map((slot): DraftMessage => {
    switch (slot) {
      case 'opening': {
        const text = plan.injection ? PROMPT_INJECTION_TEXT : say(rng.pick(plan.topic.openings), plan.facts);
        return customerMessage(rng, plan, text, 0, true);
      }
      case 'customer': {
        const lines = customerTurns++ === 0 ? plan.topic.customerDetails : CUSTOMER_FOLLOW_UPS;
        return customerMessage(rng, plan, say(rng.pick(lines), plan.facts), skewed(rng, 10 * MINUTE, 20 * HOUR), false);
      }
      case 'agent': {
        const lines = agentTurns++ === 0 ? plan.topic.agentAsks : rng.chance(0.5) ? plan.topic.agentFixes : AGENT_FOLLOW_UPS;
        return agentMessage(plan, say(rng.pick(lines), plan.facts), skewed(rng, 3 * MINUTE, 6 * HOUR));
      }
      case 'closing':
        return agentMessage(plan, say(rng.pick(CLOSINGS), plan.facts), skewed(rng, 3 * MINUTE, 6 * HOUR));
      case 'note':
        return {
          content: say(rng.pick(plan.topic.notes), plan.facts),
          senderType: 'agent',
          messageType: 'InternalNote',
          attachments: [],
          gapMs: rng.int(MINUTE, 30 * MINUTE),
        };
      case 'assignment':
        return systemMessage(`Ticket assigned to ${plan.assigneeName ?? 'an agent'}`, rng.int(SECOND, 5 * MINUTE));
      case 'resolution': {
        const from = rng.pick(['Open', 'Pending', 'Waiting'] as const);
        return systemMessage(`Status changed from ${from} to Resolved`, rng.int(MINUTE, 2 * HOUR));
      }
    }
  });
}

/** Customer and agent alternate; some turns become notes or audit entries; resolved threads end with a goodbye. */
function planSlots(rng: Random, plan: ThreadPlan): Slot[] {
  const count = plan.messageCount;
  const slots: Slot[] = ['opening'];
  for (let i = 1; i < count; i++) {
    const roll = rng.next();
    if (roll < 0.1) slots.push('note');
    else if (roll < 0.16 && plan.assigneeName !== null) slots.push('assignment');
    else slots.push(i % 2 === 1 ? 'agent' : 'customer');
  }
  if (plan.resolved && count >= 2) {
    if (count >= 3 && rng.chance(0.3)) slots.splice(count - 2, 2, 'closing', 'resolution');
    else slots[count - 1] = 'closing';
  }
  return slots;
}

function customerMessage(rng: Random, plan: ThreadPlan, text: string, gapMs: number, opening: boolean): DraftMessage {
  let content = text;
  if (plan.origin === 'email') {
    content = opening ? `Hi,\n\n${text}\n\nThanks,\n${plan.facts.customerFirst}` : `${text}\n\n${plan.facts.customerFirst}`;
  } else if (CHAT_ORIGINS.has(plan.origin) && rng.chance(0.5)) {
    // People type casually in chat apps; a lowercase start is the cheapest convincing sign of it.
    content = text.charAt(0).toLowerCase() + text.slice(1);
  }
  return { content, senderType: 'customer', messageType: 'ExternalMessage', attachments: attachmentsFor(rng, text), gapMs };
}

function agentMessage(plan: ThreadPlan, text: string, gapMs: number): DraftMessage {
  const content = plan.origin === 'email' ? agentEmail(text, plan.facts) : text;
  return { content, senderType: 'agent', messageType: 'ExternalMessage', attachments: [], gapMs };
}

/** A greeting, unless the line already addresses the customer by name, and a signature. */
function agentEmail(text: string, facts: ThreadFacts): string {
  const greeting = text.includes(facts.customerFirst) ? '' : `Hi ${facts.customerFirst},\n\n`;
  return `${greeting}${text}\n\nBest,\n${facts.agentFirst}`;
}

function systemMessage(content: string, gapMs: number): DraftMessage {
  return { content, senderType: 'system', messageType: 'AuditLog', attachments: [], gapMs };
}

/** A message that says something is attached carries it. */
function attachmentsFor(rng: Random, text: string): Attachment[] {
  if (!/attached/i.test(text)) return [];
  const file = /deck/i.test(text)
    ? { fileName: 'partnership-deck.pdf', fileType: 'application/pdf' }
    : { fileName: `screenshot-${rng.int(1000, 9999)}.png`, fileType: 'image/png' };
  // .invalid never resolves (RFC 2606): a sandbox must not point anyone at a real host.
  return [{ ...file, url: `https://uploads.mava-sandbox.invalid/${rng.hex(16)}/${file.fileName}` }];
}

/** Mostly quick, occasionally slow, like real response times. */
function skewed(rng: Random, min: number, max: number): number {
  return Math.floor(min + (max - min) * rng.next() ** 2);
}
