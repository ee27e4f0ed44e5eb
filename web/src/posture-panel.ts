/** The standing-loads table and the joint-angle changes of the posture analysis. */
import type { PostureAnalysis } from '../../src/app/posture.js';
import { escapeHtml, fixed, interval, signed, words } from './format.js';

interface LoadRow {
  readonly key: string;
  readonly label: string;
  readonly value: (loads: PostureAnalysis['baseline']) => number;
  readonly change?: (analysis: PostureAnalysis) => number | undefined;
  readonly interval?: (analysis: PostureAnalysis) => readonly [number, number] | undefined;
}

type Sided = { readonly r: number; readonly l: number };

/**
 * The impaired loads shown: with intervals after a release (impaired), or the nominal
 * parameters alone while a slider moves (a `samples: 0` request answers in `nominal`).
 */
export function impairedLoads(analysis: PostureAnalysis): PostureAnalysis['baseline'] | null {
  return analysis.impaired ?? analysis.nominal?.impaired ?? null;
}

function sidedRows(key: string, label: string, pick: (loads: PostureAnalysis['baseline']) => Sided, intervalKey: string): LoadRow[] {
  return (['r', 'l'] as const).map((side) => ({
    key: `${key}_${side}`,
    label: `${label}, ${side === 'r' ? 'right' : 'left'}`,
    value: (loads) => pick(loads)[side],
    interval: (analysis) => {
      const change = analysis.change as unknown as Record<string, { r: readonly [number, number]; l: readonly [number, number] }> | undefined;
      return change?.[intervalKey]?.[side];
    },
  }));
}

export const LOAD_ROWS: readonly LoadRow[] = [
  { key: 'l5s1', label: 'L5/S1 compression', value: (l) => l.l5s1CompressionN, interval: (a) => a.change?.l5s1CompressionInterval },
  { key: 'l5s1_shear', label: 'L5/S1 anterior shear', value: (l) => l.l5s1ShearN, interval: (a) => a.change?.l5s1ShearInterval },
  { key: 'erector_spinae', label: 'Erector spinae', value: (l) => l.erectorSpinaeForceN, interval: (a) => a.change?.erectorSpinaeForceInterval },
  {
    key: 'thoracolumbar_fascia',
    label: 'Thoracolumbar fascia',
    value: (l) => l.thoracolumbarFasciaTensionN,
    interval: (a) => a.change?.thoracolumbarFasciaTensionInterval,
  },
  { key: 'neck', label: 'Neck (C7/T1) compression', value: (l) => l.neckCompressionN, interval: (a) => a.change?.neckCompressionInterval },
  ...sidedRows('hamstrings', 'Hamstrings', (l) => l.hamstringForceN, 'hamstringForceInterval'),
  ...sidedRows('achilles', 'Achilles tendon', (l) => l.achillesForceN, 'achillesForceInterval'),
  ...sidedRows('plantar_fascia', 'Plantar fascia', (l) => l.plantarFasciaForceN, 'plantarFasciaForceInterval'),
  ...sidedRows('foot_load', 'Foot load', (l) => l.footLoadN, 'footLoadInterval'),
];

/** Rows of the posture table as [label, unimpaired, impaired, change, interval] texts (the report reuses them). */
export function postureRows(analysis: PostureAnalysis, intervalsPending: boolean): string[][] {
  return LOAD_ROWS.map((row) => {
    const before = row.value(analysis.baseline);
    const impaired = impairedLoads(analysis);
    const after = impaired ? row.value(impaired) : null;
    const change = after === null ? null : after - before;
    const range = row.interval?.(analysis);
    const rangeText = after === null ? '' : intervalsPending ? ' (interval when the slider is released)' : range ? ` (${interval(range, 0)})` : '';
    return [row.label, `${fixed(before, 0)} N`, after === null ? '–' : `${fixed(after, 0)} N`, change === null ? '–' : `${signed(change, 0)} N${rangeText}`];
  });
}

export function renderPosture(analysis: PostureAnalysis, intervalsPending: boolean): void {
  const body = document.querySelector('#posture-table tbody') as HTMLTableSectionElement;
  const rows = postureRows(analysis, intervalsPending);
  const impaired = impairedLoads(analysis);
  body.innerHTML = rows
    .map((cells, i) => {
      const key = LOAD_ROWS[i].key;
      const change = impaired ? LOAD_ROWS[i].value(impaired) - LOAD_ROWS[i].value(analysis.baseline) : 0;
      const trend = change > 0.5 ? 'up' : change < -0.5 ? 'down' : '';
      return `<tr data-load="${key}"><td>${cells[0]}</td><td class="before">${cells[1]}</td><td class="after">${cells[2]}</td><td class="change ${trend}">${cells[3]}</td></tr>`;
    })
    .join('');

  const angles = document.querySelector('#angle-table tbody') as HTMLTableSectionElement;
  const entries = Object.entries(analysis.baseline.jointAnglesDeg);
  angles.innerHTML = entries
    .filter(([name]) => !name.startsWith('subtalar'))
    .map(([name, before]) => {
      const after = impaired?.jointAnglesDeg[name];
      const change = after === undefined ? null : after - before;
      return `<tr data-angle="${name}"><td>${escapeHtml(words(name))}</td><td>${fixed(before, 1)}°</td><td>${after === undefined ? '–' : `${fixed(after, 1)}°`}</td><td>${change === null ? '–' : `${signed(change, 1)}°`}</td></tr>`;
    })
    .join('');

  const caption = document.getElementById('posture-caption') as HTMLElement;
  const weight = `body weight ${fixed(analysis.bodyWeightN, 0)} N`;
  caption.textContent =
    analysis.impairments.length === 0
      ? `Standing posture solved for the unimpaired body (${weight}). Tick an impairment to see what changes.`
      : `With ${analysis.impairments.map((entry) => `${entry.title} (${fixed(entry.severity, 1)} ${entry.unit}, ${entry.side === 'both' ? 'both sides' : entry.side === 'r' ? 'right' : 'left'})`).join('; ')} — ${weight}.`;
  (document.getElementById('posture-path') as HTMLElement).textContent = analysis.path?.text ?? '';
}
