import type { OmnideskClient } from '../client.js';
import { z } from 'zod';
import { InputError, defineTool, type ToolContext } from '../../../tools/define-tool.js';
import { numericId } from './fields.js';

export const createTicket = defineTool({
  name: 'create_ticket',
  title: 'Create ticket',
  description: 'New ticket with a first message, as from a chatbot. Returns no id: find it by fetch_tickets query.',
  input: {
    brandID: numericId('brandID').describe('brand_id from fetch_tickets'),
    subject: z.string().min(1).max(500),
    message: z.string().min(1).max(50_000),
    from: z.string().min(1).max(320).describe('Customer email or name'),
  },
  output: {
    brandID: z.number(),
    subject: z.string(),
    from: z.string(),
    ticketID: z.number().optional(),
  },
  annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: false, openWorldHint: true },
  hints: { 'Brand not found': 'Use a brand_id from fetch_tickets.' },
  describeWrite({ brandID, subject, message, from }) {
    const blank = Object.entries({ subject, message, from }).find(([, value]) => value.trim() === '');
    if (blank) throw new InputError(`${blank[0]} must not be blank.`);
    return { customer: from, content: `[brand ${brandID}] ${subject}\n\n${message}` };
  },
  async handler({ brandID, subject, message, from }, { client, signal }: ToolContext<OmnideskClient>) {
    const { ticketID } = await client.createTicket({ brandID, subject, message, from }, signal);
    const found = ticketID === undefined ? ` Omnidesk returns no id: find it with fetch_tickets query ${JSON.stringify(subject)}.` : '';
    return {
      structured: { brandID, subject, from, ...(ticketID === undefined ? {} : { ticketID }) },
      text: `Ticket created${ticketID === undefined ? '' : ` (ticketID ${ticketID})`} for brand ${brandID} from ${from}.${found}`,
    };
  },
});
