// The API's routes: path, then method. Maps rather than object literals, so a method named
// "constructor" or "__proto__" finds nothing instead of Object.prototype.

import { listCategories } from './categories.js';
import { fetchTickets } from './fetch-tickets.js';
import { identify } from './identify.js';
import type { Handler } from './route.js';
import { sendMessage } from './send-message.js';
import { updateTicket } from './update-ticket.js';

export type { Handler, RouteRequest } from './route.js';

const methods = (entries: Record<string, Handler>): ReadonlyMap<string, Handler> => new Map(Object.entries(entries));

export const ROUTES: ReadonlyMap<string, ReadonlyMap<string, Handler>> = new Map([
  ['/api/identify', methods({ POST: identify })],
  ['/api/categories', methods({ GET: listCategories })],
  ['/api/ticket', methods({ PUT: updateTicket })],
  // Documented as PUT, while Mava's own curl and NodeJS examples POST: both are served
  // (docs/api/mava.md, "Send message or internal note").
  ['/api/message', methods({ PUT: sendMessage, POST: sendMessage })],
  ['/api/tickets', methods({ GET: fetchTickets })],
]);
