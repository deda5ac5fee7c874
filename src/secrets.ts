/** Shorter values are not treated as secrets: blanking them would garble ordinary text. */
const MIN_LENGTH = 4;
const MASK = '[redacted]';

/**
 * Values that must never appear in a result, an error or a log line (API keys, tokens,
 * passwords), in a scope: the process's own secrets, and below them each server's (an HTTP
 * caller's own key), so that one caller's key never changes what another caller receives.
 *
 * Secrets are removed from values, never from serialised text: `value()` rebuilds objects with
 * their strings redacted, and the caller serialises afterwards, so a secret such as `"tool"` can
 * never rewrite JSON syntax. Each secret is also matched in the forms an API may echo it in:
 * JSON-escaped (a key holding `"` or `\`) and URL-encoded.
 */
export class Secrets {
  private readonly own: string[] = [];

  constructor(private readonly parent?: Secrets) {}

  /** Registers a secret (and its escaped forms) in this scope. */
  add(secret: string | undefined): void {
    if (!secret || secret.length < MIN_LENGTH) return;
    const forms = new Set([secret, JSON.stringify(secret).slice(1, -1), encodeURIComponent(secret)]);
    for (const form of forms) if (!this.own.includes(form)) this.own.push(form);
    // Longest first: a form that contains another is blanked whole.
    this.own.sort((a, b) => b.length - a.length);
  }

  /** A scope below this one holding these secrets too; this scope is unchanged. */
  with(...secrets: Array<string | undefined>): Secrets {
    const child = new Secrets(this);
    for (const secret of secrets) child.add(secret);
    return child;
  }

  /** The text with every secret of this scope and its parents blanked. */
  text(text: string): string {
    let out = this.parent ? this.parent.text(text) : text;
    for (const secret of this.own) if (out.includes(secret)) out = out.split(secret).join(MASK);
    return out;
  }

  /** A copy of a JSON-like value with every string (keys included) redacted; serialise it afterwards. */
  value<T>(value: T): T {
    return this.walk(value) as T;
  }

  private walk(value: unknown): unknown {
    if (typeof value === 'string') return this.text(value);
    if (Array.isArray(value)) return value.map((item) => this.walk(item));
    if (value === null || typeof value !== 'object') return value;
    // As JSON.stringify would see it (a Date becomes its ISO string).
    const json = (value as { toJSON?: () => unknown }).toJSON;
    if (typeof json === 'function') return this.walk(json.call(value));
    const out: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(value)) out[this.text(key)] = this.walk(item);
    return out;
  }
}

/**
 * The secrets of the whole process: the configured API key, the bearer token, the Redis
 * password. Every scope descends from it.
 */
export const processSecrets = new Secrets();
