import { CancelledError, HelpdeskApiError, type Processed } from './http/errors.js';

/**
 * The tool calls a process is running, so that a shutdown never drops an answer: it lets them
 * finish within a grace period, then stops the rest through their signal. A stopped call still
 * ends the usual way: with a result that says whether its write may have been applied, and with
 * its audit line written.
 */
export class CallsInFlight {
  private readonly running = new Set<Promise<unknown>>();
  private stopper = new AbortController();
  /** The signals of the calls running now, each aborted by shutdown along with `stopping`. */
  private readonly stoppable = new Set<AbortController>();

  /** Aborted when shutdown stops the calls still running; a call keeps the one it started with. */
  get stopping(): AbortSignal {
    return this.stopper.signal;
  }

  /**
   * A call's signal: it aborts when `cancel` does (the client's cancel) or when shutdown stops
   * the calls in flight (`stopping` as the call starts). `release` once the call is over.
   * Shutdown aborts each call's signal from the set of those running, rather than through a
   * listener on the process-long `stopping`: fifty calls at once would make Node warn of a
   * listener leak there (MaxListenersExceededWarning, past ten). Nor AbortSignal.any(): it keeps
   * each signal it makes in `stopping`, on Node 20 for as long as the process runs
   * (nodejs/node#55351), some 60 bytes a call; on Node 24 until a collection finds it.
   */
  signalFor(cancel: AbortSignal): { signal: AbortSignal; release(): void } {
    const stopping = this.stopping;
    const controller = new AbortController();
    const aborted = cancel.aborted ? cancel : stopping.aborted ? stopping : undefined;
    if (aborted) {
      controller.abort(aborted.reason);
      return { signal: controller.signal, release: () => undefined };
    }
    const abort = () => controller.abort(cancel.reason);
    cancel.addEventListener('abort', abort, { once: true });
    this.stoppable.add(controller);
    return {
      signal: controller.signal,
      release: () => {
        cancel.removeEventListener('abort', abort);
        this.stoppable.delete(controller);
      },
    };
  }

  get size(): number {
    return this.running.size;
  }

  /** Runs `call` as one of the calls in flight. */
  track<T>(call: () => Promise<T>): Promise<T> {
    const promise = call();
    const settled = promise.then(
      () => undefined,
      () => undefined,
    );
    this.running.add(settled);
    void settled.then(() => this.running.delete(settled));
    return promise;
  }

  /**
   * Waits up to `graceMs` for the calls in flight to end; then stops those still running and
   * waits up to `answerMs` more for their answers.
   */
  async drain(graceMs: number, answerMs = 5_000): Promise<void> {
    if (await this.allSettled(graceMs)) return;
    const reason = new Error('the server is shutting down');
    this.stopper.abort(reason);
    for (const controller of this.stoppable) controller.abort(reason);
    await this.allSettled(answerMs);
    // Calls started after this (an embedding application's next server) are not stopped.
    this.stopper = new AbortController();
  }

  /** True once every call in flight (including any started meanwhile) has ended, false after `ms`. */
  private async allSettled(ms: number): Promise<boolean> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<false>((resolve) => (timer = setTimeout(resolve, ms, false)));
    try {
      while (this.running.size > 0) {
        const done = await Promise.race([Promise.all(this.running).then(() => true), timeout]);
        if (!done) return false;
      }
      return true;
    } finally {
      clearTimeout(timer);
    }
  }
}

/** The process's calls: every server created in the process shares it by default. */
export const processCalls = new CallsInFlight();

/** A call that shutdown stopped before its answer came; whether its write may have gone through is kept. */
export class ShutdownError extends HelpdeskApiError {
  readonly kind = 'shutdown';
  constructor(processed: Processed) {
    super('The server is shutting down and stopped this call before its answer came', undefined, undefined, processed);
  }
}

/** A cancellation that shutdown caused (through the call's `stopping` signal), told as such. */
export function stoppedByShutdown(error: unknown, stopping: AbortSignal): unknown {
  return stopping.aborted && error instanceof CancelledError ? new ShutdownError(error.processed) : error;
}
