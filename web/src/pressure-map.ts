/** Plantar pressure maps drawn on a canvas: one cell per contact cell, heel at the bottom, toes at the top. */
import type { StandingFootPressure } from './footwear-pressure.js';

/** Pressure colour scale, 0 (white) to the map's maximum (dark red), as [fraction, r, g, b] stops. */
const PRESSURE_STOPS: readonly (readonly [number, number, number, number])[] = [
  [0, 255, 255, 255],
  [0.15, 198, 219, 239],
  [0.35, 107, 174, 214],
  [0.55, 116, 196, 118],
  [0.7, 254, 217, 118],
  [0.85, 253, 141, 60],
  [1, 165, 15, 21],
];

export function pressureColor(fraction: number): string {
  const u = Math.min(1, Math.max(0, fraction));
  for (let i = 1; i < PRESSURE_STOPS.length; i++) {
    const [u1, ...c1] = PRESSURE_STOPS[i];
    const [u0, ...c0] = PRESSURE_STOPS[i - 1];
    if (u <= u1) {
      const w = (u - u0) / (u1 - u0);
      return `rgb(${c0.map((c, k) => Math.round(c + w * (c1[k] - c))).join(', ')})`;
    }
  }
  return 'rgb(165, 15, 21)';
}

export function pressureGradientCss(): string {
  return `linear-gradient(to right, ${PRESSURE_STOPS.map(([u, r, g, b]) => `rgb(${r}, ${g}, ${b}) ${u * 100}%`).join(', ')})`;
}

/** Draws the right foot's map with a shared scale maximum (kPa), with a 5 cm scale bar. */
export function drawPressureMap(canvas: HTMLCanvasElement, foot: StandingFootPressure, maxKPa: number): void {
  const context = canvas.getContext('2d') as CanvasRenderingContext2D;
  const { alongCm, acrossCm, pressureKPa } = foot.cells;
  context.fillStyle = '#ffffff';
  context.fillRect(0, 0, canvas.width, canvas.height);
  if (alongCm.length === 0) return;
  const margin = 24;
  let minAcross = Infinity;
  let maxAcross = -Infinity;
  let maxAlong = 0;
  for (let i = 0; i < alongCm.length; i++) {
    minAcross = Math.min(minAcross, acrossCm[i]);
    maxAcross = Math.max(maxAcross, acrossCm[i]);
    maxAlong = Math.max(maxAlong, alongCm[i]);
  }
  const spanAcross = maxAcross - minAcross + 1;
  const spanAlong = maxAlong + 1;
  const scale = Math.min((canvas.width - 2 * margin) / spanAcross, (canvas.height - 2 * margin) / spanAlong);
  // The cells' spacing (cm) from the two closest distinct positions along the foot.
  const sorted = [...new Set(alongCm.map((value) => Math.round(value * 1000) / 1000))].sort((a, b) => a - b);
  let cellCm = 0.5;
  for (let i = 1; i < sorted.length; i++) if (sorted[i] - sorted[i - 1] > 1e-6) cellCm = Math.min(cellCm, sorted[i] - sorted[i - 1]);
  const cellPx = Math.max(1, cellCm * scale + 0.5);
  const x0 = (canvas.width - spanAcross * scale) / 2;
  const y0 = canvas.height - margin;
  // Outline of the loaded cells in light grey first, so zero-pressure cells show the foot.
  for (let i = 0; i < alongCm.length; i++) {
    const x = x0 + (acrossCm[i] - minAcross) * scale;
    const y = y0 - alongCm[i] * scale;
    context.fillStyle = pressureKPa[i] > 0 ? pressureColor(pressureKPa[i] / maxKPa) : '#eef1f5';
    context.fillRect(x - cellPx / 2, y - cellPx / 2, cellPx, cellPx);
  }
  // Scale bar: 5 cm.
  context.strokeStyle = '#33415c';
  context.fillStyle = '#33415c';
  context.lineWidth = 2;
  context.beginPath();
  context.moveTo(8, canvas.height - 8);
  context.lineTo(8 + 5 * scale, canvas.height - 8);
  context.stroke();
  context.font = '12px system-ui, sans-serif';
  context.fillText('5 cm', 10, canvas.height - 13);
  context.fillText('heel', canvas.width - 36, canvas.height - 8);
  context.fillText('toes', canvas.width - 36, 16);
}
