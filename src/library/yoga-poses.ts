/**
 * Yoga poses as joint coordinates of the default body (degrees here, as a user writes
 * them; analyses convert to radians). Coordinates not listed stay at their reference
 * (standing) value. Only joint angles change tissue lengths; the pelvis orientation is
 * given where it helps drawing the pose.
 *
 * Sources: the poses are described after Iyengar BKS (1966), Light on Yoga, Schocken
 * Books; the angles are assumptions for a moderately flexible adult doing the classical
 * form, kept inside the default body's joint ranges (library/joint-ranges.ts), so their
 * results are model predictions for that form, not measurements. Each pose carries the
 * lines it is commonly said to stretch (`targets`), which the direction tests check.
 *
 * Conventions of the default body: hip, shoulder, elbow flexion positive; knee flexion
 * negative (gait2392); ankle dorsiflexion positive; spine, neck and head extension
 * positive (so flexion is negative); wrist flexion positive; pelvis_tilt anterior negative.
 */

export interface YogaPose {
  readonly key: string;
  readonly name: string;
  readonly sanskrit: string;
  readonly description: string;
  readonly source: string;
  /** Coordinate name -> angle (deg). */
  readonly coordinatesDeg: Readonly<Record<string, number>>;
  /** Anatomy Trains line families (and sides) the pose is known to lengthen, for checks and for reading results. */
  readonly targets: readonly string[];
}

const IYENGAR = 'Iyengar BKS (1966), Light on Yoga, Schocken Books: description of the pose; angles are assumptions for the classical form';

export const YOGA_POSES: Readonly<Record<string, YogaPose>> = Object.freeze({
  downward_dog: {
    key: 'downward_dog',
    name: 'downward-facing dog',
    sanskrit: 'adho mukha svanasana',
    description:
      'hands and feet on the floor, hips high: the body an inverted V, knees straight, heels pressed down (ankles ' +
      'dorsiflexed), arms overhead in line with the trunk, wrists extended with the palms flat, spine long',
    source: IYENGAR,
    coordinatesDeg: {
      pelvis_tilt: -65,
      hip_flexion_r: 95, hip_flexion_l: 95,
      knee_angle_r: 0, knee_angle_l: 0,
      ankle_angle_r: 20, ankle_angle_l: 20,
      lumbar_extension: -5, thoracic_extension: 0,
      arm_flex_r: 170, arm_flex_l: 170,
      wrist_flex_r: -60, wrist_flex_l: -60,
    },
    targets: ['superficial back line'],
  },
  standing_forward_fold: {
    key: 'standing_forward_fold',
    name: 'standing forward fold',
    sanskrit: 'uttanasana',
    description: 'standing, knees straight, folded forward from the hips with the spine and neck flexed and the hands towards the floor',
    source: IYENGAR,
    coordinatesDeg: {
      pelvis_tilt: -85,
      hip_flexion_r: 100, hip_flexion_l: 100,
      knee_angle_r: 0, knee_angle_l: 0,
      ankle_angle_r: -10, ankle_angle_l: -10,
      lumbar_extension: -40, thoracic_extension: -25,
      neck_extension: -30, head_extension: -10,
      arm_flex_r: 150, arm_flex_l: 150,
    },
    targets: ['superficial back line'],
  },
  seated_forward_fold: {
    key: 'seated_forward_fold',
    name: 'seated forward fold',
    sanskrit: 'paschimottanasana',
    description: 'long sitting, knees straight, feet flexed, folded forward over the legs, hands to the feet',
    source: IYENGAR,
    coordinatesDeg: {
      pelvis_tilt: -10,
      hip_flexion_r: 100, hip_flexion_l: 100,
      knee_angle_r: 0, knee_angle_l: 0,
      ankle_angle_r: 5, ankle_angle_l: 5,
      lumbar_extension: -40, thoracic_extension: -30,
      neck_extension: -25, head_extension: -5,
      arm_flex_r: 160, arm_flex_l: 160,
    },
    targets: ['superficial back line'],
  },
  low_lunge: {
    key: 'low_lunge',
    name: 'low lunge (right leg forward)',
    sanskrit: 'anjaneyasana',
    description:
      'right foot forward with the knee over the ankle, left knee and the top of the left foot on the floor, the pelvis ' +
      'sunk forward so the left hip extends, trunk upright with a slight back bend, arms overhead',
    source: IYENGAR,
    coordinatesDeg: {
      hip_flexion_r: 80, knee_angle_r: -90, ankle_angle_r: 10,
      hip_flexion_l: -25, knee_angle_l: -80, ankle_angle_l: -40,
      lumbar_extension: 10, thoracic_extension: 5,
      arm_flex_r: 170, arm_flex_l: 170,
    },
    targets: ['superficial front line (left, back leg)', 'deep front line (left, back leg: iliopsoas)'],
  },
  childs_pose: {
    key: 'childs_pose',
    name: "child's pose",
    sanskrit: 'balasana',
    description: 'kneeling and sitting back on the heels, the trunk folded forward onto the thighs, forehead down, arms forward on the floor',
    source: IYENGAR,
    coordinatesDeg: {
      pelvis_tilt: -70,
      hip_flexion_r: 115, hip_flexion_l: 115,
      knee_angle_r: -120, knee_angle_l: -120,
      ankle_angle_r: -45, ankle_angle_l: -45,
      lumbar_extension: -45, thoracic_extension: -30,
      neck_extension: -20,
      arm_flex_r: 170, arm_flex_l: 170,
    },
    targets: ['back extensors (erector spinae, thoracolumbar fascia)', 'superficial front line of the ankles (ankle extensors)'],
  },
});

export type YogaPoseKey = keyof typeof YOGA_POSES;

/** The catalogue's pose keys. */
export function yogaPoseKeys(): string[] {
  return Object.keys(YOGA_POSES);
}
