/**
 * The footwear comparison, in two labelled parts. Standing: two pressure maps on one scale,
 * the heel-to-toe profile and the regional peaks of quiet standing (chart.js). Walking: the
 * peak heel and forefoot pressure over the stance phase, the stance peaks side by side, and
 * where each design helps (for the impairment chosen, or over every load).
 */
import { BarController, BarElement, CategoryScale, Chart, Legend, LinearScale, LineController, LineElement, PointElement, Title, Tooltip } from 'chart.js';
import { escapeHtml, fixed } from './format.js';
import type { StandingFootwearResult } from './footwear-pressure.js';
import type { FootwearWalkingResult } from './footwear-walking.js';
import { drawPressureMap, pressureGradientCss } from './pressure-map.js';
import type { StanceAnalysis } from '../../src/app/stance.js';

Chart.register(LineController, LineElement, PointElement, BarController, BarElement, CategoryScale, LinearScale, Legend, Title, Tooltip);

const COLORS = ['#1f6feb', '#d1495b'] as const;
const REGION_LABELS: Readonly<Record<string, string>> = {
  medialHeel: 'heel medial',
  centralHeel: 'heel central',
  lateralHeel: 'heel lateral',
  midfoot: 'midfoot',
  firstMetatarsalHead: 'MTH 1',
  secondMetatarsalHead: 'MTH 2',
  thirdMetatarsalHead: 'MTH 3',
  fourthMetatarsalHead: 'MTH 4',
  fifthMetatarsalHead: 'MTH 5',
  hallux: 'hallux',
  lesserToes: 'lesser toes',
};

let profileChart: Chart | null = null;
let regionChart: Chart | null = null;
let stanceChart: Chart | null = null;

/** Stance peaks shown in the walking table: label, the comparison's measure key, value from the stance summary, decimals. */
const WALKING_ROWS: readonly (readonly [string, string, (analysis: StanceAnalysis) => number, number])[] = [
  ['Heel peak pressure (kPa)', 'peakPressureKPa.heel', (a) => a.summary.peakPressureKPa.heel, 0],
  ['Midfoot peak pressure (kPa)', 'peakPressureKPa.midfoot', (a) => a.summary.peakPressureKPa.midfoot, 0],
  ['Forefoot peak pressure (kPa)', 'peakPressureKPa.forefoot', (a) => a.summary.peakPressureKPa.forefoot, 0],
  ['Hallux peak pressure (kPa)', 'peakPressureKPa.hallux', (a) => a.summary.peakPressureKPa.hallux, 0],
  ['Plantar fascia peak force (BW)', 'plantarFasciaPeakForceBW', (a) => a.summary.plantarFasciaPeakForceBW, 3],
  ['Plantar fascia peak strain (%)', 'plantarFasciaPeakStrain', (a) => 100 * a.summary.plantarFasciaPeakStrain, 2],
  ['First MTP peak dorsiflexion (°)', 'mtp1PeakDorsiflexionDeg', (a) => a.summary.mtp1PeakDorsiflexionDeg, 1],
  ['Achilles tendon peak force (BW)', 'achillesPeakForceBW', (a) => a.summary.achillesPeakForceBW, 2],
  ['L5/S1 peak compression (BW)', 'l5s1PeakCompressionBW', (a) => a.summary.l5s1PeakCompressionBW, 3],
];

