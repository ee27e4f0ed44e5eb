/**
 * `kinechain toe-touch [--impairment ...]... [--intervention ...]... [--seated] [--samples N] [--seed S] [--json]`:
 * how far the fingertips reach (standing toe-touch, or seated sit-and-reach), what stops
 * them, the superficial back line station by station, and — with an intervention — the
 * change split into the intervention's effect and the repeat-test gain.
 */
import { toeTouchAnalysis, type ReachState, type SubjectInput, type ToeTouchAnalysis } from '../../app/index.js';
import { fixed, heading, paragraph, renderTable, signed } from '../format/table.js';
import { renderModifiers } from './posture-command.js';

export interface ToeTouchCommandOptions {
  readonly impairments?: readonly string[];
  readonly interventions?: readonly string[];
  readonly seated: boolean;
  readonly samples?: number;
  readonly seed?: number;
  readonly json: boolean;
  readonly subject?: SubjectInput;
  readonly onProgress?: (done: number, total: number) => void;
}

export interface ToeTouchCommandOutput {
  readonly text: string;
  readonly warnings: readonly string[];
}

export function toeTouchCommand(options: ToeTouchCommandOptions): ToeTouchCommandOutput {
  const analysis = toeTouchAnalysis({
    subject: options.subject,
    impairments: options.impairments,
    interventions: options.interventions,
    seated: options.seated,
    samples: options.samples,
    seed: options.seed,
    onProgress: options.onProgress,
  });
  const text = options.json ? `${JSON.stringify(analysis, null, 2)}\n` : renderToeTouchAnalysis(analysis);
  return { text, warnings: toeTouchWarnings(analysis) };
}

export function toeTouchWarnings(analysis: ToeTouchAnalysis): string[] {
  const warnings: string[] = [];
  for (const [what, state] of [
    ['before', analysis.before],
    ['after', analysis.after],
  ] as const) {
    if (state?.endedBy === 'start') {
      warnings.push(
        `warning: ${what}: ${state.limitingTissue?.name ?? 'a tissue'} is past its tolerated tension already at the start of the reach; ` +
          'the reach ends where it is stretched further',
      );
    }
  }
  return warnings;
}

function stateRow(label: string, state: ReachState, interval?: readonly [number, number]): string[] {
  return [
    label,
    fixed(state.reachCm, 1),
    interval ? `${fixed(interval[0], 1)} .. ${fixed(interval[1], 1)}` : '',
    state.fingertipToFloorCm !== undefined ? fixed(state.fingertipToFloorCm, 1) : fixed(state.boxReadingCm ?? Number.NaN, 1),
    state.limitingTissue ? state.limitingTissue.label : `none (${state.endedBy === 'range' ? 'joint ranges' : state.endedBy})`,
  ];
}

function summaryRange(summary: { readonly low: number; readonly high: number }): string {
  return `${signed(summary.low, 2)} .. ${signed(summary.high, 2)}`;
}

export function renderToeTouchAnalysis(analysis: ToeTouchAnalysis): string {
  const standing = analysis.test === 'toe-touch';
  let text = `${standing ? 'Standing toe-touch' : 'Seated sit-and-reach'}: ${analysis.measure}\n`;
  text += renderModifiers('Impairments', analysis.impairments);
  text += renderModifiers('Interventions', analysis.interventions);

  text += heading('Reach');
  const rows = [stateRow('before', analysis.before, analysis.before.reachIntervalCm)];
  if (analysis.after) rows.push(stateRow('after', analysis.after));
  if (analysis.before.unimpairedReachCm !== undefined) {
    const unimpaired = analysis.before.unimpairedReachCm;
    rows.unshift(['unimpaired', fixed(unimpaired, 1), '', standing ? fixed(-unimpaired, 1) : '', '']);
  }
  text += renderTable(
    {
      head: ['', 'reach (cm)', 'interval (cm)', standing ? 'fingertip to floor (cm)' : 'Canadian box reading (cm)', 'limiting tissue'],
      align: ['left', 'right', 'right', 'right', 'left'],
      maxWidths: [null, null, null, null, 60],
    },
    rows,
  );
  const impairment = analysis.before.impairmentEffectCm;
  if (impairment) {
    text += `Impairments change the reach by ${signed(impairment.nominal, 2)} cm at nominal parameters ` +
      `(mean ${signed(impairment.mean, 2)}, interval ${summaryRange(impairment)} cm).\n`;
  }

  const change = analysis.change;
  if (change) {
    text += heading('Change on re-testing (cm, positive = further)');
    text += renderTable(
      { head: ['part', 'mean', 'interval', 'nominal'], align: ['left', 'right', 'right', 'right'] },
      [
        ['intervention effect (model, net of the repeat test)', signed(change.interventionEffectCm.mean, 2), summaryRange(change.interventionEffectCm), signed(change.interventionEffectCm.nominal, 2)],
        ['repeat-test gain (Grabow et al. 2017)', signed(change.repeatTestCm.mean, 2), summaryRange(change.repeatTestCm), ''],
        ['change a re-test would show', signed(change.meanCm, 2), `${signed(change.lowCm, 2)} .. ${signed(change.highCm, 2)}`, ''],
      ],
    );
    text += `The repeat-test gain is a percentage of a sit-and-reach score of ${fixed(change.repeatTestBaseScoreCm, 1)} cm on the Canadian box.\n`;
  }

  const after = analysis.after;
  for (const side of ['r', 'l'] as const) {
    text += heading(`Superficial back line (${side === 'r' ? 'right' : 'left'}) at the end of the reach, foot to head`);
    const stations = analysis.before.lineTensions[side];
    const head = ['track', 'upper station', 'tension before (N)', 'slide before (mm)'];
    if (after) head.push('tension after (N)', 'change (N)');
    text += renderTable(
      { head, align: head.map((_, i) => (i < 2 ? 'left' : 'right')), maxWidths: [36, 40] },
      stations.map((station, k) => {
        const cells = [station.trackLabel, station.stationLabel, fixed(station.tensionN, 1), fixed(station.junctionDisplacementMm, 2)];
        if (after) {
          const later = after.lineTensions[side][k];
          cells.push(fixed(later?.tensionN ?? Number.NaN, 1), signed((later?.tensionN ?? Number.NaN) - station.tensionN, 1));
        }
        return cells;
      }),
    );
  }

  text += heading('Most stretched tissues at the end of the reach (before)');
  text += renderTable(
    { head: ['tissue', 'tension (N)', 'tolerated (N)', 'ratio'], align: ['left', 'right', 'right', 'right'], maxWidths: [70] },
    analysis.before.tissues.map((tissue) => [tissue.label, fixed(tissue.tensionN, 1), fixed(tissue.toleratedTensionN, 1), fixed(tissue.ratio, 3)]),
  );
  if (analysis.uncertainty) {
    text += `\nSamples: ${analysis.uncertainty.samples} (seed ${analysis.uncertainty.seed}), distinct solves ${analysis.uncertainty.solves}\n`;
  }
  text += heading('What is a model prediction');
  for (const note of analysis.notes) text += paragraph(note);
  return text;
}
