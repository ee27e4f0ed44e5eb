/**
 * The regional outputs of the interdependence map: one load per region of the kinetic
 * chain from the foot to the neck, read from a solved posture (quiet standing, or the end
 * of a toe-touch reach). Each is a model quantity with a stated definition:
 *
 *   plantar fascia     tension of plantar_fascia_<side> (N)
 *   Achilles           tension of achilles_tendon_<side>: the sum of the gastrocnemii and
 *                      soleus forces it carries in series (N)
 *   knee               tibiofemoral compression: the joint reaction of knee_<side> along the
 *                      tibia's long axis (N, > 0 pressing femur and tibia together). Chosen
 *                      over the net knee moment because the knee moment of quiet standing
 *                      is close to zero and changes sign with small posture changes, so a
 *                      relative change of it says little; the compression is always
 *                      positive and carries both the body weight and muscle co-contraction.
 *   hip                magnitude of the hip joint reaction of hip_<side> (N): the resultant
 *                      hip contact force, as instrumented prostheses report it.
 *   hamstrings         summed tension of biceps femoris long head, semitendinosus and
 *                      semimembranosus (N)
 *   sacroiliac         the load crossing the sacroiliac region of a side (N), a model
 *                      quantity: the part of gluteus maximus that crosses the SI joint
 *                      (SACROILIAC_GLUTEUS_FRACTION of its tension, Barker et al. 2013), plus
 *                      the sacrotuberous ligament, the posterior layer of the thoracolumbar
 *                      fascia of that side, and the crossing fibres of the thoracolumbar
 *                      fascia that insert at that side's gluteus maximus origin (the fibres
 *                      from the opposite latissimus dorsi: thoracolumbar_fascia_crossing of
 *                      the other side). A sum of tensions, not a joint reaction: the default
 *                      body has no sacroiliac joint (the sacrum is part of the pelvis).
 *   L5/S1              disc compression at the lumbosacral joint (N)
 *   thoracolumbar fascia  summed tension of both posterior layers and both crossing
 *                      laminae (N)
 *   neck               compression at C7/T1 (joint cervicothoracic, N)
 *   reach (toe-touch)  how far the fingertips reach past the floor line (cm): minus the
 *                      fingertip-to-floor distance of toe-touch.ts, so more reach is
 *                      positive; a change of reach is given in cm, not %, because the
 *                      reach is near zero for many people.
 *
 * Joint reactions are recomputed from the posture (coordinates, tissue tensions and floor
 * contact forces) with core/dynamics/joint-reaction.ts, so the same extraction serves any
 * analysis that reports those three things. The toe-touch is a kinematic end point; its
 * loads are those of the static equilibrium that holds the end pose
 * (toeTouchRegionalOutputs).
 */
import { KinechainError } from '../core/errors.js';
import { FootRegionCode, FootSideCode, makeFootSupport, type FootContactPointSpec, type FootSupport } from '../core/contact/foot-support.js';
import { jointReaction, makeJointReaction, type JointReactionWorkspace } from '../core/dynamics/joint-reaction.js';
import { forwardKinematics } from '../core/kinematics/forward-kinematics.js';
import { makeData } from '../core/model/make-data.js';
import type { Data, Model } from '../core/model/model.js';
import { pathLength } from '../core/paths/path-length.js';
import {
  makeStandingEquilibrium,
  setStandingLimits,
  solveStandingEquilibrium,
  type StandingEquilibriumSolver,
  type StandingLimits,
} from '../core/solvers/standing-equilibrium.js';
import { FOOT_FLOOR_FRICTION, footContactPointsForSpec } from '../library/foot-contact.js';
import { literature, type LiteratureValue } from '../library/literature-value.js';
import { LOCKED_FOOT_COORDINATES, type StandingPostureResult } from './standing-posture.js';
import { TOE_TOUCH_HOLD_RESERVE_THRESHOLD_NM, TOE_TOUCH_TRUNK_COORDINATES, type ToeTouchResult } from './toe-touch.js';

