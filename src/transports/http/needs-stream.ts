/**
 * Whether a stateless POST must be answered as an event stream: a batch, or a request whose
 * client asked for progress (a progress token). Anything else is answered as one JSON body,
 * which the client reads in one go and the server writes in one: a stateless request cannot be
 * asked anything back (its server never saw the client's capabilities, so no elicitation), and
 * the only notification it could miss is an error log line, which the call's result repeats.
 */
export function needsStream(body: unknown): boolean {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return true;
  const params = (body as { params?: unknown }).params;
  const meta = typeof params === 'object' && params !== null ? (params as { _meta?: unknown })._meta : undefined;
  return typeof meta === 'object' && meta !== null && (meta as { progressToken?: unknown }).progressToken !== undefined;
}
