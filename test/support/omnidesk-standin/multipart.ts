// A strict multipart/form-data reader (RFC 7578) for checking what a client sent: every part
// must be well formed, or the whole body is reported as malformed with the reason.

export interface Part {
  name: string;
  value: string;
  /** The part's own header lines, lower-cased names. */
  headers: Record<string, string>;
}

export function readMultipart(contentType: string, raw: Buffer): { parts: Part[] } | { error: string } {
  const match = /^multipart\/form-data\s*;\s*boundary=(?:"([^"]+)"|([^;\s]+))\s*$/i.exec(contentType);
  const boundary = match?.[1] ?? match?.[2];
  if (!boundary) return { error: `content-type must be multipart/form-data with a boundary, got ${JSON.stringify(contentType)}` };
  const text = raw.toString('latin1');
  const open = `--${boundary}\r\n`;
  const close = `\r\n--${boundary}--`;
  if (!text.startsWith(open)) return { error: 'body does not start with the boundary' };
  const end = text.lastIndexOf(close);
  if (end === -1 || !/^(\r\n)?$/.test(text.slice(end + close.length))) return { error: 'body does not end with the closing boundary' };
  const parts: Part[] = [];
  for (const chunk of text.slice(open.length, end).split(`\r\n--${boundary}\r\n`)) {
    const split = chunk.indexOf('\r\n\r\n');
    if (split === -1) return { error: 'a part without a blank line after its headers' };
    const headers: Record<string, string> = {};
    for (const line of chunk.slice(0, split).split('\r\n')) {
      const colon = line.indexOf(':');
      if (colon === -1) return { error: `a malformed part header ${JSON.stringify(line)}` };
      headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
    }
    const disposition = headers['content-disposition'] ?? '';
    const name = /^form-data;\s*name="([^"]*)"$/.exec(disposition)?.[1];
    if (name === undefined) return { error: `part's content-disposition must be form-data; name="...", got ${JSON.stringify(disposition)}` };
    parts.push({ name, value: Buffer.from(chunk.slice(split + 4), 'latin1').toString('utf8'), headers });
  }
  return { parts };
}
