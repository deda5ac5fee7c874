// The sandbox's state and the operations the API performs on it. Inputs arrive validated (the
// routes check them in the documented order); the store only applies them.

import { randomBytes } from 'node:crypto';
import type { ApiMessageType, Attachment, Category, Customer, Dataset, Message, Priority, Ticket, TicketStatus } from './model.js';
import type { TicketQuery } from './ticket-query.js';
import { searchTickets, type TicketPage } from './ticket-search.js';

export interface TicketChanges {
  status?: TicketStatus;
  priority?: Priority;
  category?: Category;
}

export interface MessageDraft {
  content: string;
  messageType: ApiMessageType;
  attachments: Attachment[];
}

export interface IdentifyInput {
  mavaCustomerId?: string;
  emailAddress?: string;
  platformUserId?: string;
  customAttributes: ReadonlyArray<{ label: string; value: string }>;
}

export class MavaStore {
  readonly apiSender: Readonly<{ _id: string; name: string }>;
  private readonly tickets: Ticket[];
  private readonly ticketsById: Map<string, Ticket>;
  private readonly categories: Category[];
  private readonly customers: Customer[];
  private readonly customersById: Map<string, Customer>;
  private readonly attributeIds: Map<string, string>;

  /** `clock` stamps what the API writes (messages, updatedAt, resolutionTime). */
  constructor(
    dataset: Dataset,
    private readonly clock: () => number = Date.now,
  ) {
    this.apiSender = dataset.apiSender;
    this.tickets = dataset.tickets;
    this.ticketsById = new Map(dataset.tickets.map((ticket) => [ticket._id, ticket]));
    this.categories = dataset.categories;
    this.customers = dataset.customers;
    this.customersById = new Map(dataset.customers.map((customer) => [customer._id, customer]));
    this.attributeIds = dataset.attributeIds;
  }

  activeCategories(): Category[] {
    return this.categories.filter((category) => !category.archived);
  }

  findTicket(id: string): Ticket | undefined {
    return this.ticketsById.get(id);
  }

  /** Archived categories stay on old tickets but can no longer be assigned. */
  findActiveCategory(id: string): Category | undefined {
    return this.categories.find((category) => category._id === id && !category.archived);
  }

  findCustomer(id: string): Customer | undefined {
    return this.customersById.get(id);
  }

  searchTickets(query: TicketQuery): TicketPage {
    return searchTickets(this.tickets, query);
  }

  /** Applies the fields that differ, each with its audit-log entry; equal values leave no trace. */
  updateTicket(ticket: Ticket, changes: TicketChanges): void {
    const now = this.clock();
    const audit = (field: string, from: string, to: string): void => {
      ticket.messages.push({
        _id: newObjectId(),
        content: `${field} changed from ${from} to ${to} via API`,
        senderType: 'system',
        senderName: null,
        messageType: 'AuditLog',
        createdAt: now,
        attachments: [],
      });
    };
    let changed = false;
    if (changes.status !== undefined && changes.status !== ticket.status) {
      audit('Status', ticket.status, changes.status);
      ticket.status = changes.status;
      ticket.resolutionTime = changes.status === 'Resolved' ? now - ticket.createdAt : null;
      changed = true;
    }
    if (changes.priority !== undefined && changes.priority !== ticket.priority) {
      audit('Priority', String(ticket.priority), String(changes.priority));
      ticket.priority = changes.priority;
      changed = true;
    }
    if (changes.category !== undefined && changes.category !== ticket.category) {
      audit('Category', ticket.category?.name ?? 'None', changes.category.name);
      ticket.category = changes.category;
      changed = true;
    }
    if (changed) ticket.updatedAt = now;
  }

  addMessage(ticket: Ticket, draft: MessageDraft): Message {
    const message: Message = {
      _id: newObjectId(),
      content: draft.content,
      senderType: 'agent',
      senderName: null,
      messageType: draft.messageType,
      createdAt: this.clock(),
      attachments: draft.attachments,
    };
    ticket.messages.push(message);
    ticket.updatedAt = message.createdAt;
    return message;
  }

  /**
   * Finds the customer by id, else email, else platform user id, else creates one; then records
   * what was sent. Callers check that a given mavaCustomerId exists.
   */
  identify(input: IdentifyInput): Customer {
    const customer =
      (input.mavaCustomerId !== undefined ? this.customersById.get(input.mavaCustomerId) : undefined) ??
      this.findByEmail(input.emailAddress) ??
      this.findByPlatformUserId(input.platformUserId) ??
      this.createCustomer();
    if (input.emailAddress !== undefined) customer.email = input.emailAddress;
    if (input.platformUserId !== undefined) customer.platformUserId = input.platformUserId;
    for (const { label, value } of input.customAttributes) {
      const existing = customer.attributes.find((attribute) => attribute.name === label);
      if (existing) existing.content = value;
      else customer.attributes.push({ attributeId: this.attributeIdFor(label), name: label, content: value });
    }
    return customer;
  }

  private findByEmail(email: string | undefined): Customer | undefined {
    if (email === undefined) return undefined;
    const wanted = email.toLowerCase();
    return this.customers.find((customer) => customer.email?.toLowerCase() === wanted);
  }

  private findByPlatformUserId(platformUserId: string | undefined): Customer | undefined {
    if (platformUserId === undefined) return undefined;
    return this.customers.find((customer) => customer.platformUserId === platformUserId);
  }

  private createCustomer(): Customer {
    const customer: Customer = { _id: newObjectId(), email: null, platformUserId: null, attributes: [] };
    this.customers.push(customer);
    this.customersById.set(customer._id, customer);
    return customer;
  }

  /** One attribute name keeps one id across customers, as an attribute definition would. */
  private attributeIdFor(name: string): string {
    let id = this.attributeIds.get(name);
    if (id === undefined) {
      id = newObjectId();
      this.attributeIds.set(name, id);
    }
    return id;
  }
}

/**
 * Ids minted at run time come from crypto, not the seeded generator: they must never collide
 * with seeded ids, and nothing needs to replay them.
 */
function newObjectId(): string {
  return randomBytes(12).toString('hex');
}
