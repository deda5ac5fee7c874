import { z } from 'zod';
import { InputError } from '../../../tools/define-tool.js';
import { PRIORITIES, STATUSES } from '../api.js';
import { choice, idText, mavaTool, ticketId } from './fields.js';

export const updateTicket = mavaTool({
  name: 'update_ticket',
  title: 'Update ticket',
  description: "Change a ticket's status, priority and/or category. Give ticketId and at least one change; unchanged values are ignored.",
  input: {
    ticketId,
    status: choice('status', STATUSES).optional(),
    priority: z.literal(PRIORITIES, { error: 'priority must be the number 1, 2 or 3' }).optional().describe('Priority level.'),
    categoryId: idText('categoryId').optional().describe('Category _id from list_categories.'),
  },
  output: {
    ticketId: z.string(),
    status: z.enum(STATUSES).optional(),
    priority: z.number().optional(),
    categoryId: z.string().optional(),
    message: z.string(),
  },
  annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: true, openWorldHint: true },
  hints: {
    'Ticket not found': 'Check ticketId: use a ticket _id from fetch_tickets.',
    'Category not found': 'Use a categoryId from list_categories (archived categories are refused).',
    'Invalid status or priority': `Use status ${STATUSES.join('|')} and priority ${PRIORITIES.join('|')}.`,
  },
  write({ ticketId, status, priority, categoryId }) {
    const changed = describeChanges({ status, priority, categoryId });
    if (!changed) throw new InputError('give at least one of status, priority or categoryId to change.');
    return { ticketId, content: changed };
  },
  async handler({ ticketId, status, priority, categoryId }, { client, signal }) {
    const changes = { status, priority, categoryId };
    const message = await client.updateTicket({ ticketId, ...changes }, signal);
    return { structured: { ticketId, ...changes, message }, text: `${message}: ticket ${ticketId} ${describeChanges(changes)}.` };
  },
});

/** "status=Resolved, priority=2": the changes given, or '' when there are none. */
function describeChanges(changes: Record<string, string | number | undefined>): string {
  return Object.entries(changes)
    .filter(([, value]) => value !== undefined)
    .map(([field, value]) => `${field}=${value}`)
    .join(', ');
}
