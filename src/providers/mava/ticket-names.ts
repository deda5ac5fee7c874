import { InputError } from '../../tools/define-tool.js';
import type { ApiTicket, Category } from './api.js';
import { listed, matchName, normal, type Named } from './name-match.js';

/** The fetch_tickets filters Mava takes ids for, while tickets show names. */
export const NAMED_FILTERS = ['category', 'assignedTo', 'tags'] as const;
export type NamedFilter = (typeof NAMED_FILTERS)[number];

const WHAT: Record<NamedFilter, string> = { category: 'category', assignedTo: 'agent', tags: 'tag' };
/** Mava's ids are MongoDB ObjectIds: a value of this shape is taken as an id even before it is seen. */
const OBJECT_ID = /^[0-9a-f]{24}$/i;
/** Names remembered per filter; the oldest are forgotten first. */
const MAX_KNOWN = 5_000;

export type Resolved = { id: string; name?: string };

/**
 * The names of the categories, agents and tags seen on one key's tickets, so a filter takes what
 * fetch_tickets showed the model: Mava filters by id and has no endpoint that lists agents or
 * tags (docs/api/mava.md, "Fetch tickets": names in filters). Learned from every page fetched,
 * from the category list, and from one fresh page when a name is not known yet.
 */
export class TicketNames {
  private readonly known: Record<NamedFilter, Map<string, string | null>> = { category: new Map(), assignedTo: new Map(), tags: new Map() };
  /** The ids going by each name (normalised), kept with `known`: a line's label is one lookup, not a scan. */
  private readonly idsByName: Record<NamedFilter, Map<string, Set<string>>> = { category: new Map(), assignedTo: new Map(), tags: new Map() };

  learn(tickets: readonly ApiTicket[]): void {
    for (const ticket of tickets) {
      this.add('category', ticket.category);
      this.add('assignedTo', ticket.assignedTo);
      for (const tag of ticket.tags ?? []) this.add('tags', tag);
    }
  }

  learnCategories(categories: readonly Category[]): void {
    for (const category of categories) this.add('category', category);
  }

  /**
   * A ref as a next call can use it: its name, or `name (id)` when another id goes by the same
   * name (the name alone would then be refused as ambiguous), or the id when it has no name.
   */
  label(filter: NamedFilter, ref: { _id: string; name: string | null }): string {
    if (!ref.name) return ref._id;
    return (this.idsByName[filter].get(normal(ref.name))?.size ?? 0) > 1 ? `${ref.name} (${ref._id})` : ref.name;
  }

  /**
   * The id a filter value stands for: an id seen or shaped like one, "Unassigned", or a name
   * known for exactly one id (exact in any case, else the only name containing it). Undefined
   * when the name is not known (yet); an InputError listing the candidates when it is ambiguous.
   */
  resolve(filter: NamedFilter, value: string): Resolved | undefined {
    const known = this.known[filter];
    if (known.has(value) || OBJECT_ID.test(value)) return { id: value };
    if (filter === 'assignedTo' && normal(value) === 'unassigned') return { id: 'Unassigned' };
    const found = matchName(this.named(filter), value);
    if (found.length === 1) return { id: found[0]!._id, name: found[0]!.name };
    if (found.length === 0) return undefined;
    const candidates = found.map((item) => `${item.name} (${item._id})`);
    throw new InputError(
      `${filter} "${value}" matches ${found.length} ${WHAT[filter]}s: ${listed(candidates, 'fetch_tickets')}. Give the full name or the _id.`,
    );
  }

  /** The refusal for a name still unknown after a fresh look. */
  unknown(filter: NamedFilter, value: string): InputError {
    const names = [...new Set(this.named(filter).map((item) => item.name))];
    const seen = filter === 'category' ? 'in list_categories or on recent tickets' : 'on recent tickets';
    const unassigned = filter === 'assignedTo' ? ', or "Unassigned"' : '';
    return new InputError(
      `no ${WHAT[filter]} called "${value}" is ${seen} (${WHAT[filter]}s: ${listed(names, 'fetch_tickets') || 'none seen'}). Give a name fetch_tickets shows, or an _id${unassigned}.`,
    );
  }

  private named(filter: NamedFilter): Named[] {
    return [...this.known[filter]].flatMap(([_id, name]) => (name ? [{ _id, name }] : []));
  }

  private add(filter: NamedFilter, ref: { _id: string; name?: string | null } | null | undefined): void {
    if (!ref) return;
    const known = this.known[filter];
    const before = known.get(ref._id);
    const name = ref.name ?? before ?? null;
    if (before !== undefined && before === name) {
      // Seen before under the same name (most refs, on every page): only its place as the newest moves.
      known.delete(ref._id);
      known.set(ref._id, name);
      return;
    }
    this.forget(filter, ref._id);
    known.set(ref._id, name);
    if (name) {
      const ids = this.idsByName[filter].get(normal(name)) ?? new Set<string>();
      this.idsByName[filter].set(normal(name), ids.add(ref._id));
    }
    if (known.size > MAX_KNOWN) this.forget(filter, known.keys().next().value!);
  }

  private forget(filter: NamedFilter, id: string): void {
    const name = this.known[filter].get(id);
    this.known[filter].delete(id);
    if (!name) return;
    const ids = this.idsByName[filter].get(normal(name));
    ids?.delete(id);
    if (ids?.size === 0) this.idsByName[filter].delete(normal(name));
  }
}
