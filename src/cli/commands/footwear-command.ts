/**
 * `kinechain footwear list [--json]`: the catalogue of sole designs.
 * `kinechain footwear compare A B ... [--impairment NAME[:SIDE][=SEVERITY]]... [--json] [--svg FILE]`:
 * the designs side by side over the stance phase of walking — one column per design, one
 * row per measure, with the difference against the first design — where each design helps
 * (computed from the numbers), and, with --svg, the figure: plantar-pressure maps on one
 * colour scale and curves over stance.
 *
 * The SVG path is checked before the stance phases run (they take seconds each), so a typo
 * in it fails at once.
 */
import {
  compareFootwear,
  footwearCatalog,
  footwearComparisonSvg,
  type FootwearCatalogEntry,
  type FootwearChoice,
  type FootwearComparison,
  type SubjectInput,
} from '../../app/index.js';
import { fixed, heading, paragraph, renderTable, signed } from '../format/table.js';
import { checkWritable, writeOutputFile } from '../output-file.js';
import { renderModifiers } from './posture-command.js';

export interface FootwearCommandOutput {
  readonly text: string;
  readonly warnings: readonly string[];
}

export function footwearListCommand(options: { readonly json: boolean }): FootwearCommandOutput {
  const catalog = footwearCatalog();
  return { text: options.json ? `${JSON.stringify(catalog, null, 2)}\n` : renderFootwearCatalog(catalog), warnings: [] };
}

export function renderFootwearCatalog(catalog: readonly FootwearCatalogEntry[]): string {
  let text = `Footwear catalogue: ${catalog.length} designs (compare them with kinechain footwear compare A B ...)\n`;
  text += renderTable(
    {
      head: ['name', 'stack heel / forefoot (mm)', 'features', 'description'],
      align: ['left', 'right', 'left', 'left'],
      maxWidths: [null, null, 36, 56],
    },
    catalog.map((entry) => [
      entry.name,
      `${fixed(entry.stackHeelMm, 1)} / ${fixed(entry.stackForefootMm, 1)}`,
      entry.features.length > 0 ? entry.features.join('; ') : 'flat',
      entry.description,
    ]),
  );
  text += '\nFull designs (layers, materials, sources): --json. A design of your own: a footwear JSON file in place of a name.\n';
  return text;
}

const FIGURE = 'the comparison figure';

export interface FootwearCompareCommandOptions {
  /** Catalogue names or designs read from files (stance-command.ts readFootwearArgument). */
  readonly footwear: readonly FootwearChoice[];
  readonly impairments?: readonly string[];
  readonly json: boolean;
  readonly svgPath?: string;
  readonly subject?: SubjectInput;
  readonly onProgress?: (done: number, total: number) => void;
}

export function footwearCompareCommand(options: FootwearCompareCommandOptions): FootwearCommandOutput & { readonly svgPath: string | null } {
  if (options.svgPath !== undefined) checkWritable(options.svgPath, FIGURE, 'comparison.svg');
  const comparison = compareFootwear({
    footwear: options.footwear,
    impairments: options.impairments,
    subject: options.subject,
    onProgress: options.onProgress,
  });
  if (options.svgPath !== undefined) writeOutputFile(options.svgPath, FIGURE, footwearComparisonSvg(comparison));
  const text = options.json ? `${JSON.stringify(comparison, null, 2)}\n` : renderFootwearComparison(comparison, options.svgPath ?? null);
  const warnings: string[] = [];
  const residual = Math.max(...comparison.designs.map((design) => design.summary.maxVerticalForceResidualN));
  if (residual > 1e-3) {
    warnings.push(`warning: the plantar contact missed the trial's vertical force by up to ${fixed(residual, 3)} N; read the pressures with care`);
  }
  return { text, warnings, svgPath: options.svgPath ?? null };
}

function percentText(value: number | null): string {
  if (value === null) return 'n/a';
  return `${signed(value, 1)}%`;
}

export function renderFootwearComparison(comparison: FootwearComparison, svgPath: string | null = null): string {
  const names = comparison.designs.map((design) => design.footwear.name);
  const subject = comparison.subject;
  let text =
    `Footwear over the stance phase of walking: ${names.join(', ')}; differences against ${comparison.reference}\n` +
    `${subject.sex}, ${fixed(subject.heightM, 2)} m, ${fixed(subject.massKg, 1)} kg (1 BW = ${fixed(comparison.bodyWeightN, 1)} N)\n`;
  text += renderModifiers('Impairments', comparison.impairments);
  if (comparison.focus.length > 0) {
    text += heading('Measures that matter here');
    for (const entry of comparison.focus) text += paragraph(`${entry.impairment}: ${entry.why}.`);
  }

  text += heading(`Side by side (* = a focus measure; change against ${comparison.reference})`);
  const head = ['measure', 'unit', names[0]];
  const align: ('left' | 'right')[] = ['left', 'left', 'right'];
  for (let d = 1; d < names.length; d++) {
    head.push(names[d], 'change');
    align.push('right', 'right');
  }
  text += renderTable(
    { head, align },
    comparison.measures.map((measure) => {
      const cells = [`${measure.focus ? '* ' : ''}${measure.label}`, measure.unit, fixed(measure.values[0], measure.decimals)];
      for (let d = 1; d < names.length; d++) {
        cells.push(
          fixed(measure.values[d], measure.decimals),
          `${signed(measure.differences[d], measure.decimals)} (${percentText(measure.relativeDifferencesPercent[d])})`,
        );
      }
      return cells;
    }),
  );

  text += heading('Where each design helps (lowest of all designs in a focus measure, most such measures first)');
  text += comparison.strengths.map((strength, i) => paragraph(`${i + 1}. ${strength.text}`)).join('');
  text += heading(`Against ${comparison.reference} (focus measures, lowest mean change first)`);
  text += comparison.helps.map((help, i) => paragraph(`${i + 1}. ${help.text}`)).join('');

  text += heading('Lowest value of each focus measure');
  text += renderTable(
    {
      head: ['measure', 'design', 'value', 'next lowest', 'margin', `against ${comparison.reference}`],
      align: ['left', 'left', 'right', 'left', 'right', 'right'],
    },
    comparison.bestByMeasure.map((best) => {
      const decimals = comparison.measures.find((measure) => measure.key === best.key)?.decimals ?? 2;
      return [
        best.label,
        best.design,
        `${fixed(best.value, decimals)} ${best.unit}`,
        `${best.runnerUp} ${fixed(best.runnerUpValue, decimals)}`,
        `${fixed(best.marginPercent, 1)}%`,
        percentText(best.relativeDifferencePercent),
      ];
    }),
  );
  text +=
    svgPath !== null
      ? `\nPressure maps and curves over stance are drawn in ${svgPath}.\n`
      : '\nPressure maps and curves over stance: --svg FILE; every number: --json.\n';
  text += heading('What is a model prediction');
  for (const note of comparison.notes) text += paragraph(note);
  return text;
}
