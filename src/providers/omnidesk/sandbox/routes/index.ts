// The API's routes and the permission each needs: MESSAGE_CREATE to write messages,
// TICKET_READ to read tickets (docs/api/omnidesk.md, "Authentication and permissions").

import { createChatbotTicket } from './chatbot.js';
import { createMessage } from './message.js';
import type { Route } from './route.js';
import { getTicket, listTickets } from './tickets.js';

export type { Route, RouteRequest } from './route.js';

export const ROUTES: readonly Route[] = [
  { method: 'GET', pattern: /^\/api\/v2\/ticket$/, permission: 'TICKET_READ', handle: listTickets },
  { method: 'GET', pattern: /^\/api\/v2\/ticket\/(?<ticketID>[^/]+)$/, permission: 'TICKET_READ', handle: getTicket },
  { method: 'POST', pattern: /^\/api\/v2\/message$/, permission: 'MESSAGE_CREATE', handle: createMessage },
  { method: 'POST', pattern: /^\/api\/v2\/message\/chatbot$/, permission: 'MESSAGE_CREATE', handle: createChatbotTicket },
];
