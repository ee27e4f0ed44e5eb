/**
 * The regional-interdependence map as a clickable table: one row per tissue group or
 * impairment, one column per regional output. Clicking a cell highlights the path in the
 * body from the tissues of the row to the region of the column and says what the model
 * found along it.
 */
import { divergingColor } from '../../src/analyses/heatmap-svg.js';
import type { InterdependenceReport } from '../../src/app/interdependence.js';
import type { BodyScene } from '../../src/app/scene.js';
import type { Highlight } from './body-view.js';
import { escapeHtml, fixed, signed, words } from './format.js';

/** The bodies of each regional output (by the output key without analysis and side). */
const REGION_BODIES: Readonly<Record<string, readonly string[]>> = {
  plantar_fascia: ['calcn', 'forefoot'],
  achilles: ['tibia', 'calcn'],
  knee: ['femur', 'tibia'],
  hip: ['pelvis', 'femur'],
  hamstrings: ['femur'],
  sacroiliac: ['pelvis'],
  l5s1: ['pelvis', 'lumbar'],
  thoracolumbar_fascia: ['lumbar'],
  neck: ['thorax', 'neck'],
  reach: ['hand'],
};

export interface CellChoice {
  readonly row: number;
  readonly column: number;
}

function quantile(values: readonly number[], level: number): number {
  if (values.length === 0) return 1;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(level * (sorted.length - 1)))];
}

function textOn(fill: string): string {
  const r = parseInt(fill.slice(1, 3), 16);
  const g = parseInt(fill.slice(3, 5), 16);
  const b = parseInt(fill.slice(5, 7), 16);
  return 0.2126 * r + 0.7152 * g + 0.0722 * b < 128 ? '#ffffff' : '#1a1a1a';
}

/** Region bodies of a column key, e.g. "standing.plantar_fascia_r" -> calcn_r, forefoot_r. */
export function regionBodies(columnKey: string): string[] {
  const output = columnKey.slice(columnKey.indexOf('.') + 1);
  const sided = /_(r|l)$/.exec(output);
  const region = sided ? output.slice(0, -2) : output;
  const bases = REGION_BODIES[region] ?? [];
  const sides = sided ? [sided[1]] : ['r', 'l'];
  return bases.flatMap((base) => (['pelvis', 'lumbar', 'thorax', 'neck', 'head'].includes(base) ? [base] : sides.map((side) => `${base}_${side}`)));
}

/** Bodies on the way through the body tree from any of `from` to any of `to` (both ends included). */
export function treePath(scene: BodyScene, from: readonly string[], to: readonly string[]): Set<string> {
  const index = new Map(scene.bodies.map((body, i) => [body.name, i]));
  const ancestors = (name: string): number[] => {
    const chain: number[] = [];
    let current = index.get(name) ?? -1;
    while (current >= 0) {
      chain.push(current);
      current = scene.bodies[current].parent;
    }
    return chain;
  };
  const sideOf = (name: string): string => (/_([rl])$/.exec(name)?.[1] ?? 'midline');
  const compatible = (a: string, b: string): boolean => sideOf(a) === 'midline' || sideOf(b) === 'midline' || sideOf(a) === sideOf(b);
  const path = new Set<string>();
  for (const a of from) {
    // A sided body pairs with the region on its own side (or the midline), when there is one.
    const targets = to.some((b) => compatible(a, b)) ? to.filter((b) => compatible(a, b)) : to;
    for (const b of targets) {
      const up = ancestors(a);
      const down = ancestors(b);
      const common = up.find((body) => down.includes(body));
      for (const body of up) {
        path.add(scene.bodies[body].name);
        if (body === common) break;
      }
      for (const body of down) {
        path.add(scene.bodies[body].name);
        if (body === common) break;
      }
    }
  }
  return path;
}

