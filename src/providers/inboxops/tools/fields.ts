import { z } from 'zod';
import { idText } from '../../../tools/id-text.js';
import { toolsFor, type ToolDefinition } from '../../../tools/define-tool.js';
import type { InboxOpsClient } from '../client.js';
import { InboxOpsRefusal, type RefusalKind } from '../problems.js';

const define = toolsFor<InboxOpsClient>();

/** What the agent can do after each refusal InboxOps explained (see problems.ts). */
const NEXT_STEP: Record<Exclude<RefusalKind, 'invalid_request'>, string> = {
  read_only_key:
    'Writes need a read-write key: a human must set INBOXOPS_API_KEY to one (InboxOps Settings > API); reading with fetch_tickets still works',
  no_api_access: "The workspace's plan does not include API access: a workspace admin must enable it (upgrade the plan); no tool works until then",
  forbidden: 'The key may be read-only (writes need a read-write key) or the plan may lack API access: a human must check INBOXOPS_API_KEY and the plan',
  ticket_not_found: 'Use a ticket id from fetch_tickets (its id, not its ticket number)',
};

/**
 * Types an InboxOps tool definition, and completes InboxOps's refusals with the next step: the
 * client knows what went wrong, the tool what the agent can do about it (its hints, keyed by
 * InboxOps's own words, for a request it found invalid).
 */
export function inboxopsTool<In extends z.ZodRawShape, Out extends z.ZodRawShape>(tool: ToolDefinition<InboxOpsClient, In, Out>) {
  return define({
    ...tool,
    handler: (args, context) =>
      tool.handler(args, context).catch((error: unknown) => {
        if (!(error instanceof InboxOpsRefusal)) throw error;
        if (error.kind !== 'invalid_request') throw error.explained(NEXT_STEP[error.kind]);
        throw error.explained((error.apiMessage && tool.hints?.[error.apiMessage]) || 'Check the arguments against the tool description');
      }),
  });
}


export const ticketId = idText('ticket_id').describe('id from fetch_tickets');

/** A closed set of values whose refusal names the field and every allowed value. */
export function choice<const T extends readonly [string, ...string[]]>(field: string, values: T) {
  return z.enum(values, { error: `${field} must be one of ${values.join(', ')}` });
}

/** InboxOps does not publish its priority values; they are passed on as given and InboxOps judges them. */
export const priority = z
  .string()
  .trim()
  .min(1, 'priority must not be empty')
  .max(40)
  .describe('low|normal|high|urgent');
