/**
 * Stance phase of walking on a given sole: heel strike to toe-off of the right foot,
 * driven by the reference walking trial (library/walking-trial.ts; by default the copy
 * bundled with kinechain, so the analysis reads no file and runs in a browser), at n instants.
 *
 * At each instant:
 * 1. Pose. The trial's coordinates (pelvis tilt and translation, hips, knees, ankles,
 *    lumbar extension; OpenSim names, as the default body's) set q. The midtarsal and
 *    MTP angles are not taken from the trial: they are solved (steps 3 and 4).
 * 2. Contact. The static contact solve (static-foot-loading.ts, one solver reused for
 *    every instant, warm-started from the previous solve) places the foot (lift, tilt) so
 *    that the plantar contact carries the trial's vertical ground reaction force. The
 *    second condition is the rollover or the posture, whichever pitches the foot more:
 *    - rollover: the centre of pressure at a target that moves from
 *      WALKING_FOOT_MECHANICS.centerOfPressureAtHeelStrike to centerOfPressureAtToeOff
 *      (fractions of foot length) in proportion to the trial's own CoP progression (the
 *      trial's timing of the rollover; its absolute CoP positions are in the force
 *      plate's frame and not foot-relative). The rollover point s (a fraction of foot
 *      length along the sole of the foot) is turned into the horizontal distance from the
 *      raised back of the heel that the contact solve takes: s cos(h) behind the first
 *      metatarsal head (s_m), and s_m cos(h) + (s - s_m) ahead of it (toes lying flat);
 *    - posture: once the heel rises (step 3), the forefoot is given the trial's pitch
 *      (its pitch when flat, averaged over FOOT_FLAT_SPAN, plus the heel rise) and the
 *      centre of pressure is where the contact puts it. The posture is used when its
 *      centre of pressure lies at or ahead of the rollover target (the rollover alone would
 *      pitch the foot less than the trial's heel rise does), or when the rollover target
 *      cannot be reached at all. So the heel lifts off when the trial's heel does, and the
 *      load rolls onto the heads and toes with the foot's posture, not by a centre of
 *      pressure forced ahead of what the posture can carry.
 *    Early in stance (no heel rise yet) a target the contact cannot reach steps back (1%
 *    of foot length at a time) until the solve succeeds; both target and reached CoP are
 *    reported. On a sole, the solve rolls the sole on its rocker until its contact line
 *    lies under the CoP (sole pitch).
 * 3. MTP. The heel rise is the trial's: the nose-down pitch of the calcaneus at the
 *    trial's segment angles (forward kinematics of the leg), measured from its mean over
 *    the foot-flat span (FOOT_FLAT_SPAN), less HEEL_RISE_THRESHOLD_RAD (the trial's
 *    wobble over foot flat; it keeps the switch of step 2 continuous). The trial's foot is
 *    one rigid segment, so its pitch is taken as the forefoot's. The toes lie on the
 *    surface under them, so
 *      mtp = max(0, forefoot pitch - surface pitch),
 *    the surface pitch being the sole's (nose down when it rolls on its toe rocker; 0
 *    barefoot or on a flat sole), iterated with the sole's pitch. A rocker therefore needs
 *    less MTP dorsiflexion for the same heel rise.
 * 4. Midtarsal angle: the arch as a truss, tied by the plantar fascia and the plantar
 *    ligaments. The floor forces on the forefoot and toes (cells of the contact) have a
 *    moment M_arch about the midtarsal joint (pitch axis; + flattens the arch). The fascia,
 *    wrapped over the metatarsal heads (windlass: toe dorsiflexion lengthens its path),
 *    resists with F(L) r, F its tension-only law at its path length L(q) and r = dL/d
 *    (midtarsal angle) its moment arm; the long and short plantar ligaments and the spring
 *    ligament (library/plantar-ligaments.ts) resist with their tension-only springs below
 *    the joint. The midtarsal angle is the root of
 *      h(angle) = M_arch(angle) - F r - M_ligaments
 *    (M_arch re-solved by the contact at each trial angle), found by secant steps and an
 *    Illinois bracket to 1e-3 N m; at a range end the joint's stop carries the rest, and
 *    with no load on the forefoot the arch rests where its ties just become taut. The
 *    intrinsic and extrinsic toe and arch muscles are not in the balance, so the fascia
 *    and ligament forces are upper estimates of their shares of the arch load.
 * 5. Inverse dynamics (rnea) with the trial's velocities and accelerations and the
 *    ground reaction force (contact vertical force, trial's shear) applied to the
 *    calcaneus at the CoP, placed relative to the ankle as in the contact: net moments
 *    of the ankle, knee, hip and L5/S1. Achilles force = plantarflexor moment / Achilles
 *    moment arm (dL/d ankle angle of achilles_tendon_r; the other plantarflexors are not
 *    given a share, so it is an upper estimate). L5/S1 compression = the joint reaction
 *    along the lumbar axis from the weight above it (joint-reaction.ts) + the force of
 *    one equivalent trunk extensor (erector_spinae_lumbar's moment arm) or flexor
 *    (rectus_abdominis's) that carries the L5/S1 moment.
 * Outputs per instant: region pressures (kPa), plantar fascia force (N, BW) and strain,
 * MTP dorsiflexion, navicular height above the floor, Achilles force, joint moments,
 * L5/S1 compression; the summary gives peaks and their stance fractions.
 */
