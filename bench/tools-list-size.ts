// gpt-tokenizer's main export encodes with o200k_base (GPT-4o and later).
import { encode } from 'gpt-tokenizer';
import { connectInProcess } from './in-process.js';
import { count, type Row } from './stats.js';

export const tokens = (text: string) => encode(text).length;
export const bytes = (text: string) => Buffer.byteLength(text);

/** What a model reads of each tool in every conversation: its name, title, description and input schema. */
export async function toolsListSize(): Promise<Row[]> {
  // tools/list makes no API call, so nothing needs to listen at the URL.
  const server = await connectInProcess({ url: 'http://127.0.0.1:9', apiKey: 'bench_key_0000000000000000' });
  try {
    const { tools } = await server.client.listTools();
    const instructions = server.client.getInstructions() ?? '';
    const defs = tools.map(({ name, title, description, inputSchema }) => JSON.stringify({ name, title, description, inputSchema }));
    const sizes = defs.map(bytes);
    const counts = defs.map(tokens);
    const sum = (values: number[]) => values.reduce((a, b) => a + b, 0);
    const avg = (values: number[], unit: string) =>
      `${count(sum(values) / values.length)} ${unit} (min–max ${count(Math.min(...values))}–${count(Math.max(...values))})`;
    return [
      { measure: 'tools/list: tools', value: String(tools.length), note: 'default flags (every Mava tool)' },
      {
        measure: 'tools/list: bytes per tool (mean)',
        value: avg(sizes, 'B'),
        reference: '≤ 500; everything demo 413, GitHub 609, Stripe 811, Sentry 2,688',
        note: 'JSON of {name, title, description, inputSchema}, no spaces',
      },
      { measure: 'tools/list: tokens per tool (mean)', value: avg(counts, 'tokens'), note: 'o200k_base (gpt-tokenizer)' },
      { measure: 'tools/list: total', value: `${count(sum(sizes))} B, ${count(sum(counts))} tokens` },
      { measure: 'server instructions', value: `${count(bytes(instructions))} B, ${count(tokens(instructions))} tokens`, note: 'sent once, at initialize' },
    ];
  } finally {
    await server.close();
  }
}
