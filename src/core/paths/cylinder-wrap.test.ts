import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { NO_WRAP, cylinderWrap } from './cylinder-wrap.js';

const origin = new Float64Array([0, 0, 0]);
const zAxis = new Float64Array([0, 0, 1]);

function wrap(
  start: number[],
  end: number[],
  radius: number,
  sign: number,
  tangents = new Float64Array(6),
  center: Float64Array = origin,
  axis: Float64Array = zAxis,
): number {
  return cylinderWrap(
    new Float64Array(start), 0, new Float64Array(end), 0, center, 0, axis, 0, radius, sign, tangents, 0,
  );
}

function distance(a: ArrayLike<number>, ao: number, b: ArrayLike<number>, bo: number): number {
  return Math.hypot(a[ao] - b[bo], a[ao + 1] - b[bo + 1], a[ao + 2] - b[bo + 2]);
}

describe('cylinder wrap', () => {
  it('does not wrap when the segment misses the cylinder', () => {
    expect(wrap([-2, 1.5, 0], [2, 1.5, 0], 1, -1)).toBe(NO_WRAP);
    expect(wrap([-2, 1.5, 0], [2, 1.5, 0], 1, 1)).toBe(NO_WRAP);
    // The infinite line cuts the cylinder but the segment stops short of it.
    expect(wrap([-4, 0.5, 0], [-2, 0.5, 0], 1, -1)).toBe(NO_WRAP);
  });

  it('does not wrap on the other side, nor with an endpoint inside', () => {
    // Passing over the top (+y) moving +x turns about -z: sign -1 wraps, +1 does not.
    expect(wrap([-2, 0.5, 0], [2, 0.5, 0], 1, 1)).toBe(NO_WRAP);
    expect(wrap([-2, 0.5, 0], [2, 0.5, 0], 1, -1)).toBeGreaterThan(0);
    expect(wrap([-0.5, 0.2, 0], [2, 0.5, 0], 1, -1)).toBe(NO_WRAP);
  });

  it('equals tangent + arc + tangent in a symmetric case (hand computed), with and without axial rise', () => {
    const radius = 1;
    const endRadial = Math.hypot(2, 0.5);
    const tangentLength = Math.sqrt(endRadial * endRadial - radius * radius);
    const tangentHalfAngle = Math.acos(radius / endRadial);
    const wrapAngle = Math.PI - 2 * Math.atan(0.25) - 2 * tangentHalfAngle;
    const planar = 2 * tangentLength + radius * wrapAngle;
    const tangents = new Float64Array(6);
    const flat = wrap([-2, 0.5, 0], [2, 0.5, 0], radius, -1, tangents);
    expect(Math.abs(flat - planar) / planar).toBeLessThan(1e-14);
    // Symmetric tangent points at +-x, same height, on the surface.
    expect(Math.abs(tangents[0] + tangents[3])).toBeLessThan(1e-14);
    expect(Math.abs(tangents[1] - tangents[4])).toBeLessThan(1e-14);
    expect(Math.abs(Math.hypot(tangents[0], tangents[1]) - radius)).toBeLessThan(1e-14);

    const rise = 0.3;
    const risen = wrap([-2, 0.5, 0], [2, 0.5, rise], radius, -1, tangents);
    expect(Math.abs(risen - Math.hypot(planar, rise)) / risen).toBeLessThan(1e-14);
    // The rise is shared in proportion to planar length (the unrolled path is straight).
    expect(Math.abs(tangents[2] - (rise * tangentLength) / planar)).toBeLessThan(1e-14);
    expect(Math.abs(tangents[5] - (rise * (tangentLength + radius * wrapAngle)) / planar)).toBeLessThan(1e-14);
  });

  it('is a shortest path: tangent at T1, T2 and the same axial slope on every part', () => {
    const tangents = new Float64Array(6);
    const start = [-1.7, 0.9, -0.4];
    const end = [1.3, -0.2, 0.8];
    const center = new Float64Array([0.1, 0.3, -0.1]);
    const axis = new Float64Array([0.2, -0.1, 1]);
    const axisNorm = Math.hypot(axis[0], axis[1], axis[2]);
    for (let i = 0; i < 3; i++) axis[i] /= axisNorm;
    const radius = 0.6;
    const length = wrap(start, end, radius, 1, tangents, center, axis);
    expect(length).toBeGreaterThan(0);
    const axial = (p: ArrayLike<number>, o: number): number =>
      (p[o] - center[0]) * axis[0] + (p[o + 1] - center[1]) * axis[1] + (p[o + 2] - center[2]) * axis[2];
    const radial = (p: ArrayLike<number>, o: number, out: number[]): void => {
      const a = axial(p, o);
      for (let i = 0; i < 3; i++) out[i] = p[o + i] - center[i] - a * axis[i];
    };
    const r1 = [0, 0, 0];
    const r2 = [0, 0, 0];
    radial(tangents, 0, r1);
    radial(tangents, 3, r2);
    expect(Math.abs(Math.hypot(r1[0], r1[1], r1[2]) - radius)).toBeLessThan(1e-12);
    expect(Math.abs(Math.hypot(r2[0], r2[1], r2[2]) - radius)).toBeLessThan(1e-12);
    // Straight parts are perpendicular to the surface normal at their tangent points.
    const d1 = [0, 1, 2].map((i) => tangents[i] - start[i]);
    const d2 = [0, 1, 2].map((i) => end[i] - tangents[3 + i]);
    expect(Math.abs(d1[0] * r1[0] + d1[1] * r1[1] + d1[2] * r1[2])).toBeLessThan(1e-12);
    expect(Math.abs(d2[0] * r2[0] + d2[1] * r2[1] + d2[2] * r2[2])).toBeLessThan(1e-12);
    // Total = straight + helix + straight, and the two straight parts share the helix's axial slope.
    const s = new Float64Array(start);
    const e = new Float64Array(end);
    const straight1 = distance(s, 0, tangents, 0);
    const straight2 = distance(tangents, 3, e, 0);
    const helix = length - straight1 - straight2;
    const slope = (axial(e, 0) - axial(s, 0)) / length;
    expect(Math.abs((axial(tangents, 0) - axial(s, 0)) / straight1 - slope)).toBeLessThan(1e-12);
    expect(Math.abs((axial(e, 0) - axial(tangents, 3)) / straight2 - slope)).toBeLessThan(1e-12);
    expect(Math.abs((axial(tangents, 3) - axial(tangents, 0)) / helix - slope)).toBeLessThan(1e-12);
  });

  it('is never shorter than the straight segment', () => {
    fc.assert(
      fc.property(
        fc.tuple(fc.double({ min: -3, max: 3, noNaN: true }), fc.double({ min: -3, max: 3, noNaN: true }), fc.double({ min: -3, max: 3, noNaN: true })),
        fc.tuple(fc.double({ min: -3, max: 3, noNaN: true }), fc.double({ min: -3, max: 3, noNaN: true }), fc.double({ min: -3, max: 3, noNaN: true })),
        fc.double({ min: 0.05, max: 1.5, noNaN: true }),
        fc.constantFrom(1, -1),
        (start, end, radius, sign) => {
          const length = wrap(start, end, radius, sign);
          if (length !== NO_WRAP) {
            const straight = Math.hypot(end[0] - start[0], end[1] - start[1], end[2] - start[2]);
            expect(length).toBeGreaterThanOrEqual(straight * (1 - 1e-12));
          }
        },
      ),
      { numRuns: 2000 },
    );
  });

  it('length is continuous as the segment moves into wrapping', () => {
    // A segment at height h over a unit cylinder starts to wrap at h = 1.
    const lengthAt = (height: number): number => {
      const start = [-2, height, -0.2];
      const end = [2.5, height, 0.4];
      const wrapped = wrap(start, end, 1, -1);
      return wrapped === NO_WRAP ? Math.hypot(4.5, 0, 0.6) : wrapped;
    };
    expect(wrap([-2, 1 + 1e-9, -0.2], [2.5, 1 + 1e-9, 0.4], 1, -1)).toBe(NO_WRAP);
    expect(wrap([-2, 1 - 1e-9, -0.2], [2.5, 1 - 1e-9, 0.4], 1, -1)).toBeGreaterThan(0);
    let previousJump = Infinity;
    for (const delta of [1e-2, 1e-4, 1e-6, 1e-8]) {
      const jump = Math.abs(lengthAt(1 - delta) - lengthAt(1 + delta));
      // Smaller than the step and shrinking with it: no jump at the onset.
      expect(jump).toBeLessThan(delta);
      expect(jump).toBeLessThan(previousJump);
      previousJump = jump;
    }
  });
});
