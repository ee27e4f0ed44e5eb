/**
 * Plantar-pressure maps drawn as SVG: for each input (e.g. each footwear design) the
 * footprint of the right foot, seen from above with the toes up (medial side, the hallux,
 * on the left), its pedobarographic regions (core/contact/foot-outline.ts) filled with the
 * colour of their peak pressure, all maps on one colour scale with one legend.
 *
 * - Regions: the footprint is rastered on a square grid (GRID_STEPS cells along the foot);
 *   each cell takes the region the foot-outline mask gives its centre (plantarRegionAt, the
 *   same mask the contact model uses), and the cells of a region merge into one path of
 *   row runs. The outline itself (a smooth polygon) clips the paths, so only the borders
 *   between regions show the grid's steps.
 * - Colour: ColorBrewer YlOrRd (Brewer 2002, colorbrewer2.org), light yellow at 0 to dark
 *   red at the top of the scale, interpolated linearly in sRGB between its anchors; its
 *   lightness falls monotonically, so darker always means a higher pressure, in print and
 *   in grey. The scale runs from 0 to a "nice" value at or above the largest peak of all
 *   maps, so equal colours mean equal pressures across designs.
 * - Each region carries a <title> (the design, the region and its peak, for hover) and
 *   its rounded value is written on it.
 * - Pure string building, well-formed XML with every text escaped (as heatmap-svg.ts).
 */
import { KinechainError } from '../core/errors.js';
import {
  PLANTAR_REGION_LABELS,
  PLANTAR_REGION_NAMES,
  outlineEdges,
  plantarRegionAt,
  type PlantarRegion,
  type PlantarShape,
} from '../core/contact/foot-outline.js';
import { escapeXml } from './heatmap-svg.js';
import type { StancePressureRegion } from './stance-phase.js';
import { niceTicks, px, titledSvgDocument, type SvgFragment } from './stance-curves-svg.js';

export interface PressureMapInput {
  /** Shown above the map, e.g. the design's name. */
  readonly label: string;
  /** Peak pressure of every region (kPa). */
  readonly peakPressureKPa: Readonly<Record<PlantarRegion, number>>;
}

export interface PressureMapsOptions {
  /** Shape of the sole of the (right) foot: outline, metatarsal heads, region mask. */
  readonly shape: PlantarShape;
  /** Drawn length of the foot (px), default 230. */
  readonly footLengthPx?: number;
  /** Top of the colour scale (kPa); default: a nice value at or above the largest peak of every map. */
  readonly scaleMaxKPa?: number;
  /** Cells along the foot of the region raster (default 110). */
  readonly gridSteps?: number;
}

/** ColorBrewer YlOrRd, 9 classes, from the lowest to the highest value. */
const SEQUENTIAL_ANCHORS: readonly (readonly [number, number, number])[] = [
  [255, 255, 204],
  [255, 237, 160],
  [254, 217, 118],
  [254, 178, 76],
  [253, 141, 60],
  [252, 78, 42],
  [227, 26, 28],
  [189, 0, 38],
  [128, 0, 38],
];
const FONT_SIZE = 11;

/** The plantar regions of the map from the stance phase's region peaks (the summed heel and forefoot are not drawn). */
export function pressureMapRegions(peaks: Readonly<Record<StancePressureRegion, number>>): Record<PlantarRegion, number> {
  return {
    medialHeel: peaks.heelMedial,
    centralHeel: peaks.heelCentral,
    lateralHeel: peaks.heelLateral,
    midfoot: peaks.midfoot,
    firstMetatarsalHead: peaks.mth1,
    secondMetatarsalHead: peaks.mth2,
    thirdMetatarsalHead: peaks.mth3,
    fourthMetatarsalHead: peaks.mth4,
    fifthMetatarsalHead: peaks.mth5,
    hallux: peaks.hallux,
    lesserToes: peaks.lesserToes,
  };
}

function hexByte(value: number): string {
  return Math.round(Math.min(255, Math.max(0, value))).toString(16).padStart(2, '0');
}

/** The colour of `value` on the scale [0, max] as "#rrggbb" (values beyond either end take the end colour). */
export function pressureColor(value: number, max: number): string {
  if (!(max > 0) || !Number.isFinite(value)) throw new KinechainError('NOT_FINITE', `pressure colour of ${value} on [0, ${max}] is undefined`);
  const t = Math.min(1, Math.max(0, value / max));
  const position = t * (SEQUENTIAL_ANCHORS.length - 1);
  const below = Math.min(SEQUENTIAL_ANCHORS.length - 2, Math.floor(position));
  const fraction = position - below;
  const a = SEQUENTIAL_ANCHORS[below];
  const b = SEQUENTIAL_ANCHORS[below + 1];
  return `#${hexByte(a[0] + fraction * (b[0] - a[0]))}${hexByte(a[1] + fraction * (b[1] - a[1]))}${hexByte(a[2] + fraction * (b[2] - a[2]))}`;
}

