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

/** A median with its interquartile range: one figure, and how much the shared machine moved it. */
export function spread(values: number[], format: (value: number) => string): string {
  const low = format(percentile(values, 25)).replace(/ [^\d\s]+$/, ''); // the unit is said once, after the high end
  return `${format(percentile(values, 50))} (p25–p75 ${low}–${format(percentile(values, 75))})`;
}

/** p50 / p99, the pair every latency row shows. */
export const pair = (values: number[]) => `${ms(percentile(values, 50))} / ${ms(percentile(values, 99))}`;

export const ratio = (value: number) => `${value.toFixed(2)}×`;
export const mb = (kb: number) => `${(kb / 1024).toFixed(1)} MB`;
export const count = (value: number) => Math.round(value).toLocaleString('en-US');

/** Slope of the least-squares line through (x, y). */
export function slope(xs: number[], ys: number[]): number {
  const mean = (values: number[]) => values.reduce((sum, v) => sum + v, 0) / values.length;
  const mx = mean(xs);
  const my = mean(ys);
  let num = 0;
  let den = 0;
  xs.forEach((x, i) => {
    num += (x - mx) * (ys[i]! - my);
    den += (x - mx) ** 2;
  });
  return num / den;
}

/**
 * Runs a and b alternately, `rounds` times each, so both see the same drift of a shared machine;
 * returns each side's durations in ms.
 */
export async function interleave(rounds: number, a: () => Promise<unknown>, b: () => Promise<unknown>): Promise<[number[], number[]]> {
  const [first, second] = await inTurn(rounds, [a, b]);
  return [first!, second!];
}

/**
 * Runs each of `calls` in turn, `rounds` times, each round starting one further along; returns
 * each one's durations in ms. On a machine with few cores a call can be slowed by what the process
 * answering the one before it still does after its answer (a collection, a cleanup): a fixed
 * order would always hand that to the same one.
 */
export async function inTurn(rounds: number, calls: ReadonlyArray<() => Promise<unknown>>): Promise<number[][]> {
  const times = calls.map((): number[] => []);
  for (let i = 0; i < rounds; i++) {
    for (let k = 0; k < calls.length; k++) {
      const which = (i + k) % calls.length;
      const started = performance.now();
      await calls[which]!();
      times[which]!.push(performance.now() - started);
    }
  }
  return times;
}
