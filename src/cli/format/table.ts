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
  /** Widest a column may be (characters, without padding); longer cells wrap on word boundaries. */
  readonly maxWidths?: readonly (number | null)[];
}

export function renderTable(options: TableOptions, rows: readonly (readonly (string | number)[])[]): string {
  // Compact: no rule between body rows, so long tables stay readable.
  const maxWidths = options.maxWidths;
  const colWidths = options.head.map((title, column) => {
    const limit = maxWidths?.[column];
    if (limit == null) return null;
    let widest = title.length;
    for (const row of rows) widest = Math.max(widest, String(row[column] ?? '').length);
    // cli-table3 widths include one space of padding on each side.
    return Math.min(widest, limit) + 2;
  });
  const table = new Table({
    head: [...options.head],
    colAligns: options.align ? [...options.align] : options.head.map(() => 'left' as const),
    colWidths,
    wordWrap: true,
    wrapOnWordBoundary: true,
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

/** Prose wrapped at word boundaries to `width` columns, ending with a newline. */
export function paragraph(text: string, width = 100): string {
  const lines: string[] = [];
  let current = '';
  for (const word of text.split(/\s+/).filter((part) => part.length > 0)) {
    if (current.length > 0 && current.length + 1 + word.length > width) {
      lines.push(current);
      current = word;
    } else {
      current = current.length > 0 ? `${current} ${word}` : word;
    }
  }
  if (current.length > 0) lines.push(current);
  return `${lines.join('\n')}\n`;
}
