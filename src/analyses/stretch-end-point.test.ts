import { describe, expect, it } from 'vitest';
import { findStretchEndPoint } from './stretch-end-point.js';

describe('findStretchEndPoint', () => {
  it('finds the crossing of a linear ratio to the tolerance', () => {
    const end = findStretchEndPoint((s, argmax) => {
      argmax[0] = 7;
      return 0.4 + 1.2 * s;
    });
    expect(end.reason).toBe('tissue');
    expect(end.s).toBeCloseTo(0.5, 9);
    expect(Math.abs(end.ratio - 1)).toBeLessThan(1e-9);
    expect(end.limitingTissue).toBe(7);
  });

  it('finds the first of two crossings, and the tissue that crosses first', () => {
    // Tissue 1 crosses at s = 0.3 and falls back; tissue 2 crosses at 0.8.
    const ratioOf = (s: number) => [1.5 * Math.sin(Math.PI * s) / Math.sin(0.3 * Math.PI) * (2 / 3), 1.25 * s];
    const end = findStretchEndPoint((s, argmax) => {
      const ratios = ratioOf(s);
      argmax[0] = ratios[0] >= ratios[1] ? 1 : 2;
      return Math.max(...ratios);
    });
    expect(end.s).toBeCloseTo(0.3, 8);
    expect(end.limitingTissue).toBe(1);
  });

  it('reports a start already past the tolerance, and a movement that never reaches it', () => {
    const start = findStretchEndPoint((_, argmax) => {
      argmax[0] = 3;
      return 1.2;
    });
    expect(start.reason).toBe('start');
    expect(start.s).toBe(0);
    expect(start.limitingTissue).toBe(3);
    const range = findStretchEndPoint((s, argmax) => {
      argmax[0] = 0;
      return 0.5 * s;
    });
    expect(range.reason).toBe('range');
    expect(range.s).toBe(1);
    expect(range.limitingTissue).toBe(-1);
  });

  it('rejects a non-finite ratio and a bad grid', () => {
    expect(() => findStretchEndPoint(() => Number.NaN)).toThrow(/ratio/);
    expect(() => findStretchEndPoint(() => 0.5, { bracketSteps: 0 })).toThrow(/bracketSteps/);
  });
});
