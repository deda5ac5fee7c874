import { draftReply } from './draft-reply.js';
import { triage } from './triage.js';

/** Mava's prompts, in the order prompts/list shows them. */
export const mavaPrompts = [triage, draftReply];
