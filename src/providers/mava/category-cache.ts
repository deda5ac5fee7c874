import { InputError } from '../../tools/define-tool.js';
import type { Category } from './api.js';

const TTL_MS = 5 * 60_000;
const LISTED = 30;

/**
 * The account's categories, fetched once and kept five minutes, so a category can be named rather
 * than given by id. Concurrent callers share one fetch; a name not found is looked up once more
 * in a fresh list before it is declared unknown.
 */
export class CategoryCache {
  private fetched: { at: number; categories: Category[] } | undefined;
  private loading: Promise<Category[]> | undefined;

  constructor(
    private readonly load: () => Promise<Category[]>,
    private readonly now: () => number = Date.now,
  ) {}

  /** The category called `name` (any case); an unknown or ambiguous name is an InputError listing the candidates. */
  async resolve(name: string): Promise<Category> {
    let found = match(await this.list(false), name);
    if (found.length === 0) found = match(await this.list(true), name);
    if (found.length === 1) return found[0]!;
    if (found.length > 1) {
      throw new InputError(`category "${name}" matches ${found.length} categories: ${found.map((c) => `${c.name} (${c._id})`).join(', ')}. Give the full name or its categoryId.`);
    }
    const names = (this.fetched?.categories ?? []).map((c) => c.name);
    const shown = names.slice(0, LISTED).join(', ') + (names.length > LISTED ? `, and ${names.length - LISTED} more (list_categories)` : '');
    throw new InputError(`no category is called "${name}". Categories: ${shown || 'none'}.`);
  }

  /** One fetch shared by concurrent callers, so none of them can cancel it for the others. */
  private async list(fresh: boolean): Promise<Category[]> {
    if (!fresh && this.fetched && this.now() - this.fetched.at < TTL_MS) return this.fetched.categories;
    this.loading ??= this.load()
      .then((categories) => {
        this.fetched = { at: this.now(), categories };
        return categories;
      })
      .finally(() => (this.loading = undefined));
    return this.loading;
  }
}

/** The exact name in any case; failing that, every name that contains it. */
function match(categories: Category[], name: string): Category[] {
  const wanted = name.trim().toLowerCase();
  const exact = categories.filter((c) => c.name.toLowerCase() === wanted);
  return exact.length ? exact : categories.filter((c) => c.name.toLowerCase().includes(wanted));
}
