import type { z } from 'zod';
import { MethodNotAllowedError, NotFoundError } from '../../http/errors.js';
import { checked } from '../../http/checked.js';
import type { HttpClient, HttpRequest } from '../../http/http-client.js';
import { CategoryCache } from './category-cache.js';
import { TicketNames } from './ticket-names.js';
import {
  categoriesResponse,
  identifyResponse,
  sendMessageResponse,
  ticketsResponse,
  updateTicketResponse,
  type Category,
  type MessageType,
  type Status,
  type TicketsPage,
} from './api.js';

const LOOK_EVERY_MS = 60_000;
/** Mava's longest range per request. */
const YEAR_MS = 365 * 24 * 60 * 60 * 1000;

export interface TicketQuery {
  startDate: string;
  endDate: string;
  limit?: number;
  skip?: number;
  status?: string[];
  assignedTo?: string[];
  category?: string[];
  tags?: string[];
  csatValues?: string[];
  origin?: string[];
  sortBy?: string;
  sortOrder?: string;
  includeMessages?: boolean;
}

export interface TicketUpdate {
  ticketId: string;
  status?: Status;
  priority?: number;
  categoryId?: string;
}

export interface Attachment {
  fileName: string;
  url: string;
  fileType: string;
}

export interface NewMessage {
  ticketId: string;
  content?: string;
  messageType: MessageType;
  attachments?: Attachment[];
}

export interface CustomerIdentity {
  emailAddress?: string;
  platformUserId?: string;
  mavaCustomerId?: string;
  customAttributes?: Array<{ label: string; value: string }>;
}

/** Mava's public API (docs/api/mava.md), typed; knows nothing of MCP. */
export class MavaClient {
  /** Categories by name, for tools that take a name instead of an id. */
  readonly categories = new CategoryCache(() => this.listCategories());
  /** Names of the categories, agents and tags on the tickets read so far, for filters given by name. */
  readonly names = new TicketNames();
  private lookedAt = -Infinity;

  constructor(
    private readonly http: HttpClient,
    private readonly now: () => number = Date.now,
  ) {}

  async fetchTickets(query: TicketQuery, signal?: AbortSignal): Promise<TicketsPage> {
    const params = new URLSearchParams({ startDate: query.startDate, endDate: query.endDate });
    const scalar = { limit: query.limit, skip: query.skip, sortBy: query.sortBy, sortOrder: query.sortOrder };
    for (const [name, value] of Object.entries(scalar)) if (value !== undefined) params.set(name, String(value));
    // Repeatable filters are sent as repeated parameters, as Mava documents.
    const lists = {
      status: query.status,
      assignedTo: query.assignedTo,
      category: query.category,
      tags: query.tags,
      csatValues: query.csatValues,
      origin: query.origin,
    };
    for (const [name, values] of Object.entries(lists)) for (const value of values ?? []) params.append(name, value);
    if (query.includeMessages) params.set('includeMessages', 'true');
    const page = await this.call({ method: 'GET', path: '/api/tickets', query: params, signal }, ticketsResponse);
    this.names.learn(page.tickets);
    return page;
  }

  /**
   * Reads the latest tickets of the past year (one page) to learn the names on them: agents and
   * tags have no list of their own. At most once a minute; later calls find the names as fresh.
   */
  async lookAtRecentTickets(signal?: AbortSignal): Promise<void> {
    const now = this.now();
    if (now - this.lookedAt < LOOK_EVERY_MS) return;
    await this.fetchTickets({ startDate: new Date(now - YEAR_MS).toISOString(), endDate: new Date(now + 60_000).toISOString(), limit: 100 }, signal);
    this.lookedAt = now;
  }

  async listCategories(signal?: AbortSignal): Promise<Category[]> {
    const body = await this.call({ method: 'GET', path: '/api/categories', signal }, categoriesResponse);
    this.names.learnCategories(body.categories);
    return body.categories;
  }

  async updateTicket(update: TicketUpdate, signal?: AbortSignal): Promise<string> {
    const body = await this.call({ method: 'PUT', path: '/api/ticket', body: update, signal }, updateTicketResponse);
    return body.message;
  }

  /**
   * Mava documents PUT while its examples use POST: PUT first; a 404 or 405 means the route is
   * absent and nothing was processed, so POST once (docs/api/mava.md, "Send message or internal note").
   */
  async sendMessage(message: NewMessage, signal?: AbortSignal) {
    const request: HttpRequest = { method: 'PUT', path: '/api/message', body: message, signal };
    try {
      return await this.call(request, sendMessageResponse);
    } catch (error) {
      if (!(error instanceof NotFoundError || error instanceof MethodNotAllowedError)) throw error;
      return this.call({ ...request, method: 'POST' }, sendMessageResponse);
    }
  }

  /** Mava's schema spells the field `plaformUserId`; we take `platformUserId` and send it as documented. */
  async identify(identity: CustomerIdentity, signal?: AbortSignal): Promise<string> {
    const { platformUserId, ...rest } = identity;
    const body = { ...rest, ...(platformUserId === undefined ? {} : { plaformUserId: platformUserId }) };
    const answer = await this.call({ method: 'POST', path: '/api/identify', body, signal }, identifyResponse);
    return answer.customerId as string;
  }

  private async call<S extends z.ZodType>(request: HttpRequest, schema: S): Promise<z.infer<S>> {
    const response = await this.http.send(request);
    return checked(schema, response, request);
  }
}
