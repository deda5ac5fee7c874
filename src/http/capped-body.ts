import type { Dispatcher } from 'undici';

/**
 * A response's body as text, read chunk by chunk up to `maxBytes`; undefined when it is larger.
 * A declared Content-Length above the limit is refused before a byte is read. A refused body is
 * destroyed, which makes undici drop the connection: the rest is never downloaded, and no answer,
 * however large, can fill the memory or hold the event loop for the others waiting on it.
 */
export async function readCapped(response: Dispatcher.ResponseData, maxBytes: number): Promise<string | undefined> {
  const { body } = response;
  if (Number(response.headers['content-length']) > maxBytes) return drop(body);
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of body as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > maxBytes) return drop(body);
    chunks.push(chunk);
  }
  // As undici's own text(): UTF-8, a byte order mark left out.
  return new TextDecoder().decode(Buffer.concat(chunks, size));
}

function drop(body: Dispatcher.ResponseData['body']): undefined {
  // Destroying emits an abort error that nobody else waits for.
  body.on('error', () => {}).destroy();
  return undefined;
}
