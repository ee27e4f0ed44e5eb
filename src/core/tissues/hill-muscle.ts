/**
 * Hill-type muscle-tendon unit with the curves of Thelen (2003) and the pennation and
 * tendon arrangement of Zajac (1989).
 *
 * Sources:
 * - Thelen DG (2003). Adjustment of muscle mechanics model parameters to simulate dynamic
 *   contractions in older adults. J Biomech Eng 125:70-77. Active force-length (Gaussian,
 *   width gamma = 0.45), passive force-length (exponential, kPE, strain at F0 e0M = 0.6
 *   young / 0.5 old), force-velocity (Af = 0.25, Flen = 1.4 young / 1.8 old, maximum
 *   shortening velocity scaled by 0.25 + 0.75 a), tendon force-strain (exponential toe to
 *   0.33 F0, then linear, tendon strain at F0 e0T = 0.033; toe-end strain and linear slope
 *   as in OpenSim's Thelen2003Muscle so that f_T(e0T) = 1 with a continuous slope).
 * - Zajac FE (1989). Muscle and tendon: properties, models, scaling, and application to
 *   biomechanics and motor control. Crit Rev Biomed Eng 17:359-411. Fibre in series with
 *   tendon, fibre force projected on the tendon by cos(pennation), constant-thickness
 *   (constant-height) pennation: L_fibre * sin(alpha) = L0 * sin(alpha0).
 *
 * Units: lengths m, velocities m/s (lengthening positive), forces N. "Normalised" fibre
 * length is L_fibre / L0, normalised fibre velocity is v_fibre / (vmax * L0).
 *
 * Two evaluations:
 * - rigidTendonMuscle: tendon length = tendon slack length (fast; the static solvers use it).
 * - elasticTendonMuscleEquilibrium: static (fibre velocity 0) equilibrium between the
 *   Thelen tendon and the fibre along the tendon, solved for the fibre length by Newton's
 *   method inside a bracket.
 *
 * Nothing here allocates: results go into a caller-provided MuscleState.
 */
import type { TissueModel } from '../model/model.js';

/** Curve constants of Thelen 2003 (young adults) and the limits used with them. */
export const THELEN_2003_CURVES = {
  /** gamma: width of the Gaussian active force-length curve (Thelen 2003). */
  activeForceLengthWidth: 0.45,
  /**
   * kPE: exponential shape factor of the passive fibre curve. 4 is OpenSim's Thelen2003Muscle
   * default; implementations of Thelen 2003 use 4 to 5.
   */
  passiveShapeFactor: 4,
  /** Af: force-velocity shape factor (Thelen 2003). */
  forceVelocityShapeFactor: 0.25,
  /** Flen: maximum normalised lengthening force (Thelen 2003: 1.4 young, 1.8 old). */
  maxLengtheningForce: 1.4,
  /** Normalised tendon force at the end of the exponential toe (Thelen 2003). */
  tendonToeForce: 0.33,
  /** k_toe: exponential shape factor of the tendon toe (Thelen 2003). */
  tendonToeShapeFactor: 3,
  /**
   * Largest pennation angle: the fibre cannot shorten past cos(alpha) = 0.1, where the
   * constant-thickness model becomes singular (OpenSim Thelen2003Muscle default, acos 0.1).
   */
  maxPennationAngle: Math.acos(0.1),
  /** Shortest fibre for an unpennated muscle, in optimal fibre lengths (numerical floor). */
  minFiberLengthRatio: 0.01,
} as const;

const GAMMA = THELEN_2003_CURVES.activeForceLengthWidth;
const KPE = THELEN_2003_CURVES.passiveShapeFactor;
const EXP_KPE_MINUS_1 = Math.exp(KPE) - 1;
const AF = THELEN_2003_CURVES.forceVelocityShapeFactor;
const FLEN = THELEN_2003_CURVES.maxLengtheningForce;
const FTOE = THELEN_2003_CURVES.tendonToeForce;
const KTOE = THELEN_2003_CURVES.tendonToeShapeFactor;
const EXP_KTOE = Math.exp(KTOE);
const SIN_MAX_PENNATION = Math.sin(THELEN_2003_CURVES.maxPennationAngle);

/** Parameters of one muscle (as TissueModel stores them). */
export interface MuscleParameters {
  /** F0 (N). */
  maxIsometricForce: number;
  /** L0 (m). */
  optimalFiberLength: number;
  /** Tendon slack length (m). */
  tendonSlackLength: number;
  /** Pennation at optimal fibre length (rad). */
  pennation: number;
  /** Maximum shortening velocity (optimal fibre lengths per second). */
  maxContractionVelocity: number;
  /** e0M: fibre strain at which the passive force equals F0. */
  passiveStrainAtF0: number;
  /** e0T: tendon strain at F0. */
  tendonStrainAtF0: number;
}

