// POST /api/v2/message: a message on an existing ticket, answered 200 with no content
// (docs/api/omnidesk.md, "Create a message").

import { fail, NO_CONTENT, type Reply } from '../http-io.js';
import { TICKET_STATUSES } from '../model.js';
import { numberList, optionalChoice, optionalEmail, optionalNumber, optionalSendAt, requiredNumber, requiredText, single } from '../rules.js';
import type { RouteRequest } from './route.js';

const TYPE = /^([0-9]+|calllog|contactform)$/;

export async function createMessage({ store, readForm }: RouteRequest): Promise<Reply> {
  const form = await readForm();
  // The documented rules first, in the documented order; then what needs the account's data.
  const ticketID = requiredNumber(form, 'ticketID');
  const type = requiredText(form, 'type');
  if (!TYPE.test(type)) return fail(400, 'type must match ^([0-9]+|calllog|contactform)$');
  const toAddress = single(form, 'toAddress') ?? '';
  const ccInput = optionalEmail(form, 'ccInput');
  const bccInput = optionalEmail(form, 'bccInput');
  const respondMessageID = optionalNumber(form, 'respondMessageID', 0);
  const plaintext = single(form, 'plaintext') ?? '';
  const message = requiredText(form, 'message', 5);
  const forwardedFileIDs = numberList(form, 'forwardedFileIDs');
  const sendAt = optionalSendAt(form);
  const userID = optionalNumber(form, 'userID', 0);
  const submitStatus = optionalChoice(form, 'submitStatus', TICKET_STATUSES);

  // "The ticket must already exist."
  const ticket = store.findTicket(ticketID);
  if (!ticket) return fail(400, 'Ticket not found');
  if (/^\d+$/.test(type) && !store.findChannel(Number(type))) return fail(400, 'Channel not found');

  store.addMessage(ticket, {
    channelType: type,
    toAddress: toAddress || (/^\d+$/.test(type) ? ticket.customer.email : ''),
    ccInput,
    bccInput,
    respondMessageID,
    plaintext,
    message,
    forwardedFileIDs,
    sendAt,
    userID,
    submitStatus,
  });
  return NO_CONTENT;
}
