import { z } from 'zod';
/** Omnidesk's ids are numbers (ticketID, brandID, userID, ...). */
export function numericId(field: string) {
  return z.int({ error: `${field} must be a whole number (an Omnidesk id)` }).min(1, `${field} must be 1 or more`);
}

/** A status word: Omnidesk lists no values, so any lower-case word goes, as Omnidesk spells them. */
export function statusWord(field: string) {
  return z.string().regex(/^[a-z][a-z_-]{0,39}$/, `${field} must be a status in lower case, e.g. new, open, pending, solved`);
}

export const ticketID = numericId('ticketID').describe('From fetch_tickets');
