import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { jsonSize } from '../src/tools/json-size.js';

// jsonSize stands in for Buffer.byteLength(JSON.stringify(value)) where a tool measures a result
// against its budget: it must give the same figure for anything a tool returns.
const bytes = (value: unknown) => Buffer.byteLength(JSON.stringify(value) ?? '');

describe('jsonSize', () => {
  it('counts what JSON.stringify writes, in UTF-8 bytes, for any JSON value', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => jsonSize(value) === bytes(value)),
      { numRuns: 2_000 },
    );
  });

  it('counts escapes, characters beyond ASCII and lone surrogates as JSON writes them', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), (text) => jsonSize(text) === bytes(text)),
      { numRuns: 2_000 },
    );
    for (const text of ['"', '\\', '\n', '\u0001', '\u007f', 'é', '€', '😀', '\ud800', '\u2028'])
      expect(jsonSize({ [text]: text })).toBe(bytes({ [text]: text }));
  });

  it('leaves out what JSON leaves out, and writes null where JSON does', () => {
    const value = { a: undefined, b: () => 1, c: [undefined, () => 1, Number.NaN, -0, 1e21], d: new Date(0), e: { toJSON: () => 'x' } };
    expect(jsonSize(value)).toBe(bytes(value));
  });
});
