import { z } from 'zod';

/** Mava's documented values (docs/api/mava.md), shared by the tools' input schemas and the client. */
export const STATUSES = ['Open', 'Resolved', 'Pending', 'Waiting'] as const;
export const PRIORITIES = [1, 2, 3] as const;
export const ORIGINS = ['web', 'discord', 'telegram', 'telegram-group', 'email'] as const;
export const CSAT_VALUES = ['1', '2', '3', '4', '5', 'no-rating'] as const;
export const SORT_FIELDS = ['createdAt', 'status', 'priority', 'sourceType', 'assignedTo', 'category', 'resolutionTime'] as const;
export const SORT_ORDERS = ['asc', 'desc'] as const;
export const MESSAGE_TYPES = ['ExternalMessage', 'InternalNote'] as const;

export type Status = (typeof STATUSES)[number];
export type MessageType = (typeof MESSAGE_TYPES)[number];

// Response schemas: strict on what the tools rely on, so a changed API fails loudly; unknown
// fields are ignored by the check (src/http/checked.ts) and never reach an output, since each tool
// picks its fields; nullable fields tolerated as Mava documents them (docs/api/mava.md, "A ticket").
const ref = z.object({ _id: z.string(), name: z.string().nullish() });
const attribute = z.object({ attributeId: z.string().nullish(), name: z.string().nullish(), content: z.string().nullish() });
const attachment = z.object({ fileName: z.string().nullish(), url: z.string().nullish(), fileType: z.string().nullish() });

export const apiMessage = z.object({
  _id: z.string(),
  content: z.string().nullish(),
  senderType: z.string().nullish(),
  senderName: z.string().nullish(),
  messageType: z.string().nullish(),
  createdAt: z.string().nullish(),
  attachments: z.array(attachment).nullish(),
});

export const apiTicket = z.object({
  _id: z.string(),
  createdAt: z.string(),
  updatedAt: z.string().nullish(),
  status: z.string(),
  priority: z.number().nullish(),
  sourceType: z.string().nullish(),
  resolutionTime: z.number().nullish(),
  assignedTo: ref.nullish(),
  category: ref.nullish(),
  tags: z.array(ref).nullish(),
  csat: z.object({ value: z.number().nullish() }).nullish(),
  aiStatus: z.string().nullish(),
  discordUsers: z.array(z.object({ discordAuthorId: z.string().nullish(), name: z.string().nullish() })).nullish(),
  attributes: z.array(attribute).nullish(),
  customer: z.object({ _id: z.string(), email: z.string().nullish(), attributes: z.array(attribute).nullish() }).nullish(),
  messages: z.array(apiMessage).optional(),
});

export const ticketsResponse = z.object({
  tickets: z.array(apiTicket),
  count: z.number(),
  pagination: z.object({ limit: z.number(), skip: z.number(), hasMore: z.boolean() }),
});

export const categoriesResponse = z.object({ categories: z.array(z.object({ _id: z.string(), name: z.string() })) });

export const updateTicketResponse = z.object({ message: z.string() });

// Mava shows `{message: {...}, ticket: {...}, sender: {...}}` without the inner fields.
export const sendMessageResponse = z.object({
  message: z.looseObject({ _id: z.string().optional(), createdAt: z.string().optional() }),
  ticket: z.looseObject({}).optional(),
  sender: z.looseObject({}).optional(),
});

// Undocumented body: the customer id is looked for where an API of this style puts it
// (docs/api/mava.md, "Identify a customer").
export const identifyResponse = z
  .looseObject({
    mavaCustomerId: z.string().optional(),
    customerId: z.string().optional(),
    _id: z.string().optional(),
    customer: z.looseObject({ _id: z.string().optional(), id: z.string().optional() }).optional(),
  })
  .transform((body) => ({ customerId: body.mavaCustomerId ?? body.customerId ?? body.customer?._id ?? body.customer?.id ?? body._id }))
  .refine((body) => body.customerId !== undefined, 'no customer id (mavaCustomerId) in the answer');

export type ApiTicket = z.infer<typeof apiTicket>;
export type ApiMessage = z.infer<typeof apiMessage>;
export type TicketsPage = z.infer<typeof ticketsResponse>;
export type Category = z.infer<typeof categoriesResponse>['categories'][number];
