import type { z } from 'zod';

/** A prompt an agent's user can pick: a ready instruction that uses the server's tools. */
export interface PromptDefinition {
  name: string;
  title: string;
  description: string;
  /** Offered only when every one of these tools is registered. */
  needs: string[];
  args: Record<string, z.ZodOptional<z.ZodString> | z.ZodString>;
  /** The instruction, from the arguments given and the tools registered. */
  text(args: Record<string, string | undefined>, tools: ReadonlySet<string>): string;
}
