import { describe, expect, it } from 'vitest';
import { isKinechainError } from '../core/errors.js';
import { DE_LEVA_1996, DEMPSTER_WINTER_2009, WINTER_2009_PROPORTIONS, type DeLevaSegment } from './anthropometry.js';
import { FOOT_MASS_SHARES, footLandmarks } from './foot-geometry.js';
import { isUncertain, literature, literatureAt, literatureRange } from './literature-value.js';

describe('literature values', () => {
  it('keep the value inside its range and sample across it', () => {
    const entry = literature(12, 'MPa', 'test source', [10, 14]);
    expect(literatureRange(entry)).toEqual([10, 14]);
    expect(isUncertain(entry)).toBe(true);
    expect(literatureAt(entry, 0)).toBe(10);
    expect(literatureAt(entry, 0.5)).toBe(12);
    expect(literatureAt(entry, 1)).toBe(14);
    const fixed = literature(3, 'N', 'test source');
    expect(isUncertain(fixed)).toBe(false);
    expect(literatureAt(fixed, 0.7)).toBe(3);
  });

  it('reject a value outside its own range, a non-finite value and a bad sampling position', () => {
    const codeOf = (action: () => unknown): string => {
      try {
        action();
      } catch (error) {
        if (isKinechainError(error)) return error.code;
        throw error;
      }
      return 'none';
    };
    expect(codeOf(() => literature(15, 'MPa', 'x', [10, 14]))).toBe('OUT_OF_RANGE');
    expect(codeOf(() => literature(Number.NaN, 'MPa', 'x'))).toBe('NOT_FINITE');
    expect(codeOf(() => literatureAt(literature(1, 'N', 'x', [0, 2]), 1.5))).toBe('OUT_OF_RANGE');
  });
});

describe('de Leva 1996 table', () => {
  const segments: DeLevaSegment[] = ['head', 'trunk', 'upperArm', 'forearm', 'hand', 'thigh', 'shank', 'foot'];

  it('has segment masses that add up to the body (within the table rounding)', () => {
    for (const sex of ['male', 'female'] as const) {
      const t = DE_LEVA_1996[sex];
      const total =
        t.head.massFraction.value +
        t.trunk.massFraction.value +
        2 * (t.upperArm.massFraction.value + t.forearm.massFraction.value + t.hand.massFraction.value) +
        2 * (t.thigh.massFraction.value + t.shank.massFraction.value + t.foot.massFraction.value);
      expect(Math.abs(total - 1)).toBeLessThan(2e-4);
      // The trunk sub-segments make up the trunk.
      const parts = t.upperTrunk.massFraction.value + t.middleTrunk.massFraction.value + t.lowerTrunk.massFraction.value;
      expect(parts).toBeCloseTo(t.trunk.massFraction.value, 10);
      const lengths = t.upperTrunk.lengthFraction.value + t.middleTrunk.lengthFraction.value + t.lowerTrunk.lengthFraction.value;
      expect(lengths).toBeCloseTo(t.trunk.lengthFraction.value, 10);
    }
  });

  it('matches the values listed in SCIENCE.md', () => {
    expect(DE_LEVA_1996.male.head.massFraction.value).toBeCloseTo(0.0694, 12);
    expect(DE_LEVA_1996.female.trunk.comFraction.value).toBeCloseTo(0.4151, 12);
    expect(DE_LEVA_1996.male.thigh.radiusLongitudinal.value).toBeCloseTo(0.149, 12);
    expect(DE_LEVA_1996.female.foot.radiusSagittal.value).toBeCloseTo(0.299, 12);
    expect(DE_LEVA_1996.female.hand.comFraction.value).toBeCloseTo(0.7474, 12);
    expect(DE_LEVA_1996.male.shank.radiusTransverse.value).toBeCloseTo(0.246, 12);
  });

  it('has radii of gyration below one segment length and ranges that span both sexes', () => {
    for (const sex of ['male', 'female'] as const) {
      for (const segment of segments) {
        const p = DE_LEVA_1996[sex][segment];
        for (const entry of [p.radiusSagittal, p.radiusTransverse, p.radiusLongitudinal, p.comFraction]) {
          expect(entry.value).toBeGreaterThan(0);
          expect(entry.value).toBeLessThan(1);
        }
        const male = DE_LEVA_1996.male[segment].massFraction.value;
        const female = DE_LEVA_1996.female[segment].massFraction.value;
        expect(p.massFraction.low).toBe(Math.min(male, female));
        expect(p.massFraction.high).toBe(Math.max(male, female));
      }
    }
  });
});

describe('Winter 2009 proportions and the foot', () => {
  it('stack the leg to Winter’s hip height', () => {
    const w = WINTER_2009_PROPORTIONS;
    expect(w.ankleHeight.value + w.shankLength.value + w.thighLength.value).toBeCloseTo(w.hipHeight.value, 12);
    expect(w.ankleHeight.value + w.shankLength.value).toBeCloseTo(w.kneeHeight.value, 12);
  });

  it('keeps the Dempster/Winter foot in the same mass range as de Leva', () => {
    expect(DEMPSTER_WINTER_2009.foot.massFraction).toBeGreaterThan(DE_LEVA_1996.female.foot.massFraction.value);
    expect(DEMPSTER_WINTER_2009.foot.massFraction).toBeLessThan(0.02);
  });

  it('splits the foot mass completely and places the MTP joints at 63-73% of foot length', () => {
    const shares = FOOT_MASS_SHARES.talus.value + FOOT_MASS_SHARES.calcn.value + FOOT_MASS_SHARES.forefoot.value + FOOT_MASS_SHARES.toes.value;
    expect(shares).toBeCloseTo(1, 14);
    const foot = footLandmarks();
    expect(foot.firstMetatarsalHead[0]).toBeGreaterThanOrEqual(0.7);
    expect(foot.firstMetatarsalHead[0]).toBeLessThanOrEqual(0.75);
    expect(foot.fifthMetatarsalHead[0]).toBeLessThan(foot.firstMetatarsalHead[0]);
    // Oblique metatarsal break: lateral end more posterior, 15-40 deg from mediolateral.
    const [ax, ay, az] = foot.metatarsophalangealAxis;
    expect(Math.hypot(ax, ay, az)).toBeCloseTo(1, 14);
    const angle = Math.atan2(-ax, az) * (180 / Math.PI);
    expect(angle).toBeGreaterThan(15);
    expect(angle).toBeLessThan(40);
    // Segment order along the foot: heel, subtalar point, ankle, midtarsal, MTP, toe tip.
    expect(foot.heelPosterior[0]).toBeLessThan(foot.subtalar[0]);
    expect(foot.subtalar[0]).toBeLessThan(foot.ankle[0]);
    expect(foot.ankle[0]).toBeLessThan(foot.midtarsal[0]);
    expect(foot.midtarsal[0]).toBeLessThan(foot.metatarsophalangeal[0]);
    expect(foot.metatarsophalangeal[0]).toBeLessThan(foot.toeTip[0]);
  });
});
