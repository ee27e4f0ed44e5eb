/**
 * `kinechain posture [--impairment NAME[:SIDE][=SEVERITY]]... [--samples N] [--seed S] [--json]`:
 * the quiet standing posture the solver finds, its loads from the feet to the neck, and —
 * with impairments — the impaired posture, the change with intervals, and which joints and
 * tissues carried it.
 */
import {
  modifierSummaries,
  postureAnalysis,
  type AppliedModifierSummary,
  type PostureAnalysis,
  type PostureInterval,
  type PostureLoads,
  type SubjectInput,
} from '../../app/index.js';
import { fixed, heading, paragraph, renderTable, signed } from '../format/table.js';

export interface PostureCommandOptions {
  readonly impairments?: readonly string[];
  readonly samples?: number;
  readonly seed?: number;
  readonly json: boolean;
  readonly subject?: SubjectInput;
  readonly onProgress?: (done: number, total: number) => void;
}

export interface PostureCommandOutput {
  readonly text: string;
  readonly warnings: readonly string[];
}

export function postureCommand(options: PostureCommandOptions): PostureCommandOutput {
  const analysis = postureAnalysis({
    subject: options.subject,
    impairments: options.impairments,
    samples: options.samples,
    seed: options.seed,
    onProgress: options.onProgress,
  });
  const text = options.json ? `${JSON.stringify(analysis, null, 2)}\n` : renderPostureAnalysis(analysis);
  return { text, warnings: postureWarnings(analysis) };
}

function statusWarning(what: string, loads: PostureLoads): string | null {
  if (loads.status === 'converged') return null;
  const reason =
    loads.status === 'needs-reserves'
      ? `part of it is held by reserves (largest ${loads.maxReserve.toExponential(2)} N m), forces no modelled structure supplies`
      : loads.status === 'max-iterations'
        ? 'the search stopped at its iteration limit'
        : 'the final equilibrium failed';
    return `warning: ${what} posture solve ended "${loads.status}": ${reason}; read its loads with care`;
}

export function postureWarnings(analysis: PostureAnalysis): string[] {
  const warnings: string[] = [];
  const baseline = statusWarning('the baseline', analysis.baseline);
  if (baseline) warnings.push(baseline);
  if (analysis.impaired) {
    const impaired = statusWarning('the impaired', analysis.impaired);
    if (impaired) warnings.push(impaired);
  }
  const failed = analysis.uncertainty?.failedSamples ?? 0;
  if (failed > 0) {
    warnings.push(
      `warning: the posture solve failed for ${failed} of ${analysis.uncertainty?.samples} samples; they are left out, so the ` +
        'intervals cover only the samples the solver could hold',
    );
  }
  const unconverged = analysis.uncertainty?.unconvergedSamples ?? 0;
  if (unconverged > 0) {
    warnings.push(
      `warning: ${unconverged} of ${analysis.uncertainty?.samples} sampled posture solves did not end "converged"; the intervals include them`,
    );
  }
  return warnings;
}

export function renderModifiers(title: string, modifiers: readonly AppliedModifierSummary[]): string {
  if (modifiers.length === 0) return '';
  let text = heading(title);
  text += renderTable(
    {
      head: ['name', 'side', 'severity', 'meaning', 'sampled parameters (nominal, range)'],
      align: ['left', 'left', 'right', 'left', 'left'],
      maxWidths: [null, null, null, 50, 50],
    },
    modifiers.map((modifier) => [
      modifier.name,
      modifier.side,
      `${modifier.severity} ${modifier.unit}`,
      modifier.meaning,
      modifier.uncertainParameters.length === 0
        ? 'none'
        : modifier.uncertainParameters
            .map((parameter) => `${parameter.name} ${parameter.value} (${parameter.low}..${parameter.high}) ${parameter.unit}`)
            .join('; '),
    ]),
  );
  return text;
}

/** The help text listing every impairment or intervention with its severity scale. */
export function modifierHelp(kind: 'impairment' | 'intervention'): string {
  const entries = modifierSummaries().filter((summary) => summary.kind === kind);
  const lines = entries.map((entry) => {
    const scale = entry.severity;
    return `  ${entry.name.padEnd(22)} ${scale.min}..${scale.max} ${scale.unit}, default ${scale.default}, no change at ${scale.neutral}: ${entry.title}`;
  });
  const example = kind === 'impairment' ? '--impairment tight-heel-cord:both=0' : '--intervention plantar-release-ball:both';
  return `${kind === 'impairment' ? 'Impairments' : 'Interventions'} (e.g. ${example}):\n${lines.join('\n')}\n`;
}

function range(interval: PostureInterval, decimals: number): string {
  return `${fixed(interval[0], decimals)} .. ${fixed(interval[1], decimals)}`;
}

interface LoadRow {
  readonly label: string;
  readonly value: (loads: PostureLoads) => number;
  readonly interval?: (analysis: PostureAnalysis, of: 'impaired' | 'change') => PostureInterval | undefined;
  readonly decimals: number;
}

