import type { z } from 'zod';

/** All four hints, always declared: clients decide on confirmation and retries from them. */
export interface ToolAnnotations {
  readOnlyHint: boolean;
  destructiveHint: boolean;
  idempotentHint: boolean;
  openWorldHint: boolean;
}

export interface ToolContext<Client> {
  client: Client;
  /** Aborted when the agent's client cancels the call. */
  signal: AbortSignal;
}

export interface ToolOutput<Structured> {
  structured: Structured;
  /** Compact rendering for the model. */
  text: string;
}

export interface ToolDefinition<Client, In extends z.ZodRawShape = z.ZodRawShape, Out extends z.ZodRawShape = z.ZodRawShape> {
  name: string;
  title: string;
  description: string;
  input: In;
  output: Out;
  annotations: ToolAnnotations;
  /** What the agent should do next after an API refusal, keyed by the API's own message. */
  hints?: Record<string, string>;
  handler(args: z.infer<z.ZodObject<In>>, context: ToolContext<Client>): Promise<ToolOutput<z.infer<z.ZodObject<Out>>>>;
}

/** Any tool of a provider whose client is `Client`, whatever its schemas. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyTool<Client> = ToolDefinition<Client, any, any>;

/** Types a tool for a provider's client; returns the definition unchanged. */
export function toolsFor<Client>() {
  return <In extends z.ZodRawShape, Out extends z.ZodRawShape>(tool: ToolDefinition<Client, In, Out>) => tool;
}

/** Bad arguments found by a handler before any request was sent. */
export class InputError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'InputError';
  }
}
