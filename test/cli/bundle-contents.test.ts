import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

// What scripts/bundle.mjs leaves out of the command because it never runs (cold start, issue 15):
// zod's messages in languages other than English, zod 3 and zod-to-json-schema, which the SDK
// needs only for zod 3 schemas. Read from the source maps of dist/bin: `npm run build` first.
const CHUNKS = new URL('../../dist/bin/chunks/', import.meta.url);

function bundledSources(): string[] {
  const maps = readdirSync(CHUNKS).filter((file) => file.endsWith('.js.map'));
  return maps.flatMap((file) => (JSON.parse(readFileSync(new URL(file, CHUNKS), 'utf8')) as { sources: string[] }).sources);
}

describe('the bundle', () => {
  const sources = bundledSources();

  it('holds zod 4 with its English messages only', () => {
    expect(sources.some((source) => source.endsWith('node_modules/zod/v4/core/schemas.js'))).toBe(true);
    expect(sources.filter((source) => /node_modules\/zod\/v4\/locales\/(?!en\.js|index\.js)/.test(source))).toEqual([]);
  });

  it('holds no zod 3 and no zod-to-json-schema', () => {
    expect(sources.filter((source) => /node_modules\/(zod\/v3|zod-to-json-schema)\//.test(source))).toEqual([]);
  });
});
