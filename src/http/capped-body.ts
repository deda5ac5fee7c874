import type { Dispatcher } from 'undici';

type Body = Dispatcher.ResponseData['body'];

/**
 * A response's body as text, read chunk by chunk up to `maxBytes`; undefined when it is larger.
 * A declared Content-Length above the limit is refused before a byte is read. A refused body is
 * destroyed, which makes undici drop the connection: the rest is never downloaded, and no answer,
 * however large, can fill the memory or hold the event loop for the others waiting on it.
 */
export function readCapped(response: Dispatcher.ResponseData, maxBytes: number): Promise<string | undefined> {
  const { body } = response;
  if (Number(response.headers['content-length']) > maxBytes) return Promise.resolve(drop(body));
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    // 'data' takes each chunk as it came; an async iterator would copy what is buffered into one.
    body.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= maxBytes) return void chunks.push(chunk);
      chunks.length = 0;
      resolve(drop(body));
    });
    body.once('error', reject);
    // As undici's own text(): UTF-8, a byte order mark left out.
    body.once('end', () => resolve(new TextDecoder().decode(Buffer.concat(chunks, size))));
  });
}

function drop(body: Body): undefined {
  // Destroying emits an abort error that nobody waits for any more.
  body.on('error', () => {}).destroy();
  return undefined;
}
