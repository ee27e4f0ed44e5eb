/**
 * compileTissues(spec, skeleton) -> TissueModel: tissue paths (points, wrapping cylinders)
 * and force laws as flat arrays.
 *
 * Checks (each a KinechainError('INVALID_SPEC') naming the tissue at fault):
 * - tissue names unique; a muscle has a muscle law, a tendon/ligament/fascia a passive law;
 * - every path point and wrap cylinder is on a known body ("ground" allowed);
 * - a conditional point's activeRange and a moving point's components name coordinates
 *   of the model, the range has min <= max and the functions are valid (function-table-builder.ts);
 * - a wrap's `between` names two consecutive path points [i, i + 1] of its own path, at
 *   most one wrap per segment; its axis is not zero;
 * - seriesOf names muscles of the model, and only a passive-law tissue (a tendon) has it.
 *
 * Derived at compile, in the reference pose (every coordinate at its default value):
 * - tissueReferenceLength: the path length (forwardKinematics + pathLength);
 * - passive slack length, when slackLengthM is absent: L_ref / (1 + referenceStrain);
 * - muscle tendon slack length, when tendonSlackLengthM is absent: the tendon takes what
 *   the fibre does not, with the fibre at referenceFiberLengthRatio * L0 (rigid tendon):
 *     L_s = L_ref - sqrt((ratio L0)^2 - (L0 sin alpha0)^2)
 *   i.e. L_ref - ratio * L0 * cos(pennation at that fibre length), by the constant-thickness
 *   pennation model (hill-muscle.ts).
 */
import { KinechainError } from '../core/errors.js';
import { didYouMean } from '../core/math/edit-distance.js';
import { LawType, TissueKind, WrapKind, type SkeletonModel, type TissueModel } from '../core/model/model.js';
import { makeSkeletonData } from '../core/model/make-skeleton-data.js';
import { makeTissueData } from '../core/model/make-tissue-data.js';
import { forwardKinematics } from '../core/kinematics/forward-kinematics.js';
import { FunctionTableBuilder } from '../core/math/function-table-builder.js';
import { pathLength } from '../core/paths/path-length.js';
import type { ModelSpec, PathPointSpec, TissueSpec, WrapEllipsoidSpec } from './schema.js';

function invalid(message: string, details?: Record<string, unknown>): KinechainError {
  return new KinechainError('INVALID_SPEC', message, details);
}

function resolveBody(skeleton: SkeletonModel, tissue: TissueSpec, body: string, where: string): number {
  const index = skeleton.bodyIndex.get(body);
  if (index === undefined) {
    throw invalid(
      `tissue "${tissue.name}": ${where} is on unknown body "${body}"${didYouMean(body, skeleton.bodyName)}; ` +
        `use the name of a body of the model or "ground"`,
      { tissue: tissue.name, body, reason: 'UNKNOWN_NAME' },
    );
  }
  return index;
}

function resolveCoordinate(skeleton: SkeletonModel, tissue: TissueSpec, coordinate: string, where: string): number {
  const index = skeleton.coordinateIndex.get(coordinate);
  if (index === undefined) {
    throw invalid(
      `tissue "${tissue.name}": ${where} names unknown coordinate "${coordinate}"${didYouMean(coordinate, skeleton.coordinateName)}; ` +
        'use the name of a coordinate of the model',
      { tissue: tissue.name, coordinate, reason: 'UNKNOWN_NAME' },
    );
  }
  return index;
}

/** Arrays of the conditional and moving points, filled by compileVariablePoint. */
interface VariablePointArrays {
  pointActiveCoordinate: Int32Array;
  pointActiveRange: Float64Array;
  pointMovingCoordinate: Int32Array;
  pointMovingFunction: Int32Array;
  pointMovingRange: Float64Array;
  functions: FunctionTableBuilder;
}

/**
 * Writes the active range and moving components of path point `point` (global index);
 * returns whether it has either.
 */