import { KinechainError } from '../core/errors.js';
import type { Data, Model } from '../core/model/model.js';
import { makeData } from '../core/model/make-data.js';
import { forwardKinematics } from '../core/kinematics/forward-kinematics.js';
import { tissuePathLength } from '../core/paths/path-length.js';
import { rnea } from '../core/dynamics/rnea.js';
import { jointBodyByName, jointReaction, makeJointReaction } from '../core/dynamics/joint-reaction.js';
import { passiveElasticForce } from '../core/tissues/passive-law.js';
import { placeBodies } from '../core/kinematics/joint-transform.js';
import { defaultPlantarLigaments, type PlantarLigamentParameters } from '../library/plantar-ligaments.js';
import { plantarLigamentMoment } from '../library/tissues/plantar-ligament-moment.js';
import { PLANTAR_REGION_NAMES, type PlantarRegion } from '../core/contact/foot-outline.js';
import type { Footwear } from '../spec/footwear-schema.js';
import { computeBodyGeometry } from '../library/body-geometry.js';
import { makeAttachments } from '../library/tissues/attachments.js';
import { footLandmarks } from '../library/foot-geometry.js';
import { bundledRightStancePhase } from '../library/bundled-walking-trial.js';
import { FOOT_FLAT_SPAN, HEEL_RISE_THRESHOLD_RAD, WALKING_FOOT_MECHANICS, type StancePhaseTrial } from '../library/walking-trial.js';
import { makeStaticFootLoading, type StaticFootLoadingResult } from './static-foot-loading.js';
import { makeFootPlacementFrame, noseDownPitch, placedFootPoint, setFootPlacementFrame } from './stance-kinematics.js';

/** Regions reported: the heel as a whole and its thirds, midfoot, forefoot (all heads), each head, hallux, lesser toes. */
export const STANCE_PRESSURE_REGIONS = [
  'heel',
  'heelMedial',
  'heelCentral',
  'heelLateral',
  'midfoot',
  'forefoot',
  'mth1',
  'mth2',
  'mth3',
  'mth4',
  'mth5',
  'hallux',
  'lesserToes',
] as const;
export type StancePressureRegion = (typeof STANCE_PRESSURE_REGIONS)[number];

/** The contact regions (foot-outline.ts) each reported region takes its peak from. */
const REGION_SOURCES: Readonly<Record<StancePressureRegion, readonly PlantarRegion[]>> = {
  heel: ['medialHeel', 'centralHeel', 'lateralHeel'],
  heelMedial: ['medialHeel'],
  heelCentral: ['centralHeel'],
  heelLateral: ['lateralHeel'],
  midfoot: ['midfoot'],
  forefoot: ['firstMetatarsalHead', 'secondMetatarsalHead', 'thirdMetatarsalHead', 'fourthMetatarsalHead', 'fifthMetatarsalHead'],
  mth1: ['firstMetatarsalHead'],
  mth2: ['secondMetatarsalHead'],
  mth3: ['thirdMetatarsalHead'],
  mth4: ['fourthMetatarsalHead'],
  mth5: ['fifthMetatarsalHead'],
  hallux: ['hallux'],
  lesserToes: ['lesserToes'],
};

export interface StancePhaseSetup {
  readonly footwear: Footwear;
  /** The trial; default: the reference walk bundled with kinechain (bundledRightStancePhase), resampled onto `instants` instants. */
  readonly trial?: StancePhaseTrial;
  /** Instants from heel strike to toe-off when the trial is read here (default 100). */
  readonly instants?: number;
  /** Side of the plantar contact cells (m); default 0.01 (coarser than standing, for speed). */
  readonly cellSizeM?: number;
  /**
   * Start each instant's solves from the previous instant's solution (default true). False
   * solves every instant from scratch (slower; the same results to the solves' tolerances).
   */
  readonly warmStart?: boolean;
  /** Plantar ligaments in the arch balance; default: the library's (plantar-ligaments.ts). [] leaves the fascia alone. */
  readonly plantarLigaments?: readonly PlantarLigamentParameters[];
}

/** Per-instant series, each [n]. */
export interface StancePhaseTimeSeries {
  readonly time: Float64Array;
  readonly stanceFraction: Float64Array;
  readonly verticalForceN: Float64Array;
  /** Vertical force the contact carries (N); equals verticalForceN to the solve's tolerance. */
  readonly contactVerticalForceN: Float64Array;
  /** Centre of pressure the contact reached, and the rollover's target; horizontal distance from the back of the heel / foot length. */
  readonly centerOfPressureFromHeel: Float64Array;
  readonly centerOfPressureTargetFromHeel: Float64Array;
  readonly peakPressureKPa: Readonly<Record<StancePressureRegion, Float64Array>>;
  readonly regionForceN: Readonly<Record<StancePressureRegion, Float64Array>>;
  readonly plantarFasciaForceN: Float64Array;
  readonly plantarFasciaStrain: Float64Array;
  /** Moment of the floor forces on the forefoot and toes about the midtarsal joint (N m; + flattens the arch). */
  readonly archMomentNm: Float64Array;
  /** The parts of it the plantar fascia and the plantar ligaments carry (N m); the joint's stop carries the rest. */
  readonly archFasciaMomentNm?: Float64Array;
  readonly archLigamentMomentNm?: Float64Array;
  readonly mtpDorsiflexionDeg: Float64Array;
  readonly midtarsalAngleDeg: Float64Array;
  readonly forefootPitchDeg: Float64Array;
  readonly solePitchDeg: Float64Array;
  readonly navicularHeightM: Float64Array;
  readonly achillesForceN: Float64Array;
  /** Net joint moments (N m): plantarflexor, knee extensor, hip extensor, L5/S1 extensor. */
  readonly anklePlantarflexorMomentNm: Float64Array;
  readonly kneeExtensorMomentNm: Float64Array;
  readonly hipExtensorMomentNm: Float64Array;
  readonly l5s1ExtensorMomentNm: Float64Array;
  readonly l5s1CompressionN: Float64Array;
}

