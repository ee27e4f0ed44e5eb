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
 * The passive fibre strain at F0 is Thelen 2003's 0.6 unless a table gives the muscle a
 * value for the rigid-tendon evaluation (passive-fibre-strain.ts, withPassiveProperties).
 */
import type { MuscleLawSpec, PassiveLawSpec, TissueSpec, Vec3Tuple } from '../../spec/schema.js';
import { literature, type LiteratureValue } from '../literature-value.js';
import { THELEN_PASSIVE_STRAIN_AT_F0 } from './passive-fibre-strain.js';

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
  /** Fibre strain at which the passive fibre force reaches F0 (Thelen 2003's e0M; passive-fibre-strain.ts). */
  readonly passiveStrainAtF0: LiteratureValue;
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
    passiveStrainAtF0: THELEN_PASSIVE_STRAIN_AT_F0,
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
    passiveStrainAtF0: THELEN_PASSIVE_STRAIN_AT_F0,
    source,
  });
}

/**
 * A muscle's parameters with its passive properties replaced: the passive fibre strain at
 * F0 and, if given, the fibre length ratio in the reference pose (which sets where the
 * relaxed muscle starts to resist). Each change carries its own source.
 */
export function withPassiveProperties(
  parameters: MuscleParameters,
  changes: { readonly passiveStrainAtF0: LiteratureValue; readonly referenceFiberLengthRatio?: LiteratureValue },
): MuscleParameters {
  return Object.freeze({
    ...parameters,
    passiveStrainAtF0: changes.passiveStrainAtF0,
    referenceFiberLengthRatio: changes.referenceFiberLengthRatio ?? parameters.referenceFiberLengthRatio,
  });
}

/**
 * The muscle's reference fibre length ratio moved by `shift` inside its own published range
 * (literature() throws if the result leaves it), with the reason appended to its source.
 */
export function shiftedReferenceRatio(parameters: MuscleParameters, shift: number, reason: string): LiteratureValue {
  const ratio = parameters.referenceFiberLengthRatio;
  const low = ratio.low ?? ratio.value;
  const high = ratio.high ?? ratio.value;
  let value = ratio.value + shift;
  // A shift to an end of the range lands on it exactly (not 1e-16 outside by rounding).
  if (Math.abs(value - low) < 1e-9) value = low;
  if (Math.abs(value - high) < 1e-9) value = high;
  return literature(value, ratio.unit, `${ratio.source}; ${shift > 0 ? '+' : ''}${shift} from ${ratio.value}: ${reason}`, [low, high]);
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
    passiveStrainAtF0: parameters.passiveStrainAtF0.value,
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
      wraps: tissue.path.wraps.map((wrap) =>
        wrap.type === 'cylinder'
          ? {
              ...wrap,
              name: mirrorName(wrap.name),
              body: mirrorName(wrap.body),
              center: mirrorPoint(wrap.center),
              axis: mirrorAxis(wrap.axis),
            }
          : {
              ...wrap,
              name: mirrorName(wrap.name),
              body: mirrorName(wrap.body),
              center: mirrorPoint(wrap.center),
              // With M = diag(1, 1, -1): R' = M R M, and the ellipsoid's own z flips.
              rotation: wrap.rotation.map((value, k) => ((k < 6) !== (k % 3 < 2) ? -value : value)),
              side: wrap.side && wrap.side.axis === 'z' ? { axis: 'z' as const, sign: wrap.side.sign === 1 ? (-1 as const) : (1 as const) } : wrap.side,
            },
      ),
    },
    seriesOf: tissue.seriesOf.map(mirrorName),
  };
}
