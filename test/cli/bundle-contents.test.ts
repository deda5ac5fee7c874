import { describe, expect, it } from 'vitest';
import { bundleChunks } from '../support/bundle-chunks.js';

// What scripts/bundle.mjs leaves out of the command because it never runs (cold start, issue 15):
// zod's messages in languages other than English, zod 3 and zod-to-json-schema, which the SDK
// needs only for zod 3 schemas. Read from the source maps of dist/bin: `npm run build` first.

describe('the bundle', () => {
  const sources = bundleChunks().flatMap((chunk) => chunk.sources);

  it('holds zod 4 with its English messages only', () => {
    expect(sources.some((source) => source.endsWith('node_modules/zod/v4/core/schemas.js'))).toBe(true);
    expect(sources.filter((source) => /node_modules\/zod\/v4\/locales\/(?!en\.js|index\.js)/.test(source))).toEqual([]);
  });

  it('holds no zod 3 and no zod-to-json-schema', () => {
    expect(sources.filter((source) => /node_modules\/(zod\/v3|zod-to-json-schema)\//.test(source))).toEqual([]);
  });
});
