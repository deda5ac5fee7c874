import { readFileSync } from 'node:fs';
import type { Tool } from '@modelcontextprotocol/sdk/types.js';

/** The file the build writes beside the command's code (scripts/bundle.mjs): every provider's tools/list entries. */
export const BUILT_LISTINGS_FILE = 'tool-listings.json';

/**
 * The tools/list entries the build computed for `provider`, by tool name; none when the command
 * runs from the sources, where no build wrote them (each is then computed on the first tools/list).
 */
export function builtListings(provider: string): Record<string, Tool> {
  let text: string;
  try {
    text = readFileSync(new URL(`./${BUILT_LISTINGS_FILE}`, import.meta.url), 'utf8');
  } catch {
    return {};
  }
  return (JSON.parse(text) as Record<string, Record<string, Tool>>)[provider] ?? {};
}
