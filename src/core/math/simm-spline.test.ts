import { describe, expect, it } from 'vitest';
import { FunctionTableBuilder, type FunctionDescription } from './function-table-builder.js';
import { evaluateFunction } from './functions.js';
import { simmSplineCoefficients } from './simm-spline.js';

function evaluator(spec: FunctionDescription) {
  const builder = new FunctionTableBuilder();
  const index = builder.add(spec, 'test function');
  const table = builder.build();
  return (x: number): [number, number, number] => {
    const out = [0, 0, 0];
    evaluateFunction(table, index, x, out, 0);
    return [out[0], out[1], out[2]];
  };
}

function close(actual: number, expected: number, tolerance: number): void {
  expect(Math.abs(actual - expected)).toBeLessThanOrEqual(tolerance * Math.max(1, Math.abs(expected)));
}

// Uneven knots, like the knee splines of OpenSim's gait models.
const KNOTS = [-2.0944, -1.74533, -1.39626, -1.0472, -0.698132, -0.349066, -0.174533, 0.197344, 0.337395, 0.490178, 1.52146, 2.0944];
const cubic = (x: number) => 0.3 - 0.7 * x + 0.25 * x * x - 0.12 * x * x * x;
const cubicSlope = (x: number) => -0.7 + 0.5 * x - 0.36 * x * x;
const cubicCurvature = (x: number) => 0.5 - 0.72 * x;

describe('SimmSpline (OpenSim end conditions)', () => {
  it('reproduces a cubic polynomial exactly: its end third derivatives are those of the end cubics', () => {
    const f = evaluator({ type: 'simmSpline', x: KNOTS, y: KNOTS.map(cubic) });
    for (const x of [-2.0, -1.5, -0.2, 0.0, 0.4, 1.0, 2.0]) {
      const [value, slope, curvature] = f(x);
      close(value, cubic(x), 1e-12);
      close(slope, cubicSlope(x), 1e-11);
      close(curvature, cubicCurvature(x), 1e-10);
    }
  });

  it('differs from the natural cubic spline on the same knots (which cannot reproduce the cubic)', () => {
    const natural = evaluator({ type: 'naturalCubicSpline', x: KNOTS, y: KNOTS.map(cubic) });
    // Natural end conditions force S'' = 0 at the ends, while the cubic has 0.5 - 0.72 x there.
    expect(Math.abs(natural(-2.0)[0] - cubic(-2.0))).toBeGreaterThan(1e-5);
  });

  it('with three knots is the parabola through them, with two the straight line', () => {
    const parabola = (x: number) => 1 - 2 * x + 3 * x * x;
    const f3 = evaluator({ type: 'simmSpline', x: [-1, 0.2, 2], y: [-1, 0.2, 2].map(parabola) });
    for (const x of [-0.7, 0.5, 1.9]) close(f3(x)[0], parabola(x), 1e-13);
    const f2 = evaluator({ type: 'simmSpline', x: [0, 2], y: [1, 5] });
    expect(f2(1)).toEqual([3, 2, 0]);
  });

  it('interpolates, is C2 inside, and extrapolates linearly with the end slopes', () => {
    const y = [0.4, -0.1, 0.3, 0.25, -0.2, 0.1, 0.0, 0.35, 0.3, 0.2, -0.1, 0.05];
    const f = evaluator({ type: 'simmSpline', x: KNOTS, y });
    KNOTS.forEach((x, i) => close(f(x)[0], y[i], 1e-13));
    const e = 1e-9;
    for (const x of KNOTS.slice(1, -1)) {
      const left = f(x - e);
      const right = f(x + e);
      close(left[0], right[0], 1e-8);
      close(left[1], right[1], 1e-7);
      close(left[2], right[2], 1e-6);
    }
    const { b } = simmSplineCoefficients(KNOTS, y);
    const last = KNOTS.length - 1;
    const [value, slope, curvature] = f(KNOTS[last] + 0.5);
    close(value, y[last] + 0.5 * b[last], 1e-13);
    close(slope, b[last], 1e-13);
    expect(curvature).toBe(0);
    // The end slope is the spline's own slope at the last knot (continuous extrapolation).
    close(f(KNOTS[last] - 1e-9)[1], b[last], 1e-6);
  });
});