const LOAD_ROWS: readonly LoadRow[] = [
  { label: 'L5/S1 compression (N)', value: (l) => l.l5s1CompressionN, interval: (a, of) => a[of]?.l5s1CompressionInterval, decimals: 1 },
  { label: 'L5/S1 anterior shear (N)', value: (l) => l.l5s1ShearN, interval: (a, of) => a[of]?.l5s1ShearInterval, decimals: 1 },
  { label: 'erector spinae, both sides (N)', value: (l) => l.erectorSpinaeForceN, interval: (a, of) => a[of]?.erectorSpinaeForceInterval, decimals: 1 },
  {
    label: 'thoracolumbar fascia (N)',
    value: (l) => l.thoracolumbarFasciaTensionN,
    interval: (a, of) => a[of]?.thoracolumbarFasciaTensionInterval,
    decimals: 1,
  },
  { label: 'C7/T1 compression (N)', value: (l) => l.neckCompressionN, interval: (a, of) => a[of]?.neckCompressionInterval, decimals: 1 },
  ...(['r', 'l'] as const).flatMap((side): LoadRow[] => [
    {
      label: `plantar fascia ${side} (N)`,
      value: (l) => l.plantarFasciaForceN[side],
      interval: (a, of) => a[of]?.plantarFasciaForceInterval[side],
      decimals: 1,
    },
    { label: `Achilles tendon ${side} (N)`, value: (l) => l.achillesForceN[side], interval: (a, of) => a[of]?.achillesForceInterval[side], decimals: 1 },
    { label: `hamstrings ${side} (N)`, value: (l) => l.hamstringForceN[side], interval: (a, of) => a[of]?.hamstringForceInterval[side], decimals: 1 },
    { label: `foot load ${side} (N)`, value: (l) => l.footLoadN[side], interval: (a, of) => a[of]?.footLoadInterval[side], decimals: 1 },
    { label: `heel load ${side} (N)`, value: (l) => l.heelLoadN[side], decimals: 1 },
  ]),
  { label: 'centre of pressure, forward (mm)', value: (l) => 1000 * l.centerOfPressure.xM, decimals: 1 },
  { label: 'centre of pressure, right (mm)', value: (l) => 1000 * l.centerOfPressure.zM, decimals: 1 },
];

export function renderPostureAnalysis(analysis: PostureAnalysis): string {
  const subject = analysis.subject;
  let text = `Standing posture of the default body${subject ? ` (${subject.sex}, ${fixed(subject.heightM, 2)} m, ${fixed(subject.massKg, 1)} kg)` : ''}: ` +
    `body weight ${fixed(analysis.bodyWeightN, 1)} N\n`;
  text += renderModifiers('Impairments', analysis.impairments);

  const impaired = analysis.impaired;
  text += heading('Loads');
  if (impaired && analysis.uncertainty) {
    text += paragraph(
      `Impaired values at the impairments' nominal parameters; intervals: 2.5-97.5 percentiles over ${analysis.uncertainty.samples} ` +
        `samples (seed ${analysis.uncertainty.seed}).`,
    );
  }
  const head = ['load', 'baseline'];
  const align: ('left' | 'right')[] = ['left', 'right'];
  if (impaired) {
    head.push('impaired', 'interval', 'change', 'change interval');
    align.push('right', 'right', 'right', 'right');
  }
  text += renderTable(
    { head, align },
    LOAD_ROWS.map((row) => {
      const cells = [row.label, fixed(row.value(analysis.baseline), row.decimals)];
      if (impaired) {
        const impairedInterval = row.interval?.(analysis, 'impaired');
        const changeInterval = row.interval?.(analysis, 'change');
        cells.push(
          fixed(row.value(impaired), row.decimals),
          impairedInterval ? range(impairedInterval, row.decimals) : '',
          signed(row.value(impaired) - row.value(analysis.baseline), row.decimals),
          changeInterval ? range(changeInterval, row.decimals) : '',
        );
      }
      return cells;
    }),
  );

  text += heading('Posture (deg; extension, flexion, dorsiflexion positive; knee flexion negative)');
  const angleHead = ['coordinate', 'baseline'];
  if (impaired) angleHead.push('impaired', 'change');
  text += renderTable(
    { head: angleHead, align: angleHead.map((_, i) => (i === 0 ? 'left' : 'right')) },
    Object.entries(analysis.baseline.jointAnglesDeg).map(([name, value]) => {
      const cells = [name, fixed(value, 2)];
      if (impaired) {
        const after = impaired.jointAnglesDeg[name] ?? value;
        cells.push(fixed(after, 2), signed(after - value, 2));
      }
      return cells;
    }),
  );

  if (analysis.path) {
    text += heading('What carried the change');
    text += paragraph(analysis.path.text);
  }

  text += heading('Solver');
  text += `baseline: ${analysis.baseline.status}, equilibrium residual ${analysis.baseline.equilibriumResidual.toExponential(1)}\n`;
  if (impaired) {
    text += `impaired: ${impaired.status}, equilibrium residual ${impaired.equilibriumResidual.toExponential(1)}\n`;
  }
  if (analysis.uncertainty) {
    text += `samples: ${analysis.uncertainty.samples} (seed ${analysis.uncertainty.seed}), distinct solves ${analysis.uncertainty.solves}, ` +
      `not converged ${analysis.uncertainty.unconvergedSamples}, failed (left out) ${analysis.uncertainty.failedSamples}\n`;
  }
  text += heading('What is a model prediction');
  for (const note of analysis.notes) text += paragraph(note);
  return text;
}