/** Dark or light text, whichever reads on a fill (relative luminance, ITU-R BT.709 weights). */
function textColorOn(fill: string): string {
  const r = parseInt(fill.slice(1, 3), 16);
  const g = parseInt(fill.slice(3, 5), 16);
  const b = parseInt(fill.slice(5, 7), 16);
  return 0.2126 * r + 0.7152 * g + 0.0722 * b < 110 ? '#ffffff' : '#1a1a1a';
}

/** The footprint in map coordinates: x = (z - zMin) L across (lateral to the right), y = (1 - x) L along (toes up). */
interface Footprint {
  readonly widthPx: number;
  readonly outline: string;
  /** SVG path of each region (row runs of the raster). */
  readonly regionPaths: Readonly<Record<PlantarRegion, string>>;
  /** Where each region's value is written (centroid of its cells). */
  readonly labelAt: Readonly<Record<PlantarRegion, readonly [number, number]>>;
}

function footprint(shape: PlantarShape, lengthPx: number, steps: number): Footprint {
  const zMin = Math.min(...shape.outlineMedialZ);
  const zMax = Math.max(...shape.outlineLateralZ);
  const mapX = (z: number): number => (z - zMin) * lengthPx;
  const mapY = (x: number): number => (1 - x) * lengthPx;
  const edges = [0, 0];
  // Outline: medial edge from heel to toe, lateral edge back, at a fine spacing.
  const medial: string[] = [];
  const lateral: string[] = [];
  const outlineSteps = 200;
  for (let i = 0; i <= outlineSteps; i++) {
    const x = i / outlineSteps;
    outlineEdges(shape, x, edges);
    medial.push(`${px(mapX(edges[0]))},${px(mapY(x))}`);
    lateral.push(`${px(mapX(edges[1]))},${px(mapY(x))}`);
  }
  const outline = [...medial, ...lateral.reverse()].join(' ');

  const cell = 1 / steps;
  const paths = Object.fromEntries(PLANTAR_REGION_NAMES.map((name) => [name, [] as string[]])) as Record<PlantarRegion, string[]>;
  const sums = Object.fromEntries(PLANTAR_REGION_NAMES.map((name) => [name, [0, 0, 0]])) as Record<PlantarRegion, number[]>;
  const across = Math.ceil((zMax - zMin) / cell) + 2;
  for (let i = 0; i < steps; i++) {
    const x = (i + 0.5) * cell;
    outlineEdges(shape, x, edges);
    let runRegion: PlantarRegion | null = null;
    let runStart = 0;
    const flush = (end: number): void => {
      if (runRegion === null) return;
      // Rows overlap by a hair so no seam shows between them.
      paths[runRegion].push(`M${px(mapX(zMin + runStart * cell))} ${px(mapY(x + cell / 2) - 0.2)}h${px((end - runStart) * cell * lengthPx)}v${px(cell * lengthPx + 0.4)}h${px(-(end - runStart) * cell * lengthPx)}z`);
    };
    for (let j = -1; j <= across; j++) {
      const z = zMin + (j + 0.5) * cell;
      // Cells a little beyond the outline are kept: the clip path trims them to the smooth edge.
      const inside = z >= edges[0] - cell && z <= edges[1] + cell;
      const region = inside ? plantarRegionAt(shape, x, z) : null;
      if (region !== null) {
        const sum = sums[region];
        sum[0] += mapX(z);
        sum[1] += mapY(x);
        sum[2] += 1;
      }
      if (region !== runRegion) {
        flush(j);
        runRegion = region;
        runStart = j;
      }
    }
    flush(across + 1);
  }
  const regionPaths = {} as Record<PlantarRegion, string>;
  const labelAt = {} as Record<PlantarRegion, readonly [number, number]>;
  for (const name of PLANTAR_REGION_NAMES) {
    regionPaths[name] = paths[name].join('');
    const [sx, sy, count] = sums[name];
    labelAt[name] = count > 0 ? [sx / count, sy / count] : [mapX(0), mapY(0.5)];
  }
  return { widthPx: (zMax - zMin) * lengthPx, outline, regionPaths, labelAt };
}

function checkMaps(maps: readonly PressureMapInput[]): void {
  if (maps.length === 0) throw new KinechainError('MALFORMED_INPUT', 'a pressure-map figure needs at least one map');
  for (const map of maps) {
    for (const region of PLANTAR_REGION_NAMES) {
      const value = map.peakPressureKPa[region];
      if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) {
        throw new KinechainError('NOT_FINITE', `map "${map.label}": peak pressure of ${region} must be a finite number >= 0 (kPa), got ${String(value)}`);
      }
    }
  }
}

/** The top of the common colour scale: a nice tick at or above the largest peak (kPa). */
export function pressureScaleMax(maps: readonly PressureMapInput[]): number {
  let largest = 0;
  for (const map of maps) for (const region of PLANTAR_REGION_NAMES) largest = Math.max(largest, map.peakPressureKPa[region]);
  const ticks = niceTicks(0, Math.max(largest, 1), 5);
  return ticks[ticks.length - 1];
}