/**
 * Fraction of gluteus maximus that crosses the sacroiliac joint: about 70% of its
 * physiological cross-sectional area (about 26 cm^2) arises medial to the joint line
 * (Barker et al. 2013, Clin Anat 27:234, "Anatomy and biomechanics of gluteus maximus and
 * the thoracolumbar fascia at the sacroiliac joint"). Range: assumption, +-0.1 for
 * between-person variation of the attachment.
 */
export const SACROILIAC_GLUTEUS_FRACTION: LiteratureValue = literature(
  0.7,
  'fraction of gluteus maximus tension',
  'Barker et al. 2013, Clin Anat 27:234 (70% of gluteus maximus PCSA crosses the SI joint); range: assumption',
  [0.6, 0.8],
);

export type RegionalSide = 'r' | 'l' | 'midline';

export type RegionName =
  | 'plantar fascia'
  | 'Achilles'
  | 'knee'
  | 'hip'
  | 'hamstrings'
  | 'sacroiliac'
  | 'L5/S1'
  | 'thoracolumbar fascia'
  | 'neck'
  | 'reach';

export interface RegionalOutputDefinition {
  /** Stable key, e.g. "knee_r", "l5s1", "reach". */
  readonly key: string;
  readonly region: RegionName;
  readonly side: RegionalSide;
  /** Key of the same output on the other side (itself for midline outputs). */
  readonly mirrorKey: string;
  /** E.g. "knee compression (right)". */
  readonly label: string;
  /** Short column label, e.g. "knee r". */
  readonly shortLabel: string;
  /** Unit of the value (N or cm). */
  readonly unit: 'N' | 'cm';
  /** How a change is expressed: relative (% of the baseline value) or absolute (cm). */
  readonly change: 'percent' | 'absolute';
  /** The model quantity, in words. */
  readonly definition: string;
}

const SIDE_WORD = { r: 'right', l: 'left' } as const;

function sided(
  base: string,
  region: RegionName,
  quantity: string,
  definition: (side: 'r' | 'l') => string,
): RegionalOutputDefinition[] {
  return (['r', 'l'] as const).map((side) => ({
    key: `${base}_${side}`,
    region,
    side,
    mirrorKey: `${base}_${side === 'r' ? 'l' : 'r'}`,
    label: `${region} ${quantity} (${SIDE_WORD[side]})`,
    shortLabel: `${region} ${side}`,
    unit: 'N' as const,
    change: 'percent' as const,
    definition: definition(side),
  }));
}

function midline(key: string, region: RegionName, quantity: string, definition: string): RegionalOutputDefinition {
  return { key, region, side: 'midline', mirrorKey: key, label: `${region} ${quantity}`, shortLabel: region, unit: 'N', change: 'percent', definition };
}

/** The load outputs, foot to neck (the same for standing and the toe-touch). */
export const REGIONAL_LOAD_OUTPUTS: readonly RegionalOutputDefinition[] = Object.freeze([
  ...sided('plantar_fascia', 'plantar fascia', 'force', (s) => `tension of plantar_fascia_${s} (N)`),
  ...sided('achilles', 'Achilles', 'force', (s) => `tension of achilles_tendon_${s}: its gastrocnemii and soleus in series (N)`),
  ...sided('knee', 'knee', 'compression', (s) => `joint reaction of knee_${s} along the tibia's long axis (N)`),
  ...sided('hip', 'hip', 'joint reaction', (s) => `magnitude of the joint reaction of hip_${s} (N)`),
  ...sided('hamstrings', 'hamstrings', 'force', (s) => `biceps_femoris_long_${s} + semitendinosus_${s} + semimembranosus_${s} (N)`),
  ...sided(
    'sacroiliac',
    'sacroiliac',
    'load',
    (s) =>
      `${SACROILIAC_GLUTEUS_FRACTION.value} x gluteus_maximus_${s} + sacrotuberous_ligament_${s} + thoracolumbar_fascia_posterior_${s} + ` +
      `thoracolumbar_fascia_crossing_${s === 'r' ? 'l' : 'r'} (N; a model quantity)`,
  ),
  midline('l5s1', 'L5/S1', 'compression', 'disc compression at the lumbosacral joint (N)'),
  midline('thoracolumbar_fascia', 'thoracolumbar fascia', 'tension', 'both posterior layers and both crossing laminae (N)'),
  midline('neck', 'neck', 'compression', 'compression at C7/T1, joint cervicothoracic (N)'),
]);

