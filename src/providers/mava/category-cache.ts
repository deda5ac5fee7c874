import { HelpdeskApiError } from '../../http/errors.js';
import { InputError } from '../../tools/define-tool.js';
import type { Category } from './api.js';
import { listed, matchName } from './name-match.js';

const TTL_MS = 5 * 60_000;

/**
 * The account's categories, fetched once and kept five minutes, so a category can be named rather
 * than given by id. Concurrent callers share one fetch; a name not found in a list fetched
 * earlier is looked for once more in a fresh one before it is declared unknown.
 */
export class CategoryCache {
  private fetched: { at: number; categories: Category[] } | undefined;
  private loading: Promise<Category[]> | undefined;

  constructor(
    private readonly load: () => Promise<Category[]>,
    private readonly now: () => number = Date.now,
  ) {}

  /**
   * The category called `name`: the exact name in any case, else the only name containing it.
   * An unknown or ambiguous name is an InputError listing the candidates.
   */
  async resolve(name: string): Promise<Category> {
    try {
      return await this.find(name);
    } catch (error) {
      // Only a GET failed: say so, rather than let a write tool report a change that may have been applied.
      if (error instanceof HelpdeskApiError && error.processed !== 'no') throw new CategoryLookupError(error);
      throw error;
    }
  }

  /** The list, as cached; fetched when it is older than five minutes (or `fresh` asks for a new one). */
  list(fresh = false): Promise<Category[]> {
    const cached = this.cached();
    return cached && !fresh ? Promise.resolve(cached) : this.refresh();
  }

  private cached(): Category[] | undefined {
    return this.fetched && this.now() - this.fetched.at < TTL_MS ? this.fetched.categories : undefined;
  }

  private async find(name: string): Promise<Category> {
    const cached = this.cached();
    let categories = cached ?? (await this.refresh());
    let found = matchName(categories, name);
    // A category added since the cached list was fetched: one fresh look (none if the list is fresh already).
    if (found.length === 0 && cached) {
      categories = await this.refresh();
      found = matchName(categories, name);
    }
    if (found.length === 1) return found[0]!;
    const where = 'list_categories';
    if (found.length > 1) {
      throw new InputError(
        `category "${name}" matches ${found.length} categories: ${listed(
          found.map((c) => `${c.name} (${c._id})`),
          where,
        )}. Give the full name or its categoryId.`,
      );
    }
    throw new InputError(
      `no category is called "${name}". Categories: ${
        listed(
          categories.map((c) => c.name),
          where,
        ) || 'none'
      }.`,
    );
  }

  /** One fetch shared by concurrent callers, and not tied to any caller's signal: none can cancel it for the others. */
  private refresh(): Promise<Category[]> {
    this.loading ??= this.load()
      .then((categories) => {
        this.fetched = { at: this.now(), categories };
        return categories;
      })
      .finally(() => (this.loading = undefined));
    return this.loading;
  }
}

/** Reading the category list failed in a way that, for a write, would read as "maybe applied": nothing was written. */
export class CategoryLookupError extends HelpdeskApiError {
  readonly kind = 'category_lookup';
  constructor(cause: HelpdeskApiError) {
    super(`could not read the category list (${cause.message}); retry, or give categoryId`, cause.status, cause.apiMessage, 'no');
  }
}
