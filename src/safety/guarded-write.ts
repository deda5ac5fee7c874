import { createHash } from 'node:crypto';
import { labelOf, type Person } from '../auth/caller.js';
import { HelpdeskApiError, type Processed } from '../http/errors.js';
import { log } from '../log.js';
import { InputError, RefusedError, type AnyTool, type Posting, type WriteSubject } from '../tools/define-tool.js';
import type { Secrets } from '../secrets.js';
import type { AuditLog, AuditOutcome } from './audit-log.js';
import { confirmSend, type AskHuman, type ConfirmMode } from './confirm-send.js';
import type { Claim, SendLedger, SentRecord } from './send-ledger.js';

/** What guards the writes of one server. */
export interface WriteSafety {
  confirmSends: ConfirmMode;
  sendLedger: SendLedger;
  audit?: AuditLog;
  /** The account written to (provider, base URL, key): duplicates are per account. */
  account: string;
  /** Blanked from the audit log's lines: the server's key among them. */
  secrets: Secrets;
}

/**
 * Runs one write under its guards: the input check, then for a message or a note the duplicate
 * guard (and for a customer message the human's confirmation); and records the attempt in the
 * audit log before the result goes back, whatever the outcome. `by` is the person signed in
 * (HTTP with sign-in): the audit line and the duplicate guard's record name them.
 */
export async function guardedWrite<T>(
  safety: WriteSafety,
  tool: AnyTool<unknown>,
  args: Record<string, unknown>,
  ask: AskHuman,
  run: () => Promise<T>,
  by?: Person,
): Promise<T> {
  let subject: WriteSubject | undefined;
  try {
    subject = tool.describeWrite?.(args);
    const result = tool.posts && subject ? await postOnce(safety, tool.posts, subject, args.allowDuplicate === true, ask, run, by && labelOf(by)) : await run();
    await safety.audit?.record({ tool: tool.name, subject, outcome: 'done', by }, safety.secrets);
    return result;
  } catch (error) {
    await safety.audit?.record({ tool: tool.name, subject, ...auditOutcome(error), by }, safety.secrets);
    throw error;
  }
}

/** A message or a note is posted at most once per window, unless the call says it means it. */
async function postOnce<T>(
  safety: WriteSafety,
  posting: Posting,
  subject: WriteSubject,
  allowDuplicate: boolean,
  ask: AskHuman,
  run: () => Promise<T>,
  by: string | undefined,
): Promise<T> {
  const { sendLedger } = safety;
  const key = postingKey(safety.account, posting, subject);
  // Refuse a duplicate before troubling the human with it.
  const prior = allowDuplicate ? undefined : await consult(sendLedger, () => sendLedger.peek(key));
  if (prior) throw duplicate(prior, posting, subject);
  if (posting === 'message') await confirmSend(safety.confirmSends, subject, ask);
  // The claim is atomic: of two identical posts racing, one goes.
  const claimed = await consult(sendLedger, () => sendLedger.claim(key, allowDuplicate, by));
  if ('prior' in claimed) throw duplicate(claimed.prior, posting, subject);
  try {
    const result = await run();
    await settle(sendLedger, claimed.claim, 'sent');
    return result;
  } catch (error) {
    // Forgotten only when it certainly did not leave: a retry of an uncertain send is refused.
    await settle(sendLedger, claimed.claim, processed(error) === 'no' ? 'failed' : 'uncertain');
    throw error;
  }
}

/** A message and a note of the same text are different postings; whitespace does not tell two apart. */
function postingKey(account: string, posting: Posting, { ticketId, content, attachments }: WriteSubject): string {
  const text = (content ?? '').replace(/\s+/g, ' ').trim();
  const files = [...(attachments ?? [])].sort().join('\n');
  const kind = posting === 'message' ? '' : posting; // a message's key is what it was before notes were guarded
  return createHash('sha256').update([account, ticketId, text, files, kind].join('\0')).digest('hex');
}

const WORDS: Record<Posting, { noun: string; sent: string; to: string; override: string }> = {
  message: { noun: 'message', sent: 'sent', to: 'to', override: 'If the customer must get it again, call again with allowDuplicate: true.' },
  note: { noun: 'note', sent: 'added', to: 'on', override: 'If the note must be added again, call again with allowDuplicate: true.' },
};

/** Names who posted it first when the ledger knows (sign-in): "already sent by Sam Lee at …". */
function duplicate(prior: SentRecord, posting: Posting, { ticketId }: WriteSubject): RefusedError {
  const when = `${new Date(prior.at).toISOString()} (${ago(prior.at)})`;
  const { noun, sent, to, override } = WORDS[posting];
  const nothing = 'Nothing was sent this time.';
  const by = prior.by === undefined ? '' : ` by ${prior.by}`;
  if (prior.state === 'sending') {
    return new RefusedError('duplicate', `The same ${noun} ${to} ticket ${ticketId} is being ${sent}${by} right now (since ${when}). ${nothing}`);
  }
  if (prior.state === 'uncertain') {
    return new RefusedError(
      'duplicate',
      `The same ${noun} ${to} ticket ${ticketId} may already have been ${sent}${by} at ${when}: that attempt failed in a way that may have ${sent} it. ${nothing} Check the ticket's ${noun}s first. ${override}`,
    );
  }
  const already = by
    ? `The same ${noun} ${to} ticket ${ticketId} was already ${sent}${by} at ${when}.`
    : `The same ${noun} was already ${sent} ${to} ticket ${ticketId} at ${when}.`;
  return new RefusedError('duplicate', `${already} ${nothing} ${override}`);
}

function ago(at: number): string {
  const seconds = Math.max(0, Math.round((Date.now() - at) / 1000));
  return seconds < 90 ? `${seconds} s ago` : `${Math.round(seconds / 60)} min ago`;
}

/** The ledger must answer before a send: if it cannot, nothing is sent. */
async function consult<T>(ledger: SendLedger, call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    log.warn('duplicate guard unavailable', { store: ledger.store, error: String(error) });
    throw new RefusedError('duplicate guard unavailable', `The duplicate guard (${ledger.store}) could not be consulted. Nothing was sent. Retry in a moment.`);
  }
}

async function settle(ledger: SendLedger, claim: Claim, outcome: 'sent' | 'uncertain' | 'failed'): Promise<void> {
  // The send itself is over; a ledger failure now only weakens the guard for this message.
  await ledger.settle(claim, outcome).catch((error: unknown) => log.warn('duplicate guard: could not record a send', { outcome, error: String(error) }));
}

function processed(error: unknown): Processed {
  if (error instanceof HelpdeskApiError) return error.processed;
  return error instanceof InputError || error instanceof RefusedError ? 'no' : 'maybe';
}

function auditOutcome(error: unknown): { outcome: AuditOutcome; reason: string } {
  if (error instanceof InputError) return { outcome: 'refused', reason: 'invalid input' };
  if (error instanceof RefusedError) return { outcome: 'refused', reason: error.reason };
  const reason = error instanceof HelpdeskApiError ? error.kind : 'internal error';
  return { outcome: processed(error) === 'no' ? 'failed' : 'uncertain', reason };
}