/** The reach of the toe-touch (cm); its change is absolute. */
export const REACH_OUTPUT: RegionalOutputDefinition = Object.freeze({
  key: 'reach',
  region: 'reach',
  side: 'midline',
  mirrorKey: 'reach',
  label: 'toe-touch reach',
  shortLabel: 'reach',
  unit: 'cm',
  change: 'absolute',
  definition: 'how far the fingertips reach past the floor line in the toe-touch (cm): minus the fingertip-to-floor distance of toe-touch.ts',
});


/** A floor contact point of a solved posture (as the standing posture result gives them). */
export interface LoadedContactPoint {
  readonly side: 'r' | 'l';
  readonly region: 'heel' | 'forefoot' | 'toes';
  /** Position in ground (m) and force of the floor on the foot, ground (N). */
  readonly positionM: readonly [number, number, number];
  readonly forceN: readonly [number, number, number];
}

/** What the extraction reads from a solved posture: pose, tensions, floor contact. */
export interface LoadedPosture {
  /** Coordinates (rad or m); a coordinate left out keeps its reference value. */
  readonly coordinates: Readonly<Record<string, number>>;
  /** Tension of every tissue (N); a tissue left out carries none. */
  readonly tissueForceN: Readonly<Record<string, number>>;
  readonly contactPoints: readonly LoadedContactPoint[];
}

export interface RegionalOutputExtractorOptions {
  /** Foot contact points of the toe-touch hold (default: the default body's points for model.spec). */
  readonly contactPoints?: readonly FootContactPointSpec[];
  /** Sole-floor friction of the toe-touch hold (default FOOT_FLOOR_FRICTION). */
  readonly friction?: number;
}

/** Tissue indices of the sums, per side (index 0 right, 1 left). */
interface SideTissues {
  readonly plantarFascia: Int32Array;
  /** The muscles of each side's Achilles tendon, as [first, count] into seriesMuscle. */
  readonly achillesTendon: Int32Array;
  readonly hamstrings: readonly Int32Array[];
  readonly gluteusMaximus: Int32Array;
  readonly sacrotuberous: Int32Array;
  readonly fasciaPosterior: Int32Array;
  readonly fasciaCrossing: Int32Array;
}

/**
 * Buffers of the extraction for one model (a model with the default body's names), and
 * the static equilibrium that holds a toe-touch end pose. Allocated once; the functions
 * below allocate only their returned records.
 */
export interface RegionalOutputExtractor {
  readonly model: Model;
  readonly data: Data;
  readonly reaction: JointReactionWorkspace;
  /** Floor contact and equilibrium of the toe-touch hold. */
  readonly support: FootSupport;
  readonly equilibrium: StandingEquilibriumSolver;
  /** [nq] the posture being read. */
  readonly q: Float64Array;
  /** Child bodies of the joints read (index 0 right, 1 left). */
  readonly kneeBody: Int32Array;
  readonly hipBody: Int32Array;
  readonly lumbosacralBody: number;
  readonly cervicothoracicBody: number;
  readonly tissues: SideTissues;
  /** External forces of the posture being read (grown when a posture has more contact points). */
  external: { count: number; body: Int32Array; point: Float64Array; force: Float64Array };
}

function requireJointBody(model: Model, joint: string): number {
  const body = model.jointIndex.get(joint);
  if (body === undefined || body === 0) {
    throw new KinechainError('UNKNOWN_NAME', `the regional outputs need joint "${joint}", which model "${model.name}" lacks (they expect the default body's names)`, {
      joint,
    });
  }
  return body;
}

