import type { RequestHandlerExtra } from '@modelcontextprotocol/sdk/shared/protocol.js';
import type { ServerNotification, ServerRequest } from '@modelcontextprotocol/sdk/types.js';
import type { WaitReporter } from '../http/wait-report.js';

type Extra = Pick<RequestHandlerExtra<ServerRequest, ServerNotification>, '_meta' | 'sendNotification'>;

export interface CallProgress {
  /** The tool's own progress (ToolContext.progress). */
  progress(done: number, total?: number, message?: string): Promise<void>;
  /** Told of each wait for the rate budget; undefined when the client asked for no progress. */
  waiting: WaitReporter | undefined;
}

/**
 * Progress notifications for one call, if its client gave a token to carry them: the tool's own,
 * and the waits for the rate budget in between, which keep a client that resets its timeout on
 * progress waiting. Progress must increase with each notification: a wait is reported between
 * the tool's last figure and the next whole number (tools count whole things), nearing it.
 */
export function callProgress(extra: Extra): CallProgress {
  const progressToken = extra._meta?.progressToken;
  if (progressToken === undefined) return { progress: async () => undefined, waiting: undefined };
  const send = (progress: number, total: number | undefined, message: string | undefined) =>
    extra.sendNotification({ method: 'notifications/progress', params: { progressToken, progress, total, message } }).catch(() => undefined);
  let done = 0;
  let total: number | undefined;
  let waits = 0;
  return {
    progress(progress, newTotal, message) {
      done = progress;
      total = newTotal;
      waits = 0;
      return send(progress, total, message);
    },
    waiting(leftMs) {
      waits++;
      void send(done + waits / (waits + 1), total, `waiting for the rate budget: about ${Math.max(1, Math.round(leftMs / 1000))} s`);
    },
  };
}
