// POST /api/v2/message/chatbot: a ticket and its first message, from a chatbot (docs/api/omnidesk.md,
// "Create a ticket from a chatbot").

import { fail, NO_CONTENT, type Reply } from '../http-io.js';
import { requiredNumber, requiredText } from '../rules.js';
import type { RouteRequest } from './route.js';

export async function createChatbotTicket({ store, readForm }: RouteRequest): Promise<Reply> {
  const form = await readForm();
  const brandID = requiredNumber(form, 'brandID');
  const message = requiredText(form, 'message');
  const subject = requiredText(form, 'subject');
  const from = requiredText(form, 'from');
  const brand = store.findBrand(brandID);
  if (!brand) return fail(400, 'Brand not found');
  store.createChatbotTicket({ brand, subject, message, from });
  return NO_CONTENT;
}