function requireTissue(model: Model, name: string): number {
  const tissue = model.tissueIndex.get(name);
  if (tissue === undefined) {
    throw new KinechainError('UNKNOWN_NAME', `the regional outputs need tissue "${name}", which model "${model.name}" lacks (they expect the default body's names)`, {
      tissue: name,
    });
  }
  return tissue;
}

function makeExternal(capacity: number): RegionalOutputExtractor['external'] {
  return { count: 0, body: new Int32Array(capacity), point: new Float64Array(3 * capacity), force: new Float64Array(3 * capacity) };
}

/** Builds the extraction buffers for a model of the default body (or one with its joint, body and tissue names). */
export function makeRegionalOutputExtractor(model: Model, options: RegionalOutputExtractorOptions = {}): RegionalOutputExtractor {
  const bySide = (base: string): Int32Array => Int32Array.of(requireTissue(model, `${base}_r`), requireTissue(model, `${base}_l`));
  const achilles = bySide('achilles_tendon');
  for (const tendon of achilles) {
    if (model.tissueSeriesNum[tendon] === 0) {
      throw new KinechainError('INVALID_SPEC', `tissue "${model.tissueName[tendon]}" carries no muscles in series; the Achilles output sums them`);
    }
  }
  const support = makeFootSupport(model, options.contactPoints ?? footContactPointsForSpec(model.spec), {
    friction: options.friction ?? FOOT_FLOOR_FRICTION.value,
  });
  return {
    model,
    data: makeData(model),
    reaction: makeJointReaction(model),
    support,
    // Both feet stand flat at the end of a toe-touch as in quiet standing: the same foot joints are held by the floor.
    equilibrium: makeStandingEquilibrium(model, support, { lockedCoordinates: LOCKED_FOOT_COORDINATES }),
    q: Float64Array.from(model.coordinateDefault),
    kneeBody: Int32Array.of(requireJointBody(model, 'knee_r'), requireJointBody(model, 'knee_l')),
    hipBody: Int32Array.of(requireJointBody(model, 'hip_r'), requireJointBody(model, 'hip_l')),
    lumbosacralBody: requireJointBody(model, 'lumbosacral'),
    cervicothoracicBody: requireJointBody(model, 'cervicothoracic'),
    tissues: {
      plantarFascia: bySide('plantar_fascia'),
      achillesTendon: achilles,
      hamstrings: ['biceps_femoris_long', 'semitendinosus', 'semimembranosus'].map(bySide),
      gluteusMaximus: bySide('gluteus_maximus'),
      sacrotuberous: bySide('sacrotuberous_ligament'),
      fasciaPosterior: bySide('thoracolumbar_fascia_posterior'),
      fasciaCrossing: bySide('thoracolumbar_fascia_crossing'),
    },
    external: makeExternal(16),
  };
}

/**
 * The load outputs at the state in extractor.data (forward kinematics and path points at
 * the pose, tensions in data.tissueForce) with extractor.external as the floor contact.
 */
function loadsAtCurrentState(extractor: RegionalOutputExtractor): Record<string, number> {
  const { model, data, reaction, external, tissues } = extractor;
  const force = data.tissueForce;
  const values: Record<string, number> = {};
  (['r', 'l'] as const).forEach((side, s) => {
    const other = 1 - s;
    values[`plantar_fascia_${side}`] = force[tissues.plantarFascia[s]];
    const tendon = tissues.achillesTendon[s];
    let achilles = 0;
    const first = model.tissueSeriesAdr[tendon];
    for (let k = first; k < first + model.tissueSeriesNum[tendon]; k++) achilles += force[model.seriesMuscle[k]];
    values[`achilles_${side}`] = achilles;
    values[`knee_${side}`] = jointReaction(model, data, reaction, extractor.kneeBody[s], external).compression;
    const hip = jointReaction(model, data, reaction, extractor.hipBody[s], external).force;
    values[`hip_${side}`] = Math.hypot(hip[0], hip[1], hip[2]);
    let hamstrings = 0;
    for (const muscle of tissues.hamstrings) hamstrings += force[muscle[s]];
    values[`hamstrings_${side}`] = hamstrings;
    values[`sacroiliac_${side}`] =
      SACROILIAC_GLUTEUS_FRACTION.value * force[tissues.gluteusMaximus[s]] +
      force[tissues.sacrotuberous[s]] +
      force[tissues.fasciaPosterior[s]] +
      force[tissues.fasciaCrossing[other]];
  });
  values.l5s1 = jointReaction(model, data, reaction, extractor.lumbosacralBody, external).compression;
  values.thoracolumbar_fascia =
    force[tissues.fasciaPosterior[0]] + force[tissues.fasciaPosterior[1]] + force[tissues.fasciaCrossing[0]] + force[tissues.fasciaCrossing[1]];
  values.neck = jointReaction(model, data, reaction, extractor.cervicothoracicBody, external).compression;
  return values;
}

