/**
 * Joint reaction: the force and moment the parent exerts on the child through a joint in
 * a static pose, i.e. the bone-on-bone load (plus whatever the joint's unmodelled
 * structures carry), found from the equilibrium of the free body beyond the joint.
 *
 * Cut the skeleton at the joint of body b. The subtree of b (b and every descendant) is
 * held by: gravity on its bodies, the external point forces on its bodies (the floor's
 * contact forces, for a subtree that contains a foot), the tissues whose paths cross the
 * cut, and the reaction R, M at the joint. In statics their sum vanishes, so
 *
 *   R = -(F_gravity + F_tissue + F_external),   M = -(M_gravity + M_tissue + M_external)
 *
 * with moments about the joint centre (the origin of the child offset frame). A tissue
 * acts on the subtree wherever one of its straight segments (between path points, or
 * between a path point and a wrap tangent point, exactly the segments the moment-arm code
 * uses) has one end on a body inside the subtree and the other outside: there it pulls the
 * inside end towards the outside end with its tension. Tissues wholly inside or wholly
 * outside the subtree add nothing (their point forces cancel within the free body).
 *
 * The result is also given in the joint frame (the child offset frame, which for the
 * default body is the child's body frame: X forward, Y along the segment, Z right in the
 * reference pose), with the loads a clinician reads:
 *   compression    the force pressing the child onto the parent along the child's long
 *                  axis (Y, pointing from the joint into the child), N, > 0 in compression;
 *   anteriorShear  the load the child puts on the parent along +X (the child tending to
 *                  slide forward, the "anterior shear" of the spine literature);
 *   lateralShear   the same along +Z (to the right).
 * For L5/S1 (joint `lumbosacral`, child `lumbar`) this is the disc compression along the
 * lumbar segment's axis and the anteroposterior shear.
 *
 * Needs forwardKinematics, pathLength (path and wrap points) and tissue forces in
 * data.tissueForce at the pose. Allocates nothing.
 */
import { KinechainError } from '../errors.js';
import type { SkeletonData, SkeletonModel, TissueData, TissueModel } from '../model/model.js';
import { subtreeMassMoments } from '../kinematics/center-of-mass.js';

/** Point forces applied to bodies from outside the skeleton (e.g. floor contact), in ground. */
export interface ExternalPointForces {
  readonly count: number;
  /** [count] body index of each force. */
  readonly body: ArrayLike<number>;
  /** [count*3] point of application in ground (m). */
  readonly point: ArrayLike<number>;
  /** [count*3] force in ground (N). */
  readonly force: ArrayLike<number>;
}

export interface JointReaction {
  /** Child body of the joint (the joint of body b connects bodyParent[b] to b). */
  body: number;
  /** [3] force the parent exerts on the child through the joint, ground (N). */
  readonly force: Float64Array;
  /** [3] moment the parent exerts on the child, about the joint centre, ground (N m). */
  readonly moment: Float64Array;
  /** [3] joint centre in ground (m). */
  readonly jointCenter: Float64Array;
  /** [9] R_ground_joint: the child offset frame's axes in ground, row-major. */
  readonly jointRotation: Float64Array;
  /** [3] force and moment in the joint frame. */
  readonly forceInJointFrame: Float64Array;
  readonly momentInJointFrame: Float64Array;
  /** +1 if the child lies along +Y of the joint frame (its centre of mass above the joint), else -1. */
  longAxisSign: number;
  /** Compression along the child's long axis (N, > 0 pressing together). */
  compression: number;
  /** Shear the child puts on the parent along the joint frame's +X (N). */
  anteriorShear: number;
  /** Shear the child puts on the parent along the joint frame's +Z (N). */
  lateralShear: number;
  /** [3] each part's force and moment on the subtree (ground; moments about the joint centre). */
  readonly gravityForce: Float64Array;
  readonly gravityMoment: Float64Array;
  readonly tissueForce: Float64Array;
  readonly tissueMoment: Float64Array;
  readonly externalForce: Float64Array;
  readonly externalMoment: Float64Array;
}

export interface JointReactionWorkspace {
  readonly nbody: number;
  /** [nbody] 1 for bodies in the subtree of the last joint evaluated. */
  readonly inSubtree: Uint8Array;
  /** The last result (the same object every time). */
  readonly result: JointReaction;
}

export function makeJointReaction(model: SkeletonModel): JointReactionWorkspace {
  const vector = (): Float64Array => new Float64Array(3);
  return {
    nbody: model.nbody,
    inSubtree: new Uint8Array(model.nbody),
    result: {
      body: -1,
      force: vector(),
      moment: vector(),
      jointCenter: vector(),
      jointRotation: new Float64Array(9),
      forceInJointFrame: vector(),
      momentInJointFrame: vector(),
      longAxisSign: 1,
      compression: 0,
      anteriorShear: 0,
      lateralShear: 0,
      gravityForce: vector(),
      gravityMoment: vector(),
      tissueForce: vector(),
      tissueMoment: vector(),
      externalForce: vector(),
      externalMoment: vector(),
    },
  };
}

