import { expect } from 'vitest';
import type { SendLedger } from '../../src/safety/send-ledger.js';

/**
 * Every ledger keeps who sent a message (with sign-in), so the duplicate guard's refusal can name
 * them: `second` (another process or replica, or the same ledger) sees `first`'s claim and who made
 * it, before and after it is settled.
 */
export async function expectKeepsWhoSent(first: SendLedger, second: SendLedger, key: string): Promise<void> {
  const claimed = await first.claim(key, false, 'Sam Lee');
  if (!('claim' in claimed)) throw new Error('expected a claim');
  const { at } = claimed.claim;
  expect(await second.claim(key, false, 'robot-7')).toEqual({ prior: { at, state: 'sending', by: 'Sam Lee' } });
  await first.settle(claimed.claim, 'sent');
  expect(await second.peek(key)).toEqual({ at, state: 'sent', by: 'Sam Lee' });
}
