/**
 * The default body driven by a walking trial: its own muscles, lines, plantar fascia and
 * L5/S1, loaded by the trial's motion and ground reactions. Every number is a model
 * prediction of the default body, not a measurement of the subject.
 *
 * Subject. The default body is built for the trial's subject: mass = the imported
 * model's total mass; height = 1.75 m scaled by the ratio of the imported model's leg
 * length (hip to ankle centre, reference pose) to the default body's at 1.75 m (the
 * default body's proportions are linear in height). Sex: as requested (default male).
 *
 * At each frame:
 * 1. Pose. Coordinates of the same name (library/opensim-muscle-mapping.ts,
 *    SHARED_GAIT_COORDINATES) take the trial's q, qd, qdd; the others stay at the
 *    reference pose with zero speed (e.g. the midtarsal and MTP joints, the arms). A
 *    trial with one trunk joint (lumbar_extension, pelvis to torso) has its angle shared
 *    by L5/S1 and T12/L1 in the thoracic-to-lumbar ratio of library/forward-bend-rhythm.ts.
 *    The trial's angles are taken from its model's reference (0 = standing upright, as
 *    gait10dof18musc and gait2392 define it; both models and the default body share the
 *    sign conventions), so a subject whose standing posture is not at 0 shifts the default
 *    body by that offset (a static trial of gait10dof18musc's subject01 solves to
 *    lumbar_extension -2.6 deg and pelvis_tilt -1.7 deg: its walking trunk flexion of
 *    14-26 deg on the pelvis is the subject's, not an offset).
 *    Hip flexors: by default the iliopsoas is split into the psoas major (lumbar origin)
 *    and the iliacus (pelvic origin; library/tissues/psoas-iliacus.ts): only the psoas's
 *    share of the hip flexion moment crosses L5/S1.
 * 2. Ground reactions. Each foot's load (all external wrenches on the trial's bodies of
 *    that side) is reduced to a force at the centre of pressure on the floor plane y = 0
 *    plus a free moment about the vertical. The centre of pressure is carried over to
 *    the default body relative to the foot: its offset from the ankle centre, in the
 *    trial's calcaneus frame, placed at the same offset from the default body's ankle in
 *    its calcaneus frame. The force is applied to the default foot segment under it:
 *    calcaneus, forefoot (ahead of the midtarsal joint) or toes (ahead of the MTP joints).
 * 3. Inverse dynamics (rnea) of the default body with those loads.
 * 4. Static optimisation of the default body: its muscles (rigid tendon, active and
 *    passive fibre force) and passive tissues share the generalised forces, minimising
 *    sum a^2 + sum u^2, with reserves (optimal force 1) on every joint coordinate and
 *    residuals on the pelvis. The midtarsal and MTP coordinates are not balanced by the
 *    optimisation: the floor holds the foot (as in the standing analyses), and the arch
 *    is solved as a truss (step 5). The residuals carry what the trial's planar motion and
 *    the default body's segments do not balance (reported).
 * 5. The arch as a truss tied by the plantar fascia and the plantar ligaments, balanced as
 *    the stance-phase analysis balances it (app/gait-arch-balance.ts): the midtarsal moment
 *    the loads require (step 3), less what the optimised muscles and the other tissues
 *    crossing the joint supply, is shared by the fascia (its passive law at the path
 *    length of the balanced arch angle) and the long plantar, short plantar and spring
 *    ligaments (library/plantar-ligaments.ts); the joint's stop carries what they cannot.
 *    A trial without MTP coordinates gets the MTP dorsiflexion from the heel rise (step
 *    1b), which winds the fascia over the metatarsal heads (windlass) as in the stance phase.
 * 6. L5/S1: the joint reaction of joint lumbosacral (core/dynamics/joint-reaction.ts) from
 *    gravity, the optimised tissue forces and the d'Alembert forces -m a of the bodies
 *    above it (centre-of-mass accelerations from the second derivative of the centres of
 *    mass along q + s qd + s^2/2 qdd). Rotational inertia of those bodies is left out
 *    (the trunk's angular accelerations in walking are small). Compression and anterior
 *    shear, N.
 * 7. Myofascial lines: the continuity solve of every line (core/solvers/chain-tension.ts)
 *    at the pose with the optimised activations.
 */