/** The child body of the joint named `jointName` (throws UNKNOWN_NAME). */
export function jointBodyByName(model: SkeletonModel, jointName: string): number {
  const body = model.jointIndex.get(jointName);
  if (body === undefined || body === 0) {
    throw new KinechainError('UNKNOWN_NAME', `no joint named "${jointName}" in model "${model.name}"`, { joint: jointName });
  }
  return body;
}

/** Adds the force (fx, fy, fz) at point (px, py, pz) and its moment about `center` into force/moment [3]. */
function addPointForce(
  force: Float64Array,
  moment: Float64Array,
  center: Float64Array,
  px: number,
  py: number,
  pz: number,
  fx: number,
  fy: number,
  fz: number,
): void {
  const rx = px - center[0];
  const ry = py - center[1];
  const rz = pz - center[2];
  force[0] += fx;
  force[1] += fy;
  force[2] += fz;
  moment[0] += ry * fz - rz * fy;
  moment[1] += rz * fx - rx * fz;
  moment[2] += rx * fy - ry * fx;
}

/** Force of one straight tissue segment A -> B on the subtree, if it crosses the cut. */
function addSegment(
  result: JointReaction,
  inSubtree: Uint8Array,
  tension: number,
  bodyA: number,
  a: Float64Array,
  aAdr: number,
  bodyB: number,
  b: Float64Array,
  bAdr: number,
): void {
  const insideA = inSubtree[bodyA] === 1;
  const insideB = inSubtree[bodyB] === 1;
  if (insideA === insideB) return;
  const dx = b[bAdr] - a[aAdr];
  const dy = b[bAdr + 1] - a[aAdr + 1];
  const dz = b[bAdr + 2] - a[aAdr + 2];
  const length = Math.sqrt(dx * dx + dy * dy + dz * dz);
  if (!(length > 0)) return;
  const scale = tension / length;
  if (insideA) {
    // The tissue pulls A (inside) towards B.
    addPointForce(result.tissueForce, result.tissueMoment, result.jointCenter, a[aAdr], a[aAdr + 1], a[aAdr + 2], dx * scale, dy * scale, dz * scale);
  } else {
    addPointForce(result.tissueForce, result.tissueMoment, result.jointCenter, b[bAdr], b[bAdr + 1], b[bAdr + 2], -dx * scale, -dy * scale, -dz * scale);
  }
}

/**
 * Reaction at the joint of `body` (its child body index; see jointBodyByName) at the pose
 * in `data`, with tissue tensions from data.tissueForce and optional external forces.
 * Fills and returns workspace.result.
 */
