import { z } from 'zod';

/**
 * An id: text a URL path, a query or JSON carries unchanged. A lone surrogate would arrive as
 * U+FFFD (another id); "." and ".." would move a path.
 */
export function idText(field: string) {
  return z
    .string()
    .trim()
    .min(1, `${field} is required`)
    .max(200)
    .refine((value) => !/\p{Surrogate}/u.test(value), `${field} contains an unpaired surrogate (broken Unicode)`)
    .refine((value) => value !== '.' && value !== '..', `${field} cannot be "." or ".."`);
}
