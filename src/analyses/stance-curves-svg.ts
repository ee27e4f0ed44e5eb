/**
 * Curves over the stance phase drawn as SVG: a grid of panels (e.g. vertical ground
 * reaction force, plantar fascia force, first MTP dorsiflexion, L5/S1 compression), each
 * with one line per series (e.g. per footwear design) against % of stance, and one legend
 * for all panels.
 *
 * - Colours: the Okabe-Ito palette (Okabe & Ito 2008; Wong 2011, Nat Methods 8:441), told
 *   apart with the common forms of colour blindness; series past its length reuse it with
 *   dashes.
 * - Axes: "nice" ticks (1, 2, 2.5 or 5 times a power of ten) over each panel's own range,
 *   which always includes zero, so a curve's height reads as its magnitude.
 * - Pure string building, well-formed XML with every text escaped (as heatmap-svg.ts).
 *   stanceCurvesFragment gives the panels as a fragment (to compose with other figures);
 *   stanceCurvesSvg a standalone document.
 */
import { KinechainError } from '../core/errors.js';
import { escapeXml } from './heatmap-svg.js';

export interface CurveSeries {
  readonly label: string;
  /** [n] abscissae (% of stance) and ordinates, of equal length. */
  readonly x: ArrayLike<number>;
  readonly y: ArrayLike<number>;
}

export interface CurvePanel {
  readonly title: string;
  readonly unit: string;
  readonly series: readonly CurveSeries[];
}

export interface StanceCurvesOptions {
  /** Panels per row (default 2). */
  readonly columns?: number;
  /** Size of one panel's plotting area (px); defaults 330 x 170. */
  readonly plotWidth?: number;
  readonly plotHeight?: number;
  /** Label of the shared abscissa (default "% of stance"). */
  readonly xLabel?: string;
}

/** A piece of SVG drawn from (0, 0), and its size (px). */
export interface SvgFragment {
  readonly body: string;
  readonly width: number;
  readonly height: number;
}

/** Okabe-Ito, without its yellow (too light on white), black first. */
export const SERIES_COLORS: readonly string[] = ['#000000', '#e69f00', '#56b4e9', '#009e73', '#0072b2', '#d55e00', '#cc79a7'];
const DASHES: readonly string[] = ['', '6 3', '2 2'];
const FONT_SIZE = 11;
const CHARACTER_WIDTH = 6.5;

/** A coordinate rounded to 0.1 px (files stay small; no visible difference). */
export function px(value: number): string {
  const rounded = Math.round(value * 10) / 10;
  return String(rounded === 0 ? 0 : rounded);
}

/** Colour and dash pattern of series `index`. */
export function seriesStyle(index: number): { readonly color: string; readonly dash: string } {
  return { color: SERIES_COLORS[index % SERIES_COLORS.length], dash: DASHES[Math.floor(index / SERIES_COLORS.length) % DASHES.length] };
}

/**
 * Ticks covering [low, high]: multiples of a nice step (1, 2, 2.5 or 5 times a power of
 * ten) giving about `count` intervals; the first tick <= low, the last >= high.
 */
export function niceTicks(low: number, high: number, count = 5): number[] {
  if (!(Number.isFinite(low) && Number.isFinite(high))) throw new KinechainError('NOT_FINITE', `axis range [${low}, ${high}] is not finite`);
  let lo = Math.min(low, high);
  let hi = Math.max(low, high);
  if (hi - lo < 1e-12) {
    const pad = Math.max(Math.abs(hi) * 0.1, 1);
    lo -= lo === 0 ? 0 : pad;
    hi += pad;
  }
  const raw = (hi - lo) / Math.max(1, count);
  const power = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 2.5, 5, 10].map((factor) => factor * power).find((candidate) => candidate >= raw * (1 - 1e-9)) ?? 10 * power;
  const first = Math.floor(lo / step + 1e-9);
  const last = Math.ceil(hi / step - 1e-9);
  const ticks: number[] = [];
  for (let k = first; k <= last; k++) ticks.push(Number((k * step).toPrecision(12)));
  return ticks;
}

