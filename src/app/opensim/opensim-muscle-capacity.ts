/**
 * The muscle "capacity" OpenSim's StaticOptimization works with: the force along the
 * tendon a muscle makes at full activation at the row's length and lengthening speed.
 * The optimisation takes each muscle's force as control * capacity, so the capacity sets
 * every activation. OpenSim changed how it computes it between versions:
 *
 * - OpenSim 3 and 4 (StaticOptimizationTarget::prepareToOptimize ->
 *   Thelen2003Muscle::calcInextensibleTendonActiveFiberForce(s, 1)): 'rigid-tendon'.
 *   The tendon stays at its slack length, the fibre takes the rest of the length
 *   (constant-thickness pennation), fibre speed = lengthening speed * cos(pennation), and
 *   the capacity is F0 f_L(l) f_V(v) cos(pennation) with the muscle's own Thelen shape
 *   factors (KshapeActive, Af, Flen) and OpenSim's linear extension of the force-velocity
 *   curve beyond fv_linear_extrap_threshold * Flen. No passive force.
 * - OpenSim 2 (ActivationFiberLengthMuscle::computeIsokineticForceAssumingInfinitelyStiffTendon(s, 1)):
 *   'isokinetic-elastic-tendon'. The isometric force at full activation, found by the
 *   static equilibrium of fibre and elastic tendon (Thelen2003Muscle::computeIsometricForce,
 *   OpenSim 2's Thelen curves, passive force included), times a generic force-velocity
 *   curve of the fibre shortening speed estimated as -cos(pennation at optimal) *
 *   lengthening speed / (Vmax L0):
 *     f_V(v) = 1.8 - 1.8 / (1 + exp((0.04 - v) / 0.18))            (f_V(0) = 0.9996).
 *   OpenSim 2's Thelen curves differ from OpenSim 4's: the passive fibre force is
 *   exp(kPE (l - 1) / e0M) / exp(kPE) at every length (not zero below l = 1; linear past
 *   l = 1 + e0M), and the tendon's toe ends at 0.609 e0T, 0.333333 F0, with a linear
 *   slope of 1.712 / e0T and 0.001 (1 + strain) added "so the tendon never goes slack".
 *   Results written by OpenSim 2 (documents of Version < 30000, such as the arm26 example)
 *   follow this formulation.
 *
 * Muscles that are not Thelen2003Muscles return NaN here: the caller then uses
 * kinechain's own rigid-tendon capacity (core/tissues/hill-muscle.ts).
 */
import type { OsimMuscleParameters, OsimThelenCurves } from '../../io/opensim/osim-model.js';

export type OpenSimMuscleCapacityModel = 'rigid-tendon' | 'isokinetic-elastic-tendon';

/** Largest pennation of OpenSim's constant-thickness pennation model (cos = 0.1). */
const MAX_PENNATION_SIN = Math.sin(Math.acos(0.1));
/** Shortest fibre, in optimal fibre lengths, of OpenSim's pennation model. */
const MIN_FIBER_LENGTH_RATIO = 0.01;

/**
 * Thelen 2003 force-velocity multiplier at full activation for a normalised fibre velocity
 * (lengthening positive, in Vmax L0), as OpenSim 3/4 invert it, with its linear extensions.
 */
export function thelenForceVelocity(normalizedVelocity: number, curves: OsimThelenCurves): number {
  const af = curves.forceVelocityShape;
  const flen = curves.maxLengtheningForce;
  const v = normalizedVelocity;
  if (v <= 0) {
    if (v > -1) return (1 + v) / (1 - v / af);
    // Past the maximum shortening speed: the velocity curve is extended linearly from
    // force 0, where dv/dF = 1 + 1/Af.
    return (v + 1) / (1 + 1 / af);
  }
  const slope = (2 + 2 / af) / (flen - 1);
  const threshold = curves.forceVelocityExtrapolationThreshold * flen;
  const c = v * slope;
  const force = (1 + c * flen) / (1 + c);
  if (force < threshold) return force;
  // Beyond threshold * Flen: v(F) continued along its tangent at the threshold.
  const b = slope * (flen - threshold);
  const velocityAtThreshold = (threshold - 1) / b;
  const velocityPerForce = 1 / b + ((threshold - 1) / (b * b)) * slope;
  return threshold + (v - velocityAtThreshold) / velocityPerForce;
}

/** OpenSim 3/4: rigid-tendon active fibre force along the tendon at full activation (N). */
export function rigidTendonCapacity(muscle: OsimMuscleParameters, curves: OsimThelenCurves, length: number, lengtheningSpeed: number): number {
  const optimal = muscle.optimalFiberLength;
  const thickness = optimal * Math.sin(muscle.pennationAngle);
  const minFiber = Math.max(MIN_FIBER_LENGTH_RATIO * optimal, thickness / MAX_PENNATION_SIN);
  const along = length - muscle.tendonSlackLength;
  const fiberLength = Math.sqrt(Math.max(along, 0) ** 2 + thickness * thickness);
  if (!(along > 0) || !(fiberLength > minFiber)) return 0;
  const cosPennation = along / fiberLength;
  const fiberVelocity = lengtheningSpeed * cosPennation;
  const normalizedLength = fiberLength / optimal;
  const activeForceLength = Math.exp(-((normalizedLength - 1) ** 2) / curves.activeShape);
  const forceVelocity = thelenForceVelocity(fiberVelocity / (optimal * muscle.maxContractionVelocity), curves);
  return muscle.maxIsometricForce * activeForceLength * forceVelocity * cosPennation;
}