/** One map per input side by side, then the legend, as a fragment. */
export function pressureMapsFragment(maps: readonly PressureMapInput[], options: PressureMapsOptions): SvgFragment {
  checkMaps(maps);
  const lengthPx = options.footLengthPx ?? 230;
  const steps = options.gridSteps ?? 110;
  if (!(lengthPx > 0 && Number.isInteger(steps) && steps >= 10)) {
    throw new KinechainError('OUT_OF_RANGE', 'pressure maps need a positive foot length (px) and at least 10 grid steps');
  }
  const scaleMax = options.scaleMaxKPa ?? pressureScaleMax(maps);
  if (!(Number.isFinite(scaleMax) && scaleMax > 0)) throw new KinechainError('OUT_OF_RANGE', `pressure colour scale top must be positive, got ${scaleMax}`);
  const foot = footprint(options.shape, lengthPx, steps);
  const labelHeight = 20;
  const footerHeight = 20;
  const slot = Math.max(foot.widthPx + 30, ...maps.map((map) => map.label.length * 7 + 10));
  const legendBarWidth = 14;
  const legendX = maps.length * slot + 10;
  const width = legendX + legendBarWidth + 70;
  const height = labelHeight + lengthPx + footerHeight;
  const out: string[] = [];
  out.push(`<defs><clipPath id="footprint-outline"><polygon points="${foot.outline}"/></clipPath>`);
  out.push('<linearGradient id="pressure-scale" x1="0" y1="1" x2="0" y2="0">');
  for (let k = 0; k < SEQUENTIAL_ANCHORS.length; k++) {
    const [r, g, b] = SEQUENTIAL_ANCHORS[k];
    out.push(`<stop offset="${(k / (SEQUENTIAL_ANCHORS.length - 1)).toFixed(4)}" stop-color="#${hexByte(r)}${hexByte(g)}${hexByte(b)}"/>`);
  }
  out.push('</linearGradient></defs>');

  maps.forEach((map, m) => {
    const originX = m * slot + (slot - foot.widthPx) / 2;
    let peak = 0;
    for (const region of PLANTAR_REGION_NAMES) peak = Math.max(peak, map.peakPressureKPa[region]);
    out.push(`<g class="pressure-map" data-label="${escapeXml(map.label)}">`);
    out.push(`<text x="${px(m * slot + slot / 2)}" y="14" text-anchor="middle" font-weight="bold">${escapeXml(map.label)}</text>`);
    out.push(`<g transform="translate(${px(originX)} ${labelHeight})">`);
    out.push('<g clip-path="url(#footprint-outline)">');
    for (const region of PLANTAR_REGION_NAMES) {
      const value = map.peakPressureKPa[region];
      const fill = pressureColor(value, scaleMax);
      out.push(
        `<path class="region" data-region="${region}" data-value="${value}" d="${foot.regionPaths[region]}" fill="${fill}" stroke="${fill}" stroke-width="0.3">` +
          `<title>${escapeXml(`${map.label}, ${PLANTAR_REGION_LABELS[region]}: peak ${value.toFixed(0)} kPa`)}</title></path>`,
      );
    }
    out.push('</g>');
    out.push(`<polygon points="${foot.outline}" fill="none" stroke="#333333" stroke-width="1.2"/>`);
    for (const region of PLANTAR_REGION_NAMES) {
      const [x, y] = foot.labelAt[region];
      const value = map.peakPressureKPa[region];
      out.push(
        `<text x="${px(x)}" y="${px(y + 3)}" text-anchor="middle" font-size="9" fill="${textColorOn(pressureColor(value, scaleMax))}">${value.toFixed(0)}</text>`,
      );
    }
    out.push('</g>');
    out.push(`<text x="${px(m * slot + slot / 2)}" y="${px(labelHeight + lengthPx + 15)}" text-anchor="middle" fill="#444444">peak ${peak.toFixed(0)} kPa</text>`);
    out.push('</g>');
  });

  // Legend: a vertical bar from 0 (bottom) to the scale's top, with nice ticks.
  out.push('<g class="pressure-legend">');
  out.push(`<text x="${px(legendX)}" y="14" font-weight="bold">kPa</text>`);
  out.push(`<rect x="${px(legendX)}" y="${labelHeight}" width="${legendBarWidth}" height="${px(lengthPx)}" fill="url(#pressure-scale)" stroke="#444444"/>`);
  for (const tick of niceTicks(0, scaleMax, 5)) {
    if (tick > scaleMax + 1e-9) continue;
    const y = labelHeight + lengthPx * (1 - tick / scaleMax);
    out.push(`<line x1="${px(legendX + legendBarWidth)}" y1="${px(y)}" x2="${px(legendX + legendBarWidth + 4)}" y2="${px(y)}" stroke="#444444"/>`);
    out.push(`<text class="tick" x="${px(legendX + legendBarWidth + 7)}" y="${px(y + FONT_SIZE * 0.35)}">${tick}</text>`);
  }
  out.push('</g>');
  return { body: out.join('\n'), width: Math.ceil(width), height: Math.ceil(height) };
}

/** The maps as a standalone SVG document. */
export function pressureMapsSvg(title: string, maps: readonly PressureMapInput[], options: PressureMapsOptions): string {
  return titledSvgDocument(title, pressureMapsFragment(maps, options));
}
