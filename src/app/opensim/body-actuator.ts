/**
 * OpenSim's PointActuator and TorqueActuator as static-optimisation unknowns: a force
 * control * optimal_force along a direction at a point of a body, or a torque
 * control * optimal_force about an axis on bodyA (and its reaction on bodyB). Both act
 * on the skeleton through a generalised force that depends on the pose:
 *
 *   PointActuator:  Q = J_p(q)^T d       (J_p: d(point in ground)/dq, d: unit direction in ground)
 *   TorqueActuator: Q = (J_wA - J_wB)^T a (J_w: angular jacobian, a: unit axis in ground)
 *
 * per newton (newton metre) of actuator force, as OpenSim applies them:
 * - PointActuator: `point` in `body` (point_is_global false, default) or a ground point
 *   that stays put (true); `direction` in the body frame (force_is_global false, default)
 *   or in ground (true). The direction is normalised, as OpenSim does.
 * - TorqueActuator: `axis` in ground (torque_is_global true, default) or in bodyA's frame;
 *   bodyB absent (or ground) takes no reaction that matters here.
 */
import { KinechainError } from '../../core/errors.js';
import type { SkeletonData, SkeletonModel } from '../../core/model/model.js';

export type BodyActuatorGeometry =
  | {
      readonly kind: 'point';
      readonly body: string;
      readonly point: readonly [number, number, number];
      readonly pointIsGlobal: boolean;
      readonly direction: readonly [number, number, number];
      readonly forceIsGlobal: boolean;
    }
  | {
      readonly kind: 'torque';
      readonly bodyA: string;
      readonly bodyB: string | undefined;
      readonly axis: readonly [number, number, number];
      readonly torqueIsGlobal: boolean;
    };

function vector(properties: Readonly<Record<string, string>>, name: string, fallback: [number, number, number] | undefined, where: string): [number, number, number] {
  const text = properties[name];
  if (text === undefined || text.trim() === '') {
    if (fallback !== undefined) return fallback;
    throw new KinechainError('MALFORMED_INPUT', `${where} has no <${name}>`);
  }
  const values = text.trim().split(/\s+/).map(Number);
  if (values.length !== 3 || values.some((value) => !Number.isFinite(value))) {
    throw new KinechainError('MALFORMED_INPUT', `${where}: <${name}> must be three numbers, found "${text}"`);
  }
  return [values[0], values[1], values[2]];
}

function flag(properties: Readonly<Record<string, string>>, name: string, fallback: boolean): boolean {
  const text = (properties[name] ?? '').trim().toLowerCase();
  return text === '' ? fallback : text === 'true' || text === '1';
}

/** The body a name or socket path names ("/bodyset/pelvis" -> "pelvis"). */
function bodyName(text: string | undefined): string | undefined {
  const name = (text ?? '').trim().split('/').pop() ?? '';
  return name === '' ? undefined : name;
}

/** Geometry of a PointActuator or TorqueActuator from its scalar properties as written (3.x names or 4.x sockets). */
export function readBodyActuatorGeometry(element: string, properties: Readonly<Record<string, string>>, where: string): BodyActuatorGeometry {
  if (element === 'PointActuator') {
    const body = bodyName(properties.body ?? properties.socket_body);
    if (body === undefined) throw new KinechainError('MALFORMED_INPUT', `${where} names no <body>`);
    const direction = vector(properties, 'direction', undefined, where);
    const norm = Math.hypot(direction[0], direction[1], direction[2]);
    if (!(norm > 0)) throw new KinechainError('MALFORMED_INPUT', `${where}: <direction> must not be zero`);
    return {
      kind: 'point',
      body,
      point: vector(properties, 'point', [0, 0, 0], where),
      pointIsGlobal: flag(properties, 'point_is_global', false),
      direction: [direction[0] / norm, direction[1] / norm, direction[2] / norm],
      forceIsGlobal: flag(properties, 'force_is_global', false),
    };
  }
  const bodyA = bodyName(properties.bodyA ?? properties.socket_bodyA);
  if (bodyA === undefined) throw new KinechainError('MALFORMED_INPUT', `${where} names no <bodyA>`);
  const axis = vector(properties, 'axis', undefined, where);
  const norm = Math.hypot(axis[0], axis[1], axis[2]);
  if (!(norm > 0)) throw new KinechainError('MALFORMED_INPUT', `${where}: <axis> must not be zero`);
  return {
    kind: 'torque',
    bodyA,
    bodyB: bodyName(properties.bodyB ?? properties.socket_bodyB),
    axis: [axis[0] / norm, axis[1] / norm, axis[2] / norm],
    torqueIsGlobal: flag(properties, 'torque_is_global', true),
  };
}