import { KinechainError } from '../core/errors.js';
import { jointBodyByName, jointReaction, makeJointReaction } from '../core/dynamics/joint-reaction.js';
import { rnea } from '../core/dynamics/rnea.js';
import { forwardKinematics } from '../core/kinematics/forward-kinematics.js';
import { makeData } from '../core/model/make-data.js';
import type { Data, Model, SkeletonData, SkeletonModel } from '../core/model/model.js';
import { solveChainTension } from '../core/solvers/chain-tension.js';
import { makeStaticOptimization, solveStaticOptimizationAtPose } from '../core/solvers/static-optimization.js';
import { computeBodyGeometry } from '../library/body-geometry.js';
import { buildBody, DEFAULT_SUBJECT, SUBJECT_LIMITS } from '../library/default-body.js';
import { FORWARD_BEND_RHYTHM } from '../library/forward-bend-rhythm.js';
import { STANCE_FORCE_THRESHOLD_N } from '../library/walking-reference.js';
import { FOOT_FLAT_SPAN, HEEL_RISE_THRESHOLD_RAD } from '../library/walking-trial.js';
import { noseDownPitch } from '../analyses/stance-kinematics.js';
import { SHARED_GAIT_COORDINATES, splitSide } from '../library/opensim-muscle-mapping.js';
import { compile } from '../spec/compile.js';
import { centerOfMassAccelerations, makeCenterOfMassScratch } from './gait-com-acceleration.js';
import { rootCoordinates } from './gait-imported-model.js';
import { makeArchBalance, makeArchBalanceResult, solveArchBalance } from './gait-arch-balance.js';
import { jointLoadBreakdown, tissueCompression, type JointLoadBreakdown } from './gait-l5s1-breakdown.js';
import type { GaitTrial } from './gait-trial.js';

export interface DefaultBodySubject {
  readonly heightM: number;
  readonly massKg: number;
  readonly sex: 'male' | 'female';
  /** How height and mass were found. */
  readonly basis: string;
}

export interface DefaultBodyGait {
  readonly subject: DefaultBodySubject;
  readonly model: Model;
  /** Coordinates driven by the trial (default body name = trial name). */
  readonly drivenCoordinates: readonly string[];
  /** Trial coordinates the default body has no counterpart of. */
  readonly unmappedTrialCoordinates: readonly string[];
  /** [nframe*ntrack] tension of each line track (N). */
  readonly trackTension: Float64Array;
  /** [nframe*2] plantar fascia tension (N), right then left. */
  readonly plantarFascia: Float64Array;
  /** [nframe*2] midtarsal moment the loads require (N m; negative flattens the arch... as the coordinate's sign). */
  readonly archMoment: Float64Array;
  /**
   * [nframe*2] the arch balance (gait-arch-balance.ts), right then left: the moment the
   * ties must carry (N m, > 0 flattens the arch), the fascia's and the plantar ligaments'
   * shares of it, what the joint's stop carries, and the midtarsal angle of the balance (rad).
   */
  readonly archTieMoment: Float64Array;
  readonly archFasciaMoment: Float64Array;
  readonly archLigamentMoment: Float64Array;
  readonly archStopMoment: Float64Array;
  readonly midtarsalAngle: Float64Array;
  /** [nframe] L5/S1 compression and anterior shear (N). */
  readonly l5s1Compression: Float64Array;
  /** [nframe] the tissues' share of the L5/S1 compression (N; the rest is gravity and the d'Alembert forces). */
  readonly l5s1TissueCompression: Float64Array;
  readonly l5s1AnteriorShear: Float64Array;
  /** [nframe*2] Achilles tendon and summed hamstrings force (N), right then left. */
  readonly achilles: Float64Array;
  readonly hamstrings: Float64Array;
  /** [nframe] largest |residual| on the pelvis (N or N m) and largest |reserve| on a joint (N m). */
  readonly maxResidual: Float64Array;
  readonly maxReserve: Float64Array;
  /** [nframe] largest equation residual of the optimisation. */
  readonly maxEquationResidual: Float64Array;
  readonly unconvergedLineFrames: number;
  /** At the frame of peak L5/S1 compression: the tissues crossing L5/S1 with the largest tensions (N). */
  readonly l5s1PeakTissues: readonly { readonly tissue: string; readonly tensionN: number }[];
  /** At the frame of peak L5/S1 compression: what the compression and shear are made of. */
  readonly l5s1PeakBreakdown: L5S1PeakBreakdown | null;
  /** The same breakdown at the frames asked for (options.breakdownFrames), in frame order. */
  readonly l5s1Breakdowns: readonly L5S1PeakBreakdown[];
  readonly notes: readonly string[];
}

/** The L5/S1 load at its peak frame, part by part (app/gait-l5s1-breakdown.ts). */
export interface L5S1PeakBreakdown extends JointLoadBreakdown {
  readonly frame: number;
  readonly timeS: number;
  /** Net moments the loads require at L5/S1, T12/L1 and the hips (inverse dynamics), by coordinate (N m). */
  readonly netMomentNm: Readonly<Record<string, number>>;
  /** Reserve actuators' share of them (N m). */
  readonly reserveMomentNm: Readonly<Record<string, number>>;
  /** The default body's lumbar and thoracic angles at that frame (deg). */
  readonly trunkAnglesDeg: Readonly<Record<string, number>>;
}

const SIDES = ['r', 'l'] as const;

