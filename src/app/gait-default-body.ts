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
 * 5. Plantar fascia (the arch as a truss, the fascia its tie-rod): the midtarsal moment
 *    the loads require (step 3), less what the optimised muscles and the other tissues
 *    crossing the joint supply, is carried by the fascia: T = (tau_mt - sum r F) / r_pf,
 *    at least 0. The plantar ligaments are not in this balance, so T is an upper estimate
 *    of the fascia's share of the arch load.
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
import { SHARED_GAIT_COORDINATES, splitSide } from '../library/opensim-muscle-mapping.js';
import { compile } from '../spec/compile.js';
import { centerOfMassAccelerations, makeCenterOfMassScratch } from './gait-com-acceleration.js';
import { rootCoordinates } from './gait-imported-model.js';
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
  /** [nframe] L5/S1 compression and anterior shear (N). */
  readonly l5s1Compression: Float64Array;
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
  readonly notes: readonly string[];
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
  readonly onFrame?: (frame: number) => void;
}

export function defaultBodyGait(trial: GaitTrial, options: DefaultBodyGaitOptions = {}): DefaultBodyGait {
  const subject = gaitSubject(trial, options.sex ?? 'male', options);
  const model = compile(buildBody({ heightM: subject.heightM, massKg: subject.massKg, sex: subject.sex }));
  const data: Data = makeData(model);
  const nq = model.nq;
  const trialModel = trial.model;
  const tnq = trialModel.nq;
  const notes: string[] = [];

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
          : 'the flexion stretches the default body\'s thoracolumbar fascia and posterior tissues, whose tension (and the abdominal co-contraction that balances it) raises L5/S1 compression; run with the trunk at the reference to see the share of it'),
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
      fascia: requireIndex(model.tissueIndex, `plantar_fascia_${side}`, 'tissue'),
      achilles: requireIndex(model.tissueIndex, `achilles_tendon_${side}`, 'tissue'),
      hamstrings: ['biceps_femoris_long', 'semitendinosus', 'semimembranosus'].map((name) => requireIndex(model.tissueIndex, `${name}_${side}`, 'tissue')),
      load: { active: false, force: new Float64Array(3), offset: new Float64Array(3), freeMoment: 0 } as FootLoad,
    };
  });
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
    l5s1Compression: new Float64Array(nframe),
    l5s1AnteriorShear: new Float64Array(nframe),
    achilles: new Float64Array(nframe * 2),
    hamstrings: new Float64Array(nframe * 2),
    maxResidual: new Float64Array(nframe),
    maxReserve: new Float64Array(nframe),
    maxEquationResidual: new Float64Array(nframe),
    unconvergedLineFrames: 0,
    l5s1PeakTissues: [],
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

    // 5. Plantar fascia as the arch's tie-rod.
    feet.forEach((foot, s) => {
      const j = foot.midtarsal;
      let supplied = 0;
      for (let t = 0; t < model.ntissue; t++) {
        if (t === foot.fascia || model.tissueActsOnSkeleton[t] === 0) continue;
        supplied += data.tissueMomentArm[t * nq + j] * data.tissueForce[t];
      }
      const arm = data.tissueMomentArm[foot.fascia * nq + j];
      const tension = arm === 0 ? 0 : Math.max(0, (tau[j] - supplied) / arm);
      data.tissueForce[foot.fascia] = tension;
      result.plantarFascia[2 * frame + s] = tension;
      result.archMoment[2 * frame + s] = tau[j];
      result.achilles[2 * frame + s] = data.tissueForce[foot.achilles];
      let hamstrings = 0;
      for (const muscle of foot.hamstrings) hamstrings += data.tissueForce[muscle];
      result.hamstrings[2 * frame + s] = hamstrings;
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
    result.l5s1AnteriorShear[frame] = l5s1.anteriorShear;
    if (l5s1.compression > peakCompression) {
      // A new peak (rare): list the largest tensions crossing the joint there.
      peakCompression = l5s1.compression;
      const crossing: { tissue: string; tensionN: number }[] = [];
      for (let t = 0; t < model.ntissue; t++) {
        if (model.tissueActsOnSkeleton[t] === 1 && crossesLumbosacral(t)) crossing.push({ tissue: model.tissueName[t], tensionN: data.tissueForce[t] });
      }
      l5s1PeakTissues = crossing.sort((a, b) => b.tensionN - a.tensionN).slice(0, 6);
    }

    // 7. Lines at the pose with the optimised activations.
    const chain = solveChainTension(model, data);
    if (!chain.converged) unconvergedLineFrames++;
    result.trackTension.set(data.trackTension.subarray(0, ntrack), frame * ntrack);
    options.onFrame?.(frame);
  }
  return { ...result, unconvergedLineFrames, l5s1PeakTissues };
}
