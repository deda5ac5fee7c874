import type { MavaClient } from '../client.js';
import { z } from 'zod';
import { InputError, defineTool, type ToolContext } from '../../../tools/define-tool.js';
import { PRIORITIES, STATUSES } from '../api.js';
import { choice, ticketId } from './fields.js';
import { idText } from '../../../tools/id-text.js';

const PRIORITY_ERROR = 'priority must be the number 1, 2 or 3';
/** A whole number from 1 to 3 rather than an enum of numbers, which Gemini cannot take (its enums are strings). */
const priority = z
  .int({ error: PRIORITY_ERROR })
  .min(PRIORITIES[0], PRIORITY_ERROR)
  .max(PRIORITIES[PRIORITIES.length - 1]!, PRIORITY_ERROR);

export const updateTicket = defineTool({
  name: 'update_ticket',
  title: 'Update ticket',
  description: "Set a ticket's status, priority or category; give at least one.",
  input: {
    ticketId,
    status: choice('status', STATUSES).optional(),
    priority: priority.optional(),
    categoryId: idText('categoryId').optional().describe('From list_categories'),
    category: z.string().trim().min(1, 'category must not be empty').max(200).optional().describe('Or the category name'),
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
  describeWrite({ ticketId, status, priority, categoryId, category }) {
    if (categoryId !== undefined && category !== undefined) throw new InputError('give categoryId or category (a name), not both.');
    const changed = describeChanges({ status, priority, categoryId, category });
    if (!changed) throw new InputError('give at least one of status, priority, categoryId or category to change.');
    return { ticketId, content: changed };
  },
  async handler({ ticketId, status, priority, categoryId, category }, { client, signal }: ToolContext<MavaClient>) {
    // A name is resolved before the update is sent (describeWrite() cannot do I/O): an unknown or ambiguous one sends nothing.
    const named = category === undefined ? undefined : await client.categories.resolve(category);
    const changes = { status, priority, categoryId: named?._id ?? categoryId };
    const message = await client.updateTicket({ ticketId, ...changes }, signal);
    // categoryId comes last in the summary: the name matched follows it.
    const text = `${message}: ticket ${ticketId} ${describeChanges(changes)}${named ? ` (${named.name})` : ''}.`;
    return { structured: { ticketId, ...changes, message }, text };
  },
});

/** "status=Resolved, priority=2": the changes given, or '' when there are none. */
function describeChanges(changes: Record<string, string | number | undefined>): string {
  return Object.entries(changes)
    .filter(([, value]) => value !== undefined)
    .map(([field, value]) => `${field}=${value}`)
    .join(', ');
}