/** Body indices of a geometry in `model`; UNKNOWN_NAME for a body the model lacks. */
export function resolveBodyActuator(model: SkeletonModel, geometry: BodyActuatorGeometry, where: string): { first: number; second: number } {
  const index = (name: string | undefined): number => {
    if (name === undefined || name === 'ground') return 0;
    const body = model.bodyIndex.get(name);
    if (body === undefined) throw new KinechainError('UNKNOWN_NAME', `${where} acts on body "${name}", which is not a body of the model`, { body: name });
    return body;
  };
  return geometry.kind === 'point' ? { first: index(geometry.body), second: 0 } : { first: index(geometry.bodyA), second: index(geometry.bodyB) };
}

/** R_ground_body v (row-major rotation of `body`). */
function toGround(data: SkeletonData, body: number, v: readonly number[], out: Float64Array): void {
  const r = data.bodyRotation;
  const o = 9 * body;
  out[0] = r[o] * v[0] + r[o + 1] * v[1] + r[o + 2] * v[2];
  out[1] = r[o + 3] * v[0] + r[o + 4] * v[1] + r[o + 5] * v[2];
  out[2] = r[o + 6] * v[0] + r[o + 7] * v[1] + r[o + 8] * v[2];
}

/** [3] scratch: direction and point in ground. */
const directionInGround = new Float64Array(3);
const pointInGround = new Float64Array(3);

/**
 * Generalised force [nq] per unit actuator force into out[offset .. offset + nq). Needs
 * forwardKinematics (bodyRotation, bodyPosition, coordinateMotion). Allocates nothing.
 */
export function bodyActuatorGeneralizedForce(
  model: SkeletonModel,
  data: SkeletonData,
  geometry: BodyActuatorGeometry,
  bodies: { readonly first: number; readonly second: number },
  out: Float64Array,
  offset: number,
): void {
  const nq = model.nq;
  const motion = data.coordinateMotion;
  const support = model.bodyCoordinateSupport;
  if (geometry.kind === 'point') {
    const body = bodies.first;
    if (geometry.forceIsGlobal) directionInGround.set(geometry.direction);
    else toGround(data, body, geometry.direction, directionInGround);
    if (geometry.pointIsGlobal) {
      pointInGround.set(geometry.point);
    } else {
      toGround(data, body, geometry.point, pointInGround);
      for (let i = 0; i < 3; i++) pointInGround[i] += data.bodyPosition[3 * body + i];
    }
    const [dx, dy, dz] = directionInGround;
    const [px, py, pz] = pointInGround;
    for (let j = 0; j < nq; j++) {
      if (body === 0 || support[body * nq + j] === 0) {
        out[offset + j] = 0;
        continue;
      }
      const m = 6 * j;
      // Column j of J_p is v_j + w_j x p; Q_j = d . (v_j + w_j x p) = d . v_j + w_j . (p x d).
      const wx = motion[m];
      const wy = motion[m + 1];
      const wz = motion[m + 2];
      out[offset + j] =
        dx * motion[m + 3] + dy * motion[m + 4] + dz * motion[m + 5] + wx * (py * dz - pz * dy) + wy * (pz * dx - px * dz) + wz * (px * dy - py * dx);
    }
    return;
  }
  if (geometry.torqueIsGlobal) directionInGround.set(geometry.axis);
  else toGround(data, bodies.first, geometry.axis, directionInGround);
  const [ax, ay, az] = directionInGround;
  for (let j = 0; j < nq; j++) {
    const m = 6 * j;
    const along = ax * motion[m] + ay * motion[m + 1] + az * motion[m + 2];
    const onA = bodies.first !== 0 && support[bodies.first * nq + j] !== 0 ? 1 : 0;
    const onB = bodies.second !== 0 && support[bodies.second * nq + j] !== 0 ? 1 : 0;
    out[offset + j] = (onA - onB) * along;
  }
}