export interface StancePhasePeak {
  readonly value: number;
  readonly stanceFraction: number;
}

export interface StancePhaseSummary {
  readonly peakPressureKPa: Readonly<Record<StancePressureRegion, number>>;
  readonly peakPressureTiming: Readonly<Record<StancePressureRegion, number>>;
  readonly plantarFasciaPeakForceBW: number;
  readonly plantarFasciaPeakForceTiming: number;
  readonly plantarFasciaPeakStrain: number;
  readonly mtp1PeakDorsiflexionDeg: number;
  readonly mtp1PeakDorsiflexionTiming: number;
  /** Peak MTP dorsiflexion over the instants at which the foot carries at least half the body weight (deg). */
  readonly mtp1PeakLoadedDorsiflexionDeg: number;
  readonly achillesPeakForceBW: number;
  readonly achillesPeakForceTiming: number;
  readonly l5s1PeakCompressionBW: number;
  readonly l5s1PeakCompressionTiming: number;
  readonly navicularMinimumHeightM: number;
  readonly ankleMomentPeak: StancePhasePeak;
  readonly kneeMomentPeak: StancePhasePeak;
  readonly hipMomentPeak: StancePhasePeak;
  /** Largest |contact vertical force - trial vertical force| over the instants (N). */
  readonly maxVerticalForceResidualN: number;
}

export interface StancePhaseResult {
  readonly footwear: string;
  readonly bodyWeightN: number;
  readonly trialSource: string;
  /** Contact solves run (the passes of the midtarsal / MTP / sole-pitch iteration and any CoP step-backs). */
  readonly contactSolves: number;
  /** Evaluations of the plantar contact over the whole stance phase (the cost of the contact solves). */
  readonly contactEvaluations?: number;
  readonly summary: StancePhaseSummary;
  readonly timeSeries: StancePhaseTimeSeries;
}

/** Trial coordinates copied into q (OpenSim names, the same in the default body). */
const TRIAL_COORDINATES = [
  'pelvis_tilt',
  'pelvis_tx',
  'pelvis_ty',
  'hip_flexion_r',
  'knee_angle_r',
  'ankle_angle_r',
  'hip_flexion_l',
  'knee_angle_l',
  'ankle_angle_l',
  'lumbar_extension',
] as const;

const DEG = 180 / Math.PI;

function requireIndex(map: ReadonlyMap<string, number>, name: string, what: string, modelName: string): number {
  const index = map.get(name);
  if (index === undefined) {
    throw new KinechainError('UNKNOWN_NAME', `model "${modelName}" has no ${what} "${name}"; the stance phase needs the default body`, { name });
  }
  return index;
}

