/**
 * `kinechain interdependence [--analysis posture|toe-touch] [--json] [--svg FILE]`: the
 * regional-interdependence map — the strongest effects of each tissue group and impairment
 * on the loads from the foot to the neck, ranked, with the paths that carried them — and
 * the whole matrix as an SVG heatmap in FILE.
 *
 * The SVG path is checked before the map is computed (which takes a while), so a typo in
 * it fails at once; writing errors are reported in one line.
 */
import {
  interdependenceAnalysis,
  type InterdependenceChoice,
  type InterdependenceReport,
  type SubjectInput,
} from '../../app/index.js';
import { fixed, heading, paragraph, renderTable, signed } from '../format/table.js';
import { checkWritable, writeOutputFile } from '../output-file.js';

export interface InterdependenceCommandOptions {
  readonly analysis?: InterdependenceChoice;
  readonly json: boolean;
  /** Where to write the heatmap SVG. */
  readonly svgPath?: string;
  readonly subject?: SubjectInput;
  readonly onProgress?: (done: number, total: number) => void;
}

export interface InterdependenceCommandOutput {
  readonly text: string;
  readonly warnings: readonly string[];
  /** The SVG file written, if any. */
  readonly svgPath: string | null;
}

const FIGURE = 'the heatmap';

export function interdependenceCommand(options: InterdependenceCommandOptions): InterdependenceCommandOutput {
  if (options.svgPath !== undefined) checkWritable(options.svgPath, FIGURE, 'map.svg');
  const { report, svg } = interdependenceAnalysis({
    subject: options.subject,
    analysis: options.analysis,
    svg: options.svgPath !== undefined,
    onProgress: options.onProgress,
  });
  if (options.svgPath !== undefined && svg !== null) writeOutputFile(options.svgPath, FIGURE, svg);
  const text = options.json ? `${JSON.stringify(report, null, 2)}\n` : renderInterdependenceReport(report, options.svgPath ?? null);
  const warnings: string[] = [];
  if (report.unconverged > 0) {
    warnings.push(
      `warning: ${report.unconverged} of ${report.solves} solves did not converge cleanly (standing posture or toe-touch hold); ` +
        'their cells are still in the map',
    );
  }
  const failed = report.rows.filter((row) => row.failure !== null);
  if (failed.length > 0) warnings.push(`warning: ${failed.length} rows could not be evaluated: ${failed.map((row) => row.key).join(', ')}`);
  return { text, warnings, svgPath: options.svgPath ?? null };
}

export function renderInterdependenceReport(report: InterdependenceReport, svgPath: string | null = null): string {
  let text = `Regional interdependence map (${report.analyses.join(' and ')}): ${report.rows.length} parameters x ${report.columns.length} outputs, ` +
    `${report.evaluations} evaluations (${report.solves} solves), bodies: ${report.bodies.join('; ')}\n`;

  text += heading('Outputs of the unchanged body');
  text += renderTable(
    { head: ['output', 'value', 'definition'], align: ['left', 'right', 'left'], maxWidths: [50, null, 70] },
    report.columns.map((column) => [column.label, `${fixed(column.baseline, 1)} ${column.unit}`, column.definition]),
  );

  text += heading('Strongest effects on the loads (% per 10%, interval over the bodies)');
  text += report.statements.length === 0 ? 'none\n' : report.statements.map((statement, i) => `${i + 1}. ${statement.text}\n`).join('');
  if (report.reachStatements.length > 0) {
    text += heading('Strongest effects on the toe-touch reach (cm per 10%)');
    text += report.reachStatements.map((statement, i) => `${i + 1}. ${statement.text}\n`).join('');
  }
  if (report.explanations.length > 0) {
    text += heading('Paths of the strongest effects');
    for (const explanation of report.explanations) text += paragraph(explanation.text);
  }

  text += heading('Largest effect of each parameter');
  text += renderTable(
    { head: ['parameter', 'output', 'effect', 'interval'], align: ['left', 'left', 'right', 'right'], maxWidths: [60, 40] },
    report.rows.map((row) => {
      if (row.failure !== null) return [row.shortLabel, `failed: ${row.failure}`, '', ''];
      let best = -1;
      row.cells.forEach((cell, c) => {
        if (cell.value === null) return;
        if (best < 0 || Math.abs(cell.value) > Math.abs(row.cells[best].value as number)) best = c;
      });
      if (best < 0) return [row.shortLabel, 'no output changed', '', ''];
      const cell = row.cells[best];
      const column = report.columns[best];
      const unit = column.cellUnit === 'cm per 10%' ? ' cm' : '%';
      return [
        row.shortLabel,
        column.label,
        `${signed(cell.value as number, 1)}${unit}`,
        cell.low !== null && cell.high !== null ? `${signed(cell.low, 1)} .. ${signed(cell.high, 1)}` : '',
      ];
    }),
  );
  text += svgPath !== null ? `\nThe whole matrix is drawn in ${svgPath}.\n` : '\nThe whole matrix: --json, or --svg FILE for a heatmap.\n';
  text += heading('What is a model prediction');
  for (const note of report.notes) text += paragraph(note);
  return text;
}
