/** Anything with an id and the name people know it by: a category, an agent, a tag. */
export interface Named {
  _id: string;
  name: string;
}

/** Names listed in a refusal, at most: enough to pick from, not a page of tokens. */
const LISTED = 30;

/**
 * The items called `name`: exact names in any case (spaces folded); failing those, every name
 * containing the text. One id may appear under one name only once.
 */
export function matchName<T extends Named>(items: readonly T[], name: string): T[] {
  const wanted = normal(name);
  const exact = items.filter((item) => normal(item.name) === wanted);
  const found = exact.length ? exact : items.filter((item) => normal(item.name).includes(wanted));
  return [...new Map(found.map((item) => [item._id, item])).values()];
}

export function normal(text: string): string {
  return text.trim().replace(/\s+/g, ' ').toLowerCase();
}

/** "a, b, c and 12 more (see <where>)". */
export function listed(items: readonly string[], where: string): string {
  const more = items.length - LISTED;
  return items.slice(0, LISTED).join(', ') + (more > 0 ? ` and ${more} more (see ${where})` : '');
}
