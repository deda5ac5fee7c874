import type { MavaClient } from '../client.js';
import { z } from 'zod';
import { InputError, defineTool, type ToolContext } from '../../../tools/define-tool.js';

import { idText } from '../../../tools/id-text.js';
import { RESERVED_NAMES } from '../../../tools/tool-input.js';

const label = z
  .string()
  .trim()
  .min(1)
  .max(200)
  .refine((name) => !RESERVED_NAMES.has(name), { error: (issue) => `"${String(issue.input)}" cannot be used as a name (it is reserved); rename it` });
const value = z.string().max(2000);
/**
 * Mava's own list of {label, value}, or a map of label to value; sent as the list. The list comes
 * first, so tools/list shows it: a map (an open object) has no form in OpenAI's strict mode, and
 * Gemini's schema drops its value type.
 */
const customAttributes = z.union(
  [
    z.array(z.strictObject({ label, value })).max(100),
    z
      .record(label, value)
      .refine((map) => Object.keys(map).length <= 100, 'must hold at most 100 attributes')
      .transform((map) => Object.entries(map).map(([label, value]) => ({ label, value }))),
  ],
  { error: 'must be a list of {label, value} (text each), or a map of label to text' },
);

export const identifyCustomer = defineTool({
  name: 'identify_customer',
  title: 'Identify customer',
  description: 'Create or update a customer and its attributes. Without mavaCustomerId one is created: keep the returned id.',
  input: {
    emailAddress: z.email().max(320).optional(),
    platformUserId: idText('platformUserId').optional().describe("Your app's user id"),
    mavaCustomerId: idText('mavaCustomerId').optional().describe('From a ticket or identify_customer'),
    customAttributes: customAttributes.optional(),
  },
  output: { mavaCustomerId: z.string() },
  annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: false, openWorldHint: true },
  hints: { 'Customer not found': 'Check mavaCustomerId, or omit it to match by emailAddress or create a customer.' },
  describeWrite({ emailAddress, platformUserId, mavaCustomerId, customAttributes }) {
    const customer = mavaCustomerId ?? platformUserId ?? emailAddress;
    if (!customer) throw new InputError('give at least one of emailAddress, platformUserId or mavaCustomerId to say who the customer is.');
    const content = customAttributes?.map(({ label, value }) => `${label}=${value}`).join(', ');
    return { customer, content };
  },
  async handler({ emailAddress, platformUserId, mavaCustomerId, customAttributes }, { client, signal }: ToolContext<MavaClient>) {
    const id = await client.identify({ emailAddress, platformUserId, mavaCustomerId, customAttributes }, signal);
    const attributes = customAttributes?.length ? ` with ${customAttributes.length} attribute(s)` : '';
    return {
      structured: { mavaCustomerId: id },
      text: `Customer ${id} identified${attributes}. Keep mavaCustomerId ${id} for later calls about this customer.`,
    };
  },
});
