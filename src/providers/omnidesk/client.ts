import type { z } from 'zod';
import { checked } from '../../http/checked.js';
import type { FormFields, HttpClient, HttpRequest } from '../../http/http-client.js';
import { noContent, ticketList, type TicketList } from './api.js';

/** Each body's fields in the order Omnidesk documents them, which is the order they are sent in. */
const LIST_PARAMS = ['itemStart', 'itemLimit', 'status', 'query', 'searchArchived'] as const;
const MESSAGE_FIELDS = [
  'ticketID',
  'type',
  'toAddress',
  'ccInput',
  'bccInput',
  'respondMessageID',
  'plaintext',
  'message',
  'forwardedFileIDs',
  'sendAt',
  'userID',
  'submitStatus',
] as const;
const CHATBOT_FIELDS = ['brandID', 'message', 'subject', 'from'] as const;

export interface TicketQuery {
  itemStart?: number;
  itemLimit?: number;
  status?: string;
  query?: string;
  searchArchived?: 'yes' | 'no';
}

/** The body of POST /api/v2/message, field names as documented (docs/api/omnidesk.md, "Create a message"). */
export interface NewMessage {
  ticketID: number;
  type: string;
  toAddress?: string;
  ccInput?: string;
  bccInput?: string;
  respondMessageID?: number;
  plaintext?: string;
  message: string;
  forwardedFileIDs?: number[];
  sendAt?: string;
  userID?: number;
  submitStatus?: string;
}

/** The body of POST /api/v2/message/chatbot. */
export interface ChatbotTicket {
  brandID: number;
  subject: string;
  message: string;
  from: string;
}

/** Omnidesk's API (docs/api/omnidesk.md), typed; knows nothing of MCP. */
export class OmnideskClient {
  constructor(private readonly http: HttpClient) {}

  async fetchTickets(query: TicketQuery, signal?: AbortSignal): Promise<TicketList> {
    const params = new URLSearchParams();
    for (const name of LIST_PARAMS) if (query[name] !== undefined) params.set(name, String(query[name]));
    return this.call({ method: 'GET', path: '/api/v2/ticket', query: params, signal }, ticketList);
  }

  /** 200 with no content: nothing comes back, not even the message's id. */
  async sendMessage(message: NewMessage, signal?: AbortSignal): Promise<void> {
    await this.call({ method: 'POST', path: '/api/v2/message', form: formOf(message, MESSAGE_FIELDS), signal }, noContent);
  }

  /** Creates a ticket with its first message; the ticket's id is returned only if the API gives one. */
  async createTicket(ticket: ChatbotTicket, signal?: AbortSignal): Promise<{ ticketID?: number }> {
    return this.call({ method: 'POST', path: '/api/v2/message/chatbot', form: formOf(ticket, CHATBOT_FIELDS), signal }, noContent);
  }

  private async call<S extends z.ZodType>(request: HttpRequest, schema: S): Promise<z.infer<S>> {
    const response = await this.http.send(request);
    return checked(schema, response, request);
  }
}

/** The fields given, as form parts in the documented order; absent ones are left to the API's defaults. */
function formOf<T extends object>(fields: T, order: ReadonlyArray<keyof T & string>): FormFields {
  const form: FormFields = {};
  for (const name of order) {
    const value = fields[name] as FormFields[string] | undefined;
    if (value !== undefined) form[name] = value;
  }
  return form;
}
