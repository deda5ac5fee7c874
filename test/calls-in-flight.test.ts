import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CallsInFlight } from '../src/calls-in-flight.js';
import { startMavaSandbox, type MavaSandbox } from '../src/providers/mava/sandbox/index.js';
import { connect, testConfig, type Harness } from './support/harness.js';

/**
 * The signals Node keeps in a signal for every AbortSignal.any() made from it (its internal
 * `kDependantSignals` set, as on Node 20 and 24): the test fails, rather than passes unseen, if
 * the name ever changes.
 */
function dependants(signal: AbortSignal): number {
  const key = Object.getOwnPropertySymbols(signal).find((symbol) => symbol.description === 'kDependantSignals');
  if (key === undefined) return 0;
  return (signal as unknown as Record<symbol, Set<unknown> | undefined>)[key]?.size ?? 0;
}

describe('calls in flight', () => {
  let sandbox: MavaSandbox;
  let mcp: Harness;
  const calls = new CallsInFlight();

  beforeAll(async () => {
    sandbox = await startMavaSandbox();
    mcp = await connect(testConfig({ api: { baseUrl: sandbox.url, apiKey: sandbox.apiKey } }), { calls });
  });
  afterAll(async () => {
    await mcp.close();
    await sandbox.close();
  });

  it('the Node internals the next test reads are there', () => {
    const source = new AbortController().signal;
    const combined = AbortSignal.any([source]);
    combined.addEventListener('abort', () => undefined);
    expect(dependants(source)).toBe(1);
  });

  it('keeps nothing of a call that ended in the process-long shutdown signal', async () => {
    // AbortSignal.any() would leave each call's signal in `stopping` for as long as the process
    // runs on Node 20 (nodejs/node#55351): about 60 bytes a call, for ever.
    for (let i = 0; i < 20; i++) {
      expect((await mcp.call('list_categories')).isError).toBe(false);
      expect((await mcp.call('fetch_tickets', { limit: 5 })).isError).toBe(false);
    }
    expect(dependants(calls.stopping)).toBe(0);
  });

  it('fifty calls at once: no listener piles up on the shutdown signal, a cancel stops one call, shutdown every call', async () => {
    const own = new CallsInFlight();
    const warnings: string[] = [];
    const onWarning = (warning: Error) => warnings.push(`${warning.name}: ${warning.message}`);
    process.on('warning', onWarning);
    try {
      const cancels = Array.from({ length: 50 }, () => new AbortController());
      const signals = cancels.map((cancel) => own.signalFor(cancel.signal));
      const ended = signals.map(({ signal, release }) =>
        own.track(
          () =>
            new Promise<string>((resolve) =>
              signal.addEventListener('abort', () => {
                release();
                resolve(String((signal.reason as Error)?.message ?? signal.reason));
              }),
            ),
        ),
      );
      cancels[7]!.abort('the client cancelled');
      expect(await ended[7]).toBe('the client cancelled');
      expect(signals.filter(({ signal }) => signal.aborted)).toHaveLength(1);
      await own.drain(10, 1_000);
      expect(new Set(await Promise.all(ended.filter((_, i) => i !== 7)))).toEqual(new Set(['the server is shutting down']));
      await new Promise((resolve) => setImmediate(resolve)); // Node emits its warnings on the next tick
      expect(warnings.filter((warning) => warning.startsWith('MaxListenersExceededWarning'))).toEqual([]);
    } finally {
      process.off('warning', onWarning);
    }
  });
});