/** Runs the stance phase on one sole. Allocates its workspace once, then solves every instant. */
export function analyzeStancePhase(model: Model, setup: StancePhaseSetup): StancePhaseResult {
  const trial = setup.trial ?? bundledRightStancePhase(setup.instants ?? 100);
  const n = trial.time.length;
  const subject = model.spec.subject;
  if (subject === undefined) {
    throw new KinechainError('INVALID_SPEC', `model "${model.name}" records no subject; build it with buildBody({ heightM, massKg, sex })`);
  }
  const coordinate = (name: string): number => requireIndex(model.coordinateIndex, name, 'coordinate', model.name);
  const body = (name: string): number => requireIndex(model.bodyIndex, name, 'body', model.name);
  const tissue = (name: string): number => requireIndex(model.tissueIndex, name, 'tissue', model.name);
  const trialSeries = TRIAL_COORDINATES.map((name) => {
    const series = trial.coordinates.get(name);
    if (series === undefined) throw new KinechainError('MALFORMED_INPUT', `the walking trial has no coordinate "${name}"`, { name });
    return { index: coordinate(name), series };
  });
  const ankle = coordinate('ankle_angle_r');
  const knee = coordinate('knee_angle_r');
  const hip = coordinate('hip_flexion_r');
  const lumbar = coordinate('lumbar_extension');
  const midtarsal = coordinate('midtarsal_angle_r');
  const mtp = coordinate('mtp_angle_r');
  const talus = body('talus_r');
  const calcaneus = body('calcn_r');
  const forefoot = body('forefoot_r');
  const toes = body('toes_r');
  const lumbarBody = jointBodyByName(model, 'lumbosacral');
  const fascia = tissue('plantar_fascia_r');
  const achilles = tissue('achilles_tendon_r');
  const extensor = tissue('erector_spinae_lumbar_r');
  const flexor = tissue('rectus_abdominis_r');
  const gravity = Math.hypot(model.gravity[0], model.gravity[1], model.gravity[2]);
  const bodyWeight = model.totalMass * gravity;

  const warmStart = setup.warmStart !== false;
  const ligaments = setup.plantarLigaments ?? defaultPlantarLigaments();
  const solver = makeStaticFootLoading(model, { side: 'r', footwear: setup.footwear, cellSizeM: setup.cellSizeM ?? 0.01 });
  const foundation = solver.foundation;
  const attachments = makeAttachments(computeBodyGeometry(subject.heightM, subject.sex));
  const navicularLocal = Float64Array.from(attachments.footLocation('forefoot_r', footLandmarks().navicularTuberosity));
  const midtarsalRange: [number, number] = [model.coordinateRange[2 * midtarsal], model.coordinateRange[2 * midtarsal + 1]];
  const mtpUpper = model.coordinateRange[2 * mtp + 1];
  const fasciaSlack = model.passiveSlackLength[fascia];
  const fasciaStiffness = model.passiveStiffness[fascia];
  const fasciaToe = model.passiveToeStrain[fascia];
  const metatarsalHeadFraction = footLandmarks().firstMetatarsalHeadContact[0];
  const copStart = WALKING_FOOT_MECHANICS.centerOfPressureAtHeelStrike.value;
  const copEnd = WALKING_FOOT_MECHANICS.centerOfPressureAtToeOff.value;
  const copTrialStart = trial.centerOfPressureX[0];
  const copTrialSpan = trial.centerOfPressureX[n - 1] - copTrialStart;
  if (!(Math.abs(copTrialSpan) > 1e-6)) {
    throw new KinechainError('MALFORMED_INPUT', "the trial's centre of pressure does not progress over stance; the rollover cannot be timed");
  }

  // Workspace, allocated once.
  const data: Data = makeData(model);
  const q = new Float64Array(model.coordinateDefault);
  const qd = new Float64Array(model.nq);
  const qdd = new Float64Array(model.nq);
  const external = new Float64Array(model.nbody * 6);
  const reaction = makeJointReaction(model);
  const frame = makeFootPlacementFrame();
  const point = new Float64Array(3);
  const centre = new Float64Array(3);
  const series = (): Float64Array => new Float64Array(n);
  const regionSeries = (): Record<StancePressureRegion, Float64Array> =>
    Object.fromEntries(STANCE_PRESSURE_REGIONS.map((name) => [name, series()])) as Record<StancePressureRegion, Float64Array>;
  const out = {
    time: Float64Array.from(trial.time),
    stanceFraction: Float64Array.from(trial.stanceFraction),
    verticalForceN: Float64Array.from(trial.groundForceY),
    contactVerticalForceN: series(),
    centerOfPressureFromHeel: series(),
    centerOfPressureTargetFromHeel: series(),
    peakPressureKPa: regionSeries(),
    regionForceN: regionSeries(),
    plantarFasciaForceN: series(),
    plantarFasciaStrain: series(),
    archMomentNm: series(),
    archFasciaMomentNm: series(),
    archLigamentMomentNm: series(),
    mtpDorsiflexionDeg: series(),
    midtarsalAngleDeg: series(),
    forefootPitchDeg: series(),
    solePitchDeg: series(),
    navicularHeightM: series(),
    achillesForceN: series(),
    anklePlantarflexorMomentNm: series(),
    kneeExtensorMomentNm: series(),
    hipExtensorMomentNm: series(),
    l5s1ExtensorMomentNm: series(),
    l5s1CompressionN: series(),
  };
  const regionCode = Object.fromEntries(
    STANCE_PRESSURE_REGIONS.map((name) => [name, REGION_SOURCES[name].map((source) => PLANTAR_REGION_NAMES.indexOf(source))]),
  ) as Record<StancePressureRegion, number[]>;

  // The fascia runs calcaneus -> forefoot -> toes, so its length depends on the midtarsal
  // and MTP angles only: after a full forward kinematics at the instant's pose, moving the
  // midtarsal angle re-places the forefoot and toes alone (bodies forefoot..toes, which must
  // be consecutive with no other body between them).
  const footTailOnly = toes === forefoot + 1;
  const fasciaLength = (): number => {
    if (footTailOnly) placeBodies(model, data, q, forefoot, toes + 1);
    else forwardKinematics(model, data, q);
    return tissuePathLength(model, data, fascia);
  };
  /**
   * Fascia tension (N), moment arm about the midtarsal joint (m) and length (m) at q with the
   * midtarsal angle `angle` (data must hold the forward kinematics of q's other angles).
   */
  const fasciaAt = (angle: number, result: number[]): void => {
    const h = 1e-5;
    q[midtarsal] = angle + h;
    data.q[midtarsal] = angle + h;
    const plus = fasciaLength();
    q[midtarsal] = angle - h;
    data.q[midtarsal] = angle - h;
    const minus = fasciaLength();
    q[midtarsal] = angle;
    data.q[midtarsal] = angle;
    const length = fasciaLength();
    result[0] = passiveElasticForce(length / fasciaSlack - 1, fasciaStiffness, fasciaToe);
    result[1] = (plus - minus) / (2 * h);
    result[2] = length;
  };
  const fascia3 = [0, 0, 0];
  const ankleSubtree = consecutiveSubtree(model, talus);
  const lumbarSubtree = consecutiveSubtree(model, lumbarBody);
  /** Moment (N m) of the plantar ligaments about the midtarsal joint at `angle` (+ raises the arch). */
  const ligamentMoment = (angle: number): number => plantarLigamentMoment(ligaments, angle);

  /**
   * Contact solve at q with the CoP at `horizontalFraction`. Late in stance the posture
   * may not let the contact carry the load that far forward; the target then steps back
   * by 1% of foot length until the solve succeeds (at most 40 steps), and the CoP the
   * foot reached is reported (centerOfPressureFromHeel) next to the target
   * (centerOfPressureTargetFromHeel).
   */
  let contactSolves = 0;
  let contactEvaluations = 0;
  // The step-back the first solve of an instant needed; the instant's later solves (other
  // arch angles) keep that target, so the arch balance sees one centre of pressure.
  let instantStepBack = -1;
  const solveContact = (
    load: number,
    horizontalFraction: number,
    instant: number,
    fraction: number,
    mtpAngle: number,
    fallback: StaticFootLoadingResult | null = null,
  ): StaticFootLoadingResult => {
    let lastError: KinechainError | null = null;
    // With a fallback (the heel-rise placement) there is no stepping back: the rollover
    // target is reached, or the posture places the foot.
    const lastStep = fallback !== null ? 0 : 40;
    for (let step = Math.max(0, instantStepBack); step <= lastStep && horizontalFraction - 0.01 * step > 0; step++) {
      contactSolves++;
      try {
        const solved = solver.solve({
          verticalLoadN: load,
          balance: { kind: 'centerOfPressure', fractionOfFootLength: horizontalFraction - 0.01 * step },
          q,
          forceToleranceN: 1e-6,
          momentToleranceNm: 1e-6,
          // Whether a rollover target is within reach decides the branch (step 2); with the
          // posture as the alternative, that is decided from the cold start, so that the arch
          // balance is one function of the arch angle in every run (a target near the limit
          // may converge from one start and not from another).
          warmStart: warmStart && fallback === null,
        });
        contactEvaluations += solved.contactEvaluations ?? 0;
        if (instantStepBack < 0) instantStepBack = step;
        return solved;
      } catch (error) {
        if (!(error instanceof KinechainError) || error.code !== 'DID_NOT_CONVERGE') throw error;
        lastError = error;
      }
    }
    if (fallback !== null) return fallback;
    throw new KinechainError(
      'DID_NOT_CONVERGE',
      `stance phase (${setup.footwear.name}), instant ${instant} of ${n} (${(100 * trial.stanceFraction[instant]).toFixed(0)}% of stance, ` +
        `${load.toFixed(0)} N, CoP at ${(100 * fraction).toFixed(0)}% of foot length, MTP ${(mtpAngle * DEG).toFixed(1)} deg): ` +
        (lastError?.message ?? ''),
      { instant },
    );
  };

  /** Contact solve at q with the foot's tilt given (its posture prescribed); the centre of pressure follows. */
  const solveTilted = (load: number, tiltRad: number): StaticFootLoadingResult => {
    contactSolves++;
    const solved = solver.solve({ verticalLoadN: load, balance: { kind: 'tilt', tiltRad }, q, forceToleranceN: 1e-6, warmStart });
    contactEvaluations += solved.contactEvaluations ?? 0;
    return solved;
  };
  // The forefoot's placed nose-down pitch when the foot is flat: its mean over the trial's
  // foot-flat span (solved before the heel rises), at first the reference pose's.
  forwardKinematics(model, data, model.coordinateDefault);
  let forefootFlatPitch = noseDownPitch(data, forefoot);
  let forefootFlatSum = 0;
  let forefootFlatCount = 0;
  const heelRiseThreshold = HEEL_RISE_THRESHOLD_RAD.value;

  // Heel rise: the calcaneus's nose-down pitch at the trial's segment angles, measured
  // from its mean over the trial's foot-flat span (the trial's model and the default body
  // need not agree on the foot's pitch at zero ankle angle).
  const heelRise = series();
  const [flatStart, flatEnd] = FOOT_FLAT_SPAN;
  let flatSum = 0;
  let flatCount = 0;
  for (let i = 0; i < n; i++) {
    q.set(model.coordinateDefault);
    for (const { index, series: s } of trialSeries) q[index] = s.value[i];
    forwardKinematics(model, data, q);
    heelRise[i] = noseDownPitch(data, calcaneus);
    if (trial.stanceFraction[i] >= flatStart && trial.stanceFraction[i] <= flatEnd) {
      flatSum += heelRise[i];
      flatCount++;
    }
  }
  if (flatCount === 0) throw new KinechainError('OUT_OF_RANGE', `the trial has no instant in its foot-flat span (${flatStart}-${flatEnd} of stance); use more instants`);
  for (let i = 0; i < n; i++) heelRise[i] -= flatSum / flatCount;

  // Warm start: each instant begins from the previous one's midtarsal angle and sole pitch
  // (and the contact solver from its previous placement); cold: from the neutral arch and
  // a flat sole, the contact solved from scratch.
  let midtarsalAngle = 0;
  let solePitch = 0;
  /** dh/d(midtarsal angle) of the last instant's root search (N m/rad), for the first secant step. */
  let archSlope = Number.NaN;
  for (let i = 0; i < n; i++) {
    if (!warmStart) {
      midtarsalAngle = 0;
      solePitch = 0;
      archSlope = Number.NaN;
    }
    q.set(model.coordinateDefault);
    qd.fill(0);
    qdd.fill(0);
    for (const { index, series: s } of trialSeries) {
      q[index] = s.value[i];
      qd[index] = s.velocity[i];
      qdd[index] = s.acceleration[i];
    }
    const load = trial.groundForceY[i];
    const fraction = copStart + ((copEnd - copStart) * (trial.centerOfPressureX[i] - copTrialStart)) / copTrialSpan;
    // Forefoot pitch above flat: the trial's heel rise past its foot-flat wobble.
    const forefootPitch = heelRise[i] - heelRiseThreshold;
    // The rollover point lies on the sole of the foot; the contact solve takes its
    // horizontal distance from the (raised) back of the heel.
    const pitchDown = Math.max(0, heelRise[i]);
    const horizontalFraction =
      fraction <= metatarsalHeadFraction
        ? fraction * Math.cos(pitchDown)
        : metatarsalHeadFraction * Math.cos(pitchDown) + (fraction - metatarsalHeadFraction);
    out.centerOfPressureTargetFromHeel[i] = horizontalFraction;
    let mtpAngle = 0;
    let result: StaticFootLoadingResult | null = null;
    let archMoment = 0;
    instantStepBack = -1;
    let evaluatedAngle = Number.NaN;

    /**
     * The contact at midtarsal angle `angle`, the toes lying on the surface (MTP from the
     * sole's pitch, iterated with it), and the arch's out-of-balance moment
     * h = M_arch - (fascia F r + ligaments) (N m; > 0: the load flattens the arch further).
     */
    const archImbalance = (angle: number): number => {
      q[midtarsal] = angle;
      // MTP angle at which data holds the forward kinematics of q (NaN: none yet at this angle).
      let kinematicsMtp = Number.NaN;
      let previousPitch = Number.NaN;
      let previousMiss = 0;
      for (let pass = 0; pass < 12; pass++) {
        // Toes lying on the surface: the sole's nose-down pitch is -solePitch.
        mtpAngle = Math.min(mtpUpper, Math.max(0, forefootPitch + solePitch));
        q[mtp] = mtpAngle;
        result = null;
        let tilted: StaticFootLoadingResult | null = null;
        if (forefootPitch > 0) {
          // The heel is rising: the forefoot takes the trial's pitch; if the centre of pressure
          // then lies at or ahead of the rollover target, that is the placement (the rollover
          // alone would pitch the foot less than the trial's heel rise), else the rollover's,
          // unless the posture cannot carry the load that far forward.
          forwardKinematics(model, data, q);
          kinematicsMtp = mtpAngle;
          tilted = solveTilted(load, noseDownPitch(data, forefoot) - (forefootFlatPitch + forefootPitch));
          if (tilted.centerOfPressureFromHeel >= horizontalFraction) result = tilted;
        }
        if (result === null) result = solveContact(load, horizontalFraction, i, fraction, mtpAngle, tilted);
        // The sole's pitch and the MTP angle settle together (fixed point p = G(p)); secant
        // steps on G(p) - p after the first pass (G is smooth: the rocker's roll).
        const settled = result.solePitchRad;
        const miss = settled - solePitch;
        if (Math.abs(miss) < 1e-7) {
          solePitch = settled;
          break;
        }
        let next = settled;
        if (Number.isFinite(previousPitch)) {
          const slope = (miss - previousMiss) / (solePitch - previousPitch);
          const secant = solePitch - miss / slope;
          if (Number.isFinite(secant) && Math.abs(secant - settled) < 4 * Math.abs(miss)) next = secant;
        }
        previousPitch = solePitch;
        previousMiss = miss;
        solePitch = next;
      }
      const contact = result as StaticFootLoadingResult;
      // Arch moment: floor forces on the forefoot and toes about the placed midtarsal joint centre.
      if (kinematicsMtp !== mtpAngle) forwardKinematics(model, data, q);
      setFootPlacementFrame(data, talus, calcaneus, frame);
      placedFootPoint(data, forefoot, [0, 0, 0], frame, contact.footLiftM, contact.footTiltRad, centre);
      archMoment = 0;
      for (let c = 0; c < foundation.ncell; c++) {
        const cellBody = foundation.cellBody[c];
        if (cellBody !== forefoot && cellBody !== toes) continue;
        const rx = foundation.cellContactPoint[3 * c] - centre[0];
        const ry = foundation.cellContactPoint[3 * c + 1] - centre[1];
        const rz = foundation.cellContactPoint[3 * c + 2] - centre[2];
        const fx = foundation.cellForce[3 * c];
        const fy = foundation.cellForce[3 * c + 1];
        const fz = foundation.cellForce[3 * c + 2];
        archMoment += frame.axis[0] * (ry * fz - rz * fy) + frame.axis[1] * (rz * fx - rx * fz) + frame.axis[2] * (rx * fy - ry * fx);
      }
      fasciaAt(angle, fascia3);
      evaluatedAngle = angle;
      return archMoment - fascia3[0] * fascia3[1] - ligamentMoment(angle);
    };

    midtarsalAngle = solveArchAngle(archImbalance, midtarsalAngle, archSlope, midtarsalRange, (slope) => {
      archSlope = slope;
    });
    if (evaluatedAngle !== midtarsalAngle) archImbalance(midtarsalAngle);
    if (result === null) throw new KinechainError('INTERNAL', 'stance instant was not solved');
    const solved = result as StaticFootLoadingResult;
    if (trial.stanceFraction[i] >= flatStart && trial.stanceFraction[i] <= flatEnd) {
      forwardKinematics(model, data, q);
      forefootFlatSum += noseDownPitch(data, forefoot) - solved.footTiltRad;
      forefootFlatCount++;
      forefootFlatPitch = forefootFlatSum / forefootFlatCount;
    }
    out.archMomentNm[i] = archMoment;
    out.archFasciaMomentNm[i] = fascia3[0] * fascia3[1];
    out.archLigamentMomentNm[i] = ligamentMoment(midtarsalAngle);
    out.plantarFasciaForceN[i] = fascia3[0];
    out.plantarFasciaStrain[i] = fascia3[2] / fasciaSlack - 1;
    out.mtpDorsiflexionDeg[i] = mtpAngle * DEG;
    out.midtarsalAngleDeg[i] = midtarsalAngle * DEG;
    out.forefootPitchDeg[i] = forefootPitch * DEG;
    out.solePitchDeg[i] = solved.solePitchRad * DEG;
    out.contactVerticalForceN[i] = solved.totalForceN[1];
    out.centerOfPressureFromHeel[i] = solved.centerOfPressureFromHeel;
    for (const name of STANCE_PRESSURE_REGIONS) {
      let peak = 0;
      let force = 0;
      for (const code of regionCode[name]) {
        peak = Math.max(peak, foundation.regionPeakPressure[code]);
        force += foundation.regionForce[code];
      }
      out.peakPressureKPa[name][i] = peak / 1000;
      out.regionForceN[name][i] = force;
    }

    // Navicular height (placed foot, at the solved angles; data holds the kinematics of q
    // from the last arch evaluation).
    setFootPlacementFrame(data, talus, calcaneus, frame);
    placedFootPoint(data, forefoot, navicularLocal, frame, solved.footLiftM, solved.footTiltRad, point);
    out.navicularHeightM[i] = point[1] - foundation.floorHeightM;

    // Moment arms by central differences of path lengths (data left at q afterwards by rnea).
    const h = 1e-5;
    const lengthAt = (coordinateIndex: number, value: number, tissueIndex: number, subtree: readonly [number, number] | null): number => {
      const saved = q[coordinateIndex];
      q[coordinateIndex] = value;
      // Only the bodies the coordinate moves (its joint's subtree), when they are consecutive.
      if (subtree !== null) placeBodies(model, data, q, subtree[0], subtree[1]);
      else forwardKinematics(model, data, q);
      const length = tissuePathLength(model, data, tissueIndex);
      q[coordinateIndex] = saved;
      return length;
    };
    const achillesArm = (lengthAt(ankle, q[ankle] + h, achilles, ankleSubtree) - lengthAt(ankle, q[ankle] - h, achilles, ankleSubtree)) / (2 * h);
    if (ankleSubtree !== null) placeBodies(model, data, q, ankleSubtree[0], ankleSubtree[1]);
    const extensorArm = -(lengthAt(lumbar, q[lumbar] + h, extensor, lumbarSubtree) - lengthAt(lumbar, q[lumbar] - h, extensor, lumbarSubtree)) / (2 * h);
    const flexorArm = (lengthAt(lumbar, q[lumbar] + h, flexor, lumbarSubtree) - lengthAt(lumbar, q[lumbar] - h, flexor, lumbarSubtree)) / (2 * h);

    // Inverse dynamics: the ground reaction on the calcaneus at the CoP, placed relative to the ankle as in the contact.
    external.fill(0);
    const cop = solved.centerOfPressure;
    const px = cop[0];
    const py = cop[1] - solved.footLiftM;
    const pz = cop[2];
    const fx = trial.groundForceX[i];
    const fy = solved.totalForceN[1];
    const fz = trial.groundForceZ[i];
    const e = 6 * calcaneus;
    external[e] = py * fz - pz * fy;
    external[e + 1] = pz * fx - px * fz;
    external[e + 2] = px * fy - py * fx;
    external[e + 3] = fx;
    external[e + 4] = fy;
    external[e + 5] = fz;
    rnea(model, data, q, qd, qdd, external);
    const tau = data.generalizedForce;
    out.anklePlantarflexorMomentNm[i] = -tau[ankle];
    out.kneeExtensorMomentNm[i] = tau[knee];
    out.hipExtensorMomentNm[i] = -tau[hip];
    out.l5s1ExtensorMomentNm[i] = tau[lumbar];
    out.achillesForceN[i] = achillesArm > 0 ? Math.max(0, -tau[ankle]) / achillesArm : 0;
    data.tissueForce.fill(0);
    const lumbosacral = jointReaction(model, data, reaction, lumbarBody);
    const trunkMuscleForce = tau[lumbar] > 0 ? tau[lumbar] / extensorArm : -tau[lumbar] / flexorArm;
    out.l5s1CompressionN[i] = lumbosacral.compression + trunkMuscleForce;
  }

  const peakOf = (values: Float64Array): StancePhasePeak => {
    let best = 0;
    for (let i = 1; i < values.length; i++) if (values[i] > values[best]) best = i;
    return { value: values[best], stanceFraction: out.stanceFraction[best] };
  };
  const peakPressureKPa = {} as Record<StancePressureRegion, number>;
  const peakPressureTiming = {} as Record<StancePressureRegion, number>;
  for (const name of STANCE_PRESSURE_REGIONS) {
    const peak = peakOf(out.peakPressureKPa[name]);
    peakPressureKPa[name] = peak.value;
    peakPressureTiming[name] = peak.stanceFraction;
  }
  const fasciaPeak = peakOf(out.plantarFasciaForceN);
  const mtpPeak = peakOf(out.mtpDorsiflexionDeg);
  const achillesPeak = peakOf(out.achillesForceN);
  const compressionPeak = peakOf(out.l5s1CompressionN);
  let residual = 0;
  let navicularMinimum = Infinity;
  let loadedMtp = 0;
  for (let i = 0; i < n; i++) {
    if (out.verticalForceN[i] >= bodyWeight / 2) loadedMtp = Math.max(loadedMtp, out.mtpDorsiflexionDeg[i]);
    residual = Math.max(residual, Math.abs(out.contactVerticalForceN[i] - out.verticalForceN[i]));
    navicularMinimum = Math.min(navicularMinimum, out.navicularHeightM[i]);
  }
  return {
    footwear: setup.footwear.name,
    bodyWeightN: bodyWeight,
    trialSource: trial.source,
    contactSolves,
    contactEvaluations,
    summary: {
      peakPressureKPa,
      peakPressureTiming,
      plantarFasciaPeakForceBW: fasciaPeak.value / bodyWeight,
      plantarFasciaPeakForceTiming: fasciaPeak.stanceFraction,
      plantarFasciaPeakStrain: peakOf(out.plantarFasciaStrain).value,
      mtp1PeakDorsiflexionDeg: mtpPeak.value,
      mtp1PeakDorsiflexionTiming: mtpPeak.stanceFraction,
      mtp1PeakLoadedDorsiflexionDeg: loadedMtp,
      achillesPeakForceBW: achillesPeak.value / bodyWeight,
      achillesPeakForceTiming: achillesPeak.stanceFraction,
      l5s1PeakCompressionBW: compressionPeak.value / bodyWeight,
      l5s1PeakCompressionTiming: compressionPeak.stanceFraction,
      navicularMinimumHeightM: navicularMinimum,
      ankleMomentPeak: peakOf(out.anklePlantarflexorMomentNm),
      kneeMomentPeak: peakOf(out.kneeExtensorMomentNm),
      hipMomentPeak: peakOf(out.hipExtensorMomentNm),
      maxVerticalForceResidualN: residual,
    },
    timeSeries: out,
  };
}

