/**
 * Terminal tables (cli-table3) without colour codes, so the output reads the same in a
 * terminal, a pipe and a log file.
 */
import Table from 'cli-table3';

export type CellAlignment = 'left' | 'right';

export interface TableOptions {
  readonly head: readonly string[];
  /** One entry per column; numbers read best right-aligned. Default: left. */
  readonly align?: readonly CellAlignment[];
}

export function renderTable(options: TableOptions, rows: readonly (readonly (string | number)[])[]): string {
  // Compact: no rule between body rows, so long tables stay readable.
  const table = new Table({
    head: [...options.head],
    colAligns: options.align ? [...options.align] : options.head.map(() => 'left' as const),
    style: { head: [], border: [], compact: true },
  });
  for (const row of rows) table.push(row.map((cell) => String(cell)));
  return `${table.toString()}\n`;
}

/** A section title underlined, with a blank line before it. */
export function heading(title: string): string {
  return `\n${title}\n${'-'.repeat(title.length)}\n`;
}

/** Fixed decimals without "-0.00". */
export function fixed(value: number, decimals: number): string {
  const text = value.toFixed(decimals);
  return /^-0\.?0*$/.test(text) ? text.slice(1) : text;
}

/** A signed change: "+1.20", "-0.35", "0.00". */
export function signed(value: number, decimals: number): string {
  const text = fixed(value, decimals);
  return value > 0 && Number(text) !== 0 ? `+${text}` : text;
}
