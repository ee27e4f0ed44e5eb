/**
 * Joint ranges of motion of the default body (degrees here; the spec stores radians).
 *
 * Sources: American Academy of Orthopaedic Surgeons, Joint Motion: Method of Measuring and
 * Recording (AAOS 1965; Greene & Heckman 1994) for the clinical ranges, and OpenSim's
 * gait2392 / Rajagopal 2016 coordinate ranges (Delp 1990; Rajagopal et al. 2016, IEEE TBME
 * 63:2068) where a model convention is needed. A range is a hard limit of the model, not a
 * typical value, so where the sources differ the wider one is kept. Spine and neck ranges
 * split the AAOS regional totals between the two model joints that carry them (assumption).
 */
import { literature, type LiteratureValue } from './literature-value.js';

export interface JointRange {
  /** Lower limit (deg). */
  readonly min: LiteratureValue;
  /** Upper limit (deg). */
  readonly max: LiteratureValue;
}

function range(minDeg: number, maxDeg: number, source: string): JointRange {
  return Object.freeze({ min: literature(minDeg, 'deg', source), max: literature(maxDeg, 'deg', source) });
}

const AAOS = 'AAOS 1965 / Greene & Heckman 1994';
const SPINE_SPLIT = `${AAOS} thoracolumbar totals (flexion 80, extension 25, lateral bending 35, rotation 45 deg) split between the lumbosacral and thoracolumbar joints (assumption)`;
const NECK_SPLIT = `${AAOS} cervical totals (flexion 45, extension 45, lateral bending 45, rotation 60-80 deg) split between the cervicothoracic and atlanto-occipital joints (assumption)`;

/** Coordinate ranges keyed by the coordinate name without its side suffix. */
export const JOINT_RANGES_DEG = Object.freeze({
  pelvis_tilt: range(-90, 90, 'Rajagopal 2016 (free pelvis)'),
  pelvis_list: range(-90, 90, 'Rajagopal 2016 (free pelvis)'),
  pelvis_rotation: range(-180, 180, 'free rotation about the vertical'),
  hip_flexion: range(-30, 120, `${AAOS}: flexion 120, extension 30; Rajagopal 2016 [-30, 120]`),
  hip_adduction: range(-45, 30, `${AAOS}: abduction 45, adduction 30`),
  hip_rotation: range(-45, 45, `${AAOS}: internal 45, external 45 (positive = internal, as OpenSim)`),
  knee_angle: range(-120, 10, 'gait2392 (Delp 1990): [-120, 10] deg, negative = flexion; AAOS flexion 135'),
  ankle_angle: range(-50, 30, `${AAOS}: plantarflexion 50; gait2392 dorsiflexion limit 30 (knee flexed)`),
  subtalar_angle: range(-20, 30, `gait2392 +/-20 deg; ${AAOS} inversion 35 / eversion 15 of the whole hindfoot`),
  midtarsal_angle: range(-20, 15, 'assumption: sagittal midfoot excursion of multi-segment foot models (about 10-15 deg in gait)'),
  mtp_angle: range(-45, 70, `${AAOS}: first MTP flexion 45, extension 70 (Caravaggi et al. 2010 peak 64 +/- 4 deg in fast walking)`),
  lumbar_extension: range(-50, 25, SPINE_SPLIT),
  lumbar_bending: range(-25, 25, SPINE_SPLIT),
  lumbar_rotation: range(-15, 15, SPINE_SPLIT),
  thoracic_extension: range(-40, 25, SPINE_SPLIT),
  thoracic_bending: range(-25, 25, SPINE_SPLIT),
  thoracic_rotation: range(-35, 35, SPINE_SPLIT),
  neck_extension: range(-40, 45, NECK_SPLIT),
  neck_bending: range(-40, 40, NECK_SPLIT),
  neck_rotation: range(-80, 80, NECK_SPLIT),
  head_extension: range(-15, 20, NECK_SPLIT),
  head_bending: range(-8, 8, NECK_SPLIT),
  arm_flex: range(-60, 180, `${AAOS}: flexion 180, extension 60`),
  arm_add: range(-180, 30, `${AAOS}: abduction 180, adduction 30 (positive = adduction)`),
  arm_rot: range(-90, 70, `${AAOS}: external 90, internal 70 (positive = internal)`),
  elbow_flex: range(0, 150, `${AAOS}: flexion 150; Rajagopal 2016 [0, 150]`),
  wrist_flex: range(-70, 80, `${AAOS}: flexion 80, extension 70`),
});
export type JointRangeKey = keyof typeof JOINT_RANGES_DEG;
