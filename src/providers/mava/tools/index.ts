import { addInternalNote } from './add-internal-note.js';
import { fetchTickets } from './fetch-tickets.js';
import { identifyCustomer } from './identify-customer.js';
import { listCategories } from './list-categories.js';
import { sendMessage } from './send-message.js';
import { updateTicket } from './update-ticket.js';

/** Mava's tools, in the order tools/list shows them. */
export const mavaTools = [fetchTickets, updateTicket, sendMessage, addInternalNote, identifyCustomer, listCategories];
