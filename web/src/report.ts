/**
 * The printable report of the current comparison: what was chosen, the standing loads,
 * the toe-touch before and after, the footwear comparison, with pictures of the views,
 * laid out by the print stylesheet (browser print to PDF).
 */
import type { PostureAnalysis } from '../../src/app/posture.js';
import type { ToeTouchAnalysis } from '../../src/app/toe-touch.js';
import type { ControlState } from './controls.js';
import { escapeHtml, fixed, signed } from './format.js';
import { postureRows } from './posture-panel.js';

export interface ReportInput {
  readonly state: ControlState;
  readonly titleOf: (name: string) => string;
  readonly unitOf: (name: string) => string;
  readonly posture: PostureAnalysis | null;
  readonly postureIntervalsPending: boolean;
  readonly reach: ToeTouchAnalysis | null;
  readonly footwearTable: string | null;
  readonly heatmapPath: string | null;
  readonly bodyImage: string | null;
  readonly reachImages: readonly string[];
  readonly footwearImages: readonly string[];
}

function sideText(side: string | undefined): string {
  return side === 'both' ? 'both sides' : side === 'l' ? 'left' : 'right';
}

function figure(src: string, caption: string, width: string): string {
  return `<figure><img src="${src}" alt="${escapeHtml(caption)}" style="width:${width}" /><figcaption>${escapeHtml(caption)}</figcaption></figure>`;
}

export function buildReport(input: ReportInput): void {
  const { state } = input;
  const subject = state.subject;
  const impairments =
    state.impairments.length === 0
      ? 'none'
      : state.impairments.map((entry) => `${escapeHtml(input.titleOf(entry.name))} — ${fixed(entry.severity, 1)} ${escapeHtml(input.unitOf(entry.name))}, ${sideText(entry.side)}`).join('; ');
  const intervention = state.intervention
    ? `${escapeHtml(input.titleOf(state.intervention.name))} — ${fixed(state.intervention.severity, 2)} ${escapeHtml(input.unitOf(state.intervention.name))}, ${sideText(state.intervention.side)}`
    : 'none';
  const sections: string[] = [];
  sections.push(`<header><h1>kinechain report: kinetic chain comparison</h1>
    <p>${new Date().toLocaleString()} · subject ${fixed((subject.heightM ?? 1.75) * 100, 0)} cm, ${fixed(subject.massKg, 0)} kg, ${escapeHtml(subject.sex ?? 'male')}</p>
    <p><strong>Impairments:</strong> ${impairments}<br><strong>Intervention:</strong> ${intervention}<br>
    <strong>Soles compared:</strong> ${escapeHtml(state.footwear[0])} vs ${escapeHtml(state.footwear[1])}</p>
    <p class="prediction">All values are <strong>model predictions</strong> for a scaled generic body, not measurements of this person.
    Intervals (95%) span the published or assumed ranges of the uncertain parameters. Forces in N, angles in degrees, lengths in cm,
    pressures in kPa.</p></header>`);

  if (input.posture) {
    const rows = postureRows(input.posture, input.postureIntervalsPending);
    sections.push(`<section><h2>Quiet standing: loads along the chain</h2>
      <div class="figures">${input.bodyImage ? figure(input.bodyImage, 'Body with the myofascial lines coloured by tension (N)', '62mm') : ''}
      <table class="data"><thead><tr><th>Load</th><th>Unimpaired</th><th>With impairments</th><th>Change (95% interval)</th></tr></thead>
      <tbody>${rows.map((cells) => `<tr>${cells.map((cell) => `<td>${cell}</td>`).join('')}</tr>`).join('')}</tbody></table></div>
      ${input.posture.path ? `<p>${escapeHtml(input.posture.path.text)}</p>` : ''}</section>`);
  }

  if (input.reach) {
    const reach = input.reach;
    const change = reach.change;
    sections.push(`<section><h2>Toe-touch test</h2>
      <div class="figures">${input.reachImages.map((src, i) => figure(src, i === 0 ? 'Before: end of the reach' : 'After: end of the reach', '55mm')).join('')}</div>
      <table class="data"><tbody>
        <tr><td>Reach before</td><td>${signed(reach.before.reachCm, 1)} cm</td></tr>
        ${reach.after ? `<tr><td>Reach after</td><td>${signed(reach.after.reachCm, 1)} cm</td></tr>` : ''}
        ${change ? `<tr><td>Change a re-test would show</td><td>${signed(change.meanCm, 1)} cm (95% interval ${signed(change.lowCm, 1)} to ${signed(change.highCm, 1)} cm)</td></tr>
        <tr><td>Intervention effect (net of re-test)</td><td>${signed(change.interventionEffectCm.nominal, 1)} cm (${signed(change.interventionEffectCm.low, 1)} to ${signed(change.interventionEffectCm.high, 1)} cm)</td></tr>` : ''}
        <tr><td>Stopped by</td><td>${escapeHtml(reach.before.limitingTissue?.label ?? reach.before.endedBy)}</td></tr>
      </tbody></table>
      <p class="notes">${reach.notes.map(escapeHtml).join(' ')}</p></section>`);
  }

  if (input.footwearTable) {
    sections.push(`<section><h2>Footwear comparison</h2>
      <div class="figures">${input.footwearImages.map((src, i) => figure(src, ['Standing, sole A: pressure map', 'Standing, sole B: pressure map', 'Standing: heel-to-toe profile', 'Standing: regional peaks', 'Walking: peak pressure over stance'][i] ?? '', i < 2 ? '38mm' : '80mm')).join('')}</div>
      <table class="data">${input.footwearTable}</table></section>`);
  }

  if (input.heatmapPath) sections.push(`<section><h2>Regional interdependence: selected path</h2><p>${escapeHtml(input.heatmapPath)}</p></section>`);
  if (input.posture) sections.push(`<section><h2>Notes</h2><p class="notes">${input.posture.notes.map(escapeHtml).join(' ')}</p></section>`);
  (document.getElementById('report') as HTMLElement).innerHTML = sections.join('');
}
