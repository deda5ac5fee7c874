import { createHash } from 'node:crypto';
import { open, type FileHandle } from 'node:fs/promises';
import type { Person } from '../auth/caller.js';
import { log } from '../log.js';
import { processSecrets, type Secrets } from '../secrets.js';
import type { WriteSubject } from '../tools/define-tool.js';

/** How a write attempt ended, as the audit log records it. */
export type AuditOutcome =
  /** The API accepted it. */
  | 'done'
  /** The API refused it, or it never left: nothing changed. */
  | 'failed'
  /** It failed in a way that may have applied it (a timeout, a 5xx, a dropped connection). */
  | 'uncertain'
  /** A guard or the input check stopped it before any request. */
  | 'refused';

export interface AuditEntry {
  tool: string;
  subject: WriteSubject | undefined;
  outcome: AuditOutcome;
  /** Why it failed or was refused: an error kind, e.g. "duplicate", "server_error". */
  reason?: string;
  /** The person signed in (HTTP with sign-in): subject, and email and name when the token has them. */
  by?: Person;
}

const PREVIEW_CHARS = 40;

/**
 * One JSON line per write attempt, appended before the result goes back to the agent: when,
 * who (with sign-in), which tool, which ticket or customer, how it ended, and the content as a SHA-256 digest and its
 * first characters. Never a key: the secrets of the call's scope are blanked from the values
 * before the line is serialised.
 */
export class AuditLog {
  private pending: Promise<void> = Promise.resolve();

  private constructor(
    private readonly file: FileHandle,
    readonly path: string,
  ) {}

  /** Opens (creating) the file for appending; fails at start-up if it cannot be written. */
  static async open(path: string): Promise<AuditLog> {
    return new AuditLog(await open(path, 'a', 0o600), path);
  }

  /** Resolves once the line is written; a failure is logged, never thrown at the agent. */
  record(entry: AuditEntry, secrets: Secrets = processSecrets): Promise<void> {
    const line = `${JSON.stringify(secrets.value(toLine(entry, secrets)))}\n`;
    this.pending = this.pending
      .then(() => this.file.appendFile(line))
      .catch((error: unknown) => log.error('audit log write failed', { path: this.path, error: String(error) }));
    return this.pending;
  }

  async close(): Promise<void> {
    await this.pending;
    await this.file.close();
  }
}

function toLine({ tool, subject, outcome, reason, by }: AuditEntry, secrets: Secrets): Record<string, unknown> {
  const content = subject?.content;
  return {
    time: new Date().toISOString(),
    by: by && { subject: by.subject, email: by.email, name: by.name },
    tool,
    ticketId: subject?.ticketId,
    customer: subject?.customer,
    outcome,
    reason,
    contentSha256: content === undefined ? undefined : createHash('sha256').update(content).digest('hex'),
    // Redacted before it is cut: a cut would leave part of a key that redaction no longer recognises.
    contentStart: content === undefined ? undefined : preview(secrets.text(content)),
    attachments: subject?.attachments?.length,
  };
}

/** The first characters on one line, cut on a code point boundary. */
function preview(content: string): string {
  const flat = content.replace(/\s+/g, ' ').trim();
  const chars = Array.from(flat);
  return chars.length > PREVIEW_CHARS ? `${chars.slice(0, PREVIEW_CHARS).join('')}…` : flat;
}
