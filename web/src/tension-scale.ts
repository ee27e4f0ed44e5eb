/**
 * Colour of a track tension: grey for a slack track, then a sequential scale on a
 * logarithmic axis from 1 N (pale blue) to TENSION_SCALE_MAX_N and beyond (deep red), so
 * a few newtons and a few hundred can be told apart in one picture.
 */
export const TENSION_SCALE_MAX_N = 500;
export const TENSION_SCALE_TICKS_N: readonly number[] = [0, 10, 50, 100, 250, 500];

/** Stops of the scale (fraction 0..1 of the log axis -> colour). */
const STOPS: readonly (readonly [number, readonly [number, number, number]])[] = [
  [0, [171, 203, 227]],
  [0.35, [94, 153, 200]],
  [0.6, [250, 186, 80]],
  [0.8, [232, 108, 52]],
  [1, [163, 25, 36]],
];

/** Position of a tension on the log axis, 0..1. */
export function tensionFraction(tensionN: number): number {
  if (!(tensionN > 0)) return 0;
  return Math.min(1, Math.log10(1 + tensionN) / Math.log10(1 + TENSION_SCALE_MAX_N));
}

/** CSS colour of a tension (N); null (not computed) and slack tracks are grey. */
export function tensionColor(tensionN: number | null): string {
  if (tensionN === null || !(tensionN > 0.5)) return '#9aa3b2';
  const u = tensionFraction(tensionN);
  for (let i = 1; i < STOPS.length; i++) {
    const [u1, c1] = STOPS[i];
    const [u0, c0] = STOPS[i - 1];
    if (u <= u1) {
      const w = (u - u0) / (u1 - u0);
      const channel = (k: number) => Math.round(c0[k] + w * (c1[k] - c0[k]));
      return `rgb(${channel(0)}, ${channel(1)}, ${channel(2)})`;
    }
  }
  return 'rgb(163, 25, 36)';
}

/** A CSS linear-gradient of the scale, left (0 N) to right (max). */
export function tensionGradientCss(): string {
  return `linear-gradient(to right, #9aa3b2 0%, ${STOPS.map(([u, c]) => `rgb(${c[0]}, ${c[1]}, ${c[2]}) ${Math.round(2 + u * 98)}%`).join(', ')})`;
}
