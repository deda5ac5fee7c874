import type { AnyTool } from '../../tools/define-tool.js';
import type { InboxOpsClient } from './client.js';
import { InboxOpsRefusal, type RefusalKind } from './problems.js';

/** What the agent can do after each refusal InboxOps explained (problems.ts). */
const NEXT_STEP: Record<Exclude<RefusalKind, 'invalid_request'>, string> = {
  read_only_key: 'Writes need a read-write key: a human must set INBOXOPS_API_KEY to one (InboxOps Settings > API); reading with fetch_tickets still works',
  no_api_access: "The workspace's plan does not include API access: a workspace admin must enable it (upgrade the plan); no tool works until then",
  forbidden: 'The key may be read-only (writes need a read-write key) or the plan may lack API access: a human must check INBOXOPS_API_KEY and the plan',
  ticket_not_found: 'Use a ticket id from fetch_tickets (its id, not its ticket number)',
};

/**
 * InboxOps's refusals completed with the next step: the client knows what went wrong, the tool
 * what the agent can do about it (its hints, keyed by InboxOps's own words, for a request it
 * found invalid). Any other error is left as it is.
 */
export function explainInboxOpsError(error: unknown, tool: AnyTool<InboxOpsClient>): unknown {
  if (!(error instanceof InboxOpsRefusal)) return error;
  if (error.kind !== 'invalid_request') return error.explained(NEXT_STEP[error.kind]);
  return error.explained((error.apiMessage && tool.hints?.[error.apiMessage]) || 'Check the arguments against the tool description');
}
