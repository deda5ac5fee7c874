import { readFileSync } from 'node:fs';
import type { ScopeNames } from './scopes.js';

/** A named caller of --tokens-file: who, the SHA-256 of its token, what it may do. */
export interface StaticCaller {
  name: string;
  /** SHA-256 of the token, 32 bytes: the file never holds a token. */
  sha256: Buffer;
  scopes: string[];
}

/**
 * Reads `{"callers":[{"name":"alice","sha256":"<hex>","scopes":["helpdesk:read"]}]}` at start-up.
 * Every problem is reported, naming the entry and the field; a scope must be one of the three
 * configured names, so a typo cannot silently take a tool away.
 */
export function readTokensFile(path: string, names: ScopeNames): { callers: StaticCaller[] } | { errors: string[] } {
  const where = `--tokens-file ${path}`;
  let document: unknown;
  try {
    document = JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    const reason = error instanceof SyntaxError ? 'is not valid JSON' : `cannot be read (${(error as NodeJS.ErrnoException).code ?? String(error)})`;
    return { errors: [`${where} ${reason}: give a JSON file {"callers":[{"name":...,"sha256":...,"scopes":[...]}]}.`] };
  }
  const entries = (document as { callers?: unknown } | null)?.callers;
  if (!Array.isArray(entries) || entries.length === 0) return { errors: [`${where}: "callers" must be a non-empty array of {"name","sha256","scopes"}.`] };
  const allowed = Object.values(names);
  const errors: string[] = [];
  const callers: StaticCaller[] = [];
  entries.forEach((entry: unknown, index) => {
    const { name, sha256, scopes } = (entry ?? {}) as Record<string, unknown>;
    const at = `${where}: callers[${index}]`;
    if (typeof name !== 'string' || !name.trim()) errors.push(`${at}.name must be a non-empty string.`);
    else if (callers.some((caller) => caller.name === name.trim())) errors.push(`${at}.name ${JSON.stringify(name)} is given twice.`);
    if (typeof sha256 !== 'string' || !/^[0-9a-fA-F]{64}$/.test(sha256)) errors.push(`${at}.sha256 must be 64 hex digits: printf %s "$TOKEN" | sha256sum`);
    if (!Array.isArray(scopes) || scopes.length === 0) errors.push(`${at}.scopes must list one or more of ${allowed.join(', ')}.`);
    else
      for (const scope of scopes.filter((s) => !allowed.includes(s as string)))
        errors.push(`${at}.scopes: ${JSON.stringify(scope)} is not one of ${allowed.join(', ')}.`);
    if (errors.length) return;
    const digest = Buffer.from(sha256 as string, 'hex');
    if (callers.some((caller) => caller.sha256.equals(digest))) errors.push(`${at}.sha256 is also another caller's: each caller needs a token of its own.`);
    else callers.push({ name: (name as string).trim(), sha256: digest, scopes: scopes as string[] });
  });
  return errors.length ? { errors } : { callers };
}
