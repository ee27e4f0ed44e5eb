/**
 * Named anatomical landmarks of the default body, in body frames, for contact models,
 * drawing and checks (e.g. the feet resting on the floor in the reference pose).
 *
 * Foot landmarks come from foot-geometry.ts; the contact points (heel, first and fifth
 * metatarsal heads, toe pulp) lie on the floor y = 0 in the reference pose.
 */
import { computeBodyGeometry, type DefaultBodyName, type Vec3 } from './body-geometry.js';
import type { FootLandmarks } from './foot-geometry.js';
import { makeAttachments } from './tissues/attachments.js';
import { validateSubject, type SubjectOptions } from './default-body.js';

export interface BodyLandmark {
  /** Unique name, e.g. "heel_contact_r". */
  readonly name: string;
  readonly body: DefaultBodyName;
  /** Position in the body frame (m). */
  readonly location: Vec3;
  readonly label: string;
  /** True for points that touch the floor in the reference pose. */
  readonly floorContact: boolean;
}

const FOOT_LANDMARKS: readonly {
  name: string;
  key: keyof FootLandmarks;
  segment: 'calcn' | 'forefoot' | 'toes';
  label: string;
  floorContact: boolean;
}[] = [
  { name: 'heel_contact', key: 'heelContact', segment: 'calcn', label: 'plantar heel (under the calcaneal tuberosity)', floorContact: true },
  { name: 'heel_posterior', key: 'heelPosterior', segment: 'calcn', label: 'back of the heel', floorContact: false },
  { name: 'first_metatarsal_head_contact', key: 'firstMetatarsalHeadContact', segment: 'forefoot', label: 'plantar skin under the 1st metatarsal head', floorContact: true },
  { name: 'fifth_metatarsal_head_contact', key: 'fifthMetatarsalHeadContact', segment: 'forefoot', label: 'plantar skin under the 5th metatarsal head', floorContact: true },
  { name: 'first_metatarsal_head', key: 'firstMetatarsalHead', segment: 'forefoot', label: 'centre of the 1st metatarsal head', floorContact: false },
  { name: 'fifth_metatarsal_head', key: 'fifthMetatarsalHead', segment: 'forefoot', label: 'centre of the 5th metatarsal head', floorContact: false },
  { name: 'navicular_tuberosity', key: 'navicularTuberosity', segment: 'forefoot', label: 'navicular tuberosity (arch height)', floorContact: false },
  { name: 'toe_pulp_contact', key: 'toePulpContact', segment: 'toes', label: 'pulp of the toes', floorContact: true },
  { name: 'toe_tip', key: 'toeTip', segment: 'toes', label: 'tip of the longest toe', floorContact: false },
];

/** Landmarks of the default body for a subject (validated like buildBody). */
export function buildLandmarks(options: SubjectOptions): BodyLandmark[] {
  const subject = validateSubject(options);
  const geometry = computeBodyGeometry(subject.heightM, subject.sex);
  const at = makeAttachments(geometry);
  const landmarks: BodyLandmark[] = [];
  for (const side of ['r', 'l'] as const) {
    for (const entry of FOOT_LANDMARKS) {
      const body = `${entry.segment}_${side}` as DefaultBodyName;
      landmarks.push({
        name: `${entry.name}_${side}`,
        body,
        location: at.footLocation(body, geometry.foot[entry.key] as readonly [number, number, number]),
        label: entry.label,
        floorContact: entry.floorContact,
      });
    }
  }
  landmarks.push({
    name: 'vertex',
    body: 'head',
    location: at.standingLocation('head', [geometry.originWorld.head[0] / geometry.heightM, 1, 0]),
    label: 'top of the head',
    floorContact: false,
  });
  return landmarks;
}