/** The arch balance is solved when |h| is below this (N m); ~1e-5 deg of arch angle. */
const ARCH_MOMENT_TOLERANCE_NM = 1e-3;
const ARCH_ANGLE_TOLERANCE_RAD = 1e-9;

/**
 * The midtarsal angle at which the arch is in balance: the root of h(angle) = M_arch -
 * (fascia + ligaments) on [low, high], h falling as the arch flattens (its ties stretch).
 * From `start`: secant steps (the first with the previous instant's slope), the bracket
 * kept once found and closed by Illinois (bisection where h is exactly 0). Where h keeps
 * its sign to an end of the range, the joint's stop carries the rest: that end. Where h is
 * 0 over an interval (no load on the forefoot and every tie slack) the root is the
 * interval's upper end: the arch rests where its ties just become taut, as the unloaded
 * arch does, whatever the start.
 */
function solveArchAngle(
  h: (angle: number) => number,
  start: number,
  slopeGuess: number,
  range: readonly [number, number],
  reportSlope: (slope: number) => void,
): number {
  const [low, high] = range;
  // a: h >= 0 (the root lies at a larger angle); b: h < 0.
  let a = Number.NaN;
  let fa = 0;
  let b = Number.NaN;
  let fb = 0;
  let side = 0;
  let previousX = Number.NaN;
  let previousF = 0;
  let x = Math.min(high, Math.max(low, start));
  let step = 0.02;
  for (let k = 0; k < 80; k++) {
    const f = h(x);
    if (Number.isFinite(previousX) && x !== previousX) {
      const slope = (f - previousF) / (x - previousX);
      if (slope < 0) reportSlope(slope);
    }
    if (f !== 0 && Math.abs(f) < ARCH_MOMENT_TOLERANCE_NM) return x;
    if (f >= 0) {
      if (x >= high) return high;
      if (!Number.isFinite(a) || x > a) {
        a = x;
        fa = f;
      }
      if (side === 1) fb /= 2;
      side = 1;
    } else {
      if (x <= low) return low;
      if (!Number.isFinite(b) || x < b) {
        b = x;
        fb = f;
      }
      if (side === -1 && fa !== 0) fa /= 2;
      side = -1;
    }
    if (Number.isFinite(a) && Number.isFinite(b)) {
      if (b - a < ARCH_ANGLE_TOLERANCE_RAD) return fa === 0 ? a : Math.abs(fa) < Math.abs(fb) ? a : b;
      previousX = x;
      previousF = f;
      x = fa === 0 ? 0.5 * (a + b) : b - (fb * (b - a)) / (fb - fa);
      if (!(x > a && x < b)) x = 0.5 * (a + b);
      continue;
    }
    // No bracket yet: a secant (or slope-guess) step towards the root, else a growing step.
    let next: number;
    const slope = Number.isFinite(previousX) && x !== previousX ? (f - previousF) / (x - previousX) : slopeGuess;
    if (f !== 0 && slope < 0 && Number.isFinite(slope)) next = x - f / slope;
    else next = x + (f >= 0 ? step : -step);
    // Never less than a small move, and in the right direction.
    if (f >= 0 && !(next > x)) next = x + step;
    if (f < 0 && !(next < x)) next = x - step;
    step *= 2;
    previousX = x;
    previousF = f;
    x = Math.min(high, Math.max(low, next));
  }
  return x;
}

/**
 * The bodies a joint moves: [body, end) when body's descendants are exactly the bodies
 * after it up to end (the usual depth-first order), else null (use full kinematics).
 */
function consecutiveSubtree(model: Model, body: number): readonly [number, number] | null {
  const descends = (b: number): boolean => {
    for (let p = b; p >= 0; p = model.bodyParent[p]) if (p === body) return true;
    return false;
  };
  let end = body + 1;
  while (end < model.nbody && descends(end)) end++;
  for (let b = end; b < model.nbody; b++) if (descends(b)) return null;
  return [body, end];
}