/** The state of a muscle after an evaluation (all SI). */
export interface MuscleState {
  /** Force along the tendon, i.e. the tension the unit applies to its path (N). */
  tendonForce: number;
  /** Fibre length (m) and its projection on the tendon line (m). */
  fiberLength: number;
  fiberLengthAlongTendon: number;
  /** cos of the pennation angle. */
  cosPennation: number;
  /** L_fibre / L0. */
  normalizedFiberLength: number;
  /** v_fibre / (vmax L0), lengthening positive (0 in the static elastic evaluation). */
  normalizedFiberVelocity: number;
  /** Active and passive fibre forces along the fibre (N). */
  activeFiberForce: number;
  passiveFiberForce: number;
  /** Tendon length (m) and strain. */
  tendonLength: number;
  tendonStrain: number;
  /** Tendon force minus fibre force along the tendon at the returned state (N); 0 for a rigid tendon. */
  equilibriumResidual: number;
  /** Newton/bisection iterations used (elastic evaluation). */
  iterations: number;
}

export function makeMuscleState(): MuscleState {
  return {
    tendonForce: 0,
    fiberLength: 0,
    fiberLengthAlongTendon: 0,
    cosPennation: 1,
    normalizedFiberLength: 0,
    normalizedFiberVelocity: 0,
    activeFiberForce: 0,
    passiveFiberForce: 0,
    tendonLength: 0,
    tendonStrain: 0,
    equilibriumResidual: 0,
    iterations: 0,
  };
}

export function makeMuscleParameters(): MuscleParameters {
  return {
    maxIsometricForce: 0,
    optimalFiberLength: 0,
    tendonSlackLength: 0,
    pennation: 0,
    maxContractionVelocity: 0,
    passiveStrainAtF0: 0,
    tendonStrainAtF0: 0,
  };
}

/** Copies muscle `tissue`'s parameters from the model into `out` (no allocation). */
export function readMuscleParameters(model: TissueModel, tissue: number, out: MuscleParameters): MuscleParameters {
  out.maxIsometricForce = model.muscleMaxIsometricForce[tissue];
  out.optimalFiberLength = model.muscleOptimalFiberLength[tissue];
  out.tendonSlackLength = model.muscleTendonSlackLength[tissue];
  out.pennation = model.musclePennation[tissue];
  out.maxContractionVelocity = model.muscleMaxContractionVelocity[tissue];
  out.passiveStrainAtF0 = model.musclePassiveStrainAtF0[tissue];
  out.tendonStrainAtF0 = model.muscleTendonStrainAtF0[tissue];
  return out;
}

// ---------------------------------------------------------------------------------
// Curves (normalised)
// ---------------------------------------------------------------------------------

/** Active force-length, f_L = exp(-(l - 1)^2 / gamma); f_L(1) = 1. */
export function activeForceLength(normalizedFiberLength: number): number {
  const d = normalizedFiberLength - 1;
  return Math.exp((-d * d) / GAMMA);
}

export function activeForceLengthSlope(normalizedFiberLength: number): number {
  const d = normalizedFiberLength - 1;
  return ((-2 * d) / GAMMA) * Math.exp((-d * d) / GAMMA);
}

/**
 * Passive fibre force-length, f_PE = (exp(kPE (l - 1) / e0M) - 1) / (exp(kPE) - 1) for l > 1,
 * so f_PE(1 + e0M) = 1. Zero below optimal length (Thelen's formula would go slightly
 * negative there; a fibre cannot push).
 */
export function passiveFiberForceLength(normalizedFiberLength: number, passiveStrainAtF0: number): number {
  if (normalizedFiberLength <= 1) return 0;
  return (Math.exp((KPE * (normalizedFiberLength - 1)) / passiveStrainAtF0) - 1) / EXP_KPE_MINUS_1;
}

export function passiveFiberForceLengthSlope(normalizedFiberLength: number, passiveStrainAtF0: number): number {
  if (normalizedFiberLength <= 1) return 0;
  return ((KPE / passiveStrainAtF0) * Math.exp((KPE * (normalizedFiberLength - 1)) / passiveStrainAtF0)) / EXP_KPE_MINUS_1;
}