export function renderHeatmap(report: InterdependenceReport, onSelect: (choice: CellChoice) => void): void {
  const container = document.getElementById('heatmap') as HTMLElement;
  const limits = new Map<string, number>();
  for (const unit of new Set(report.columns.map((column) => column.cellUnit))) {
    const values: number[] = [];
    report.rows.forEach((row) =>
      row.cells.forEach((cell, c) => {
        if (report.columns[c].cellUnit === unit && cell.value !== null) values.push(Math.abs(cell.value));
      }),
    );
    limits.set(unit, Math.max(1e-6, quantile(values, 0.95)));
  }
  const head = report.columns
    .map((column) => `<th title="${escapeHtml(`${column.label}: ${column.definition}; baseline ${fixed(column.baseline, 0)} ${column.unit}; cells in ${column.cellUnit}`)}">${escapeHtml(column.shortLabel)}</th>`)
    .join('');
  const groups: { label: string; count: number }[] = [];
  for (const column of report.columns) {
    const label = column.analysis === 'toe-touch' ? 'End of the toe-touch' : 'Quiet standing';
    if (groups.length > 0 && groups[groups.length - 1].label === label) groups[groups.length - 1].count++;
    else groups.push({ label, count: 1 });
  }
  const groupRow = groups.map((group) => `<th class="group" colspan="${group.count}">${group.label}</th>`).join('');
  const body = report.rows
    .map((row, r) => {
      const cells = row.cells
        .map((cell, c) => {
          if (cell.value === null) return `<td class="empty" title="${escapeHtml(row.failure ?? cell.note ?? 'no value')}">–</td>`;
          const fill = divergingColor(cell.value, limits.get(report.columns[c].cellUnit) ?? 1);
          const unit = report.columns[c].cellUnit;
          const title = `${row.label} → ${report.columns[c].label}: ${signed(cell.value, 1)} ${unit} (${signed(cell.low, 1)} to ${signed(cell.high, 1)})`;
          return `<td data-row="${r}" data-column="${c}" style="background:${fill};color:${textOn(fill)}" title="${escapeHtml(title)}">${signed(cell.value, cell.value !== 0 && Math.abs(cell.value) < 1 ? 1 : 0)}</td>`;
        })
        .join('');
      return `<tr><th title="${escapeHtml(row.label)}">${escapeHtml(row.shortLabel)}</th>${cells}</tr>`;
    })
    .join('');
  container.innerHTML = `<table class="heatmap" id="heatmap-table"><thead><tr class="groups"><th></th>${groupRow}</tr><tr><th></th>${head}</tr></thead><tbody>${body}</tbody></table>
    <p class="hint">Cells: % change of the load per 10% (loads) or cm per 10% (toe-touch reach); colour saturates at the 95th percentile of |values|. ${escapeHtml(report.notes[0] ?? '')}</p>`;
  container.querySelectorAll<HTMLTableCellElement>('td[data-row]').forEach((cell) => {
    cell.addEventListener('click', () => {
      container.querySelectorAll('td.selected').forEach((selected) => selected.classList.remove('selected'));
      cell.classList.add('selected');
      onSelect({ row: Number(cell.dataset.row), column: Number(cell.dataset.column) });
    });
  });
}

/** The highlight and the sentence for a clicked cell. */
export function cellPath(report: InterdependenceReport, scene: BodyScene, choice: CellChoice): { highlight: Highlight; text: string } {
  const row = report.rows[choice.row];
  const column = report.columns[choice.column];
  const cell = row.cells[choice.column];
  // A one-sided output (e.g. the right plantar fascia) is reached from the row's tissues of that side, when it has any.
  const columnSide = /_([rl])$/.exec(column.key)?.[1];
  const sameSide = row.tissues.filter((name) => columnSide === undefined || !/_[rl]$/.test(name) || name.endsWith(`_${columnSide}`));
  const tissues = new Set(sameSide.length > 0 ? sameSide : row.tissues);
  const tissueBodies = scene.tissues.filter((tissue) => tissues.has(tissue.name)).flatMap((tissue) => tissue.attachedBodies.map((b) => scene.bodies[b].name));
  const region = regionBodies(column.key);
  const bodies = treePath(scene, tissueBodies.length > 0 ? [...new Set(tissueBodies)] : region, region);
  const ordered = scene.bodies.map((body) => body.name).filter((name) => bodies.has(name));
  const statement = report.statements.find((entry) => entry.row === row.key && entry.column === column.key);
  const explanation = statement ? report.explanations.find((entry) => entry.statement === statement.text) : undefined;
  const change = `${signed(cell.value, 1)} ${column.cellUnit} (interval ${signed(cell.low, 1)} to ${signed(cell.high, 1)})`;
  const text =
    `${row.label} → ${column.label}: ${change}. Segments on the path: ${ordered.map(words).join(', ') || '–'}. ` +
    (row.tissues.length > 0 ? `Tissues changed: ${row.tissues.map(words).join(', ')}. ` : '') +
    (explanation ? explanation.text : '') +
    ' A sensitivity of the model, not a measured association.';
  return { highlight: { tissues, bodies }, text };
}