/** OpenSim 2's Thelen passive fibre curve (normalised). */
function legacyPassiveForce(normalizedLength: number, strainAtF0: number, shape: number): number {
  if (normalizedLength > 1 + strainAtF0) {
    // exp(shape * 1) / exp(shape) = 1 at l = 1 + e0M; the slope there continues linearly.
    return 1 + (shape / strainAtF0) * (normalizedLength - (1 + strainAtF0));
  }
  return Math.exp((shape * (normalizedLength - 1)) / strainAtF0 - shape);
}

/** OpenSim 2's Thelen tendon curve (normalised), strain = (tendon length - slack) / slack. */
function legacyTendonForce(strain: number, strainAtF0: number): number {
  const toeStrain = 0.609 * strainAtF0;
  const toeForce = 0.333333;
  let force = 0;
  if (strain > toeStrain) force = (1.712 / strainAtF0) * (strain - toeStrain) + toeForce;
  else if (strain > 0) force = (toeForce * (Math.exp((3 * strain) / toeStrain) - 1)) / (Math.exp(3) - 1);
  return force + 0.001 * (1 + strain);
}

/** OpenSim 2's generic force-velocity curve of the normalised shortening speed. */
export function legacyForceVelocity(normalizedShorteningSpeed: number): number {
  return 1.8 - 1.8 / (1 + Math.exp((0.04 - normalizedShorteningSpeed) / 0.18));
}

/**
 * Tendon force minus fibre force along the tendon (normalised) at full activation when the
 * fibre's projection on the tendon is `along` (m): > 0 for a short fibre.
 */
function equilibriumResidual(muscle: OsimMuscleParameters, curves: OsimThelenCurves, length: number, along: number): number {
  const optimal = muscle.optimalFiberLength;
  const thickness = optimal * Math.sin(muscle.pennationAngle);
  const fiberLength = Math.sqrt(along * along + thickness * thickness);
  const normalizedLength = fiberLength / optimal;
  const active = Math.exp(-((normalizedLength - 1) ** 2) / curves.activeShape);
  const passive = Math.max(legacyPassiveForce(normalizedLength, muscle.passiveFiberStrainAtOneNormForce ?? 0.6, curves.passiveShape), 0);
  const cosPennation = fiberLength > 0 ? along / fiberLength : 1;
  const tendonStrain = (length - along) / muscle.tendonSlackLength - 1;
  return legacyTendonForce(tendonStrain, muscle.tendonStrainAtOneNormForce ?? 0.033) - (active + passive) * cosPennation;
}

/**
 * OpenSim 2: isometric elastic-tendon equilibrium force at full activation times the
 * generic force-velocity curve (N). The equilibrium is solved by bisection on the fibre's
 * projection x on the tendon, to rounding (OpenSim 2 stopped within 0.01 N).
 */
export function isokineticElasticTendonCapacity(
  muscle: OsimMuscleParameters,
  curves: OsimThelenCurves,
  length: number,
  lengtheningSpeed: number,
): number {
  const optimal = muscle.optimalFiberLength;
  const slack = muscle.tendonSlackLength;
  if (length < slack) return 0;
  let low = 0;
  let high = length - slack;
  if (equilibriumResidual(muscle, curves, length, high) >= 0) {
    low = high;
  } else {
    for (let iteration = 0; iteration < 200 && high - low > 1e-15 * length; iteration++) {
      const middle = 0.5 * (low + high);
      if (equilibriumResidual(muscle, curves, length, middle) > 0) low = middle;
      else high = middle;
    }
  }
  const along = 0.5 * (low + high);
  const isometric = muscle.maxIsometricForce * legacyTendonForce((length - along) / slack - 1, muscle.tendonStrainAtOneNormForce ?? 0.033);
  const shortening = (-Math.cos(muscle.pennationAngle) * lengtheningSpeed) / (muscle.maxContractionVelocity * optimal);
  return isometric * legacyForceVelocity(shortening);
}

/** The capacity of one muscle under `model` (N), or NaN when the muscle is not a Thelen2003Muscle. */
export function openSimMuscleCapacity(
  model: OpenSimMuscleCapacityModel,
  muscle: OsimMuscleParameters,
  length: number,
  lengtheningSpeed: number,
): number {
  const curves = muscle.thelenCurves;
  if (curves === undefined) return Number.NaN;
  return model === 'rigid-tendon'
    ? rigidTendonCapacity(muscle, curves, length, lengtheningSpeed)
    : isokineticElasticTendonCapacity(muscle, curves, length, lengtheningSpeed);
}
