/**
 * Where the default body's feet touch a flat floor, and the friction they have there.
 *
 * Seven contact points per foot, on the plantar skin (foot coordinate y = 0, the floor in
 * the reference pose), written in foot coordinates (foot-geometry.ts: fractions of foot
 * length from the back of the heel, x forward, z lateral for the right foot):
 * - heel (calcaneus body): medial, central and lateral points across the heel pad, on
 *   one mediolateral line under the calcaneal tuberosity. The central point is the
 *   landmark heelContact; the medial and lateral points sit HEEL_PAD_HALF_WIDTH to either
 *   side of it.
 * - forefoot (midfoot-forefoot body): the plantar skin under the first and fifth
 *   metatarsal heads (landmarks firstMetatarsalHeadContact, fifthMetatarsalHeadContact).
 * - toes (toes body): the hallux pulp and the lesser toes' pulps, directly below the
 *   landmarks halluxDistalPhalanx and lesserToesDistalPhalanges.
 *
 * Because the three heel points lie on one line, the heel pad constrains height and roll
 * of the rearfoot but acts as a rocker for its pitch, as the rounded heel does.
 */
import type { FootContactPointSpec, FootRegion } from '../core/contact/foot-support.js';
import { KinechainError } from '../core/errors.js';
import { computeBodyGeometry, type DefaultBodyName } from './body-geometry.js';
import { validateSubject, type SubjectOptions } from './default-body.js';
import { footLandmarks, type FootVector } from './foot-geometry.js';
import { literature } from './literature-value.js';
import { makeAttachments } from './tissues/attachments.js';

/**
 * Coefficient of static friction between the sole and the floor. Quiet standing needs
 * almost none (the horizontal forces are a few newtons); the value only bounds the
 * horizontal forces the floor may supply.
 */
export const FOOT_FLOOR_FRICTION = literature(
  0.6,
  'unitless',
  'assumption: dry sole or shoe on common flooring; available static friction of dry floors is typically 0.4-0.8, ' +
    'and a static coefficient of at least 0.5 is the usual slip-resistance criterion (ANSI A1264.2)',
  [0.4, 0.8],
);

/** Half the width of the loaded heel pad, as a fraction of foot length. */
export const HEEL_PAD_HALF_WIDTH = literature(
  0.1,
  'fraction of foot length',
  'assumption: loaded heel pad about 5 cm wide in a 26 cm foot (heel breadth is about a quarter of foot length in adults)',
  [0.08, 0.12],
);

interface ContactLayoutEntry {
  readonly name: string;
  readonly region: FootRegion;
  readonly segment: 'calcn' | 'forefoot' | 'toes';
  readonly label: string;
  readonly footPoint: (landmarks: ReturnType<typeof footLandmarks>) => FootVector;
}

const onSole = (point: FootVector): FootVector => [point[0], 0, point[2]];

/** The contact layout of one foot (right-foot coordinates; the left mirrors z). */
export const FOOT_CONTACT_LAYOUT: readonly ContactLayoutEntry[] = [
  {
    name: 'heel_medial',
    region: 'heel',
    segment: 'calcn',
    label: 'medial heel pad',
    footPoint: (l) => [l.heelContact[0], 0, l.heelContact[2] - HEEL_PAD_HALF_WIDTH.value],
  },
  { name: 'heel_central', region: 'heel', segment: 'calcn', label: 'central heel pad', footPoint: (l) => onSole(l.heelContact) },
  {
    name: 'heel_lateral',
    region: 'heel',
    segment: 'calcn',
    label: 'lateral heel pad',
    footPoint: (l) => [l.heelContact[0], 0, l.heelContact[2] + HEEL_PAD_HALF_WIDTH.value],
  },
  {
    name: 'first_metatarsal_head',
    region: 'forefoot',
    segment: 'forefoot',
    label: 'plantar skin under the 1st metatarsal head',
    footPoint: (l) => onSole(l.firstMetatarsalHeadContact),
  },
  {
    name: 'fifth_metatarsal_head',
    region: 'forefoot',
    segment: 'forefoot',
    label: 'plantar skin under the 5th metatarsal head',
    footPoint: (l) => onSole(l.fifthMetatarsalHeadContact),
  },
  { name: 'hallux', region: 'toes', segment: 'toes', label: 'pulp of the hallux', footPoint: (l) => onSole(l.halluxDistalPhalanx) },
  {
    name: 'lesser_toes',
    region: 'toes',
    segment: 'toes',
    label: 'pulps of the lesser toes',
    footPoint: (l) => onSole(l.lesserToesDistalPhalanges),
  },
];

/**
 * The 14 contact points (7 per foot, right foot first) of the default body scaled to
 * `subject`, in body frames (m). Names are `<layout name>_<side>`, e.g. "heel_medial_r".
 */
export function defaultFootContactPoints(subject: SubjectOptions): FootContactPointSpec[] {
  const valid = validateSubject(subject);
  const geometry = computeBodyGeometry(valid.heightM, valid.sex);
  const attachments = makeAttachments(geometry);
  const landmarks = footLandmarks();
  const points: FootContactPointSpec[] = [];
  for (const side of ['r', 'l'] as const) {
    for (const entry of FOOT_CONTACT_LAYOUT) {
      const body = `${entry.segment}_${side}` as DefaultBodyName;
      const location = attachments.footLocation(body, entry.footPoint(landmarks));
      points.push({ name: `${entry.name}_${side}`, side, region: entry.region, body, location, label: entry.label });
    }
  }
  return points;
}

/**
 * The foot joints a foot standing flat on the floor holds at their reference angles: with
 * the heel and the metatarsal heads on the floor, the midtarsal and metatarsophalangeal
 * joints cannot move. A standing equilibrium locks them (lockedCoordinates of
 * core/solvers/standing-equilibrium.ts) so that their load is carried by the arch's passive
 * structures, as in relaxed standing (Basmajian & Stecko 1963, J Bone Joint Surg Am 45:1184).
 */
export const FOOT_FLAT_LOCKED_COORDINATES: readonly string[] = Object.freeze([
  'midtarsal_angle_r',
  'mtp_angle_r',
  'midtarsal_angle_l',
  'mtp_angle_l',
]);

/** The default contact points for a spec built by buildBody (which records its subject). */
export function footContactPointsForSpec(spec: { readonly subject?: SubjectOptions | undefined; readonly name: string }): FootContactPointSpec[] {
  if (spec.subject === undefined) {
    throw new KinechainError(
      'INVALID_SPEC',
      `model "${spec.name}" records no subject, so the default foot contact points cannot be placed on it; ` +
        'pass the contact points explicitly (FootContactPointSpec[])',
    );
  }
  return defaultFootContactPoints(spec.subject);
}
