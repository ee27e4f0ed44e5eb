/**
 * Building tissue specs from literature parameters, and mirroring right-side tissues to
 * the left.
 *
 * Muscles: maximum isometric force, optimal fibre length and pennation come from the
 * published model or study named in each entry. The tendon slack length is not copied:
 * the default body's paths are not the source model's paths, so copying it would put the
 * fibres at arbitrary lengths. Instead each muscle carries the normalised fibre length it
 * has in the source model's reference (standing) pose (`referenceFiberLengthRatio`), and
 * compile sets the tendon slack length so the fibre has that length in our reference pose.
 * The published tendon slack length is kept in the parameter table for comparison.
 * Optimal fibre lengths scale with stature (as OpenSim's scale tool scales them with the
 * muscle-tendon length); maximum isometric forces are not scaled with body size.
 */
import type { MuscleLawSpec, PassiveLawSpec, TissueSpec, Vec3Tuple } from '../../spec/schema.js';
import { literature, type LiteratureValue } from '../literature-value.js';

export interface MuscleParameters {
  readonly maxIsometricForceN: LiteratureValue;
  /** Optimal fibre length for a subject of `referenceStatureM`. */
  readonly optimalFiberLengthM: LiteratureValue;
  /** Stature of the source model's subject (m): optimal fibre length scales with H / this. */
  readonly referenceStatureM: number;
  readonly pennationAngleRad: LiteratureValue;
  /** Normalised fibre length in the reference (standing) pose. */
  readonly referenceFiberLengthRatio: LiteratureValue;
  /** Published tendon slack length at the reference stature (kept for comparison, not used to build). */
  readonly tendonSlackLengthM?: LiteratureValue;
  readonly source: string;
}

export interface PassiveParameters {
  /** Axial rigidity E*A in the linear region (N per unit strain). */
  readonly stiffnessN: LiteratureValue;
  /** Strain at which the toe region ends. */
  readonly toeStrain: LiteratureValue;
  /** Strain in the reference (standing) pose; sets the slack length at compile. */
  readonly referenceStrain: LiteratureValue;
  readonly source: string;
}

/** Stature of the Rajagopal 2016 generic model's subject (m, approximate). */
export const RAJAGOPAL_STATURE_M = 1.7;

/**
 * A muscle of the Rajagopal et al. 2016 model (IEEE TBME 63:2068; parameters from
 * Handsfield et al. 2014 volumes and Ward et al. 2009 architecture, specific tension
 * 60 N/cm^2). The reference fibre length ratio is the one the muscle has in that model's
 * default pose (straight-line path through its points, computed from the .osim file).
 * Ranges: force +/-30% (specific tension estimates span about 35-60 N/cm^2 and PCSA
 * varies between subjects), optimal fibre length +/-15%, pennation +/-0.1 rad, reference
 * ratio +/-0.1.
 */
export function rajagopalMuscle(
  osimNames: string,
  forceN: number,
  optimalFiberLengthM: number,
  tendonSlackLengthM: number,
  pennationRad: number,
  referenceRatio: number,
): MuscleParameters {
  const source = `Rajagopal et al. 2016, IEEE Trans Biomed Eng 63:2068 (${osimNames})`;
  return Object.freeze({
    maxIsometricForceN: literature(forceN, 'N', source, [forceN * 0.7, forceN * 1.3]),
    optimalFiberLengthM: literature(optimalFiberLengthM, 'm', source, [optimalFiberLengthM * 0.85, optimalFiberLengthM * 1.15]),
    referenceStatureM: RAJAGOPAL_STATURE_M,
    pennationAngleRad: literature(pennationRad, 'rad', source, [Math.max(0, pennationRad - 0.1), pennationRad + 0.1]),
    referenceFiberLengthRatio: literature(referenceRatio, 'fraction of optimal fibre length', `${source}: fibre length in the model's default pose`, [
      referenceRatio - 0.1,
      referenceRatio + 0.1,
    ]),
    tendonSlackLengthM: literature(tendonSlackLengthM, 'm', source),
    source,
  });
}