function requireIndex(map: ReadonlyMap<string, number>, name: string, what: string): number {
  const index = map.get(name);
  if (index === undefined) throw new KinechainError('UNKNOWN_NAME', `the default body has no ${what} "${name}"`, { name });
  return index;
}

/** Distance between two bodies' origins at the model's reference pose, or undefined. */
function originDistance(model: SkeletonModel, data: SkeletonData, a: string, b: string): number | undefined {
  const ia = model.bodyIndex.get(a);
  const ib = model.bodyIndex.get(b);
  if (ia === undefined || ib === undefined) return undefined;
  forwardKinematics(model, data, model.coordinateDefault);
  const p = data.bodyPosition;
  return Math.hypot(p[3 * ia] - p[3 * ib], p[3 * ia + 1] - p[3 * ib + 1], p[3 * ia + 2] - p[3 * ib + 2]);
}

/** The subject the default body is built for. */
export function gaitSubject(trial: GaitTrial, sex: 'male' | 'female' = 'male', override: { heightM?: number; massKg?: number } = {}): DefaultBodySubject {
  const model = trial.model;
  let mass = 0;
  for (let b = 1; b < model.nbody; b++) mass += model.bodyMass[b];
  const leg = originDistance(model, trial.data, 'femur_r', 'talus_r');
  const geometry = computeBodyGeometry(DEFAULT_SUBJECT.heightM, sex);
  const defaultLeg = geometry.segmentLengthM.femur_r + geometry.segmentLengthM.tibia_r;
  const clamp = (value: number, [low, high]: readonly [number, number]) => Math.min(high, Math.max(low, value));
  const heightFromLeg = leg === undefined ? DEFAULT_SUBJECT.heightM : clamp((DEFAULT_SUBJECT.heightM * leg) / defaultLeg, SUBJECT_LIMITS.heightM);
  const heightM = override.heightM ?? heightFromLeg;
  const massKg = override.massKg ?? clamp(mass, SUBJECT_LIMITS.massKg);
  const basis =
    (override.massKg !== undefined ? 'mass given' : `mass = the imported model's total mass (${mass.toFixed(1)} kg)`) +
    '; ' +
    (override.heightM !== undefined
      ? 'height given'
      : leg === undefined
        ? 'height: the default (the imported model has no femur_r / talus_r to measure its leg)'
        : `height = ${DEFAULT_SUBJECT.heightM} m x imported leg length (hip to ankle, ${leg.toFixed(3)} m) / default leg length (${defaultLeg.toFixed(3)} m)`);
  return { heightM, massKg, sex, basis };
}

/** One side's foot load at a frame: force at the floor point, free moment, in the trial's calcaneus frame. */
interface FootLoad {
  active: boolean;
  readonly force: Float64Array; // [3] ground
  readonly offset: Float64Array; // [3] CoP - ankle centre, trial calcaneus frame
  freeMoment: number; // about ground Y
}

const MIN_VERTICAL_FORCE_N = 1;

/**
 * Reduces the external wrenches on the bodies of `side` to a force at the centre of
 * pressure on the floor plane y = 0 and a free vertical moment.
 */
function footLoad(trial: GaitTrial, frame: number, side: 'r' | 'l', calcn: number, ankle: number, out: FootLoad): void {
  const model = trial.model;
  const w = trial.externalWrench;
  const base = frame * model.nbody * 6;
  let mx = 0, my = 0, mz = 0, fx = 0, fy = 0, fz = 0;
  for (let b = 1; b < model.nbody; b++) {
    if (splitSide(model.bodyName[b])[1] !== side) continue;
    const o = base + 6 * b;
    mx += w[o]; my += w[o + 1]; mz += w[o + 2];
    fx += w[o + 3]; fy += w[o + 4]; fz += w[o + 5];
  }
  out.active = fy > MIN_VERTICAL_FORCE_N;
  out.force[0] = fx; out.force[1] = fy; out.force[2] = fz;
  if (!out.active) return;
  // M = p x F + (0, T, 0) with p = (px, 0, pz).
  const px = mz / fy;
  const pz = -mx / fy;
  out.freeMoment = my - (pz * fx - px * fz);
  const data = trial.data;
  const p = data.bodyPosition;
  const R = data.bodyRotation;
  const dx = px - p[3 * ankle], dy = -p[3 * ankle + 1], dz = pz - p[3 * ankle + 2];
  const r = 9 * calcn;
  out.offset[0] = R[r] * dx + R[r + 3] * dy + R[r + 6] * dz;
  out.offset[1] = R[r + 1] * dx + R[r + 4] * dy + R[r + 7] * dz;
  out.offset[2] = R[r + 2] * dx + R[r + 5] * dy + R[r + 8] * dz;
}

