import type { MavaClient } from '../client.js';
import { defineTool, type ToolContext } from '../../../tools/define-tool.js';
import { z } from 'zod';

export const listCategories = defineTool({
  name: 'list_categories',
  title: 'List categories',
  description: 'List active ticket categories and their _id.',
  input: {},
  output: { categories: z.array(z.object({ _id: z.string(), name: z.string() })) },
  annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: true },
  async handler(_args, { client, signal }: ToolContext<MavaClient>) {
    const categories = await client.listCategories(signal);
    const lines = categories.map((category) => `${category._id}  ${category.name}`);
    const text = categories.length ? `${categories.length} categories (_id  name):\n${lines.join('\n')}` : 'No active categories.';
    return { structured: { categories: categories.map(({ _id, name }) => ({ _id, name })) }, text };
  },
});
