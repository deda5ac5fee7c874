// Module hooks for `node --import ./record-loads-register.mjs`: every file Node loads as a module
// is appended, as a URL, to the file RECORD_LOADS names. Lets a test see which chunks of the built
// CLI a start runs, without a hook in src/.
import { appendFileSync } from 'node:fs';

export async function load(url, context, nextLoad) {
  if (url.startsWith('file:') && process.env.RECORD_LOADS) appendFileSync(process.env.RECORD_LOADS, `${url}\n`);
  return nextLoad(url, context);
}