/**
 * MTP angles [nframe*2] (rad, right then left) from the heel rise of the default body at
 * the trial's pose (see step 1b of defaultBodyGait), or applied = false when the trial
 * drives the MTP joints itself.
 */
function windlassAngles(
  model: Model,
  data: Data,
  trial: GaitTrial,
  feet: readonly { readonly side: 'r' | 'l'; readonly calcn: number; readonly mtp: number }[],
  source: Int32Array,
  share: Float64Array,
): { applied: boolean; angle: Float64Array; peakRad: number } {
  const nframe = trial.time.length;
  const angle = new Float64Array(2 * nframe);
  if (feet.some((foot) => source[foot.mtp] >= 0)) return { applied: false, angle, peakRad: 0 };
  const tnq = trial.model.nq;
  const q = Float64Array.from(model.coordinateDefault);
  const pitch = new Float64Array(2 * nframe);
  const loaded = new Uint8Array(2 * nframe);
  for (let frame = 0; frame < nframe; frame++) {
    for (let j = 0; j < model.nq; j++) q[j] = source[j] < 0 ? model.coordinateDefault[j] : share[j] * trial.q[frame * tnq + source[j]];
    forwardKinematics(model, data, q);
    feet.forEach((foot, s) => {
      pitch[2 * frame + s] = noseDownPitch(data, foot.calcn);
      let vertical = 0;
      for (let b = 1; b < trial.model.nbody; b++) {
        if (splitSide(trial.model.bodyName[b])[1] === foot.side) vertical += trial.externalWrench[(frame * trial.model.nbody + b) * 6 + 4];
      }
      loaded[2 * frame + s] = vertical > STANCE_FORCE_THRESHOLD_N ? 1 : 0;
    });
  }
  forwardKinematics(model, data, model.coordinateDefault);
  const mtpUpper = (s: number) => model.coordinateRange[2 * feet[s].mtp + 1];
  let peakRad = 0;
  feet.forEach((foot, s) => {
    // Foot-flat pitch: the mean over FOOT_FLAT_SPAN of each complete stance (loaded after
    // and before an unloaded frame); else the reference pose's (foot flat on the floor).
    let sum = 0;
    let count = 0;
    let start = -1;
    for (let frame = 0; frame < nframe; frame++) {
      const on = loaded[2 * frame + s] === 1;
      if (on && start < 0) start = frame;
      if (!on && start >= 0) {
        if (start > 0) {
          const length = frame - 1 - start;
          for (let k = start; k < frame; k++) {
            const fraction = length > 0 ? (k - start) / length : 0;
            if (fraction >= FOOT_FLAT_SPAN[0] && fraction <= FOOT_FLAT_SPAN[1]) {
              sum += pitch[2 * k + s];
              count++;
            }
          }
        }
        start = -1;
      }
    }
    const flat = count > 0 ? sum / count : noseDownPitch(data, foot.calcn);
    for (let frame = 0; frame < nframe; frame++) {
      if (loaded[2 * frame + s] === 0) continue;
      const value = Math.min(mtpUpper(s), Math.max(0, pitch[2 * frame + s] - flat - HEEL_RISE_THRESHOLD_RAD.value));
      angle[2 * frame + s] = value;
      peakRad = Math.max(peakRad, value);
    }
  });
  return { applied: true, angle, peakRad };
}

export interface DefaultBodyGaitOptions {
  /**
   * 'trial' (default): the trial's trunk angles drive the default body's spine. 'reference':
   * the spine stays at its standing reference (for trials whose model's trunk reference
   * differs from the default body's, or to see the share of the trunk posture in the loads).
   */
  readonly trunk?: 'trial' | 'reference';
  readonly sex?: 'male' | 'female';
  readonly heightM?: number;
  readonly massKg?: number;
  /**
   * 'psoas-iliacus' (default): the iliopsoas split into the psoas major (lumbar origin) and
   * the iliacus (pelvic origin), library/tissues/psoas-iliacus.ts; 'iliopsoas': the default
   * body's lumped iliopsoas, all of whose force crosses L5/S1.
   */
  readonly hipFlexors?: 'iliopsoas' | 'psoas-iliacus';
  /** Frames at which to break the L5/S1 load down part by part (result.l5s1Breakdowns). */
  readonly breakdownFrames?: readonly number[];
  readonly onFrame?: (frame: number) => void;
}

