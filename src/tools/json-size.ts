/** A string JSON writes as itself in quotes: printable ASCII, no quote, no backslash. */
const PLAIN = /^[\x20\x21\x23-\x5b\x5d-\x7e]*$/;

/**
 * The UTF-8 size in bytes of `JSON.stringify(value)`, without building the text: a tool measuring
 * each item against its result budget would otherwise serialise the whole result once more only
 * to count it. Strings outside printable ASCII, numbers and anything with a toJSON are measured
 * by JSON itself, one value at a time.
 */
export function jsonSize(value: unknown): number {
  if (value === null) return 4;
  switch (typeof value) {
    case 'string':
      return PLAIN.test(value) ? value.length + 2 : Buffer.byteLength(JSON.stringify(value));
    case 'boolean':
      return value ? 4 : 5;
    case 'object':
      break;
    default:
      return Buffer.byteLength(JSON.stringify(value) ?? '');
  }
  if (typeof (value as { toJSON?: unknown }).toJSON === 'function') return Buffer.byteLength(JSON.stringify(value) ?? '');
  if (Array.isArray(value)) {
    let size = 2 + Math.max(0, value.length - 1);
    for (const item of value) size += item === undefined || typeof item === 'function' || typeof item === 'symbol' ? 4 : jsonSize(item);
    return size;
  }
  let size = 2;
  let fields = 0;
  for (const key in value) {
    if (!Object.hasOwn(value, key)) continue;
    const field = (value as Record<string, unknown>)[key];
    if (field === undefined || typeof field === 'function' || typeof field === 'symbol') continue;
    size += jsonSize(key) + 1 + jsonSize(field);
    fields++;
  }
  return size + Math.max(0, fields - 1);
}
