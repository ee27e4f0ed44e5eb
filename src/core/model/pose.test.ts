import { describe, expect, it } from 'vitest';
import { compileSkeleton } from '../../spec/compile-skeleton.js';
import { setPose } from './pose.js';
import { isKinechainError } from '../errors.js';
import { jointChainSpec } from '../../../test/fixtures/joint-chain.js';

const model = compileSkeleton(jointChainSpec());

function errorOf(action: () => unknown): { code: string; message: string } {
  try {
    action();
  } catch (error) {
    if (isKinechainError(error)) return { code: error.code, message: error.message };
    throw error;
  }
  throw new Error('expected an error');
}

describe('setPose', () => {
  it('starts from the defaults and sets named coordinates', () => {
    const q = setPose(model, { knee_angle: -0.5, pelvis_ty: 0.9 });
    expect(q.length).toBe(model.nq);
    for (let j = 0; j < model.nq; j++) {
      const name = model.coordinateName[j];
      const expected = name === 'knee_angle' ? -0.5 : name === 'pelvis_ty' ? 0.9 : model.coordinateDefault[j];
      expect(q[j]).toBe(expected);
    }
  });

  it('writes into a given buffer, resetting earlier values', () => {
    const out = new Float64Array(model.nq).fill(0.3);
    expect(setPose(model, { arm_flexion: 1 }, out)).toBe(out);
    expect(out[model.coordinateIndex.get('hip_flexion') as number]).toBe(0);
    expect(() => setPose(model, {}, new Float64Array(2))).toThrow(/coordinates/);
  });

  it('accepts the range ends', () => {
    expect(() => setPose(model, { knee_angle: -2.0 })).not.toThrow();
    expect(() => setPose(model, { knee_angle: 0.2 })).not.toThrow();
  });

  it('rejects unknown names listing close ones', () => {
    const error = errorOf(() => setPose(model, { knee_angel: 0 }));
    expect(error.code).toBe('UNKNOWN_NAME');
    expect(error.message).toContain('knee_angel');
    expect(error.message).toContain('knee_angle');
  });

  it('rejects NaN', () => {
    const error = errorOf(() => setPose(model, { hip_flexion: Number.NaN }));
    expect(error.code).toBe('NOT_FINITE');
    expect(error.message).toContain('hip_flexion');
  });

  it('rejects values outside the range naming the coordinate, value and range', () => {
    const error = errorOf(() => setPose(model, { knee_angle: 0.5 }));
    expect(error.code).toBe('OUT_OF_RANGE');
    expect(error.message).toContain('knee_angle');
    expect(error.message).toContain('0.5');
    expect(error.message).toContain('[-2, 0.2]');
    const translation = errorOf(() => setPose(model, { pelvis_tx: 3 }));
    expect(translation.message).toContain('[-2, 2] m');
  });
});
