import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  passiveElasticForce,
  passiveElasticStiffness,
  passiveStrainFromForce,
  passiveTissueForce,
} from './passive-law.js';

const stiffness = 12_000; // N per unit strain
const toe = 0.03;

function relativeError(a: number, b: number): number {
  return Math.abs(a - b) / Math.max(Math.abs(a), Math.abs(b), 1e-300);
}

describe('passive tissue law', () => {
  it('is tension-only: zero at and below slack, whatever the velocity', () => {
    expect(passiveElasticForce(0, stiffness, toe)).toBe(0);
    expect(passiveElasticForce(-0.2, stiffness, toe)).toBe(0);
    expect(passiveTissueForce(0.09, 5, 0.1, stiffness, toe, 300)).toBe(0);
    expect(passiveTissueForce(0.1, 5, 0.1, stiffness, toe, 300)).toBe(0);
    // Stretched but shortening fast: damping cannot make it push.
    expect(passiveTissueForce(0.1001, -100, 0.1, stiffness, toe, 300)).toBe(0);
  });

  it('has continuous force and stiffness at slack', () => {
    // Force and stiffness both go to zero approaching slack from above (quadratic toe).
    for (const tiny of [1e-4, 1e-7, 1e-10]) {
      expect(passiveElasticForce(tiny, stiffness, toe)).toBeLessThanOrEqual((stiffness * tiny * tiny) / toe);
      expect(passiveElasticStiffness(tiny, stiffness, toe)).toBeLessThanOrEqual((stiffness * tiny) / toe);
    }
    expect(passiveElasticStiffness(0, stiffness, toe)).toBe(0);
    expect(passiveElasticStiffness(-1e-10, stiffness, toe)).toBe(0);
  });

  it('has continuous force and stiffness at the end of the toe region', () => {
    const below = toe * (1 - 1e-13);
    const above = toe * (1 + 1e-13);
    expect(relativeError(passiveElasticForce(below, stiffness, toe), (stiffness * toe) / 2)).toBeLessThan(1e-9);
    expect(relativeError(passiveElasticForce(above, stiffness, toe), (stiffness * toe) / 2)).toBeLessThan(1e-9);
    expect(relativeError(passiveElasticStiffness(below, stiffness, toe), stiffness)).toBeLessThan(1e-9);
    expect(relativeError(passiveElasticStiffness(above, stiffness, toe), stiffness)).toBeLessThan(1e-9);
  });

  it('stiffness is the derivative of force (central differences)', () => {
    for (const strain of [0.001, 0.01, 0.029, 0.031, 0.05, 0.2]) {
      const h = 1e-7;
      const numeric =
        (passiveElasticForce(strain + h, stiffness, toe) - passiveElasticForce(strain - h, stiffness, toe)) / (2 * h);
      expect(relativeError(numeric, passiveElasticStiffness(strain, stiffness, toe))).toBeLessThan(1e-6);
    }
  });

  it('is linear with slope E*A past the toe', () => {
    const f1 = passiveElasticForce(0.05, stiffness, toe);
    const f2 = passiveElasticForce(0.11, stiffness, toe);
    expect(relativeError((f2 - f1) / 0.06, stiffness)).toBeLessThan(1e-12);
    // With no toe the law is linear from slack.
    expect(relativeError(passiveElasticForce(0.04, stiffness, 0), 0.04 * stiffness)).toBeLessThan(1e-15);
  });

  it('adds damping only while stretched', () => {
    const slack = 0.2;
    const length = 0.21;
    const elastic = passiveTissueForce(length, 0, slack, stiffness, toe, 0);
    expect(passiveTissueForce(length, 0.5, slack, stiffness, toe, 40)).toBeCloseTo(elastic + 20, 9);
    expect(passiveTissueForce(0.19, 0.5, slack, stiffness, toe, 40)).toBe(0);
  });

  it('inverse gives back the strain; force is non-negative and non-decreasing', () => {
    fc.assert(
      fc.property(
        fc.double({ min: -0.5, max: 0.5, noNaN: true }),
        fc.double({ min: -0.5, max: 0.5, noNaN: true }),
        fc.double({ min: 0, max: 0.1, noNaN: true }),
        (a, b, toeStrain) => {
          const low = Math.min(a, b);
          const high = Math.max(a, b);
          const fLow = passiveElasticForce(low, stiffness, toeStrain);
          const fHigh = passiveElasticForce(high, stiffness, toeStrain);
          expect(fLow).toBeGreaterThanOrEqual(0);
          expect(fHigh).toBeGreaterThanOrEqual(fLow);
          if (high > 1e-6) {
            expect(Math.abs(passiveStrainFromForce(fHigh, stiffness, toeStrain) - high)).toBeLessThan(1e-12);
          }
        },
      ),
    );
  });
});
