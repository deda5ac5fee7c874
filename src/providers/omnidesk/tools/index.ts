import { createTicket } from './create-ticket.js';
import { fetchTickets } from './fetch-tickets.js';
import { sendMessage } from './send-message.js';

/** Omnidesk's tools, in the order tools/list shows them. */
export const omnideskTools = [fetchTickets, sendMessage, createTicket];
