// Invisible and bidirectional control characters let text hide or reorder what a reader sees;
// customer-written text is stripped of them before a model reads it. Newlines and tabs stay.
const HIDDEN = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\u00AD\u061C\u180E\u200B-\u200F\u202A-\u202E\u2060-\u2064\u2066-\u206F\uFEFF\uFFF9-\uFFFB]|\uDB40[\uDC00-\uDC7F]/g;

export function sanitize(text: string): string {
  return text.replace(HIDDEN, '');
}

/** One line, at most `max` characters, for tables and snippets. */
export function oneLine(text: string, max: number): string {
  const flat = sanitize(text).replace(/\s+/g, ' ').trim();
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
}
