import { describe, expect, it } from 'vitest';
import { KinechainError } from '../core/errors.js';
import { ModelSpecSchema, type ModelSpecInput } from './schema.js';
import { compileSkeleton } from './compile-skeleton.js';
import { compileTissues } from './compile-tissues.js';
import { makeMuscleParameters, makeMuscleState, readMuscleParameters, rigidTendonMuscle } from '../core/tissues/hill-muscle.js';
import { twoLinkArmInput } from '../../test/fixtures/two-link-arm.js';
import { calfSeriesTendonInput } from '../../test/fixtures/calf-series-tendon.js';
import { buildTissueModel, lengthsAt } from '../../test/fixtures/tissue-model.js';

function compileInput(input: ModelSpecInput) {
  const spec = ModelSpecSchema.parse(input);
  return compileTissues(spec, compileSkeleton(spec));
}

/** Compiles `input` and returns the KinechainError it throws (fails the test if it does not throw one). */
function compileError(input: ModelSpecInput): KinechainError {
  try {
    compileInput(input);
  } catch (error) {
    expect(error).toBeInstanceOf(KinechainError);
    return error as KinechainError;
  }
  throw new Error('expected compileTissues to throw');
}

type TissueInput = NonNullable<ModelSpecInput['tissues']>[number];
type WrapInput = Extract<NonNullable<TissueInput['path']['wraps']>[number], { type: 'cylinder' }>;

function armWith(edit: (tissues: TissueInput[]) => void): ModelSpecInput {
  const input = twoLinkArmInput();
  edit(input.tissues as TissueInput[]);
  return input;
}