/** The walking part: peak heel and forefoot pressure over stance, the stance peaks and where each design helps. */
export function renderWalking(result: FootwearWalkingResult, impairmentTitle: string | null): void {
  stanceChart?.destroy();
  const datasets = result.stance.flatMap((entry, i) => [
    {
      label: `${entry.footwear.name}: heel`,
      data: entry.timeSeries.stancePercent.map((x, k) => ({ x, y: entry.timeSeries.peakPressureKPa.heel[k] })),
      borderColor: COLORS[i],
      backgroundColor: COLORS[i],
      pointRadius: 0,
      borderWidth: 2,
    },
    {
      label: `${entry.footwear.name}: forefoot`,
      data: entry.timeSeries.stancePercent.map((x, k) => ({ x, y: entry.timeSeries.peakPressureKPa.forefoot[k] })),
      borderColor: COLORS[i],
      backgroundColor: COLORS[i],
      borderDash: [6, 4],
      pointRadius: 0,
      borderWidth: 2,
    },
  ]);
  stanceChart = new Chart(document.getElementById('stance-chart') as HTMLCanvasElement, {
    type: 'line',
    data: { datasets },
    options: {
      animation: false,
      maintainAspectRatio: false,
      parsing: false,
      plugins: { title: { display: true, text: 'Walking: peak pressure over stance (right foot; solid heel, dashed forefoot)' } },
      scales: {
        x: { type: 'linear', min: 0, max: 100, title: { display: true, text: 'stance (% from heel strike to toe-off)' } },
        y: { beginAtZero: true, title: { display: true, text: 'peak pressure (kPa)' } },
      },
    },
  });

  const focus = new Set(result.comparison.measures.filter((measure) => measure.focus).map((measure) => measure.key));
  const marked = impairmentTitle !== null;
  const rows = WALKING_ROWS.map(([label, key, value, decimals]) => {
    const mark = marked && focus.has(key) ? ' <span class="focus-mark" title="a load the impairment bears">●</span>' : '';
    return `<tr data-measure="${key}"><td>${label}${mark}</td>${result.stance.map((analysis) => `<td>${fixed(value(analysis), decimals)}</td>`).join('')}</tr>`;
  });
  const table = document.querySelector('#walking-table tbody') as HTMLTableSectionElement;
  table.innerHTML =
    `<tr><th>Right foot, walking (stance peaks)</th>${result.stance.map((a, i) => `<th style="color:${COLORS[i]}">${escapeHtml(a.footwear.name)}</th>`).join('')}</tr>` +
    rows.join('');

  const helps = document.getElementById('footwear-helps') as HTMLElement;
  const why = result.comparison.focus.map((entry) => `${escapeHtml(entry.why)}.`).join(' ');
  helps.innerHTML =
    `<h4>Where each design helps ${marked ? `with ${escapeHtml(impairmentTitle)} (● the loads it bears)` : '(every load measure)'}</h4>` +
    (why ? `<p class="focus">${why.charAt(0).toUpperCase()}${why.slice(1)}</p>` : '') +
    `<ol>${result.comparison.strengths.map((strength) => `<li data-design="${escapeHtml(strength.design)}">${escapeHtml(strength.text)}</li>`).join('')}</ol>` +
    result.comparison.helps.map((help) => `<p>Against ${escapeHtml(result.comparison.reference)}: ${escapeHtml(help.text)}</p>`).join('') +
    `<p class="hint">${escapeHtml(result.stance[0].notes.join(' '))}</p>`;
  (document.getElementById('walking-caption') as HTMLElement).textContent =
    `Heel strike to toe-off of the right foot over a reference walk on each sole${marked ? `, with ${impairmentTitle} (right foot)` : ''}: ` +
    `the stance analysis of the API (POST /api/simulations, analysis "stance", ${result.stance[0].instants} instants), computed after the standing maps. ` +
    (result.comparison.mechanicalImpairments.length > 0
      ? 'The impairment changes the foot, so the stance mechanics differ from the unimpaired body.'
      : marked
        ? 'The impairment changes what the foot tolerates, not its mechanics: the numbers are the unimpaired ones; it chooses the loads ranked.'
        : '');
}

/** The walking table and the help list as report rows (one tbody). */
export function walkingReportRows(): string {
  const table = document.querySelector('#walking-table tbody') as HTMLTableSectionElement | null;
  const helps = document.getElementById('footwear-helps');
  if (table === null || table.innerHTML === '') return '';
  const items = [...(helps?.querySelectorAll('li') ?? [])].map((item) => escapeHtml(item.textContent ?? ''));
  return `<tbody>${table.innerHTML}${items.map((text) => `<tr><td colspan="3">${text}</td></tr>`).join('')}</tbody>`;
}