/** Writes the coordinates of a record (reference values for those left out) into extractor.q. */
function setCoordinates(extractor: RegionalOutputExtractor, coordinates: Readonly<Record<string, number>>): void {
  const { model, q } = extractor;
  q.set(model.coordinateDefault);
  for (const [name, value] of Object.entries(coordinates)) {
    const j = model.coordinateIndex.get(name);
    if (j === undefined) {
      throw new KinechainError('UNKNOWN_NAME', `the posture names coordinate "${name}", which model "${model.name}" lacks`, { coordinate: name });
    }
    if (!Number.isFinite(value)) throw new KinechainError('NOT_FINITE', `coordinate "${name}" of the posture is ${String(value)}`);
    q[j] = value;
  }
}

/**
 * The regional load outputs (REGIONAL_LOAD_OUTPUTS keys, N) of a solved posture: the
 * pose, every tissue's tension and the floor contact forces are loaded into the
 * extractor and the joint reactions recomputed there.
 */
export function regionalLoads(extractor: RegionalOutputExtractor, posture: LoadedPosture): Record<string, number> {
  const { model, data } = extractor;
  setCoordinates(extractor, posture.coordinates);
  forwardKinematics(model, data, extractor.q);
  pathLength(model, data);
  for (let tissue = 0; tissue < model.ntissue; tissue++) data.tissueForce[tissue] = posture.tissueForceN[model.tissueName[tissue]] ?? 0;
  const count = posture.contactPoints.length;
  if (extractor.external.body.length < count) extractor.external = makeExternal(count);
  const external = extractor.external;
  external.count = count;
  posture.contactPoints.forEach((point, k) => {
    const bodyName = point.region === 'heel' ? `calcn_${point.side}` : point.region === 'forefoot' ? `forefoot_${point.side}` : `toes_${point.side}`;
    const body = model.bodyIndex.get(bodyName);
    if (body === undefined) throw new KinechainError('UNKNOWN_NAME', `contact point on "${bodyName}", which model "${model.name}" lacks`);
    external.body[k] = body;
    for (let i = 0; i < 3; i++) {
      external.point[3 * k + i] = point.positionM[i];
      external.force[3 * k + i] = point.forceN[i];
    }
  });
  return loadsAtCurrentState(extractor);
}

/** The regional load outputs of quiet standing (N), from a standing posture result. */
export function standingRegionalOutputs(extractor: RegionalOutputExtractor, result: StandingPostureResult): Record<string, number> {
  return regionalLoads(extractor, result);
}

/** The static hold of a toe-touch end pose: what muscles and floor do to keep the body still there. */
export interface ToeTouchHold extends LoadedPosture {
  /**
   * Status of the equilibrium solve: 'optimal' when muscles, floor and the locked foot
   * joints hold the pose; 'needs-reserves' when the pose needs generalised forces no modelled
   * structure supplies (e.g. passive tissues at the end of the bend pulling harder than any
   * muscle can resist). The reserves then act on the joint coordinates only, so the floor
   * still carries exactly the body weight (standing-equilibrium.ts, reserve tiers).
   */
  readonly status: string;
  /** Reserves of the hold by coordinate (N m or N; those above 1e-9). */
  readonly reserveByCoordinate: Readonly<Record<string, number>>;
  /** Tension of every tissue in the hold (N). */
  readonly tissueForceN: Readonly<Record<string, number>>;
}

