/** Percentile of a sample (nearest rank); the sample need not be sorted. */
export function percentile(values: number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
}

export const ms = (value: number) => `${value.toFixed(value < 10 ? 2 : 1)} ms`;

export interface Row {
  measure: string;
  value: string;
  reference?: string;
  note?: string;
}

/** Prints rows as one Markdown table, ready to paste into the README. */
export function printTable(rows: Row[]): void {
  const header = ['measure', 'value', 'reference', 'note'];
  const cells = rows.map((row) => [row.measure, row.value, row.reference ?? '', row.note ?? '']);
  const widths = header.map((title, i) => Math.max(title.length, ...cells.map((line) => line[i]!.length)));
  const line = (parts: string[]) => `| ${parts.map((part, i) => part.padEnd(widths[i]!)).join(' | ')} |`;
  console.log([line(header), line(widths.map((w) => '-'.repeat(w))), ...cells.map(line)].join('\n'));
}
