import { describe, expect, it } from 'vitest';
import { FootwearSchema, parseFootwear, type FootwearInput } from './footwear-schema.js';
import { KinechainError } from '../core/errors.js';

const MIDSOLE = {
  name: 'EVA',
  compressiveModulusPa: 1.5e6,
  modulusRangePa: [0.8e6, 4e6] as [number, number],
  source: 'assumption',
};

const SHOE: FootwearInput = {
  name: 'test-shoe',
  description: 'a test shoe',
  source: 'assumption',
  layers: [{ name: 'midsole', material: MIDSOLE, thickness: { heelM: 0.02, archM: 0.02, forefootM: 0.02, toeM: 0.02 } }],
};

function failure(input: unknown): KinechainError {
  try {
    parseFootwear(input);
  } catch (error) {
    if (error instanceof KinechainError) return error;
    throw error;
  }
  throw new Error('expected parseFootwear to throw');
}

describe('footwear schema', () => {
  it('fills defaults: barefoot is an empty layer list; sole size as fractions of foot length', () => {
    const barefoot = parseFootwear({ name: 'barefoot', description: 'no sole', source: 'none' });
    expect(barefoot.layers).toEqual([]);
    expect(barefoot.insole).toEqual({ shape: 'flat' });
    expect(barefoot.length).toEqual({ unit: 'footLength', value: 1.04 });
    const shoe = parseFootwear({ ...SHOE, length: { unit: 'm', value: 0.29 } });
    expect(shoe.length).toEqual({ unit: 'm', value: 0.29 });
    expect(shoe.version).toBe(1);
  });

  it('every field carries a description with its unit or meaning', () => {
    const shape = FootwearSchema.shape;
    for (const key of Object.keys(shape) as (keyof typeof shape)[]) {
      expect(shape[key].description, key).toBeTruthy();
    }
  });

  it('a number out of range is OUT_OF_RANGE, naming the field, its meaning and the bound', () => {
    const error = failure({ ...SHOE, layers: [{ ...SHOE.layers![0], thickness: { heelM: 0.5, archM: 0.02, forefootM: 0.02, toeM: 0.02 } }] });
    expect(error.code).toBe('OUT_OF_RANGE');
    expect(error.message).toContain('layers[0].thickness.heelM = 0.5');
    expect(error.message).toContain('at most 0.08');
    expect(error.message).toContain('under the heel centre');
    expect(error.details?.issues).toEqual([expect.objectContaining({ path: ['layers', '0', 'thickness', 'heelM'] })]);
  });

  it('an unknown field is INVALID_SPEC and named', () => {
    const error = failure({ ...SHOE, rocker: { apexFraction: 0.6, toeRockerAngleRad: 0.2, apexAngle: 1 } });
    expect(error.code).toBe('INVALID_SPEC');
    expect(error.message).toContain('rocker: unknown field "apexAngle"');
    expect(failure({ ...SHOE, colour: 'red' }).message).toContain('unknown field "colour"');
  });

  it('wrong types and missing fields say what was expected and what came', () => {
    const error = failure({ ...SHOE, heelMarginM: '8 mm' });
    expect(error.message).toContain('heelMarginM: expected number, got string "8 mm"');
    expect(failure({ description: 'x', source: 'y' }).message).toContain('name: expected string, got nothing');
    expect(failure({ ...SHOE, length: { unit: 'cm', value: 29 } }).message).toContain('length.unit');
  });

  it('cross-field rules: rocker order, material range, heel zone layer, features that need a sole', () => {
    expect(failure({ ...SHOE, rocker: { apexFraction: 0.5, toeRockerAngleRad: 0.2, heelBevelFraction: 0.3, heelBevelAngleRad: 0 } }).message).toMatch(
      /rocker\.heelBevelAngleRad: give both/,
    );
    expect(failure({ ...SHOE, layers: [{ ...SHOE.layers![0], material: { ...MIDSOLE, modulusRangePa: [2e6, 4e6] } }] }).message).toMatch(
      /modulusRangePa: the range \[2000000, 4000000\] Pa must contain/,
    );
    const zone = {
      layer: 'footbed',
      innerHalfLengthM: 0.02,
      innerHalfWidthM: 0.015,
      innerMaterial: { ...MIDSOLE, compressiveModulusPa: 0.3e6, modulusRangePa: [0.1e6, 0.6e6] as [number, number] },
    };
    expect(failure({ ...SHOE, heelZone: zone }).message).toMatch(/heelZone\.layer: there is no layer named "footbed"; layers: midsole/);
    expect(failure({ ...SHOE, layers: [], heelZone: { ...zone, layer: 'midsole' } }).message).toMatch(/heelZone: needs a sole/);
    expect(failure({ ...SHOE, layers: [SHOE.layers![0], SHOE.layers![0]] }).message).toMatch(/used twice/);
    const empty = { ...SHOE.layers![0], thickness: { heelM: 0.01, archM: 0, forefootM: 0.01, toeM: 0.01 } };
    expect(failure({ ...SHOE, layers: [empty] }).message).toMatch(/zero thickness at thickness\.archM/);
  });
});
