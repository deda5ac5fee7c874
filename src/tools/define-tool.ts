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
  /** Reports progress when the client asked for it (a progress token); otherwise does nothing. */
  progress(done: number, total?: number, message?: string): Promise<void>;
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
  /**
   * Every write has one (a test holds to it); it performs nothing. Checks the arguments beyond
   * their schema, before any guard or request (throws InputError), and names what the write
   * touches: for the audit log, and for the confirmation and duplicate guard of what it posts.
   */
  describeWrite?: (args: z.infer<z.ZodObject<In>>) => WriteSubject;
  /**
   * What the write posts on a ticket: a `message` reaches the customer (a human may confirm it), a
   * `note` only the team. Neither is posted twice by mistake: the same text on the same ticket
   * within the duplicate window is refused unless the call sets `allowDuplicate: true`.
   */
  posts?: Posting;
  handler(args: z.infer<z.ZodObject<In>>, context: ToolContext<Client>): Promise<ToolOutput<z.infer<z.ZodObject<Out>>>>;
}

export type Posting = 'message' | 'note';

/** What a write touches, as the audit log and the send guards see it. */
export interface WriteSubject {
  ticketId?: string;
  /** The customer identified (an id or an email address). */
  customer?: string;
  /** The text written (a message, or a summary of the change). */
  content?: string;
  /** URLs of attached files. */
  attachments?: string[];
}

/** Any tool of a provider whose client is `Client`, whatever its schemas. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- `z.ZodRawShape` in place of `any` rejects every tool: its handler and describeWrite take the tool's own arguments (parameters are contravariant)
export type AnyTool<Client> = ToolDefinition<Client, any, any>;

/**
 * Defines one tool, typed from its parts: the arguments from `input`, the client from the
 * handler's context (`ToolContext<MavaClient>`). Returns the definition unchanged.
 */
export function defineTool<Client, In extends z.ZodRawShape, Out extends z.ZodRawShape>(
  tool: ToolDefinition<Client, In, Out>,
): ToolDefinition<Client, In, Out> {
  return tool;
}

/** A guard refused the call before anything was sent: a duplicate, a declined confirmation. */
export class RefusedError extends Error {
  constructor(
    /** For the log and the audit log, e.g. "duplicate", "declined". */
    readonly reason: string,
    message: string,
  ) {
    super(message);
    this.name = 'RefusedError';
  }
}

/** Bad arguments found before any request was sent. */
export class InputError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'InputError';
  }
}