function checkPanels(panels: readonly CurvePanel[]): void {
  if (panels.length === 0) throw new KinechainError('MALFORMED_INPUT', 'a curve figure needs at least one panel');
  for (const panel of panels) {
    if (panel.series.length === 0) throw new KinechainError('MALFORMED_INPUT', `panel "${panel.title}" has no series`);
    for (const series of panel.series) {
      if (series.x.length !== series.y.length || series.x.length < 2) {
        throw new KinechainError(
          'MALFORMED_INPUT',
          `series "${series.label}" of panel "${panel.title}" needs as many x as y values, at least 2 (got ${series.x.length} and ${series.y.length})`,
        );
      }
      for (let i = 0; i < series.x.length; i++) {
        if (!(Number.isFinite(series.x[i]) && Number.isFinite(series.y[i]))) {
          throw new KinechainError('NOT_FINITE', `series "${series.label}" of panel "${panel.title}" has a value that is not finite at point ${i}`);
        }
      }
    }
  }
}

function tickLabel(value: number): string {
  return Number(value.toPrecision(6)).toString();
}

/** The panels and a legend of the series (taken from the first panel), as a fragment. */
export function stanceCurvesFragment(panels: readonly CurvePanel[], options: StanceCurvesOptions = {}): SvgFragment {
  checkPanels(panels);
  const columns = Math.max(1, Math.min(options.columns ?? 2, panels.length));
  const plotWidth = options.plotWidth ?? 330;
  const plotHeight = options.plotHeight ?? 170;
  const xLabel = options.xLabel ?? '% of stance';
  const left = 52;
  const top = 24;
  const bottom = 40;
  const right = 16;
  const panelWidth = left + plotWidth + right;
  const panelHeight = top + plotHeight + bottom;
  const labels = panels[0].series.map((series) => series.label);
  const legendHeight = 22;
  const rows = Math.ceil(panels.length / columns);
  const width = Math.max(columns * panelWidth, labels.reduce((sum, label) => sum + 40 + label.length * CHARACTER_WIDTH, 0));
  const height = legendHeight + rows * panelHeight;
  const out: string[] = [];

  // Legend: a line sample and the label of each series, in a row.
  out.push('<g class="curve-legend">');
  let legendX = left;
  labels.forEach((label, index) => {
    const { color, dash } = seriesStyle(index);
    out.push(
      `<line x1="${px(legendX)}" y1="10" x2="${px(legendX + 24)}" y2="10" stroke="${color}" stroke-width="2.5"${dash ? ` stroke-dasharray="${dash}"` : ''}/>`,
    );
    out.push(`<text x="${px(legendX + 30)}" y="${px(10 + FONT_SIZE * 0.35)}">${escapeXml(label)}</text>`);
    legendX += 40 + label.length * CHARACTER_WIDTH;
  });
  out.push('</g>');

  panels.forEach((panel, p) => {
    const originX = (p % columns) * panelWidth;
    const originY = legendHeight + Math.floor(p / columns) * panelHeight;
    let xLow = Infinity;
    let xHigh = -Infinity;
    let yLow = 0;
    let yHigh = 0;
    for (const series of panel.series) {
      for (let i = 0; i < series.x.length; i++) {
        xLow = Math.min(xLow, series.x[i]);
        xHigh = Math.max(xHigh, series.x[i]);
        yLow = Math.min(yLow, series.y[i]);
        yHigh = Math.max(yHigh, series.y[i]);
      }
    }
    const xTicks = niceTicks(xLow, xHigh, 5);
    const yTicks = niceTicks(yLow, yHigh, 4);
    const x0 = xTicks[0];
    const x1 = xTicks[xTicks.length - 1];
    const y0 = yTicks[0];
    const y1 = yTicks[yTicks.length - 1];
    const sx = (x: number): number => originX + left + ((x - x0) / (x1 - x0)) * plotWidth;
    const sy = (y: number): number => originY + top + plotHeight - ((y - y0) / (y1 - y0)) * plotHeight;
    out.push(`<g class="curve-panel" data-title="${escapeXml(panel.title)}">`);
    out.push(`<text x="${px(originX + left)}" y="${px(originY + 14)}" font-weight="bold">${escapeXml(`${panel.title} (${panel.unit})`)}</text>`);
    // Grid and tick labels.
    for (const tick of yTicks) {
      const y = sy(tick);
      out.push(`<line x1="${px(originX + left)}" y1="${px(y)}" x2="${px(originX + left + plotWidth)}" y2="${px(y)}" stroke="${tick === 0 ? '#888888' : '#e3e3e3'}"/>`);
      out.push(`<text x="${px(originX + left - 5)}" y="${px(y + FONT_SIZE * 0.35)}" text-anchor="end">${escapeXml(tickLabel(tick))}</text>`);
    }
    for (const tick of xTicks) {
      const x = sx(tick);
      out.push(`<line x1="${px(x)}" y1="${px(originY + top + plotHeight)}" x2="${px(x)}" y2="${px(originY + top + plotHeight + 4)}" stroke="#444444"/>`);
      out.push(`<text x="${px(x)}" y="${px(originY + top + plotHeight + 16)}" text-anchor="middle">${escapeXml(tickLabel(tick))}</text>`);
    }
    out.push(
      `<rect x="${px(originX + left)}" y="${px(originY + top)}" width="${px(plotWidth)}" height="${px(plotHeight)}" fill="none" stroke="#444444"/>`,
    );
    out.push(`<text x="${px(originX + left + plotWidth / 2)}" y="${px(originY + top + plotHeight + 32)}" text-anchor="middle" fill="#444444">${escapeXml(xLabel)}</text>`);
    panel.series.forEach((series, index) => {
      const { color, dash } = seriesStyle(index);
      const points: string[] = [];
      for (let i = 0; i < series.x.length; i++) points.push(`${px(sx(series.x[i]))},${px(sy(series.y[i]))}`);
      out.push(
        `<polyline class="curve" data-series="${escapeXml(series.label)}" points="${points.join(' ')}" fill="none" stroke="${color}" ` +
          `stroke-width="1.8" stroke-linejoin="round"${dash ? ` stroke-dasharray="${dash}"` : ''}><title>${escapeXml(`${series.label}: ${panel.title}`)}</title></polyline>`,
      );
    });
    out.push('</g>');
  });
  return { body: out.join('\n'), width: Math.ceil(width), height: Math.ceil(height) };
}

/** Opening of a standalone SVG document of the given size (white background). */
export function svgDocumentStart(width: number, height: number, title: string): string[] {
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" ` +
      `font-family="Helvetica, Arial, sans-serif" font-size="${FONT_SIZE}">`,
    `<title>${escapeXml(title)}</title>`,
    `<rect x="0" y="0" width="${width}" height="${height}" fill="#ffffff"/>`,
  ];
}

/** A fragment as a standalone SVG document under a bold title, with a margin around it. */
export function titledSvgDocument(title: string, fragment: SvgFragment): string {
  const margin = 16;
  const width = fragment.width + 2 * margin;
  const height = fragment.height + 2 * margin + 24;
  const out = svgDocumentStart(width, height, title);
  out.push(`<text x="${margin}" y="${margin + 12}" font-size="15" font-weight="bold">${escapeXml(title)}</text>`);
  out.push(`<g transform="translate(${margin} ${margin + 24})">`, fragment.body, '</g>', '</svg>');
  return `${out.join('\n')}\n`;
}

/** The panels as a standalone SVG document. */
export function stanceCurvesSvg(title: string, panels: readonly CurvePanel[], options: StanceCurvesOptions = {}): string {
  return titledSvgDocument(title, stanceCurvesFragment(panels, options));
}
