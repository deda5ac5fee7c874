import type { InboxOpsClient } from '../client.js';
import { z } from 'zod';
import { HelpdeskApiError } from '../../../http/errors.js';
import { InputError, defineTool, type ToolContext } from '../../../tools/define-tool.js';
import { NOTE_TYPE } from '../api.js';
import { ticketId } from './fields.js';

const BODY_MAX = 50_000;

export const addInternalNote = defineTool({
  name: 'add_internal_note',
  title: 'Add internal note',
  description: 'Add a note only the team sees. Needs body_text or body_html. InboxOps cannot reply to customers.',
  input: {
    ticket_id: ticketId,
    body_text: z.string().max(BODY_MAX).optional(),
    body_html: z.string().max(BODY_MAX).optional(),
    allowDuplicate: z.boolean().optional(),
  },
  output: {
    ticket_id: z.string(),
    type: z.literal(NOTE_TYPE),
    note_id: z.string().optional(),
    created_at: z.string().optional(),
  },
  annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: false, openWorldHint: true },
  describeWrite({ ticket_id, body_text, body_html }) {
    const bodies = nonEmpty({ body_text, body_html });
    if (!bodies.body_text && !bodies.body_html) throw new InputError('give body_text or body_html (non-empty text).');
    return { ticketId: ticket_id, content: bodies.body_text ?? bodies.body_html };
  },
  posts: 'note',
  async handler({ ticket_id, body_text, body_html }, { client, signal }: ToolContext<InboxOpsClient>) {
    let note;
    try {
      note = await client.addInternalNote(ticket_id, nonEmpty({ body_text, body_html }), signal);
    } catch (error) {
      throw unsure(error, ticket_id);
    }
    return {
      structured: {
        ticket_id,
        type: NOTE_TYPE,
        ...(note.id === undefined ? {} : { note_id: note.id }),
        ...(note.created_at ? { created_at: note.created_at } : {}),
      },
      text: `Internal note added to ticket ${ticket_id}${note.id === undefined ? '' : ` (note ${note.id})`}; only the team sees it.`,
    };
  },
});

/** Blank bodies are left out: one real body makes a valid note. */
function nonEmpty(bodies: { body_text?: string; body_html?: string }): { body_text?: string; body_html?: string } {
  return Object.fromEntries(Object.entries(bodies).filter(([, value]) => value !== undefined && value.trim() !== ''));
}

/**
 * A note whose fate is unknown (a 5xx, a timeout, a dropped connection) may be on the ticket, and
 * the API offers no way to list a ticket's notes: the agent must not simply add it again.
 */
function unsure(error: unknown, ticketId: string): unknown {
  if (!(error instanceof HelpdeskApiError) || error.processed === 'no') return error;
  const words = error.apiMessage ? `: "${error.apiMessage}"` : '';
  const message = `${error.message}${words}. The note may have been added: InboxOps's API cannot list a ticket's notes, so a human should look at ticket ${ticketId} in InboxOps before it is added again`;
  return new UncertainNote(error, message);
}

class UncertainNote extends HelpdeskApiError {
  readonly kind: string;
  constructor(cause: HelpdeskApiError, message: string) {
    super(message, cause.status, cause.apiMessage, 'maybe');
    this.kind = cause.kind;
  }
}