/**
 * Force-velocity multiplier f_V(v), v = fibre velocity / (maximum shortening velocity),
 * lengthening positive. Thelen 2003 gives velocity as a function of force; solved for the
 * force it reads
 *   v <= 0:  f_V = (1 + v) / (1 - v / Af)          (0 at v = -1, 1 at v = 0)
 *   v > 0:   f_V = (1 + c Flen) / (1 + c),  c = v (2 + 2/Af) / (Flen - 1)   (-> Flen as v -> inf)
 * Clamped at 0 for shortening faster than the maximum velocity.
 */
export function forceVelocity(normalizedFiberVelocity: number): number {
  const v = normalizedFiberVelocity;
  if (v <= 0) {
    if (v <= -1) return 0;
    return (1 + v) / (1 - v / AF);
  }
  const c = (v * (2 + 2 / AF)) / (FLEN - 1);
  return (1 + c * FLEN) / (1 + c);
}

/** Thelen 2003 toe-end strain for a tendon strain at F0 of e0T, chosen so that f_T(e0T) = 1 with a continuous slope. */
function tendonToeStrain(tendonStrainAtF0: number): number {
  return (99 * tendonStrainAtF0 * EXP_KTOE) / (166 * EXP_KTOE - 67);
}

/**
 * Normalised tendon force f_T(e) (Thelen 2003): exponential toe up to 0.33 F0, then
 * linear; f_T(e0T) = 1; force and slope continuous at the toe end; zero when slack.
 */
export function tendonForceStrain(tendonStrain: number, tendonStrainAtF0: number): number {
  if (tendonStrain <= 0) return 0;
  const toeStrain = tendonToeStrain(tendonStrainAtF0);
  if (tendonStrain <= toeStrain) return (FTOE / (EXP_KTOE - 1)) * (Math.exp((KTOE * tendonStrain) / toeStrain) - 1);
  const linearSlope = (1 - FTOE) / (tendonStrainAtF0 - toeStrain);
  return linearSlope * (tendonStrain - toeStrain) + FTOE;
}

export function tendonForceStrainSlope(tendonStrain: number, tendonStrainAtF0: number): number {
  if (tendonStrain <= 0) return 0;
  const toeStrain = tendonToeStrain(tendonStrainAtF0);
  if (tendonStrain <= toeStrain) {
    return ((FTOE / (EXP_KTOE - 1)) * (KTOE / toeStrain)) * Math.exp((KTOE * tendonStrain) / toeStrain);
  }
  return (1 - FTOE) / (tendonStrainAtF0 - toeStrain);
}

/** Inverse of tendonForceStrain: the strain carrying normalised force f (0 for f <= 0). */
export function tendonStrainFromForce(normalizedForce: number, tendonStrainAtF0: number): number {
  if (normalizedForce <= 0) return 0;
  const toeStrain = tendonToeStrain(tendonStrainAtF0);
  if (normalizedForce <= FTOE) {
    return (toeStrain / KTOE) * Math.log1p((normalizedForce * (EXP_KTOE - 1)) / FTOE);
  }
  const linearSlope = (1 - FTOE) / (tendonStrainAtF0 - toeStrain);
  return toeStrain + (normalizedForce - FTOE) / linearSlope;
}

// ---------------------------------------------------------------------------------
// Pennation (constant thickness)
// ---------------------------------------------------------------------------------

/** Muscle thickness h = L0 sin(alpha0) (m), constant as the fibre changes length. */
export function pennationThickness(params: MuscleParameters): number {
  return params.optimalFiberLength * Math.sin(params.pennation);
}

/**
 * Shortest fibre projection on the tendon (m): where the pennation reaches its maximum
 * (cos alpha = 0.1), or 1% of L0 for an unpennated muscle.
 */
export function minFiberLengthAlongTendon(params: MuscleParameters): number {
  const thickness = pennationThickness(params);
  const minFiberLength = Math.max(
    THELEN_2003_CURVES.minFiberLengthRatio * params.optimalFiberLength,
    thickness / SIN_MAX_PENNATION,
  );
  return Math.sqrt(minFiberLength * minFiberLength - thickness * thickness);
}

/** Fibre projection on the tendon (m) for a fibre of length `fiberLength`: sqrt(L^2 - h^2), i.e. L cos(alpha). */
export function fiberLengthAlongTendonOf(params: MuscleParameters, fiberLength: number): number {
  const thickness = pennationThickness(params);
  const squared = fiberLength * fiberLength - thickness * thickness;
  return squared > 0 ? Math.sqrt(squared) : 0;
}

