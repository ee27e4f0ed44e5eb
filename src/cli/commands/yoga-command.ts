/**
 * `kinechain yoga POSE [--json]` and `kinechain yoga --list`: what a catalogued yoga pose
 * lengthens — the myofascial lines and tissues, against standing.
 */
import {
  KinechainError,
  yogaPoseAnalysis,
  yogaPoseList,
  type SubjectInput,
  type YogaPoseAnalysis,
  type YogaPoseSummary,
} from '../../app/index.js';
import { fixed, heading, paragraph, renderTable, signed } from '../format/table.js';

export interface YogaCommandOptions {
  readonly pose?: string;
  readonly list: boolean;
  readonly json: boolean;
  readonly subject?: SubjectInput;
}

export interface YogaCommandOutput {
  readonly text: string;
  readonly warnings: readonly string[];
}

export function yogaCommand(options: YogaCommandOptions): YogaCommandOutput {
  if (options.list) {
    const poses = yogaPoseList();
    return { text: options.json ? `${JSON.stringify(poses, null, 2)}\n` : renderYogaPoseList(poses), warnings: [] };
  }
  if (options.pose === undefined) {
    const keys = yogaPoseList().map((pose) => pose.key);
    throw new KinechainError('MALFORMED_INPUT', `give a yoga pose, e.g. "kinechain yoga ${keys[0]}", or list them with --list; poses: ${keys.join(', ')}`);
  }
  const analysis = yogaPoseAnalysis(options.pose, { subject: options.subject });
  const warnings = analysis.converged
    ? []
    : ['warning: the continuity solve of some myofascial line did not converge in standing or in the pose; read line tensions with care'];
  return { text: options.json ? `${JSON.stringify(analysis, null, 2)}\n` : renderYogaPoseAnalysis(analysis), warnings };
}

export function renderYogaPoseList(poses: readonly YogaPoseSummary[]): string {
  return renderTable(
    { head: ['pose', 'name', 'sanskrit', 'said to stretch'], maxWidths: [null, 32, 26, 50] },
    poses.map((pose) => [pose.key, pose.name, pose.sanskrit, pose.targets.join('; ')]),
  );
}

export function renderYogaPoseAnalysis(analysis: YogaPoseAnalysis): string {
  let text = `Yoga pose ${analysis.pose.key ?? analysis.pose.name}: ${analysis.pose.name} (${analysis.sanskrit})\n`;
  text += paragraph(analysis.description);
  text += `Joint angles (deg): ${Object.entries(analysis.pose.coordinatesDeg)
    .map(([name, value]) => `${name} ${fixed(value, 0)}`)
    .join(', ')}\n`;
  text += `Said to stretch: ${analysis.targets.join('; ')}\n`;

  text += heading('Myofascial lines lengthened (more than 0.5%)');
  text +=
    analysis.lengthenedLines.length === 0
      ? 'none\n'
      : renderTable(
          {
            head: ['line', 'family', 'side', 'length change (mm)', 'change (%)', 'largest tension rise (N)'],
            align: ['left', 'left', 'left', 'right', 'right', 'right'],
          },
          analysis.lengthenedLines.map((line) => [
            line.name,
            line.family,
            line.side,
            signed(line.lengthChangeMm, 1),
            signed(line.lengthChangePercent, 1),
            signed(line.maxTensionChangeN, 1),
          ]),
        );

  text += heading('Tissues lengthened (more than 1%)');
  text +=
    analysis.lengthenedTissues.length === 0
      ? 'none\n'
      : renderTable(
          {
            head: ['tissue', 'kind', 'region', 'length change (mm)', 'change (%)', 'strain standing (%)', 'strain in pose (%)'],
            align: ['left', 'left', 'left', 'right', 'right', 'right', 'right'],
          },
          analysis.lengthenedTissues.map((tissue) => [
            tissue.label,
            tissue.kind,
            tissue.region,
            signed(tissue.lengthChangeMm, 1),
            signed(tissue.lengthChangePercent, 1),
            fixed(100 * tissue.strainStanding, 1),
            fixed(100 * tissue.strainPose, 1),
          ]),
        );
  text += heading('What is a model prediction');
  for (const note of analysis.notes) text += paragraph(note);
  return text;
}
