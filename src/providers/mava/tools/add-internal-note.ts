import { definePostMessageTool } from './post-message.js';

export const addInternalNote = definePostMessageTool({
  name: 'add_internal_note',
  title: 'Add internal note',
  description: 'Add a note only the team sees, never the customer. Needs content or attachments.',
  messageType: 'InternalNote',
});
