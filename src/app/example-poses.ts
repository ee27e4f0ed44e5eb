/**
 * Poses the report and the examples use, in degrees (rotations) as a user writes them.
 * examples/poses/*.json hold the same values; a test keeps them equal.
 */

/**
 * Standing forward bend with the knees extended: hips flexed 90 deg relative to the
 * pelvis, and the pelvis tilted 90 deg forward (OpenSim: anterior tilt is negative), so
 * the thighs stay vertical and the trunk is horizontal.
 */
export const STANDING_FORWARD_BEND_DEG: Readonly<Record<string, number>> = Object.freeze({
  pelvis_tilt: -90,
  hip_flexion_r: 90,
  hip_flexion_l: 90,
  knee_angle_r: 0,
  knee_angle_l: 0,
});

/** Knee-extended ankle dorsiflexion test (right): the gastrocnemius is stretched over both joints. */
export const ANKLE_DORSIFLEXION_KNEE_EXTENDED_DEG: Readonly<Record<string, number>> = Object.freeze({
  knee_angle_r: 0,
  ankle_angle_r: 10,
});

/** Knee-flexed ankle dorsiflexion test (right): the knee slackens the gastrocnemius, leaving the soleus. */
export const ANKLE_DORSIFLEXION_KNEE_FLEXED_DEG: Readonly<Record<string, number>> = Object.freeze({
  knee_angle_r: -90,
  ankle_angle_r: 10,
});
