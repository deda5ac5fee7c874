import { addInternalNote } from './add-internal-note.js';
import { fetchTickets } from './fetch-tickets.js';
import { updateTicket } from './update-ticket.js';

/** InboxOps's tools, in the order tools/list shows them. No send_message: the API allows no outbound reply. */
export const inboxopsTools = [fetchTickets, updateTicket, addInternalNote];
