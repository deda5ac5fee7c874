import type { z } from 'zod';
import { InvalidResponseError } from './errors.js';
import type { HttpRequest, HttpResponse } from './http-client.js';
import { conforms } from './shape-check.js';

/**
 * An answer's body checked against the documented shape: a changed API fails loudly, naming the
 * request and the first field that did not match.
 *
 * A body that fits is returned as it is, fields the schema does not name included: zod would copy
 * every object only to drop them, and no tool passes them on, since each picks the fields it
 * shows. Where the walk cannot tell (a schema that transforms), or the body does not fit, zod
 * parses it, and its output or its first issue is what the caller gets.
 */
export function checked<S extends z.ZodType>(schema: S, response: HttpResponse, request: HttpRequest): z.infer<S> {
  if (conforms(schema, response.body) === true) return response.body as z.infer<S>;
  const parsed = schema.safeParse(response.body);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  const where = issue?.path.length ? `${issue.path.join('.')}: ` : '';
  throw new InvalidResponseError(response.status, `${request.method} ${request.path} ${where}${issue?.message ?? 'invalid'}`);
}
