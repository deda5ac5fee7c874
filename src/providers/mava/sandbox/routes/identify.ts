// POST /api/identify: find or create a customer and record their email, platform user id and
// custom attributes. Mava documents no answer; the sandbox returns the customer's id (which
// Mava says to keep) and the customer as tickets show it (docs/api/mava.md, "Identify a customer").

import { isAbsent, isRecord } from '../guards.js';
import { fail, ok, type Reply } from '../http-io.js';
import { customerJson } from '../wire.js';
import type { RouteRequest } from './route.js';

// `plaformUserId` is spelled as Mava's schema spells it.
const TEXT_FIELDS = ['emailAddress', 'plaformUserId', 'mavaCustomerId'] as const;

export async function identify({ store, readJson }: RouteRequest): Promise<Reply> {
  const body = await readJson();
  if (TEXT_FIELDS.some((field) => !isAbsent(body[field]) && typeof body[field] !== 'string')) {
    return fail(400, 'Invalid request body');
  }
  const customAttributes = parseCustomAttributes(body.customAttributes);
  if (!customAttributes) return fail(400, 'Invalid custom attributes');

  const mavaCustomerId = text(body.mavaCustomerId);
  if (mavaCustomerId !== undefined && !store.findCustomer(mavaCustomerId)) return fail(400, 'Customer not found');

  const customer = store.identify({
    mavaCustomerId,
    emailAddress: text(body.emailAddress),
    platformUserId: text(body.plaformUserId),
    customAttributes,
  });
  return ok({ message: 'Customer identified', mavaCustomerId: customer._id, customer: customerJson(customer) });
}

/** Mava's own example sends `""` for fields it has no value for: blank means not sent. */
function text(value: unknown): string | undefined {
  return typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined;
}

function parseCustomAttributes(value: unknown): Array<{ label: string; value: string }> | undefined {
  if (isAbsent(value)) return [];
  if (!Array.isArray(value)) return undefined;
  const attributes: Array<{ label: string; value: string }> = [];
  for (const item of value) {
    if (!isRecord(item) || typeof item.label !== 'string' || item.label.trim() === '' || typeof item.value !== 'string') {
      return undefined;
    }
    attributes.push({ label: item.label, value: item.value });
  }
  return attributes;
}