export function defaultBodyGait(trial: GaitTrial, options: DefaultBodyGaitOptions = {}): DefaultBodyGait {
  const subject = gaitSubject(trial, options.sex ?? 'male', options);
  const hipFlexors = options.hipFlexors ?? 'psoas-iliacus';
  const model = compile(buildBody({ heightM: subject.heightM, massKg: subject.massKg, sex: subject.sex, hipFlexors }));
  const data: Data = makeData(model);
  const nq = model.nq;
  const trialModel = trial.model;
  const tnq = trialModel.nq;
  const notes: string[] = [
    hipFlexors === 'psoas-iliacus'
      ? "hip flexors: the iliopsoas split into the psoas major (lumbar origin; tissue iliopsoas_<side>) and the iliacus (pelvic origin; tissue iliacus_<side>), Rajagopal et al. 2016's strengths: only the psoas's share of the hip flexion moment crosses L5/S1"
      : "hip flexors: the default body's lumped iliopsoas (psoas and iliacus on the psoas's path from the lumbar spine): all of its force crosses L5/S1, an overestimate of the hip flexors' share of the compression",
  ];

  // 1. Coordinate map: source coordinate of the trial and the share of it taken.
  const source = new Int32Array(nq).fill(-1);
  const share = new Float64Array(nq).fill(1);
  const driven: string[] = [];
  for (const name of SHARED_GAIT_COORDINATES) {
    const j = model.coordinateIndex.get(name);
    const k = trialModel.coordinateIndex.get(name);
    if (j === undefined || k === undefined) continue;
    source[j] = k;
    driven.push(name);
  }
  const trunk = trialModel.coordinateIndex.get('lumbar_extension');
  const thoracic = model.coordinateIndex.get('thoracic_extension');
  const lumbar = model.coordinateIndex.get('lumbar_extension');
  if (trunk !== undefined) {
    let low = Infinity;
    let high = -Infinity;
    for (let frame = 0; frame < trial.time.length; frame++) {
      const angle = (180 / Math.PI) * trial.q[frame * tnq + trunk];
      low = Math.min(low, angle);
      high = Math.max(high, angle);
    }
    notes.push(
      `the trial's lumbar_extension spans ${low.toFixed(1)} .. ${high.toFixed(1)} deg (negative: trunk flexed on the pelvis); ` +
        (options.trunk === 'reference'
          ? "not applied (trunk 'reference'): the default body's spine stays at its standing reference angles"
          : "measured from the trial model's upright reference (0) and applied as flexion from the default body's standing reference; the trunk's forward lean it gives must be held by the spine's extensors, which raises L5/S1 compression (run with trunk 'reference' to see its share)"),
    );
  }
  if (options.trunk === 'reference') {
    for (const name of ['lumbar_extension', 'lumbar_bending', 'lumbar_rotation']) {
      const j = model.coordinateIndex.get(name);
      if (j !== undefined && source[j] >= 0) {
        source[j] = -1;
        driven.splice(driven.indexOf(name), 1);
      }
    }
  } else if (trunk !== undefined && thoracic !== undefined && lumbar !== undefined && !trialModel.coordinateIndex.has('thoracic_extension')) {
    // One trunk joint in the trial: the pelvis-to-thorax angle is shared by the default
    // body's L5/S1 and T12/L1 joints in the ratio of FORWARD_BEND_RHYTHM.
    const ratio = FORWARD_BEND_RHYTHM.thoracicToLumbarRatio.value;
    share[lumbar] = 1 / (1 + ratio);
    source[thoracic] = trunk;
    share[thoracic] = ratio / (1 + ratio);
    driven.push('thoracic_extension');
    notes.push(
      `the trial's single trunk joint (lumbar_extension, pelvis to torso) is shared by the default body's L5/S1 (${(100 * share[lumbar]).toFixed(0)}%) ` +
        `and T12/L1 (${(100 * share[thoracic]).toFixed(0)}%) joints (thoracic-to-lumbar ratio ${ratio}: ${FORWARD_BEND_RHYTHM.thoracicToLumbarRatio.source})`,
    );
  }
  const unmappedTrialCoordinates = trialModel.coordinateName.filter((name) => !driven.includes(name));

  // Foot bodies and joints.
  const body = (name: string) => requireIndex(model.bodyIndex, name, 'body');
  const feet = SIDES.map((side) => {
    const trialCalcn = trialModel.bodyIndex.get(`calcn_${side}`);
    const trialAnkle = trialModel.bodyIndex.get(`talus_${side}`) ?? trialCalcn;
    return {
      side,
      trialCalcn,
      trialAnkle,
      calcn: body(`calcn_${side}`),
      talus: body(`talus_${side}`),
      forefoot: body(`forefoot_${side}`),
      toes: body(`toes_${side}`),
      midtarsal: requireIndex(model.coordinateIndex, `midtarsal_angle_${side}`, 'coordinate'),
      mtp: requireIndex(model.coordinateIndex, `mtp_angle_${side}`, 'coordinate'),
      fascia: requireIndex(model.tissueIndex, `plantar_fascia_${side}`, 'tissue'),
      achilles: requireIndex(model.tissueIndex, `achilles_tendon_${side}`, 'tissue'),
      hamstrings: ['biceps_femoris_long', 'semitendinosus', 'semimembranosus'].map((name) => requireIndex(model.tissueIndex, `${name}_${side}`, 'tissue')),
      load: { active: false, force: new Float64Array(3), offset: new Float64Array(3), freeMoment: 0 } as FootLoad,
    };
  }).map((foot) => ({
    ...foot,
    arch: makeArchBalance(model, { midtarsal: foot.midtarsal, forefoot: foot.forefoot, toes: foot.toes, fascia: foot.fascia }),
  }));
  const archResult = makeArchBalanceResult();

  // 1b. Windlass: a trial without MTP coordinates (gait10dof18musc's foot is one segment)
  // gets the default body's MTP dorsiflexion from its heel rise, as the stance phase does
  // (analyses/stance-phase.ts step 3): the toes stay on the floor while the calcaneus
  // pitches nose-down past its foot-flat mean (FOOT_FLAT_SPAN of each complete stance) by
  // more than HEEL_RISE_THRESHOLD_RAD, so mtp = max(0, heel rise - threshold), applied
  // while the foot is loaded (speeds and accelerations of the toes left at zero).
  const windlass = windlassAngles(model, data, trial, feet, source, share);
  if (windlass.applied) {
    notes.push(
      "the trial has no MTP coordinate: the default body's MTP dorsiflexion in stance follows the heel rise (toes on the floor), as in the stance-phase analysis, " +
        `peaking at ${((180 / Math.PI) * windlass.peakRad).toFixed(0)} deg; it winds the plantar fascia over the metatarsal heads (windlass)`,
    );
  }
  if (feet.some((foot) => foot.trialCalcn === undefined) && trial.sources.externalLoads !== null) {
    notes.push("the trial's model has no calcn_r / calcn_l: its ground reactions could not be carried over to the default body's feet");
  }

  // 4. Static optimisation of the default body.
  const roots = rootCoordinates(model);
  const enforced: string[] = [];
  const reserveCoordinates: string[] = [];
  const residualCoordinates: string[] = [];
  for (let j = 0; j < nq; j++) {
    if (model.coordinateLocked[j] === 1) continue;
    const name = model.coordinateName[j];
    if (/^(midtarsal|mtp)_angle_[rl]$/.test(name)) continue;
    enforced.push(name);
    (roots.has(j) ? residualCoordinates : reserveCoordinates).push(name);
  }
  const solver = makeStaticOptimization(model, {
    coordinates: enforced,
    forceModel: 'physiological',
    musclePassiveForce: true,
    passiveTissues: true,
    reserves: { optimalForce: 1, coordinates: reserveCoordinates },
    residuals: { optimalForce: 1, coordinates: residualCoordinates },
  });
  const isResidual = new Uint8Array(nq);
  for (let j = 0; j < nq; j++) if (roots.has(j)) isResidual[j] = 1;

  const lumbosacral = jointBodyByName(model, 'lumbosacral');
  const reaction = makeJointReaction(model);
  const nframe = trial.time.length;
  const ntrack = model.ntrack;
  const result: DefaultBodyGait = {
    subject,
    model,
    drivenCoordinates: driven,
    unmappedTrialCoordinates,
    trackTension: new Float64Array(nframe * ntrack),
    plantarFascia: new Float64Array(nframe * 2),
    archMoment: new Float64Array(nframe * 2),
    archTieMoment: new Float64Array(nframe * 2),
    archFasciaMoment: new Float64Array(nframe * 2),
    archLigamentMoment: new Float64Array(nframe * 2),
    archStopMoment: new Float64Array(nframe * 2),
    midtarsalAngle: new Float64Array(nframe * 2),
    l5s1Compression: new Float64Array(nframe),
    l5s1TissueCompression: new Float64Array(nframe),
    l5s1AnteriorShear: new Float64Array(nframe),
    achilles: new Float64Array(nframe * 2),
    hamstrings: new Float64Array(nframe * 2),
    maxResidual: new Float64Array(nframe),
    maxReserve: new Float64Array(nframe),
    maxEquationResidual: new Float64Array(nframe),
    unconvergedLineFrames: 0,
    l5s1PeakTissues: [],
    l5s1PeakBreakdown: null,
    l5s1Breakdowns: [],
    notes,
  };
  // Tissues crossing L5/S1: a moment arm on any lumbosacral coordinate.
  const lumbosacralFirst = model.jointCoordAdr[lumbosacral];
  const lumbosacralCount = model.jointCoordNum[lumbosacral];
  const crossesLumbosacral = (tissue: number): boolean => {
    for (let j = lumbosacralFirst; j < lumbosacralFirst + lumbosacralCount; j++) if (data.tissueMomentArm[tissue * nq + j] !== 0) return true;
    return false;
  };
  let peakCompression = -Infinity;
  let l5s1PeakTissues: { tissue: string; tensionN: number }[] = [];
  let l5s1PeakBreakdown: L5S1PeakBreakdown | null = null;
  const l5s1Breakdowns: L5S1PeakBreakdown[] = [];
  const breakdownFrames = new Set(options.breakdownFrames ?? []);
  // The coordinates whose moments load L5/S1: the trunk's, and the hips' (the psoas crosses both).
  const trunkCoordinates = ['lumbar_extension', 'lumbar_bending', 'lumbar_rotation', 'thoracic_extension'].filter((name) => model.coordinateIndex.has(name));
  const momentCoordinates = [...trunkCoordinates, 'hip_flexion_r', 'hip_flexion_l'].filter((name) => model.coordinateIndex.has(name));
  let unconvergedLineFrames = 0;

  // Scratch, allocated once.
  const q = Float64Array.from(model.coordinateDefault);
  const qd = new Float64Array(nq);
  const qdd = new Float64Array(nq);
  const tau = new Float64Array(nq);
  const wrench = new Float64Array(6 * model.nbody);
  const centerScratch = makeCenterOfMassScratch(model);
  const comHere = new Float64Array(3 * model.nbody);
  const comAcceleration = new Float64Array(3 * model.nbody);
  // External point forces: two feet, then one d'Alembert force per body.
  const capacity = 2 + model.nbody;
  const external = { count: 0, body: new Int32Array(capacity), point: new Float64Array(3 * capacity), force: new Float64Array(3 * capacity) };
  const contactPoint = new Float64Array(3);

  for (let frame = 0; frame < nframe; frame++) {
    const o = frame * tnq;
    for (let j = 0; j < nq; j++) {
      const k = source[j];
      q[j] = k < 0 ? model.coordinateDefault[j] : share[j] * trial.q[o + k];
      qd[j] = k < 0 ? 0 : share[j] * trial.qd[o + k];
      qdd[j] = k < 0 ? 0 : share[j] * trial.qdd[o + k];
    }
    if (windlass.applied) {
      feet.forEach((foot, side) => {
        q[foot.mtp] = windlass.angle[2 * frame + side];
        qd[foot.mtp] = 0;
        qdd[foot.mtp] = 0;
      });
    }
    // 2. Foot loads from the trial (its kinematics at this frame).
    forwardKinematics(trialModel, trial.data, trial.q.subarray(o, o + tnq));
    for (const foot of feet) {
      if (foot.trialCalcn === undefined || foot.trialAnkle === undefined) foot.load.active = false;
      else footLoad(trial, frame, foot.side, foot.trialCalcn, foot.trialAnkle, foot.load);
    }
    // 6 (first part). Centre-of-mass accelerations along the motion (leaves the kinematics at q).
    centerOfMassAccelerations(model, data, centerScratch, q, qd, qdd, comHere, comAcceleration);

    // 2. Place the loads on the default feet.
    wrench.fill(0);
    external.count = 0;
    const p = data.bodyPosition;
    const R = data.bodyRotation;
    for (const foot of feet) {
      if (!foot.load.active) continue;
      const a = 3 * foot.talus;
      const r = 9 * foot.calcn;
      const off = foot.load.offset;
      const point = contactPoint;
      for (let i = 0; i < 3; i++) point[i] = p[a + i] + R[r + 3 * i] * off[0] + R[r + 3 * i + 1] * off[1] + R[r + 3 * i + 2] * off[2];
      // Segment under the point: compare its position along the calcaneus's long axis with the forefoot's and toes' origins.
      const along = (x: number, y: number, z: number) => R[r] * (x - p[3 * foot.calcn]) + R[r + 3] * (y - p[3 * foot.calcn + 1]) + R[r + 6] * (z - p[3 * foot.calcn + 2]);
      const here = along(point[0], point[1], point[2]);
      const segment =
        here > along(p[3 * foot.toes], p[3 * foot.toes + 1], p[3 * foot.toes + 2])
          ? foot.toes
          : here > along(p[3 * foot.forefoot], p[3 * foot.forefoot + 1], p[3 * foot.forefoot + 2])
            ? foot.forefoot
            : foot.calcn;
      const F = foot.load.force;
      const w = 6 * segment;
      wrench[w] += point[1] * F[2] - point[2] * F[1];
      wrench[w + 1] += point[2] * F[0] - point[0] * F[2] + foot.load.freeMoment;
      wrench[w + 2] += point[0] * F[1] - point[1] * F[0];
      wrench[w + 3] += F[0];
      wrench[w + 4] += F[1];
      wrench[w + 5] += F[2];
      const e = external.count++;
      external.body[e] = segment;
      for (let i = 0; i < 3; i++) {
        external.point[3 * e + i] = point[i];
        external.force[3 * e + i] = F[i];
      }
    }
    // 3. Inverse dynamics.
    rnea(model, data, q, qd, qdd, wrench);
    tau.set(data.generalizedForce);

    // 4. Static optimisation (leaves kinematics, path points, tissue forces and activations in data).
    const so = solveStaticOptimizationAtPose(solver, model, data, q, qd, tau);
    result.maxEquationResidual[frame] = so.maxEquationResidual;
    let maxResidual = 0;
    let maxReserve = 0;
    for (let j = 0; j < nq; j++) {
      const value = Math.abs(so.actuatorGeneralizedForce[j]);
      if (isResidual[j] === 1) maxResidual = Math.max(maxResidual, value);
      else maxReserve = Math.max(maxReserve, value);
    }
    result.maxResidual[frame] = maxResidual;
    result.maxReserve[frame] = maxReserve;

    // 5. The arch as a truss tied by the plantar fascia and the plantar ligaments (gait-arch-balance.ts).
    feet.forEach((foot, s) => {
      const j = foot.midtarsal;
      let supplied = 0;
      for (let t = 0; t < model.ntissue; t++) {
        if (t === foot.fascia || model.tissueActsOnSkeleton[t] === 0) continue;
        supplied += data.tissueMomentArm[t * nq + j] * data.tissueForce[t];
      }
      // The generalised force the ties must supply, turned into a moment that flattens the
      // arch (> 0): the fascia's moment arm has the sign of a tie resisting flattening.
      const arm = data.tissueMomentArm[foot.fascia * nq + j];
      const required = arm === 0 ? 0 : (tau[j] - supplied) * Math.sign(arm);
      solveArchBalance(model, data, q, foot.arch, required, archResult);
      data.tissueForce[foot.fascia] = archResult.fasciaTensionN;
      const o = 2 * frame + s;
      result.plantarFascia[o] = archResult.fasciaTensionN;
      result.archMoment[o] = tau[j];
      result.archTieMoment[o] = required;
      result.archFasciaMoment[o] = archResult.fasciaMomentNm;
      result.archLigamentMoment[o] = archResult.ligamentMomentNm;
      result.archStopMoment[o] = archResult.stopMomentNm;
      result.midtarsalAngle[o] = archResult.angleRad;
      result.achilles[o] = data.tissueForce[foot.achilles];
      let hamstrings = 0;
      for (const muscle of foot.hamstrings) hamstrings += data.tissueForce[muscle];
      result.hamstrings[o] = hamstrings;
    });

    // 6. L5/S1 with the d'Alembert forces of every body (the reaction takes those above the joint).
    for (let b = 1; b < model.nbody; b++) {
      const e = external.count++;
      external.body[e] = b;
      for (let i = 0; i < 3; i++) {
        external.point[3 * e + i] = comHere[3 * b + i];
        external.force[3 * e + i] = -model.bodyMass[b] * comAcceleration[3 * b + i];
      }
    }
    const l5s1 = jointReaction(model, data, reaction, lumbosacral, external);
    result.l5s1Compression[frame] = l5s1.compression;
    result.l5s1TissueCompression[frame] = tissueCompression(l5s1);
    result.l5s1AnteriorShear[frame] = l5s1.anteriorShear;
    const byCoordinate = (values: ArrayLike<number>, scale = 1, names = momentCoordinates) =>
      Object.fromEntries(names.map((name) => [name, scale * values[model.coordinateIndex.get(name) as number]]));
    const breakdownHere = (): L5S1PeakBreakdown => ({
      frame,
      timeS: trial.time[frame],
      ...jointLoadBreakdown(model, data, reaction, lumbosacral, external),
      netMomentNm: byCoordinate(tau),
      reserveMomentNm: byCoordinate(so.actuatorGeneralizedForce),
      trunkAnglesDeg: byCoordinate(q, 180 / Math.PI, trunkCoordinates),
    });
    if (breakdownFrames.has(frame)) l5s1Breakdowns.push(breakdownHere());
    if (l5s1.compression > peakCompression) {
      // A new peak (rare): list the largest tensions crossing the joint there.
      peakCompression = l5s1.compression;
      const crossing: { tissue: string; tensionN: number }[] = [];
      for (let t = 0; t < model.ntissue; t++) {
        if (model.tissueActsOnSkeleton[t] === 1 && crossesLumbosacral(t)) crossing.push({ tissue: model.tissueName[t], tensionN: data.tissueForce[t] });
      }
      l5s1PeakTissues = crossing.sort((a, b) => b.tensionN - a.tensionN).slice(0, 6);
      l5s1PeakBreakdown = breakdownHere();
    }

    // 7. Lines at the pose with the optimised activations.
    const chain = solveChainTension(model, data);
    if (!chain.converged) unconvergedLineFrames++;
    result.trackTension.set(data.trackTension.subarray(0, ntrack), frame * ntrack);
    options.onFrame?.(frame);
  }
  return { ...result, unconvergedLineFrames, l5s1PeakTissues, l5s1PeakBreakdown, l5s1Breakdowns };
}
