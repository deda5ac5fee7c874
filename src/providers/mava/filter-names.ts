import type { MavaClient } from './client.js';
import { NAMED_FILTERS, type NamedFilter, type Resolved } from './ticket-names.js';

/** fetch_tickets' filters that take names, each a list of what the model gave. */
export type NamedFilters = Partial<Record<NamedFilter, string[]>>;

export interface ResolvedFilters {
  /** The same filters as Mava takes them: ids. */
  ids: NamedFilters;
  /** `category "billing" = Billing (<id>)` for each name resolved, to show in the result. */
  names: string[];
}

/**
 * Names in the filters turned into the ids Mava filters by, before any ticket is fetched. A
 * category name is looked up in the category list; agents and tags in the names seen on this
 * key's tickets, with one fresh page of recent tickets when a name is not known yet. An unknown
 * or ambiguous name is refused (InputError) with the candidates.
 */
export async function resolveFilterNames(client: MavaClient, filters: NamedFilters, signal: AbortSignal): Promise<ResolvedFilters> {
  const names = client.names;
  // Reading the category list (cached) or a page teaches the client the names on it.
  if (filters.category?.some((value) => !names.resolve('category', value))) await client.categories.list();
  const resolveAll = () => NAMED_FILTERS.map((filter) => (filters[filter] ?? []).map((value) => ({ filter, value, found: names.resolve(filter, value) })));
  let resolved = resolveAll();
  if (resolved.flat().some((entry) => !entry.found)) {
    await client.lookAtRecentTickets(signal);
    if (filters.category) await client.categories.list(true);
    resolved = resolveAll();
  }
  const missing = resolved.flat().find((entry) => !entry.found);
  if (missing) throw names.unknown(missing.filter, missing.value);

  const ids: NamedFilters = {};
  for (const [i, filter] of NAMED_FILTERS.entries()) if (filters[filter]) ids[filter] = unique(resolved[i]!.map((entry) => entry.found!.id));
  return { ids, names: resolved.flat().flatMap(({ filter, value, found }) => (named(found!) ? [`${filter} "${value}" = ${found!.name} (${found!.id})`] : [])) };
}

function named(found: Resolved): found is Required<Resolved> {
  return found.name !== undefined;
}

function unique(ids: string[]): string[] {
  return [...new Set(ids)];
}
