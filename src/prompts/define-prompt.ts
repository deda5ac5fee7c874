import { z } from 'zod';
import { parseIsoDate } from '../tools/dates.js';

/**
 * A prompt argument: text, as MCP carries every prompt argument. Checked like a tool's input
 * before the prompt is built, so nothing a caller typed reaches the instruction unchecked.
 */
export type PromptArg = z.ZodType<string | undefined>;

/** A prompt an agent's user can pick: a ready instruction that uses the server's tools. */
export interface PromptDefinition {
  name: string;
  title: string;
  description: string;
  /** Offered only when every one of these tools is registered. */
  needs: string[];
  args: Record<string, PromptArg>;
  /** The instruction, from the arguments given (checked) and the tools registered. */
  text(args: Record<string, string | undefined>, tools: ReadonlySet<string>): string;
}

/** An ISO 8601 date or instant, as the tools take them. */
export function isoDateArg(field: string) {
  return z
    .string()
    .trim()
    .refine((text) => parseIsoDate(text) !== undefined, `${field} must be an ISO 8601 date or instant, e.g. 2026-01-31 or 2026-01-31T12:00:00Z`);
}

/** One of a closed set of words. */
export function choiceArg(field: string, values: readonly [string, ...string[]]) {
  return z.enum(values, { error: `${field} must be one of ${values.join(', ')}` });
}
