import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** The command's bundle chunks (scripts/bundle.mjs): `npm run build` first. */
const CHUNKS = fileURLToPath(new URL('../../dist/bin/chunks/', import.meta.url));

/** The source files a file of the bundle holds, read from its source map. */
export function sourcesOf(jsFile: string): string[] {
  return (JSON.parse(readFileSync(`${jsFile}.map`, 'utf8')) as { sources: string[] }).sources;
}

/** Every chunk of the bundle: its path and the source files it holds. */
export function bundleChunks(): Array<{ file: string; sources: string[] }> {
  return readdirSync(CHUNKS)
    .filter((name) => name.endsWith('.js'))
    .map((name) => ({ file: `${CHUNKS}${name}`, sources: sourcesOf(`${CHUNKS}${name}`) }));
}