export function renderFootwear(results: readonly [StandingFootwearResult, StandingFootwearResult]): void {
  const maxKPa = Math.max(...results.map((result) => result.feet.r.peakPressureKPa), 1);
  (document.getElementById('pressure-bar') as HTMLElement).style.background = pressureGradientCss();
  (document.getElementById('pressure-max') as HTMLElement).textContent = `${fixed(maxKPa, 0)} kPa`;
  results.forEach((result, i) => {
    const id = i === 0 ? 'a' : 'b';
    drawPressureMap(document.getElementById(`pressure-${id}`) as HTMLCanvasElement, result.feet.r, maxKPa);
    (document.getElementById(`pressure-${id}-caption`) as HTMLElement).innerHTML =
      `<strong style="color:${COLORS[i]}">${escapeHtml(result.footwear)}</strong><br>standing, right foot, peak ${fixed(result.feet.r.peakPressureKPa, 0)} kPa`;
  });

  profileChart?.destroy();
  profileChart = new Chart(document.getElementById('profile-chart') as HTMLCanvasElement, {
    type: 'line',
    data: {
      datasets: results.map((result, i) => ({
        label: result.footwear,
        data: result.feet.r.profile.alongCm.map((x, k) => ({ x, y: result.feet.r.profile.peakPressureKPa[k] })),
        borderColor: COLORS[i],
        backgroundColor: COLORS[i],
        pointRadius: 0,
        borderWidth: 2,
        tension: 0.2,
      })),
    },
    options: {
      animation: false,
      maintainAspectRatio: false,
      parsing: false,
      plugins: { title: { display: true, text: 'Standing: peak pressure from heel to toe (right foot)' } },
      scales: {
        x: { type: 'linear', title: { display: true, text: 'distance from the back of the heel (cm)' } },
        y: { beginAtZero: true, title: { display: true, text: 'peak pressure (kPa)' } },
      },
    },
  });

  const regions = Object.keys(results[0].feet.r.regions);
  regionChart?.destroy();
  regionChart = new Chart(document.getElementById('region-chart') as HTMLCanvasElement, {
    type: 'bar',
    data: {
      labels: regions.map((region) => REGION_LABELS[region] ?? region),
      datasets: results.map((result, i) => ({
        label: result.footwear,
        data: regions.map((region) => result.feet.r.regions[region]?.peakPressureKPa ?? 0),
        backgroundColor: COLORS[i],
      })),
    },
    options: {
      animation: false,
      maintainAspectRatio: false,
      plugins: { title: { display: true, text: 'Standing: peak pressure by region (right foot)' } },
      scales: { y: { beginAtZero: true, title: { display: true, text: 'peak pressure (kPa)' } } },
    },
  });

  const rows: [string, (result: StandingFootwearResult) => string][] = [
    ['Peak pressure (kPa)', (r) => fixed(r.feet.r.peakPressureKPa, 0)],
    ['Contact area (cm²)', (r) => fixed(r.feet.r.contactAreaCm2, 0)],
    ['Heel load share (%)', (r) => fixed(100 * ['medialHeel', 'centralHeel', 'lateralHeel'].reduce((sum, key) => sum + (r.feet.r.regions[key]?.loadShare ?? 0), 0), 0)],
    ['Midfoot load share (%)', (r) => fixed(100 * (r.feet.r.regions.midfoot?.loadShare ?? 0), 0)],
    ['Centre of pressure (% of foot length from heel)', (r) => fixed(100 * r.feet.r.centerOfPressureFromHeel, 0)],
    ['Plantar fascia strain (%)', (r) => (r.feet.r.plantarFasciaStrain === null ? '–' : fixed(100 * r.feet.r.plantarFasciaStrain, 2))],
    ['Load on the foot (N)', (r) => fixed(r.feet.r.loadN, 0)],
  ];
  const table = document.querySelector('#footwear-table tbody') as HTMLTableSectionElement;
  table.innerHTML =
    `<tr><th>Right foot, quiet standing</th>${results.map((r, i) => `<th style="color:${COLORS[i]}">${escapeHtml(r.footwear)}</th>`).join('')}</tr>` +
    rows.map(([label, value]) => `<tr><td>${label}</td>${results.map((r) => `<td>${value(r)}</td>`).join('')}</tr>`).join('') +
    `<tr><td colspan="3" class="hint">${escapeHtml(results[0].notes.join(' '))}</td></tr>`;
}

/** Snapshots (PNG data URLs) of the maps and charts, for the printed report. */
export function footwearImages(): string[] {
  const ids = ['pressure-a', 'pressure-b', 'profile-chart', 'region-chart', ...(stanceChart === null ? [] : ['stance-chart'])];
  return profileChart === null ? [] : ids.map((id) => (document.getElementById(id) as HTMLCanvasElement).toDataURL('image/png'));
}
