// The stand-in's fixed account: a handful of tickets shaped as Omnidesk documents them
// (docs/api/omnidesk.md, "List tickets": ticketID, subject, status, priority, customer_id,
// brand_id; plus fields of Omnidesk's own item example that a client must tolerate and ignore).

export interface StandinTicket {
  ticketID: number;
  subject: string;
  status: string;
  priority: string;
  customer_id: number;
  brand_id: number;
  brand_name: string;
  channel_id: number;
  channel_name: string;
  from: string;
  from_name: string;
  created_at: string;
  last_update: string;
  archived: boolean;
}

const SUBJECTS = ['Bestelling niet ontvangen', 'Refund for damaged item', 'Vraag over factuur', 'Cannot log in', 'Afleveradres wijzigen'];
const STATUSES = ['new', 'open', 'pending', 'solved', 'closed'];

function ticket(i: number): StandinTicket {
  const day = String(28 - (i % 20)).padStart(2, '0');
  return {
    ticketID: 858_462 - i,
    subject: `${SUBJECTS[i % SUBJECTS.length]} ${i}`,
    status: STATUSES[i % STATUSES.length]!,
    priority: i % 3 === 0 ? 'high' : 'medium',
    customer_id: 626_822 + i,
    brand_id: 1 + (i % 2),
    brand_name: i % 2 ? 'Koffiebar Noord' : 'MyBrand',
    channel_id: 1 + (i % 3),
    channel_name: ['e-mail', 'live chat', 'WhatsApp'][i % 3]!,
    from: `customer${i}@example.nl`,
    from_name: `Customer ${i}`,
    created_at: `2026-01-${day} 10:${String(i % 60).padStart(2, '0')}:00`,
    last_update: `2026-01-${day} 11:00:00`,
    archived: i >= 38,
  };
}

export const STANDIN_DATA = {
  /** 40 tickets, newest first; the last two are archived. */
  tickets: Array.from({ length: 40 }, (_, i) => ticket(i)),
  brands: [1, 2],
};

/** Extra fields Omnidesk's item example shows: the client must ignore them. */
export function withExtras(ticket: StandinTicket): Record<string, unknown> {
  const { archived: _archived, ...documented } = ticket;
  return {
    ...documented,
    assigned_group_id: 10003,
    assigned_user_id: 0,
    channel_account_id: '0',
    direction: 'inbound',
    external_gui_url: `https://guiurl.brand.com/?ticketID=${ticket.ticketID}`,
    sla_next_breach: null,
    show_timeline: 1,
  };
}