/**
 * Whether a toe-touch hold is sound enough for its loads to be read: solved to optimality,
 * or needing only small reserves (at most TOE_TOUCH_HOLD_RESERVE_THRESHOLD_NM, with known
 * causes at the head and arms) and none on the trunk, whose loads are the point of the hold.
 */
export function toeTouchHoldIsSound(hold: Pick<ToeTouchHold, 'status' | 'reserveByCoordinate'>): boolean {
  if (hold.status === 'optimal') return true;
  if (hold.status !== 'needs-reserves') return false;
  for (const [coordinate, reserve] of Object.entries(hold.reserveByCoordinate)) {
    if (TOE_TOUCH_TRUNK_COORDINATES.includes(coordinate) || Math.abs(reserve) > TOE_TOUCH_HOLD_RESERVE_THRESHOLD_NM) return false;
  }
  return true;
}

/**
 * The toe-touch outputs: the reach (cm past the floor line, REACH_OUTPUT) and the load
 * outputs of the end pose held still. A toe-touch result is a kinematic end point (how far
 * the tissues let the body bend); the loads there come from the standing equilibrium
 * (core/solvers/standing-equilibrium.ts) at that pose, with both feet flat, under the
 * scenario's limits: least muscular effort, tissues at their own force laws, the floor
 * pushing within friction, the midtarsal and toe joints held flat by the floor as in the
 * standing analysis (LOCKED_FOOT_COORDINATES). Returns the values (REGIONAL_LOAD_OUTPUTS keys and "reach")
 * and the hold.
 */
export function toeTouchRegionalOutputs(
  extractor: RegionalOutputExtractor,
  result: Pick<ToeTouchResult, 'pose' | 'fingertipToFloorCm'>,
  limits: StandingLimits,
): { readonly values: Record<string, number>; readonly hold: ToeTouchHold } {
  const { model, data, support, equilibrium } = extractor;
  setCoordinates(extractor, result.pose);
  setStandingLimits(equilibrium, model, limits);
  const solution = solveStandingEquilibrium(equilibrium, model, data, extractor.q);
  // The equilibrium leaves the kinematics, path points and every tension of the pose in data.
  const external = extractor.external;
  if (external.body.length < support.npoint) extractor.external = makeExternal(support.npoint);
  const contact = extractor.external;
  contact.count = support.npoint;
  contact.body.set(support.pointBody);
  contact.point.set(support.pointWorld.subarray(0, 3 * support.npoint));
  contact.force.set(solution.contactForce.subarray(0, 3 * support.npoint));
  const values = loadsAtCurrentState(extractor);
  values[REACH_OUTPUT.key] = -result.fingertipToFloorCm;

  const coordinates: Record<string, number> = {};
  model.coordinateName.forEach((name, j) => (coordinates[name] = extractor.q[j]));
  const tissueForceN: Record<string, number> = {};
  model.tissueName.forEach((name, tissue) => (tissueForceN[name] = data.tissueForce[tissue]));
  const contactPoints: LoadedContactPoint[] = [];
  for (let p = 0; p < support.npoint; p++) {
    contactPoints.push({
      side: support.pointSide[p] === FootSideCode.r ? 'r' : 'l',
      region: support.pointRegion[p] === FootRegionCode.heel ? 'heel' : support.pointRegion[p] === FootRegionCode.forefoot ? 'forefoot' : 'toes',
      positionM: [support.pointWorld[3 * p], support.pointWorld[3 * p + 1], support.pointWorld[3 * p + 2]],
      forceN: [solution.contactForce[3 * p], solution.contactForce[3 * p + 1], solution.contactForce[3 * p + 2]],
    });
  }
  const reserveByCoordinate: Record<string, number> = {};
  model.coordinateName.forEach((name, j) => {
    if (Math.abs(solution.reserveForce[j]) > 1e-9) reserveByCoordinate[name] = solution.reserveForce[j];
  });
  return { values, hold: { status: solution.status, coordinates, tissueForceN, contactPoints, reserveByCoordinate } };
}
