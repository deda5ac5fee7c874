import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { cell, cut, oneLine, sanitize } from '../src/tools/sanitize.js';

// The rules, written the plain way: sanitize and oneLine skip work on text with nothing to change,
// and must give exactly what these give for any text.
const HIDDEN =
  // eslint-disable-next-line no-control-regex -- the rule under test matches control characters
  /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\u00AD\u061C\u180E\u200B-\u200F\u202A-\u202E\u2060-\u2064\u2066-\u206F\uFEFF\uFFF9-\uFFFB]|\uDB40[\uDC00-\uDC7F]/g;
const plainSanitize = (text: string) => text.replace(/\r\n?|[\u2028\u2029\u0085]/g, '\n').replace(HIDDEN, '');
const plainOneLine = (text: string, max: number) => {
  const flat = plainSanitize(text).replace(/\s+/g, ' ').trim();
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
};
const plainCut = (text: string, max: number) => {
  const chars = Array.from(text);
  return chars.length <= max ? text : `${chars.slice(0, max).join('')}… [cut: ${chars.length - max} more characters]`;
};

// Text mixing plain characters with every kind the rules act on, so that most runs have some.
const special = [
  '\r',
  '\n',
  '\r\n',
  '\t',
  ' ',
  '  ',
  '\u0085',
  '\u00a0',
  '\u2028',
  '\u2029',
  '\u202e',
  '\u200b',
  '\ufeff',
  '\u0000',
  '\u001f',
  '\udb40\udc41',
  '\udb40',
  '😀',
  'é',
];
// Mostly printable ASCII with spaces and pipes: the fields of a table row.
const asciiLine = fc.string({ unit: fc.constantFrom('a', 'Z', '0', '~', '!', '|', ' ', ' ', '\t', '\u007f'), maxLength: 30 });
const text = fc.array(fc.oneof(fc.string({ unit: 'binary', maxLength: 4 }), fc.constantFrom(...special)), { maxLength: 30 }).map((parts) => parts.join(''));

describe('sanitize, oneLine and cut', () => {
  it('sanitize gives what the plain rule gives, for any text', () => {
    fc.assert(
      fc.property(text, (value) => sanitize(value) === plainSanitize(value)),
      { numRuns: 3_000 },
    );
  });

  it('oneLine gives what the plain rule gives, for any text and length', () => {
    fc.assert(
      fc.property(text, fc.integer({ min: 1, max: 40 }), (value, max) => oneLine(value, max) === plainOneLine(value, max)),
      { numRuns: 3_000 },
    );
  });

  it('oneLine and cell give what the plain rules give for table fields, a pipe in a cell made ¦', () => {
    fc.assert(
      fc.property(fc.oneof(asciiLine, text), fc.integer({ min: 1, max: 40 }), (value, max) => {
        const line = plainOneLine(value, max);
        return oneLine(value, max) === line && cell(value, max) === line.replace(/\|/g, '¦');
      }),
      { numRuns: 3_000 },
    );
  });

  it('cut counts code points, not UTF-16 units', () => {
    fc.assert(
      fc.property(text, fc.integer({ min: 0, max: 40 }), (value, max) => cut(value, max) === plainCut(value, max)),
      { numRuns: 3_000 },
    );
    expect(cut('😀😀', 2)).toBe('😀😀');
    expect(cut('😀😀😀', 2)).toBe('😀😀… [cut: 1 more characters]');
  });

  it('returns clean text as the same string', () => {
    const clean = 'Order 1234 arrived broken, please help.';
    expect(sanitize(clean)).toBe(clean);
    expect(oneLine(clean, 100)).toBe(clean);
  });
});