/** A muscle whose parameters are written out with their own ranges and sources. */
export function literatureMuscle(
  source: string,
  referenceStatureM: number,
  force: [number, number, number],
  optimalFiberLength: [number, number, number],
  pennation: [number, number, number],
  referenceRatio: [number, number, number] = [1, 0.9, 1.1],
  ratioSource = 'assumption: fibres near optimal length in standing',
): MuscleParameters {
  return Object.freeze({
    maxIsometricForceN: literature(force[0], 'N', source, [force[1], force[2]]),
    optimalFiberLengthM: literature(optimalFiberLength[0], 'm', source, [optimalFiberLength[1], optimalFiberLength[2]]),
    referenceStatureM,
    pennationAngleRad: literature(pennation[0], 'rad', source, [pennation[1], pennation[2]]),
    referenceFiberLengthRatio: literature(referenceRatio[0], 'fraction of optimal fibre length', ratioSource, [
      referenceRatio[1],
      referenceRatio[2],
    ]),
    source,
  });
}

export function passiveParameters(
  source: string,
  stiffness: [number, number, number],
  referenceStrain: [number, number, number] = [0, 0, 0.02],
  toeStrain: [number, number, number] = [0.03, 0.02, 0.04],
): PassiveParameters {
  return Object.freeze({
    stiffnessN: literature(stiffness[0], 'N per unit strain', source, [stiffness[1], stiffness[2]]),
    toeStrain: literature(toeStrain[0], 'strain', 'assumption: toe region of collagenous tissue ends at 2-4% strain', [toeStrain[1], toeStrain[2]]),
    referenceStrain: literature(referenceStrain[0], 'strain', 'assumption: strain in quiet standing', [referenceStrain[1], referenceStrain[2]]),
    source,
  });
}

export function muscleLaw(parameters: MuscleParameters, heightM: number): MuscleLawSpec {
  return {
    type: 'muscle',
    maxIsometricForceN: parameters.maxIsometricForceN.value,
    optimalFiberLengthM: (parameters.optimalFiberLengthM.value * heightM) / parameters.referenceStatureM,
    referenceFiberLengthRatio: parameters.referenceFiberLengthRatio.value,
    pennationAngleRad: parameters.pennationAngleRad.value,
    maxContractionVelocity: 10,
    passiveStrainAtF0: 0.6,
    tendonStrainAtF0: 0.033,
  };
}

export function passiveLaw(parameters: PassiveParameters, stiffnessN = parameters.stiffnessN.value): PassiveLawSpec {
  return {
    type: 'passive',
    stiffnessN,
    toeStrain: parameters.toeStrain.value,
    referenceStrain: parameters.referenceStrain.value,
    dampingNsPerM: 0,
  };
}

function mirrorName(name: string): string {
  if (name.endsWith('_r')) return `${name.slice(0, -2)}_l`;
  if (name.endsWith('_l')) return `${name.slice(0, -2)}_r`;
  return name;
}

function mirrorPoint(v: Vec3Tuple): Vec3Tuple {
  return [v[0], v[1], 0 - v[2]];
}

/** Mirrors a rotation sense (pseudo-vector) through the sagittal plane. */
function mirrorAxis(v: Vec3Tuple): Vec3Tuple {
  return [0 - v[0], 0 - v[1], v[2]];
}

/**
 * The left-side twin of a right-side tissue: names and bodies _r -> _l, every location
 * and cylinder centre z -> -z, cylinder axes mirrored as pseudo-vectors (-x, -y, z) so
 * the wrap sign keeps its meaning. Parameters are identical.
 */
export function mirrorTissue(tissue: TissueSpec): TissueSpec {
  return {
    ...tissue,
    name: mirrorName(tissue.name),
    side: tissue.side === 'r' ? 'l' : tissue.side === 'l' ? 'r' : 'midline',
    path: {
      points: tissue.path.points.map((point) => ({ ...point, body: mirrorName(point.body), location: mirrorPoint(point.location) })),
      wraps: tissue.path.wraps.map((wrap) => ({
        ...wrap,
        name: mirrorName(wrap.name),
        body: mirrorName(wrap.body),
        center: mirrorPoint(wrap.center),
        axis: mirrorAxis(wrap.axis),
      })),
    },
    seriesOf: tissue.seriesOf.map(mirrorName),
  };
}
