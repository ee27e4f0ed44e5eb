/**
 * `kinechain chain --pose FILE [--degrees] [--relative-to standing] [--json]`: the
 * tension along every myofascial line in a pose, and the junction slides.
 */
import {
  analyseChain,
  defaultModel,
  loadPoseFile,
  type ChainAnalysis,
  type Model,
  type SubjectInput,
} from '../../app/index.js';
import { fixed, heading, paragraph, renderTable, signed } from '../format/table.js';

export interface ChainCommandOptions {
  readonly posePath: string;
  readonly degrees: boolean;
  readonly relativeTo?: 'standing';
  readonly json: boolean;
  readonly subject?: SubjectInput;
  /** A compiled model to use instead of the default body (tests, embedding). */
  readonly model?: Model;
}

export interface ChainCommandOutput {
  /** What goes to stdout. */
  readonly text: string;
  /** Warnings for stderr (e.g. a line that did not converge). */
  readonly warnings: readonly string[];
}

export async function chainCommand(options: ChainCommandOptions): Promise<ChainCommandOutput> {
  const model = options.model ?? defaultModel(options.subject);
  const pose = await loadPoseFile(options.posePath, model, { degrees: options.degrees });
  const analysis = analyseChain(model, pose, { relativeTo: options.relativeTo });
  const text = options.json ? `${JSON.stringify(analysis, null, 2)}\n` : renderChainAnalysis(analysis);
  return { text, warnings: convergenceWarnings(analysis) };
}

export function convergenceWarnings(analysis: ChainAnalysis): string[] {
  const warnings: string[] = [];
  for (const [what, convergence] of [
    ['', analysis.convergence],
    ['reference pose: ', analysis.referenceConvergence],
  ] as const) {
    if (convergence && !convergence.converged) {
      warnings.push(
        `warning: ${what}the continuity solve did not converge for ${convergence.unconvergedLines.join(', ')} ` +
          `(largest force imbalance ${convergence.maxResidualN.toExponential(2)} N); read those lines with care`,
      );
    }
  }
  return warnings;
}

function poseSummary(analysis: ChainAnalysis): string {
  const coordinates = analysis.pose.coordinates;
  if (coordinates.length === 0) return 'reference pose (standing)';
  return coordinates
    .map((coordinate) =>
      coordinate.degrees !== null ? `${coordinate.name} ${fixed(coordinate.degrees, 1)} deg` : `${coordinate.name} ${fixed(coordinate.value, 3)} m`,
    )
    .join(', ');
}

function interval(values: readonly [number, number], decimals: number): string {
  return `${fixed(values[0], decimals)} .. ${fixed(values[1], decimals)}`;
}

export function renderChainAnalysis(analysis: ChainAnalysis, options: { readonly title?: string } = {}): string {
  const relative = analysis.relativeTo !== null;
  // The pose line is not wrapped, so "hip_flexion_r 90.0 deg" stays on one line for readers and tools.
  let text = `${options.title ?? `Pose ${analysis.pose.source}`}: ${poseSummary(analysis)}\n`;
  text += paragraph(
    'Muscles passive (activation 0). Intervals: the junction anchorage stiffness at the low and high end of its ' +
      'range (an assumption, no published value). Strain: tissue strain for passive tissue, fibre strain for muscle.',
  );
  if (relative) text += `Changes are relative to the reference pose (${analysis.relativeTo}).\n`;
  if (analysis.lines.length === 0) return `${text}\nThe model has no myofascial lines.\n`;

  for (const line of analysis.lines) {
    text += heading(`${line.name} (${line.family}, ${line.side})`);
    const head = ['track', 'tissue', 'tension (N)', 'interval (N)', 'length (m)', 'strain (%)'];
    const align: ('left' | 'right')[] = ['left', 'left', 'right', 'right', 'right', 'right'];
    if (relative) {
      head.push(`${analysis.relativeTo} (N)`, 'change (N)', 'change (mm)');
      align.push('right', 'right', 'right');
    }
    text += renderTable(
      { head, align, maxWidths: [36, 30] },
      line.tracks.map((track) => {
        const row = [
          track.label,
          track.tissue,
          fixed(track.tensionN, 1),
          interval(track.tensionIntervalN, 1),
          fixed(track.lengthM, 3),
          fixed(100 * track.strain, 1),
        ];
        if (track.reference && track.change) {
          row.push(fixed(track.reference.tensionN, 1), signed(track.change.tensionN, 1), signed(1000 * track.change.lengthM, 1));
        }
        return row;
      }),
    );
  }

  text += heading('Junctions');
  const head = ['line', 'between', 'station', 'evidence', 'force transmission', 'slide (mm)', 'interval (mm)', 'anchorage (N)'];
  const align: ('left' | 'right')[] = ['left', 'left', 'left', 'left', 'left', 'right', 'right', 'right'];
  if (relative) {
    head.push('slide change (mm)');
    align.push('right');
  }
  text += renderTable(
    { head, align, maxWidths: [30, 40, 32] },
    analysis.junctions.map((junction) => {
      const row = [
        junction.line,
        `${junction.from} > ${junction.to}`,
        junction.stationLabel,
        `${junction.evidence} (${junction.studies})`,
        junction.forceTransmission,
        fixed(junction.displacementMm, 2),
        interval(junction.displacementIntervalMm, 2),
        fixed(junction.anchorageForceN, 1),
      ];
      if (junction.change) row.push(signed(junction.change.displacementMm, 2));
      return row;
    }),
  );

  const convergence = analysis.convergence;
  text += `\nContinuity solve: ${convergence.converged ? 'converged' : 'DID NOT CONVERGE'} for ${convergence.linesSolved} lines ` +
    `(at most ${convergence.maxIterations} Newton iterations, largest force imbalance ${convergence.maxResidualN.toExponential(1)} N)\n`;
  return text;
}