function compileVariablePoint(
  skeleton: SkeletonModel,
  tissue: TissueSpec,
  pathPoint: PathPointSpec,
  where: string,
  point: number,
  arrays: VariablePointArrays,
): boolean {
  let variable = false;
  const range = pathPoint.activeRange;
  if (range !== undefined) {
    arrays.pointActiveCoordinate[point] = resolveCoordinate(skeleton, tissue, range.coordinate, `${where} activeRange`);
    if (!(Number.isFinite(range.min) && Number.isFinite(range.max) && range.min <= range.max)) {
      throw invalid(
        `tissue "${tissue.name}": ${where} has activeRange [${range.min}, ${range.max}]; give finite min <= max`,
        { tissue: tissue.name, activeRange: [range.min, range.max] },
      );
    }
    arrays.pointActiveRange[point * 2] = range.min;
    arrays.pointActiveRange[point * 2 + 1] = range.max;
    variable = true;
  }
  const moving = pathPoint.movingLocation;
  if (moving !== undefined) {
    const components = [moving.x, moving.y, moving.z];
    components.forEach((component, k) => {
      if (component === undefined) return;
      const what = `${where} movingLocation.${'xyz'[k]}`;
      const coordinate = resolveCoordinate(skeleton, tissue, component.coordinate, what);
      arrays.pointMovingCoordinate[point * 3 + k] = coordinate;
      arrays.pointMovingRange[point * 6 + k * 2] = skeleton.coordinateRange[coordinate * 2];
      arrays.pointMovingRange[point * 6 + k * 2 + 1] = skeleton.coordinateRange[coordinate * 2 + 1];
      arrays.pointMovingFunction[point * 3 + k] = arrays.functions.add(component.function, `tissue "${tissue.name}": ${what}`);
      variable = true;
    });
  }
  return variable;
}

function checkNamesAndLaws(spec: ModelSpec): Map<string, number> {
  const tissueIndex = new Map<string, number>();
  spec.tissues.forEach((tissue, i) => {
    if (tissueIndex.has(tissue.name)) {
      throw invalid(`duplicate tissue name "${tissue.name}"; tissue names must be unique`, { tissue: tissue.name });
    }
    tissueIndex.set(tissue.name, i);
    const isMuscle = tissue.kind === 'muscle';
    if (isMuscle && tissue.law.type !== 'muscle') {
      throw invalid(`tissue "${tissue.name}" is a muscle but has a "${tissue.law.type}" law; give it a muscle law`, {
        tissue: tissue.name,
      });
    }
    if (!isMuscle && tissue.law.type !== 'passive') {
      throw invalid(
        `tissue "${tissue.name}" is a ${tissue.kind} but has a muscle law; give it a passive law or make it a muscle`,
        { tissue: tissue.name },
      );
    }
  });
  return tissueIndex;
}

