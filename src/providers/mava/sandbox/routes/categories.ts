// GET /api/categories: the active categories, the ones update ticket accepts.

import { ok, type Reply } from '../http-io.js';
import { categoryJson } from '../wire.js';
import type { RouteRequest } from './route.js';

export function listCategories({ store }: RouteRequest): Reply {
  return ok({ categories: store.activeCategories().map(categoryJson) });
}
