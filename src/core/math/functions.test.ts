import { describe, expect, it } from 'vitest';
import { FunctionTableBuilder, naturalCubicSplineCoefficients, type FunctionDescription } from './function-table-builder.js';
import { evaluateFunction } from './functions.js';
import { isKinechainError } from '../errors.js';

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

function expectClose(actual: number, expected: number, tolerance: number): void {
  expect(Math.abs(actual - expected)).toBeLessThanOrEqual(tolerance * Math.max(1, Math.abs(expected)));
}

const SPLINE: FunctionDescription = { type: 'naturalCubicSpline', x: [-1.5, -0.4, 0.1, 0.9, 2.0], y: [0.3, -0.2, 0.15, 0.05, 0.4] };

describe('constant, linear and multiplier functions', () => {
  it('constant has zero derivatives', () => {
    expect(evaluator({ type: 'constant', value: 0.7 })(3)).toEqual([0.7, 0, 0]);
  });
  it('linear gives slope*x + intercept', () => {
    expect(evaluator({ type: 'linear', slope: -2, intercept: 0.5 })(1.5)).toEqual([-2.5, -2, 0]);
  });
  it('nested multipliers scale value and both derivatives', () => {
    const inner = evaluator(SPLINE);
    const scaled = evaluator({ type: 'multiplier', scale: 2, function: { type: 'multiplier', scale: -0.5, function: SPLINE } });
    for (const x of [-2, -0.3, 0.5, 2.5]) {
      const [v, d1, d2] = inner(x);
      const [sv, sd1, sd2] = scaled(x);
      expectClose(sv, -v, 1e-15);
      expectClose(sd1, -d1, 1e-15);
      expectClose(sd2, -d2, 1e-15);
    }
  });
});

describe('natural cubic spline', () => {
  const f = evaluator(SPLINE);
  const knots = (SPLINE as { x: number[]; y: number[] }).x;
  const values = (SPLINE as { x: number[]; y: number[] }).y;

  it('interpolates the knots', () => {
    knots.forEach((x, i) => expectClose(f(x)[0], values[i], 1e-14));
  });

  it('has zero second derivative at both ends (natural end conditions)', () => {
    expectClose(f(knots[0])[2], 0, 1e-13);
    expectClose(f(knots[knots.length - 1])[2], 0, 1e-13);
    expect(Math.abs(f(0.5)[2])).toBeGreaterThan(1e-3); // and a nonzero one inside, so the check can fail
  });

  it('has continuous value, slope and curvature across interior knots', () => {
    const e = 1e-9;
    for (const x of knots.slice(1, -1)) {
      const left = f(x - e);
      const right = f(x + e);
      expectClose(left[0], right[0], 1e-8);
      expectClose(left[1], right[1], 1e-7);
      expectClose(left[2], right[2], 1e-6);
    }
  });

  it('derivatives match central finite differences', () => {
    const h = 1e-5;
    for (const x of [-1.2, -0.3, 0.05, 0.6, 1.7]) {
      const [, d1, d2] = f(x);
      expectClose(d1, (f(x + h)[0] - f(x - h)[0]) / (2 * h), 1e-8);
      expectClose(d2, (f(x + h)[1] - f(x - h)[1]) / (2 * h), 1e-7);
    }
  });

  it('extrapolates linearly with the end slopes', () => {
    const [, leftSlope] = f(knots[0]);
    const [, rightSlope] = f(knots[knots.length - 1]);
    expect(f(-3)).toEqual([values[0] + leftSlope * (-3 - knots[0]), leftSlope, 0]);
    const [v, d1, d2] = f(3);
    expectClose(v, values[values.length - 1] + rightSlope * (3 - knots[knots.length - 1]), 1e-14);
    expect([d1, d2]).toEqual([rightSlope, 0]);
  });

  it('reproduces a straight line exactly and reduces to it for two knots', () => {
    const line = evaluator({ type: 'naturalCubicSpline', x: [0, 1, 3, 4], y: [1, 3, 7, 9] });
    expectClose(line(2.2)[0], 5.4, 1e-14);
    expectClose(line(2.2)[1], 2, 1e-14);
    const two = naturalCubicSplineCoefficients([0, 2], [1, 2]);
    expect(two.b).toEqual([0.5, 0.5]);
    expect(two.c).toEqual([0, 0]);
  });
});

describe('piecewise linear function', () => {
  const f = evaluator({ type: 'piecewiseLinear', x: [-1, 0, 2], y: [1, 0, 4] });
  it('interpolates and uses the right segment at interior knots', () => {
    expect(f(-0.5)).toEqual([0.5, -1, 0]);
    expect(f(1)).toEqual([2, 2, 0]);
    expect(f(0)).toEqual([0, 2, 0]);
  });
  it('extrapolates with the end segments', () => {
    expect(f(-2)).toEqual([2, -1, 0]);
    expect(f(3)).toEqual([6, 2, 0]);
  });
});

describe('function table validation', () => {
  function errorOf(spec: FunctionDescription): unknown {
    try {
      new FunctionTableBuilder().add(spec, 'joint "knee" transform axis 3');
    } catch (error) {
      return error;
    }
    return undefined;
  }
  it.each([
    ['non-increasing knots', { type: 'naturalCubicSpline', x: [0, 1, 1], y: [0, 1, 2] }, 'strictly increasing'],
    ['x/y length mismatch', { type: 'piecewiseLinear', x: [0, 1, 2], y: [0, 1] }, '3 x values but 2 y values'],
    ['NaN value', { type: 'linear', slope: Number.NaN, intercept: 0 }, 'finite'],
    ['NaN knot', { type: 'naturalCubicSpline', x: [0, Number.NaN], y: [0, 1] }, 'finite'],
  ] as [string, FunctionDescription, string][])('rejects %s', (_label, spec, fragment) => {
    const error = errorOf(spec);
    expect(isKinechainError(error) && error.code).toBe('INVALID_SPEC');
    expect(String((error as Error).message)).toContain(fragment);
    expect(String((error as Error).message)).toContain('knee');
  });
});
