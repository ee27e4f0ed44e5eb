/**
 * The toe-touch animated: poses from standing to the end of the reach, as the analysis
 * reports that end (its `bend`: hip, lumbar, thoracic, neck and head flexion, pelvis tilt
 * and ankle angle in degrees). The arms hang straight down (the fingertips point to the
 * floor, as the reach test has them), and the body is shifted so the right heel stays
 * where it is in standing. Each frame is a bodyScene, line tensions included.
 */
import { bodyScene, type BodyScene } from '../../src/app/scene.js';
import type { SubjectInput } from '../../src/app/default-model.js';
import { defaultModel } from '../../src/app/default-model.js';
import type { ReachBend, SceneFrames } from './protocol.js';

const RADIANS_PER_DEGREE = Math.PI / 180;

/** Named coordinate values (deg for rotations) of the end of the reach, from the analysis's bend. */
export function reachEndPoseDeg(bend: ReachBend): Record<string, number> {
  const value = (key: string): number => (Number.isFinite(bend[key]) ? bend[key] : 0);
  const hip = value('hipFlexionDeg');
  const lumbar = value('lumbarFlexionDeg');
  const thoracic = value('thoracicFlexionDeg');
  const pelvisTilt = value('pelvisTiltDeg');
  const ankle = value('ankleAngleDeg');
  // Trunk inclination from vertical: the forward pelvis tilt (negative in OpenSim) plus the spine's flexion.
  const trunkForward = -pelvisTilt + lumbar + thoracic;
  return {
    pelvis_tilt: pelvisTilt,
    hip_flexion_r: hip,
    hip_flexion_l: hip,
    knee_angle_r: 0,
    knee_angle_l: 0,
    ankle_angle_r: ankle,
    ankle_angle_l: ankle,
    lumbar_extension: -lumbar,
    thoracic_extension: -thoracic,
    neck_extension: -value('neckFlexionDeg'),
    head_extension: -value('headFlexionDeg'),
    arm_flex_r: trunkForward,
    arm_flex_l: trunkForward,
  };
}

/** Degrees (rotations) to SI, clamped into each coordinate's range; unknown names are dropped. */
export function poseInRadians(subject: SubjectInput | undefined, poseDeg: Readonly<Record<string, number>>): Record<string, number> {
  const model = defaultModel(subject);
  const pose: Record<string, number> = {};
  for (const [name, degrees] of Object.entries(poseDeg)) {
    const j = model.coordinateIndex.get(name);
    if (j === undefined || !Number.isFinite(degrees)) continue;
    const rotational = model.coordinateKind[j] === 0;
    const value = rotational ? degrees * RADIANS_PER_DEGREE : degrees;
    pose[name] = Math.min(model.coordinateRange[2 * j + 1], Math.max(model.coordinateRange[2 * j], value));
  }
  return pose;
}

function bodyOrigin(scene: BodyScene, name: string): readonly [number, number, number] {
  const body = scene.bodies.find((entry) => entry.name === name);
  return body ? body.origin : [0, 0, 0];
}

/**
 * The scene of a pose (deg for rotations) with the body shifted so the right heel is
 * where it is in standing: a pose given by joint angles alone leaves the pelvis at its
 * standing height, which would sink or lift the feet.
 */
export function anchoredScene(subject: SubjectInput | undefined, poseDeg: Readonly<Record<string, number>>, tensions = true): BodyScene {
  const pose = poseInRadians(subject, poseDeg);
  delete pose.pelvis_tx;
  delete pose.pelvis_ty;
  const model = defaultModel(subject);
  const tx = model.coordinateDefault[model.coordinateIndex.get('pelvis_tx') as number];
  const ty = model.coordinateDefault[model.coordinateIndex.get('pelvis_ty') as number];
  const heel = bodyOrigin(bodyScene({ subject, tensions: false }), 'calcn_r');
  const moved = bodyOrigin(bodyScene({ subject, pose, tensions: false }), 'calcn_r');
  return bodyScene({ subject, pose: { ...pose, pelvis_tx: tx + heel[0] - moved[0], pelvis_ty: ty + heel[1] - moved[1] }, tensions });
}

/** `frames` scenes from standing (fraction 0) to the end of the reach (fraction 1). */
export function reachFrames(subject: SubjectInput | undefined, bend: ReachBend, frames: number): SceneFrames {
  const count = Math.max(2, Math.min(60, Math.round(frames)));
  const end = reachEndPoseDeg(bend);
  const scenes: BodyScene[] = [];
  const fractions: number[] = [];
  for (let f = 0; f < count; f++) {
    const fraction = f / (count - 1);
    // Ease in and out, as a person bends.
    const eased = 0.5 - 0.5 * Math.cos(Math.PI * fraction);
    const poseDeg: Record<string, number> = {};
    for (const [name, value] of Object.entries(end)) poseDeg[name] = value * eased;
    scenes.push(anchoredScene(subject, poseDeg));
    fractions.push(fraction);
  }
  return { frames: scenes, fractions };
}
