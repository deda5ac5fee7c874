// Form bodies, as Omnidesk's reference declares them (multipart/form-data: docs/api/omnidesk.md,
// "Create a message"); a urlencoded form, which any form-reading server takes alike, is read too.
// Each name maps to every value given, in order.

import { HttpError } from './http-io.js';

export type FormValues = Map<string, string[]>;

export function parseForm(contentType: string | undefined, body: Buffer): FormValues {
  const type = (contentType ?? '').split(';')[0]!.trim().toLowerCase();
  if (type === 'multipart/form-data') return parseMultipart(boundaryOf(contentType!), body);
  if (type === 'application/x-www-form-urlencoded') return collect(new URLSearchParams(utf8(body)));
  throw new HttpError(415, 'The body must be multipart/form-data');
}

function boundaryOf(contentType: string): string {
  const match = /;\s*boundary=(?:"([^"]+)"|([^;\s]+))/i.exec(contentType);
  const boundary = match?.[1] ?? match?.[2];
  if (!boundary) throw new HttpError(400, 'Malformed multipart/form-data body: no boundary');
  return boundary;
}

/** RFC 7578: parts between `--boundary` lines, each with headers, a blank line and its content. */
function parseMultipart(boundary: string, body: Buffer): FormValues {
  const malformed = () => new HttpError(400, 'Malformed multipart/form-data body');
  const delimiter = Buffer.from(`--${boundary}`);
  const values: FormValues = new Map();
  let at = body.indexOf(delimiter);
  if (at === -1) throw malformed();
  for (;;) {
    at += delimiter.length;
    if (body.subarray(at, at + 2).toString() === '--') return values; // the closing delimiter
    if (body.subarray(at, at + 2).toString() !== '\r\n') throw malformed();
    const next = body.indexOf(Buffer.from(`\r\n--${boundary}`), at);
    if (next === -1) throw malformed();
    const part = body.subarray(at + 2, next);
    const split = part.indexOf('\r\n\r\n');
    if (split === -1) throw malformed();
    const headers = part.subarray(0, split).toString('latin1');
    const disposition = /^content-disposition:\s*form-data\s*;(.*)$/im.exec(headers)?.[1];
    const name = disposition && /(?:^|;)\s*name="([^"]*)"/i.exec(disposition)?.[1];
    if (!name) throw malformed();
    // A file part has no meaning for these endpoints: it is dropped, as its name is undocumented.
    if (!/(?:^|;)\s*filename\*?=/i.test(disposition)) values.set(name, [...(values.get(name) ?? []), utf8(part.subarray(split + 4))]);
    at = next + 2;
  }
}

function utf8(bytes: Buffer): string {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw new HttpError(400, 'The body is not valid UTF-8');
  }
}

function collect(params: URLSearchParams): FormValues {
  const values: FormValues = new Map();
  for (const [name, value] of params) values.set(name, [...(values.get(name) ?? []), value]);
  return values;
}
