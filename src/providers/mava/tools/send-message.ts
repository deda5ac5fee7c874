import { definePostMessageTool } from './post-message.js';

export const sendMessage = definePostMessageTool({
  name: 'send_message',
  title: 'Reply to customer',
  description: 'Reply to the customer (email or chat); cannot be unsent. Needs content or attachments.',
  messageType: 'ExternalMessage',
});