export function jointReaction(
  model: SkeletonModel & TissueModel,
  data: SkeletonData & TissueData,
  workspace: JointReactionWorkspace,
  body: number,
  external?: ExternalPointForces,
): JointReaction {
  const nbody = model.nbody;
  if (workspace.nbody !== nbody) {
    throw new KinechainError('MALFORMED_INPUT', `joint reaction workspace was made for ${workspace.nbody} bodies; the model has ${nbody}`);
  }
  if (!(Number.isInteger(body) && body > 0 && body < nbody)) {
    throw new KinechainError('OUT_OF_RANGE', `joint body index ${String(body)} must be 1..${nbody - 1} (ground has no joint)`);
  }
  const result = workspace.result;
  result.body = body;

  // Subtree membership: parents come before children, so one forward pass suffices.
  const inSubtree = workspace.inSubtree;
  inSubtree.fill(0);
  inSubtree[body] = 1;
  for (let child = body + 1; child < nbody; child++) {
    const parent = model.bodyParent[child];
    if (parent >= 0 && inSubtree[parent] === 1) inSubtree[child] = 1;
  }

  // Joint frame: centre and R_ground_joint = R_ground_child R_child_offset.
  const center = result.jointCenter;
  const jointCenter = data.scratch.jointCenter;
  center[0] = jointCenter[3 * body];
  center[1] = jointCenter[3 * body + 1];
  center[2] = jointCenter[3 * body + 2];
  const rotation = result.jointRotation;
  const childRotation = data.bodyRotation;
  const offset = model.jointChildFrame;
  const c = 9 * body;
  const o = 12 * body;
  for (let i = 0; i < 3; i++) {
    for (let k = 0; k < 3; k++) {
      rotation[3 * i + k] =
        childRotation[c + 3 * i] * offset[o + k] + childRotation[c + 3 * i + 1] * offset[o + 3 + k] + childRotation[c + 3 * i + 2] * offset[o + 6 + k];
    }
  }

  // Gravity on the subtree: M g at the subtree's centre of mass.
  const subtree = subtreeMassMoments(model, data);
  const mass = subtree[4 * body];
  const gx = model.gravity[0];
  const gy = model.gravity[1];
  const gz = model.gravity[2];
  result.gravityForce[0] = mass * gx;
  result.gravityForce[1] = mass * gy;
  result.gravityForce[2] = mass * gz;
  // (h - M c) x g with h the subtree's first moment.
  const hx = subtree[4 * body + 1] - mass * center[0];
  const hy = subtree[4 * body + 2] - mass * center[1];
  const hz = subtree[4 * body + 3] - mass * center[2];
  result.gravityMoment[0] = hy * gz - hz * gy;
  result.gravityMoment[1] = hz * gx - hx * gz;
  result.gravityMoment[2] = hx * gy - hy * gx;

  // Tissues crossing the cut.
  result.tissueForce.fill(0);
  result.tissueMoment.fill(0);
  const pointWorld = data.pointWorld;
  const wrapPointWorld = data.wrapPointWorld;
  for (let tissue = 0; tissue < model.ntissue; tissue++) {
    if (model.tissueActsOnSkeleton[tissue] === 0) continue;
    const tension = data.tissueForce[tissue];
    if (tension === 0) continue;
    const firstPoint = model.tissuePointAdr[tissue];
    const pointEnd = firstPoint + model.tissuePointNum[tissue];
    const firstWrap = model.tissueWrapAdr[tissue];
    const wrapEnd = firstWrap + model.tissueWrapNum[tissue];
    for (let point = firstPoint; point + 1 < pointEnd; point++) {
      const startBody = model.pointBody[point];
      const endBody = model.pointBody[point + 1];
      let activeWrap = -1;
      for (let wrap = firstWrap; wrap < wrapEnd; wrap++) {
        if (model.wrapFirstPoint[wrap] === point && data.wrapActive[wrap] === 1) {
          activeWrap = wrap;
          break;
        }
      }
      if (activeWrap < 0) {
        addSegment(result, inSubtree, tension, startBody, pointWorld, 3 * point, endBody, pointWorld, 3 * point + 3);
      } else {
        const wrapBody = model.wrapBody[activeWrap];
        addSegment(result, inSubtree, tension, startBody, pointWorld, 3 * point, wrapBody, wrapPointWorld, 6 * activeWrap);
        addSegment(result, inSubtree, tension, wrapBody, wrapPointWorld, 6 * activeWrap + 3, endBody, pointWorld, 3 * point + 3);
      }
    }
  }

  // External point forces on the subtree's bodies.
  result.externalForce.fill(0);
  result.externalMoment.fill(0);
  if (external !== undefined) {
    for (let k = 0; k < external.count; k++) {
      const target = external.body[k];
      if (!(target >= 0 && target < nbody)) {
        throw new KinechainError('OUT_OF_RANGE', `external force ${k} is on body index ${target}; the model has ${nbody} bodies`);
      }
      if (inSubtree[target] !== 1) continue;
      addPointForce(
        result.externalForce,
        result.externalMoment,
        center,
        external.point[3 * k],
        external.point[3 * k + 1],
        external.point[3 * k + 2],
        external.force[3 * k],
        external.force[3 * k + 1],
        external.force[3 * k + 2],
      );
    }
  }

  for (let i = 0; i < 3; i++) {
    result.force[i] = -(result.gravityForce[i] + result.tissueForce[i] + result.externalForce[i]) + 0;
    result.moment[i] = -(result.gravityMoment[i] + result.tissueMoment[i] + result.externalMoment[i]) + 0;
  }
  // Joint frame components: R_ground_joint^T v.
  for (let k = 0; k < 3; k++) {
    result.forceInJointFrame[k] = rotation[k] * result.force[0] + rotation[3 + k] * result.force[1] + rotation[6 + k] * result.force[2];
    result.momentInJointFrame[k] = rotation[k] * result.moment[0] + rotation[3 + k] * result.moment[1] + rotation[6 + k] * result.moment[2];
  }

  // Long axis: the side of the joint frame's XZ plane the child's centre of mass lies on.
  const com = model.bodyCom;
  const comY =
    offset[o + 1] * (com[3 * body] - offset[o + 9]) +
    offset[o + 4] * (com[3 * body + 1] - offset[o + 10]) +
    offset[o + 7] * (com[3 * body + 2] - offset[o + 11]);
  result.longAxisSign = comY >= 0 ? 1 : -1;
  // The parent pushes the child along +long axis when the joint is compressed.
  result.compression = result.longAxisSign * result.forceInJointFrame[1];
  // The child loads the parent with -R: its components along +X and +Z.
  result.anteriorShear = -result.forceInJointFrame[0] + 0;
  result.lateralShear = -result.forceInJointFrame[2] + 0;
  return result;
}