/** Fills the fibre geometry and passive/active forces of `out` for a fibre projection x (m), activation a, fibre velocity. */
function setFiberState(
  params: MuscleParameters,
  thickness: number,
  fiberLengthAlongTendon: number,
  fiberVelocity: number,
  activation: number,
  out: MuscleState,
): void {
  const fiberLength = Math.sqrt(fiberLengthAlongTendon * fiberLengthAlongTendon + thickness * thickness);
  const normalizedLength = fiberLength / params.optimalFiberLength;
  // Thelen 2003: the maximum shortening velocity scales with activation, 0.25 + 0.75 a.
  const velocityScale = params.maxContractionVelocity * params.optimalFiberLength * (0.25 + 0.75 * activation);
  const normalizedVelocity = fiberVelocity / velocityScale;
  out.fiberLength = fiberLength;
  out.fiberLengthAlongTendon = fiberLengthAlongTendon;
  out.cosPennation = fiberLengthAlongTendon / fiberLength;
  out.normalizedFiberLength = normalizedLength;
  out.normalizedFiberVelocity = normalizedVelocity;
  out.activeFiberForce =
    params.maxIsometricForce * activation * activeForceLength(normalizedLength) * forceVelocity(normalizedVelocity);
  out.passiveFiberForce = params.maxIsometricForce * passiveFiberForceLength(normalizedLength, params.passiveStrainAtF0);
}

function clampActivation(activation: number): number {
  return activation < 0 ? 0 : activation > 1 ? 1 : activation;
}

/**
 * Rigid-tendon evaluation: the tendon stays at its slack length, the fibre takes up the
 * rest of the musculotendon length, fibre velocity = musculotendon velocity * cos(alpha).
 * Returns the tendon force (N). A unit shorter than tendon slack + minimum fibre keeps
 * the fibre at its minimum length (and zero fibre velocity).
 */
export function rigidTendonMuscle(
  params: MuscleParameters,
  musculotendonLength: number,
  musculotendonVelocity: number,
  activation: number,
  out: MuscleState,
): number {
  const a = clampActivation(activation);
  const thickness = pennationThickness(params);
  const minAlong = minFiberLengthAlongTendon(params);
  let along = musculotendonLength - params.tendonSlackLength;
  let alongVelocity = musculotendonVelocity;
  if (along < minAlong) {
    along = minAlong;
    alongVelocity = 0;
  }
  // d(fibre length)/dt = d(along)/dt * along / fibre = velocity * cos(alpha).
  const fiberLength = Math.sqrt(along * along + thickness * thickness);
  const fiberVelocity = (alongVelocity * along) / fiberLength;
  setFiberState(params, thickness, along, fiberVelocity, a, out);
  out.tendonLength = params.tendonSlackLength;
  out.tendonStrain = 0;
  out.tendonForce = (out.activeFiberForce + out.passiveFiberForce) * out.cosPennation;
  out.equilibriumResidual = 0;
  out.iterations = 0;
  return out.tendonForce;
}

/** Largest iteration count of the elastic-tendon equilibrium (Newton converges in < 10 in practice). */
const MAX_EQUILIBRIUM_ITERATIONS = 100;

/**
 * Static elastic-tendon equilibrium: find the fibre length for which the tendon force
 * f_T((L_MT - x) / L_s - 1) F0 equals the fibre force along the tendon
 * (a f_L + f_PE) F0 cos(alpha), with x = L_fibre cos(alpha) and fibre velocity 0.
 *
 * The residual R(x) = tendon force - fibre force along tendon is positive at the shortest
 * fibre (tendon stretched) and <= 0 when the tendon is at slack, so a root is bracketed in
 * [x_min, L_MT - L_s]; Newton steps that leave the bracket fall back to bisection.
 * Returns the tendon force (N). Edge cases (documented in `out.equilibriumResidual`):
 * - L_MT - L_s <= x_min: the tendon is slack even with the shortest fibre; force 0, fibre at x_min.
 * - R(x_min) <= 0: the fibre out-pulls the tendon even at its shortest; the fibre stays
 *   at x_min and the returned force is the tendon's.
 */
