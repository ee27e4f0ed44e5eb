/** The footwear comparison: two pressure maps on one scale, the heel-to-toe profile and the regional peaks (chart.js). */
import { BarController, BarElement, CategoryScale, Chart, Legend, LinearScale, LineController, LineElement, PointElement, Title, Tooltip } from 'chart.js';
import { escapeHtml, fixed } from './format.js';
import type { StanceCurves, StandingFootwearResult } from './footwear-pressure.js';
import { drawPressureMap, pressureGradientCss } from './pressure-map.js';

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

/** Peak heel and forefoot pressure over the stance phase of walking, both soles on one chart. */
export function renderStanceCurves(curves: readonly StanceCurves[]): void {
  stanceChart?.destroy();
  const datasets = curves.flatMap((entry, i) => [
    {
      label: `${entry.footwear}: heel`,
      data: entry.stancePercent.map((x, k) => ({ x, y: entry.heelPeakKPa[k] })),
      borderColor: COLORS[i],
      backgroundColor: COLORS[i],
      pointRadius: 0,
      borderWidth: 2,
    },
    {
      label: `${entry.footwear}: forefoot`,
      data: entry.stancePercent.map((x, k) => ({ x, y: entry.forefootPeakKPa[k] })),
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
}

export function renderFootwear(results: readonly [StandingFootwearResult, StandingFootwearResult]): void {
  const maxKPa = Math.max(...results.map((result) => result.feet.r.peakPressureKPa), 1);
  (document.getElementById('pressure-bar') as HTMLElement).style.background = pressureGradientCss();
  (document.getElementById('pressure-max') as HTMLElement).textContent = `${fixed(maxKPa, 0)} kPa`;
  results.forEach((result, i) => {
    const id = i === 0 ? 'a' : 'b';
    drawPressureMap(document.getElementById(`pressure-${id}`) as HTMLCanvasElement, result.feet.r, maxKPa);
    (document.getElementById(`pressure-${id}-caption`) as HTMLElement).innerHTML =
      `<strong style="color:${COLORS[i]}">${escapeHtml(result.footwear)}</strong><br>right foot, peak ${fixed(result.feet.r.peakPressureKPa, 0)} kPa`;
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
      plugins: { title: { display: true, text: 'Peak pressure from heel to toe (right foot)' } },
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
      plugins: { title: { display: true, text: 'Peak pressure by region (right foot)' } },
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
