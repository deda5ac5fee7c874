import { z } from 'zod';
import { describe, expect, it } from 'vitest';
import { InputError } from '../src/tools/define-tool.js';
import { inputParser } from '../src/tools/tool-input.js';

// null for an optional field means "not set" at any depth (a strict client sends every field of
// every object); no tool has a nested optional field yet, so this shape stands in for one.
const parse = inputParser({
  id: z.string(),
  note: z.string().optional(),
  items: z.array(z.object({ label: z.string(), value: z.string().optional() })).optional(),
  file: z.union([z.string(), z.object({ url: z.string(), name: z.string().optional() })]).optional(),
});

describe('null for an optional field', () => {
  it('is taken as absent at the top, in list items and in the object form of a union', () => {
    expect(parse({ id: 'a', note: null, items: [{ label: 'x', value: null }], file: { url: 'u', name: null } })).toEqual({
      id: 'a',
      items: [{ label: 'x' }],
      file: { url: 'u' },
    });
    expect(parse({ id: 'a', items: null, file: null })).toEqual({ id: 'a' });
  });

  it('is refused for a required field, naming it, at any depth', () => {
    expect(() => parse({ id: null })).toThrow(new InputError('id must be text, not null.'));
    expect(() => parse({ id: 'a', items: [{ label: null }] })).toThrow(new InputError('items[0].label must be text, not null.'));
  });

  it('leaves names that are not fields alone: "toString" is still unknown', () => {
    expect(() => parse({ id: 'a', toString: null })).toThrow(/unknown argument toString \(valid: id, note, items, file\)/);
  });
});