export function elasticTendonMuscleEquilibrium(
  params: MuscleParameters,
  musculotendonLength: number,
  activation: number,
  out: MuscleState,
): number {
  const a = clampActivation(activation);
  const thickness = pennationThickness(params);
  const maxForce = params.maxIsometricForce;
  const slack = params.tendonSlackLength;
  const e0T = params.tendonStrainAtF0;
  const e0M = params.passiveStrainAtF0;
  const optimal = params.optimalFiberLength;
  let lo = minFiberLengthAlongTendon(params);
  let hi = musculotendonLength - slack;

  if (hi <= lo) {
    setFiberState(params, thickness, lo, 0, a, out);
    finishElastic(out, musculotendonLength, lo, slack, e0T, maxForce, 0);
    return out.tendonForce;
  }

  let residual = equilibriumResidual(params, thickness, musculotendonLength, lo, a);
  if (residual <= 0) {
    setFiberState(params, thickness, lo, 0, a, out);
    finishElastic(out, musculotendonLength, lo, slack, e0T, maxForce, residual * maxForce);
    return out.tendonForce;
  }
  residual = equilibriumResidual(params, thickness, musculotendonLength, hi, a);
  if (residual >= 0) {
    // Fibre force is zero at a slack tendon: the unit is slack.
    setFiberState(params, thickness, hi, 0, a, out);
    finishElastic(out, musculotendonLength, hi, slack, e0T, maxForce, residual * maxForce);
    return out.tendonForce;
  }

  // Start from the rigid-tendon fibre, shortened by the tendon stretch its force would cause.
  let along = hi;
  {
    const fiberLength = Math.sqrt(hi * hi + thickness * thickness);
    const normalizedLength = fiberLength / optimal;
    const fiberForceAlongTendon =
      (a * activeForceLength(normalizedLength) + passiveFiberForceLength(normalizedLength, e0M)) * (hi / fiberLength);
    along = hi - slack * tendonStrainFromForce(fiberForceAlongTendon, e0T);
    if (!(along > lo && along < hi)) along = 0.5 * (lo + hi);
  }

  const tolerance = 1e-14;
  let iterations = 0;
  for (; iterations < MAX_EQUILIBRIUM_ITERATIONS; iterations++) {
    residual = equilibriumResidual(params, thickness, musculotendonLength, along, a);
    const slope = equilibriumResidualSlope;
    if (Math.abs(residual) <= tolerance) break;
    if (residual > 0) lo = along;
    else hi = along;
    if (hi - lo <= 1e-15 * musculotendonLength) break;
    let next = along - residual / slope;
    if (!(slope < 0) || !(next > lo && next < hi)) next = 0.5 * (lo + hi);
    along = next;
  }
  setFiberState(params, thickness, along, 0, a, out);
  finishElastic(out, musculotendonLength, along, slack, e0T, maxForce, residual * maxForce);
  out.iterations = iterations + 1;
  return out.tendonForce;
}

/** Slope dR/dx (per metre) of the last equilibriumResidual call (module scratch: no allocation). */
let equilibriumResidualSlope = 0;

/**
 * Normalised equilibrium residual R(x) = f_T(tendon strain) - (a f_L + f_PE) cos(alpha) at
 * fibre projection x (m); its slope in x goes to equilibriumResidualSlope.
 */
function equilibriumResidual(
  params: MuscleParameters,
  thickness: number,
  musculotendonLength: number,
  along: number,
  activation: number,
): number {
  const optimal = params.optimalFiberLength;
  const slack = params.tendonSlackLength;
  const e0M = params.passiveStrainAtF0;
  const e0T = params.tendonStrainAtF0;
  const fiberLength = Math.sqrt(along * along + thickness * thickness);
  const cosAlpha = along / fiberLength;
  const normalizedLength = fiberLength / optimal;
  const fiberForce = activation * activeForceLength(normalizedLength) + passiveFiberForceLength(normalizedLength, e0M);
  const fiberForceSlope =
    activation * activeForceLengthSlope(normalizedLength) + passiveFiberForceLengthSlope(normalizedLength, e0M);
  const tendonStrain = (musculotendonLength - along) / slack - 1;
  // d(fibre)/dx = cos(alpha); d(cos alpha)/dx = sin^2(alpha) / fibre.
  const sinSquared = 1 - cosAlpha * cosAlpha;
  equilibriumResidualSlope =
    -tendonForceStrainSlope(tendonStrain, e0T) / slack -
    ((fiberForceSlope / optimal) * cosAlpha * cosAlpha + (fiberForce * sinSquared) / fiberLength);
  return tendonForceStrain(tendonStrain, e0T) - fiberForce * cosAlpha;
}

function finishElastic(
  out: MuscleState,
  musculotendonLength: number,
  along: number,
  slack: number,
  e0T: number,
  maxForce: number,
  residualN: number,
): void {
  out.tendonLength = musculotendonLength - along;
  out.tendonStrain = out.tendonLength / slack - 1;
  out.tendonForce = maxForce * tendonForceStrain(out.tendonStrain, e0T);
  out.normalizedFiberVelocity = 0;
  out.equilibriumResidual = residualN;
  out.iterations = 0;
}
