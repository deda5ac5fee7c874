import { HelpdeskApiError } from '../../http/errors.js';
import { InputError } from '../../tools/define-tool.js';
import type { Category } from './api.js';

const TTL_MS = 5 * 60_000;
/** Names listed in a refusal, at most: enough to pick from, not a page of tokens. */
const LISTED = 30;

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

  private async find(name: string): Promise<Category> {
    const cached = this.fetched && this.now() - this.fetched.at < TTL_MS ? this.fetched.categories : undefined;
    let categories = cached ?? (await this.refresh());
    let found = match(categories, name);
    // A category added since the cached list was fetched: one fresh look (none if the list is fresh already).
    if (found.length === 0 && cached) {
      categories = await this.refresh();
      found = match(categories, name);
    }
    if (found.length === 1) return found[0]!;
    if (found.length > 1) {
      throw new InputError(`category "${name}" matches ${found.length} categories: ${listed(found.map((c) => `${c.name} (${c._id})`))}. Give the full name or its categoryId.`);
    }
    throw new InputError(`no category is called "${name}". Categories: ${listed(categories.map((c) => c.name)) || 'none'}.`);
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

/** Exact matches in any case; failing those, every name containing the text. */
function match(categories: Category[], name: string): Category[] {
  const wanted = normal(name);
  const exact = categories.filter((c) => normal(c.name) === wanted);
  return exact.length ? exact : categories.filter((c) => normal(c.name).includes(wanted));
}

function normal(text: string): string {
  return text.trim().replace(/\s+/g, ' ').toLowerCase();
}

function listed(items: string[]): string {
  const more = items.length - LISTED;
  return items.slice(0, LISTED).join(', ') + (more > 0 ? ` and ${more} more (see list_categories)` : '');
}
