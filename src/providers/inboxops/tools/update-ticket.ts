import type { InboxOpsClient } from '../client.js';
import { z } from 'zod';
import { InputError, defineTool, type ToolContext } from '../../../tools/define-tool.js';
import { STATUSES } from '../api.js';
import { ticketState, trimTicket } from '../render.js';
import { choice, priority, ticketId } from './fields.js';
import { idText } from '../../../tools/id-text.js';

export const updateTicket = defineTool({
  name: 'update_ticket',
  title: 'Update ticket',
  description: 'Change status, priority or assignee (at least one).',
  input: {
    ticket_id: ticketId,
    status: choice('status', STATUSES).optional(),
    priority: priority.optional(),
    assignee_id: idText('assignee_id').optional(),
  },
  output: {
    ticket_id: z.string(),
    changed: z.object({ status: z.enum(STATUSES).optional(), priority: z.string().optional(), assignee_id: z.string().optional() }),
    ticket: z.object({
      id: z.string(),
      ticket_number: z.union([z.number(), z.string()]).nullable(),
      status: z.string(),
      priority: z.string().nullable(),
      assignee_id: z.string().nullable(),
      updated_at: z.string().nullable(),
    }),
  },
  annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: true, openWorldHint: true },
  describeWrite({ ticket_id, status, priority, assignee_id }) {
    const changed = describeChanges({ status, priority, assignee_id });
    if (!changed) throw new InputError('give at least one of status, priority or assignee_id to change.');
    return { ticketId: ticket_id, content: changed };
  },
  async handler({ ticket_id, status, priority, assignee_id }, { client, signal }: ToolContext<InboxOpsClient>) {
    const changed = { status, priority, assignee_id };
    const ticket = trimTicket(await client.updateTicket(ticket_id, changed, signal));
    const { id, ticket_number, updated_at } = ticket;
    const number = ticket_number === null ? '' : ` (#${ticket_number})`;
    return {
      structured: {
        ticket_id,
        changed: Object.fromEntries(Object.entries(changed).filter(([, value]) => value !== undefined)),
        ticket: { id, ticket_number, status: ticket.status, priority: ticket.priority, assignee_id: ticket.assignee_id, updated_at },
      },
      text: `Ticket ${id}${number} updated (${describeChanges(changed)}); now ${ticketState(ticket)}.`,
    };
  },
});

/** "status=resolved, priority=high": the changes given, or '' when there are none. */
function describeChanges(changes: Record<string, string | undefined>): string {
  return Object.entries(changes)
    .filter(([, value]) => value !== undefined)
    .map(([field, value]) => `${field}=${value}`)
    .join(', ');
}
