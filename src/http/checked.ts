import type { z } from 'zod';
import { InvalidResponseError } from './errors.js';
import type { HttpRequest, HttpResponse } from './http-client.js';

/**
 * An answer's body checked against the documented shape: a changed API fails loudly, naming the
 * request and the first field that did not match.
 */
export function checked<S extends z.ZodType>(schema: S, response: HttpResponse, request: HttpRequest): z.infer<S> {
  const parsed = schema.safeParse(response.body);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  const where = issue?.path.length ? `${issue.path.join('.')}: ` : '';
  throw new InvalidResponseError(response.status, `${request.method} ${request.path} ${where}${issue?.message ?? 'invalid'}`);
}