export function compileTissues(spec: ModelSpec, skeleton: SkeletonModel): TissueModel {
  const tissues = spec.tissues;
  const ntissue = tissues.length;
  const tissueIndex = checkNamesAndLaws(spec);

  let npoint = 0;
  let nwrap = 0;
  let nseries = 0;
  for (const tissue of tissues) {
    npoint += tissue.path.points.length;
    nwrap += tissue.path.wraps.length;
    nseries += tissue.seriesOf.length;
  }

  const tissueKind = new Int32Array(ntissue);
  const tissuePointAdr = new Int32Array(ntissue);
  const tissuePointNum = new Int32Array(ntissue);
  const pointBody = new Int32Array(npoint);
  const pointLocation = new Float64Array(npoint * 3);
  const pointLabel: string[] = [];
  const variablePoints: VariablePointArrays = {
    pointActiveCoordinate: new Int32Array(npoint).fill(-1),
    pointActiveRange: new Float64Array(npoint * 2),
    pointMovingCoordinate: new Int32Array(npoint * 3).fill(-1),
    pointMovingFunction: new Int32Array(npoint * 3).fill(-1),
    pointMovingRange: new Float64Array(npoint * 6),
    functions: new FunctionTableBuilder(),
  };
  const tissueHasVariablePoints = new Uint8Array(ntissue);
  const tissueWrapAdr = new Int32Array(ntissue);
  const tissueWrapNum = new Int32Array(ntissue);
  const wrapBody = new Int32Array(nwrap);
  const wrapCenter = new Float64Array(nwrap * 3);
  const wrapAxis = new Float64Array(nwrap * 3);
  const wrapRadius = new Float64Array(nwrap);
  const wrapSign = new Float64Array(nwrap);
  const wrapFirstPoint = new Int32Array(nwrap);
  const wrapKind = new Uint8Array(nwrap);
  const wrapRotation = new Float64Array(nwrap * 9);
  const wrapRadii = new Float64Array(nwrap * 3);
  const wrapSideAxis = new Int8Array(nwrap).fill(-1);
  const tissueLaw = new Int32Array(ntissue);
  const passiveStiffness = new Float64Array(ntissue);
  const passiveToeStrain = new Float64Array(ntissue);
  const passiveSlackLength = new Float64Array(ntissue);
  const passiveDamping = new Float64Array(ntissue);
  const muscleMaxIsometricForce = new Float64Array(ntissue);
  const muscleOptimalFiberLength = new Float64Array(ntissue);
  const muscleTendonSlackLength = new Float64Array(ntissue);
  const musclePennation = new Float64Array(ntissue);
  const muscleMaxContractionVelocity = new Float64Array(ntissue);
  const musclePassiveStrainAtF0 = new Float64Array(ntissue);
  const muscleTendonStrainAtF0 = new Float64Array(ntissue);
  const tissueSeriesAdr = new Int32Array(ntissue);
  const tissueSeriesNum = new Int32Array(ntissue);
  const seriesMuscle = new Int32Array(nseries);
  const tissueActsOnSkeleton = new Uint8Array(ntissue);
  const tissueReferenceLength = new Float64Array(ntissue);

  /** Checks an ellipsoid wrap and writes its arrays at index `at`. */
  const compileEllipsoid = (tissueName: string, ellipsoid: WrapEllipsoidSpec, at: number): void => {
    const where = { tissue: tissueName, wrap: ellipsoid.name };
    if (!ellipsoid.radiiM.every((radius) => radius > 0 && Number.isFinite(radius))) {
      throw invalid(
        `tissue "${tissueName}": ellipsoid wrap "${ellipsoid.name}" has radii [${ellipsoid.radiiM.join(', ')}]; give three positive semi-axes (m)`,
        where,
      );
    }
    if (!isRotation(ellipsoid.rotation)) {
      throw invalid(
        `tissue "${tissueName}": ellipsoid wrap "${ellipsoid.name}" rotation is not a rotation matrix; give an orthonormal ` +
          'row-major 3x3 R_body_ellipsoid with determinant +1',
        where,
      );
    }
    wrapKind[at] = WrapKind.ellipsoid;
    wrapCenter.set(ellipsoid.center, at * 3);
    wrapRotation.set(ellipsoid.rotation, at * 9);
    wrapRadii.set(ellipsoid.radiiM, at * 3);
    wrapSideAxis[at] = ellipsoid.side === null ? -1 : 'xyz'.indexOf(ellipsoid.side.axis);
    wrapSign[at] = ellipsoid.side === null ? 0 : ellipsoid.side.sign;
  };

  let point = 0;
  let wrap = 0;
  let series = 0;
  tissues.forEach((tissue, t) => {
    tissueKind[t] = TissueKind[tissue.kind];

    // ---- path points ----
    tissuePointAdr[t] = point;
    tissuePointNum[t] = tissue.path.points.length;
    tissue.path.points.forEach((pathPoint, k) => {
      const where = `path point ${k}${pathPoint.label ? ` (${pathPoint.label})` : ''}`;
      pointBody[point] = resolveBody(skeleton, tissue, pathPoint.body, where);
      pointLocation.set(pathPoint.location, point * 3);
      pointLabel.push(pathPoint.label ?? '');
      if (compileVariablePoint(skeleton, tissue, pathPoint, where, point, variablePoints)) tissueHasVariablePoints[t] = 1;
      point++;
    });

    // ---- wrapping cylinders ----
    tissueWrapAdr[t] = wrap;
    tissueWrapNum[t] = tissue.path.wraps.length;
    const wrappedSegments = new Set<number>();
    for (const cylinder of tissue.path.wraps) {
      const [first, second] = cylinder.between;
      const count = tissue.path.points.length;
      if (!(first >= 0 && second === first + 1 && second < count)) {
        throw invalid(
          `tissue "${tissue.name}": wrap "${cylinder.name}" has between [${first}, ${second}], which is not a segment ` +
            `of its path; give two consecutive path point indices [i, i + 1] with 0 <= i < ${count - 1}`,
          { tissue: tissue.name, wrap: cylinder.name, between: [first, second] },
        );
      }
      if (wrappedSegments.has(first)) {
        throw invalid(
          `tissue "${tissue.name}": more than one wrap on segment [${first}, ${second}] (wrap "${cylinder.name}"); ` +
            `split the segment with a via point and give each part its own wrap`,
          { tissue: tissue.name, wrap: cylinder.name },
        );
      }
      wrappedSegments.add(first);
      wrapFirstPoint[wrap] = tissuePointAdr[t] + first;
      if (cylinder.type === 'ellipsoid') {
        compileEllipsoid(tissue.name, cylinder, wrap);
        wrapBody[wrap] = resolveBody(skeleton, tissue, cylinder.body, `wrap "${cylinder.name}"`);
        wrap++;
        continue;
      }
      wrapRotation.set(IDENTITY, wrap * 9);
      const [ax, ay, az] = cylinder.axis;
      const axisLength = Math.hypot(ax, ay, az);
      if (!(axisLength > 1e-12)) {
        throw invalid(`tissue "${tissue.name}": wrap "${cylinder.name}" has a zero axis; give a nonzero direction`, {
          tissue: tissue.name,
          wrap: cylinder.name,
        });
      }
      wrapBody[wrap] = resolveBody(skeleton, tissue, cylinder.body, `wrap "${cylinder.name}"`);
      wrapCenter.set(cylinder.center, wrap * 3);
      wrapAxis[wrap * 3] = ax / axisLength;
      wrapAxis[wrap * 3 + 1] = ay / axisLength;
      wrapAxis[wrap * 3 + 2] = az / axisLength;
      wrapRadius[wrap] = cylinder.radiusM;
      wrapSign[wrap] = cylinder.sign;
      wrap++;
    }

    // ---- force law ----
    const law = tissue.law;
    if (law.type === 'passive') {
      tissueLaw[t] = LawType.passive;
      passiveStiffness[t] = law.stiffnessN;
      passiveToeStrain[t] = law.toeStrain;
      passiveDamping[t] = law.dampingNsPerM;
      if (!(law.referenceStrain > -1)) {
        throw invalid(
          `tissue "${tissue.name}": referenceStrain ${law.referenceStrain} must be greater than -1 (a length cannot be negative)`,
          { tissue: tissue.name },
        );
      }
    } else {
      tissueLaw[t] = LawType.muscle;
      muscleMaxIsometricForce[t] = law.maxIsometricForceN;
      muscleOptimalFiberLength[t] = law.optimalFiberLengthM;
      musclePennation[t] = law.pennationAngleRad;
      muscleMaxContractionVelocity[t] = law.maxContractionVelocity;
      musclePassiveStrainAtF0[t] = law.passiveStrainAtF0;
      muscleTendonStrainAtF0[t] = law.tendonStrainAtF0;
    }

    // ---- series tendons ----
    tissueSeriesAdr[t] = series;
    tissueSeriesNum[t] = tissue.seriesOf.length;
    if (tissue.seriesOf.length > 0 && law.type !== 'passive') {
      throw invalid(
        `tissue "${tissue.name}" is a muscle and cannot be seriesOf other muscles; only a tendon (passive law) can`,
        { tissue: tissue.name },
      );
    }
    const seen = new Set<string>();
    for (const muscleName of tissue.seriesOf) {
      const muscle = tissueIndex.get(muscleName);
      if (muscle === undefined) {
        throw invalid(
          `tissue "${tissue.name}": seriesOf names unknown tissue "${muscleName}"${didYouMean(muscleName, tissueIndex.keys())}; ` +
            `name muscles of the model`,
          { tissue: tissue.name, seriesOf: muscleName, reason: 'UNKNOWN_NAME' },
        );
      }
      if (tissues[muscle].kind !== 'muscle') {
        throw invalid(
          `tissue "${tissue.name}": seriesOf names "${muscleName}", which is a ${tissues[muscle].kind}, not a muscle; ` +
            `a tendon is in series with muscles only`,
          { tissue: tissue.name, seriesOf: muscleName },
        );
      }
      if (seen.has(muscleName)) {
        throw invalid(`tissue "${tissue.name}": seriesOf names "${muscleName}" twice; list each muscle once`, {
          tissue: tissue.name,
          seriesOf: muscleName,
        });
      }
      seen.add(muscleName);
      seriesMuscle[series++] = muscle;
    }
    tissueActsOnSkeleton[t] = tissue.seriesOf.length === 0 ? 1 : 0;
  });

  const model: TissueModel = {
    ntissue,
    tissueName: tissues.map((tissue) => tissue.name),
    tissueIndex,
    tissueKind,
    tissueRegion: tissues.map((tissue) => tissue.region),
    tissueSide: tissues.map((tissue) => tissue.side),
    tissueSource: tissues.map((tissue) => tissue.source),
    npoint,
    tissuePointAdr,
    tissuePointNum,
    pointBody,
    pointLocation,
    pointLabel,
    pointActiveCoordinate: variablePoints.pointActiveCoordinate,
    pointActiveRange: variablePoints.pointActiveRange,
    pointMovingCoordinate: variablePoints.pointMovingCoordinate,
    pointMovingFunction: variablePoints.pointMovingFunction,
    pointMovingRange: variablePoints.pointMovingRange,
    tissueHasVariablePoints,
    pathFunctions: variablePoints.functions.build(),
    nwrap,
    tissueWrapAdr,
    tissueWrapNum,
    wrapBody,
    wrapCenter,
    wrapAxis,
    wrapRadius,
    wrapSign,
    wrapFirstPoint,
    wrapKind,
    wrapRotation,
    wrapRadii,
    wrapSideAxis,
    tissueLaw,
    passiveStiffness,
    passiveToeStrain,
    passiveSlackLength,
    passiveDamping,
    muscleMaxIsometricForce,
    muscleOptimalFiberLength,
    muscleTendonSlackLength,
    musclePennation,
    muscleMaxContractionVelocity,
    musclePassiveStrainAtF0,
    muscleTendonStrainAtF0,
    tissueSeriesAdr,
    tissueSeriesNum,
    seriesMuscle,
    tissueActsOnSkeleton,
    tissueReferenceLength,
  };

  computeReferenceLengths(skeleton, model);
  deriveSlackLengths(spec, model);
  return model;
}

