import { z } from 'zod';
import { idText } from '../../../tools/id-text.js';

export const ticketId = idText('ticket_id').describe('id from fetch_tickets');

/** A closed set of values whose refusal names the field and every allowed value. */
export function choice<const T extends readonly [string, ...string[]]>(field: string, values: T) {
  return z.enum(values, { error: `${field} must be one of ${values.join(', ')}` });
}

/** InboxOps does not publish its priority values; they are passed on as given and InboxOps judges them. */
export const priority = z.string().trim().min(1, 'priority must not be empty').max(40).describe('low|normal|high|urgent');
