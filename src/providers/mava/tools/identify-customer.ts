import { z } from 'zod';
import { InputError } from '../../../tools/define-tool.js';
import { idText, mavaTool } from './fields.js';

export const identifyCustomer = mavaTool({
  name: 'identify_customer',
  title: 'Identify customer',
  description:
    'Create or update a customer and set custom attributes (e.g. plan, company). Without mavaCustomerId a customer is created: keep the returned mavaCustomerId and pass it next time for the same customer.',
  input: {
    emailAddress: z.email().max(320).optional(),
    platformUserId: idText('platformUserId').optional().describe("The customer's user id in your platform."),
    mavaCustomerId: idText('mavaCustomerId').optional().describe('From a previous identify_customer or a ticket customer _id.'),
    customAttributes: z
      .array(z.object({ label: z.string().trim().min(1).max(200), value: z.string().max(2000) }))
      .max(100)
      .optional(),
  },
  output: { mavaCustomerId: z.string() },
  annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: false, openWorldHint: true },
  hints: { 'Customer not found': 'Check mavaCustomerId, or omit it to match by emailAddress or create a customer.' },
  write({ emailAddress, platformUserId, mavaCustomerId, customAttributes }) {
    const customer = mavaCustomerId ?? platformUserId ?? emailAddress;
    if (!customer) throw new InputError('give at least one of emailAddress, platformUserId or mavaCustomerId to say who the customer is.');
    const content = customAttributes?.map(({ label, value }) => `${label}=${value}`).join(', ');
    return { customer, content };
  },
  async handler({ emailAddress, platformUserId, mavaCustomerId, customAttributes }, { client, signal }) {
    const id = await client.identify({ emailAddress, platformUserId, mavaCustomerId, customAttributes }, signal);
    const attributes = customAttributes?.length ? ` with ${customAttributes.length} attribute(s)` : '';
    return { structured: { mavaCustomerId: id }, text: `Customer ${id} identified${attributes}. Keep mavaCustomerId ${id} for later calls about this customer.` };
  },
});
