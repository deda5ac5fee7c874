// The sandbox's state and the operations the API performs on it. Inputs arrive validated (the
// routes check them in the documented order); the store only applies them.

import type { Brand, Channel, Customer, Dataset, Ticket, TicketStatus, TimelineMessage } from './model.js';

export interface TicketFilter {
  itemStart: number;
  itemLimit: number;
  status?: TicketStatus;
  query?: string;
  searchArchived: boolean;
}

export interface MessageDraft {
  channelType: string;
  toAddress: string;
  ccInput: string;
  bccInput: string;
  respondMessageID: number;
  plaintext: string;
  message: string;
  forwardedFileIDs: number[];
  sendAt: number | null;
  userID: number;
  submitStatus?: TicketStatus;
}

export interface ChatbotDraft {
  brand: Brand;
  subject: string;
  message: string;
  from: string;
}

export class OmnideskStore {
  private readonly tickets: Ticket[];
  private readonly byId: Map<number, Ticket>;
  private readonly customers: Customer[];
  private nextTicketId: number;
  private nextMessageId: number;
  private nextCustomerId: number;

  constructor(
    private readonly dataset: Dataset,
    private readonly clock: () => number = Date.now,
  ) {
    this.tickets = dataset.tickets;
    this.byId = new Map(dataset.tickets.map((ticket) => [ticket.id, ticket]));
    this.customers = dataset.customers;
    this.nextTicketId = Math.max(858_000, ...dataset.tickets.map((t) => t.id + 1));
    this.nextMessageId = Math.max(4_090_000, ...dataset.tickets.flatMap((t) => t.timeline.map((m) => m.id + 1)));
    this.nextCustomerId = Math.max(626_800, ...dataset.customers.map((c) => c.id + 1));
  }

  findTicket(id: number): Ticket | undefined {
    return this.byId.get(id);
  }

  findBrand(id: number): Brand | undefined {
    return this.dataset.brands.find((brand) => brand.id === id);
  }

  findChannel(id: number): Channel | undefined {
    return this.dataset.channels.find((channel) => channel.id === id);
  }

  /** Newest first; the query matches the ticket id, subject, sender's address or name, case-insensitively. */
  listTickets(filter: TicketFilter): { items: Ticket[]; total: number } {
    const words = filter.query?.toLowerCase();
    const matching = this.tickets
      .filter((ticket) => filter.searchArchived || !ticket.archived)
      .filter((ticket) => filter.status === undefined || ticket.status === filter.status)
      .filter((ticket) => {
        if (!words) return true;
        const haystack = [String(ticket.id), ticket.subject, ticket.customer.email, ticket.customer.name].join('\n').toLowerCase();
        return haystack.includes(words);
      })
      .sort((a, b) => b.created_at - a.created_at || b.id - a.id);
    return { items: matching.slice(filter.itemStart, filter.itemStart + filter.itemLimit), total: matching.length };
  }

  addMessage(ticket: Ticket, draft: MessageDraft): TimelineMessage {
    const now = this.clock();
    const message: TimelineMessage = {
      id: this.nextMessageId++,
      ticket_id: ticket.id,
      direction: 'outbound',
      channel_type: draft.channelType,
      from: 'support@omnidesk.example',
      to: draft.toAddress,
      cc: draft.ccInput,
      bcc: draft.bccInput,
      message: draft.message,
      plaintext: draft.plaintext,
      user_id: draft.userID,
      respond_message_id: draft.respondMessageID,
      forwarded_file_ids: draft.forwardedFileIDs,
      created_at: now,
      send_at: draft.sendAt,
    };
    ticket.timeline.push(message);
    if (draft.submitStatus) ticket.status = draft.submitStatus;
    ticket.last_update = now;
    return message;
  }

  /** A new ticket with its first, inbound message; the sender becomes a customer if unknown. */
  createChatbotTicket(draft: ChatbotDraft): Ticket {
    const now = this.clock();
    const customer = this.customerFor(draft.from);
    const ticket: Ticket = {
      id: this.nextTicketId++,
      subject: draft.subject,
      status: 'new',
      priority: 'medium',
      brand: draft.brand,
      channel: this.dataset.chatbotChannel,
      customer,
      assigned_user_id: 0,
      created_at: now,
      last_update: now,
      archived: false,
      timeline: [],
    };
    ticket.timeline.push({
      id: this.nextMessageId++,
      ticket_id: ticket.id,
      direction: 'inbound',
      channel_type: String(ticket.channel.id),
      from: draft.from,
      to: '',
      cc: '',
      bcc: '',
      message: draft.message,
      plaintext: '',
      user_id: 0,
      respond_message_id: 0,
      forwarded_file_ids: [],
      created_at: now,
      send_at: null,
    });
    this.tickets.push(ticket);
    this.byId.set(ticket.id, ticket);
    return ticket;
  }

  private customerFor(from: string): Customer {
    const known = this.customers.find((customer) => customer.email.toLowerCase() === from.toLowerCase());
    if (known) return known;
    const customer: Customer = { id: this.nextCustomerId++, name: from.includes('@') ? from.split('@')[0]! : from, email: from };
    this.customers.push(customer);
    return customer;
  }
}
