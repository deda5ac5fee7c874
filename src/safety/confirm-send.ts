import { RefusedError, type WriteSubject } from '../tools/define-tool.js';

export const CONFIRM_MODES = ['auto', 'always', 'never'] as const;
/** auto: ask when the client can; always: refuse to send where it cannot; never: do not ask. */
export type ConfirmMode = (typeof CONFIRM_MODES)[number];

/** Asks the human a yes/no question through the client; undefined when the client cannot ask. */
export type AskHuman = ((question: string) => Promise<'yes' | 'no' | 'dismissed'>) | undefined;

/**
 * Shows the human the exact ticket and text about to go to the customer, and goes on only on a
 * clear yes. Anything else refuses the send: nothing leaves.
 */
export async function confirmSend(mode: ConfirmMode, subject: WriteSubject, ask: AskHuman): Promise<'confirmed' | 'not asked'> {
  if (mode === 'never') return 'not asked';
  if (!ask) {
    if (mode === 'auto') return 'not asked';
    throw new RefusedError(
      'confirmation unavailable',
      'This server requires a human to confirm every customer message (--confirm-sends always), and this client cannot ask (it does not support elicitation). Nothing was sent: leave the reply as an internal note for a human to send.',
    );
  }
  let answer: 'yes' | 'no' | 'dismissed';
  try {
    answer = await ask(question(subject));
  } catch (error) {
    throw new RefusedError(
      'confirmation failed',
      `Asking the human to confirm failed (${error instanceof Error ? error.message : String(error)}). Nothing was sent.`,
    );
  }
  if (answer === 'yes') return 'confirmed';
  throw new RefusedError(
    'declined',
    `The human ${answer === 'no' ? 'declined' : 'dismissed'} sending this message. Nothing was sent; do not send it again unless they ask.`,
  );
}

function question({ ticketId, content, attachments }: WriteSubject): string {
  const files = attachments?.length ? `\n\nAttachments:\n${attachments.map((url) => `- ${url}`).join('\n')}` : '';
  return `Send this message to the customer on ticket ${ticketId}?\n\n${content?.trim() ? content : '(no text)'}${files}`;
}