/** Path lengths with every coordinate at its default value, into model.tissueReferenceLength. */
function computeReferenceLengths(skeleton: SkeletonModel, model: TissueModel): void {
  if (model.ntissue === 0) return;
  const combined = { ...skeleton, ...model };
  const skeletonData = makeSkeletonData(skeleton);
  const q = new Float64Array(skeleton.coordinateDefault);
  forwardKinematics(skeleton, skeletonData, q);
  const data = { ...skeletonData, ...makeTissueData(combined) };
  pathLength(model, data);
  model.tissueReferenceLength.set(data.tissueLength);
}

function deriveSlackLengths(spec: ModelSpec, model: TissueModel): void {
  spec.tissues.forEach((tissue, t) => {
    const referenceLength = model.tissueReferenceLength[t];
    const law = tissue.law;
    if (!(referenceLength > 0)) {
      throw invalid(
        `tissue "${tissue.name}" has zero length in the reference pose (its path points coincide); move its points apart`,
        { tissue: tissue.name },
      );
    }
    if (law.type === 'passive') {
      model.passiveSlackLength[t] = law.slackLengthM ?? referenceLength / (1 + law.referenceStrain);
      return;
    }
    if (law.tendonSlackLengthM !== undefined) {
      model.muscleTendonSlackLength[t] = law.tendonSlackLengthM;
      return;
    }
    const fiberLength = law.referenceFiberLengthRatio * law.optimalFiberLengthM;
    const thickness = law.optimalFiberLengthM * Math.sin(law.pennationAngleRad);
    if (!(fiberLength > thickness)) {
      throw invalid(
        `tissue "${tissue.name}": a fibre of ${law.referenceFiberLengthRatio} optimal lengths is shorter than the muscle's ` +
          `thickness at pennation ${law.pennationAngleRad} rad; raise referenceFiberLengthRatio or give tendonSlackLengthM`,
        { tissue: tissue.name },
      );
    }
    const tendonSlack = referenceLength - Math.sqrt(fiberLength * fiberLength - thickness * thickness);
    if (!(tendonSlack > 0)) {
      throw invalid(
        `tissue "${tissue.name}": its path is ${referenceLength.toFixed(4)} m in the reference pose, too short for a fibre ` +
          `of ${fiberLength.toFixed(4)} m and a tendon; give tendonSlackLengthM or lower referenceFiberLengthRatio`,
        { tissue: tissue.name, referenceLength },
      );
    }
    model.muscleTendonSlackLength[t] = tendonSlack;
  });
}

const IDENTITY = [1, 0, 0, 0, 1, 0, 0, 0, 1];

/** Whether a row-major 3x3 matrix is a proper rotation (orthonormal to 1e-6, determinant +1). */
function isRotation(m: readonly number[]): boolean {
  for (let i = 0; i < 3; i++) {
    for (let j = 0; j < 3; j++) {
      const product = m[i * 3] * m[j * 3] + m[i * 3 + 1] * m[j * 3 + 1] + m[i * 3 + 2] * m[j * 3 + 2];
      if (!(Math.abs(product - (i === j ? 1 : 0)) < 1e-6)) return false;
    }
  }
  const determinant =
    m[0] * (m[4] * m[8] - m[5] * m[7]) - m[1] * (m[3] * m[8] - m[5] * m[6]) + m[2] * (m[3] * m[7] - m[4] * m[6]);
  return determinant > 0;
}