describe('compileTissues', () => {
  it('compiles an ellipsoid wrap into the wrap arrays and rejects bad radii or rotations', () => {
    const quarterTurn = [0, -1, 0, 1, 0, 0, 0, 0, 1];
    const withEllipsoid = (radiiM: [number, number, number], rotation: number[]) =>
      armWith((tissues) => {
        tissues[1].path.wraps = [
          { type: 'ellipsoid', name: 'elbow_ellipsoid', body: 'humerus', center: [0.01, -0.3, 0.002], rotation, radiiM, side: { axis: 'y', sign: -1 }, between: [0, 1] },
        ];
      });
    const model = compileInput(withEllipsoid([0.02, 0.03, 0.04], quarterTurn));
    expect(Array.from(model.wrapKind)).toEqual([1]);
    expect(Array.from(model.wrapCenter)).toEqual([0.01, -0.3, 0.002]);
    expect(Array.from(model.wrapRotation)).toEqual(quarterTurn);
    expect(Array.from(model.wrapRadii)).toEqual([0.02, 0.03, 0.04]);
    expect(Array.from(model.wrapSideAxis)).toEqual([1]);
    expect(Array.from(model.wrapSign)).toEqual([-1]);
    expect(model.wrapFirstPoint[0]).toBe(model.tissuePointAdr[1]);
    expect(compileError(withEllipsoid([0.02, 0, 0.04], quarterTurn)).message).toContain('three positive semi-axes');
    expect(compileError(withEllipsoid([0.02, 0.03, 0.04], [1, 0, 0, 0, 1, 0, 0, 0, -1])).message).toContain('not a rotation');
  });

  it('rejects a path point on an unknown body, naming the tissue and the body', () => {
    const error = compileError(armWith((tissues) => (tissues[0].path.points[1].body = 'humerous')));
    expect(error.code).toBe('INVALID_SPEC');
    expect(error.message).toContain('biceps_brachii');
    expect(error.message).toContain('"humerous"');
    expect(error.message).toContain('did you mean "humerus"');
  });

  it('rejects a wrap on an unknown body', () => {
    const error = compileError(
      armWith((tissues) => ((tissues[1].path.wraps as WrapInput[])[0].body = 'radius')),
    );
    expect(error.code).toBe('INVALID_SPEC');
    expect(error.message).toContain('triceps_brachii');
    expect(error.message).toContain('"radius"');
  });

  it('rejects wrap indices that are not a segment of the path', () => {
    for (const between of [[0, 2], [1, 2], [-1, 0], [1, 0], [0, 0]] as [number, number][]) {
      const error = compileError(armWith((tissues) => ((tissues[1].path.wraps as WrapInput[])[0].between = between)));
      expect(error.code).toBe('INVALID_SPEC');
      expect(error.message).toContain('triceps_brachii');
      expect(error.message).toContain('elbow_wrap');
    }
  });

  it('rejects two wraps on one segment and a zero wrap axis', () => {
    const twoWraps = armWith((tissues) => {
      const wraps = tissues[1].path.wraps as WrapInput[];
      wraps.push({ ...wraps[0], name: 'second_wrap' });
    });
    expect(compileError(twoWraps).message).toContain('more than one wrap');
    const zeroAxis = armWith((tissues) => ((tissues[1].path.wraps as WrapInput[])[0].axis = [0, 0, 0]));
    expect(compileError(zeroAxis).message).toContain('zero axis');
  });

  it('rejects seriesOf naming a non-muscle, an unknown tissue, or set on a muscle', () => {
    const input = calfSeriesTendonInput();
    (input.tissues as TissueInput[])[2].seriesOf = ['gastrocnemius', 'plantar_fascia'];
    const notMuscle = compileError(input);
    expect(notMuscle.code).toBe('INVALID_SPEC');
    expect(notMuscle.message).toContain('achilles_tendon');
    expect(notMuscle.message).toContain('plantar_fascia');
    expect(notMuscle.message).toContain('not a muscle');

    const unknown = calfSeriesTendonInput();
    (unknown.tissues as TissueInput[])[2].seriesOf = ['soleuss'];
    expect(compileError(unknown).message).toContain('did you mean "soleus"');

    const onMuscle = calfSeriesTendonInput();
    (onMuscle.tissues as TissueInput[])[0].seriesOf = ['soleus'];
    expect(compileError(onMuscle).message).toContain('gastrocnemius');
  });

  it('rejects duplicate names and a law that does not fit the kind', () => {
    const duplicate = armWith((tissues) => (tissues[2].name = 'biceps_brachii'));
    expect(compileError(duplicate).message).toContain('duplicate tissue name');
    const mismatch = armWith((tissues) => (tissues[2].kind = 'muscle'));
    expect(compileError(mismatch).message).toContain('elbow_ligament');
  });

  it('rejects a muscle path too short for its fibre when the tendon slack length is derived', () => {
    const error = compileError(
      armWith((tissues) => {
        const law = tissues[0].law as { optimalFiberLengthM: number };
        law.optimalFiberLengthM = 0.5;
      }),
    );
    expect(error.message).toContain('too short');
  });

  it('derives reference lengths and slack lengths at the reference pose', () => {
    const spec = ModelSpecSchema.parse(twoLinkArmInput());
    const { model, data } = buildTissueModel(spec);
    const lengths = lengthsAt(model, data, model.coordinateDefault);
    for (let t = 0; t < model.ntissue; t++) expect(model.tissueReferenceLength[t]).toBe(lengths[t]);

    const ligament = model.tissueIndex.get('elbow_ligament') as number;
    expect(model.passiveSlackLength[ligament]).toBeCloseTo(model.tissueReferenceLength[ligament] / 1.08, 15);

    // Biceps: tendon slack derived so the fibre is at 1.05 L0 in the reference pose.
    const biceps = model.tissueIndex.get('biceps_brachii') as number;
    const params = readMuscleParameters(model, biceps, makeMuscleParameters());
    const state = makeMuscleState();
    rigidTendonMuscle(params, model.tissueReferenceLength[biceps], 0, 0, state);
    expect(Math.abs(state.normalizedFiberLength - 1.05)).toBeLessThan(1e-12);
    // Triceps: given tendon slack length is kept.
    expect(model.muscleTendonSlackLength[model.tissueIndex.get('triceps_brachii') as number]).toBe(0.12);
    expect(Array.from(model.tissueActsOnSkeleton)).toEqual([1, 1, 1]);
  });

  it('normalises wrap axes and records global wrap point indices', () => {
    const input = armWith((tissues) => ((tissues[1].path.wraps as WrapInput[])[0].axis = [0, 0, 3]));
    const model = compileInput(input);
    expect(Array.from(model.wrapAxis)).toEqual([0, 0, 1]);
    expect(model.wrapFirstPoint[0]).toBe(model.tissuePointAdr[1]);
  });
});
