/**
 * Landmarks for reach tests (toe-touch, sit-and-reach): the fingertip.
 *
 * The default body's hand segment ends at the 3rd metacarpale (de Leva 1996's hand,
 * wrist joint centre to the knuckle, 0.0495 H): the fingers are carried by the hand body
 * but not modelled. A reach test scores the tip of the middle finger (dactylion), so the
 * landmark is placed at hand length from the wrist joint centre along the hand's long
 * axis (the hand body's -Y axis; the hand hangs straight down in the reference pose, as
 * body-geometry.ts builds it). Hand length, wrist to the tip of the middle finger:
 * 0.108 H (Winter 2009, Fig. 4.1, after Drillis & Contini 1966), which with the default
 * body's wrist at 0.482 H puts the standing fingertip at 0.374 H (Winter: 0.377 H).
 */
import { validateSubject, type SubjectOptions } from './default-body.js';
import { literature, type LiteratureValue } from './literature-value.js';
import type { Vec3 } from './body-geometry.js';

export const HAND_LENGTH_TO_FINGERTIP: LiteratureValue = literature(
  0.108,
  'fraction of stature',
  'Winter 2009, Biomechanics and Motor Control of Human Movement 4th ed., Fig. 4.1 (Drillis & Contini 1966): hand length, wrist to the tip of the middle finger; range assumption (+-8 %)',
  [0.1, 0.116],
);

export interface FingertipLandmark {
  readonly name: string;
  /** Body carrying the landmark (hand_r / hand_l). */
  readonly body: 'hand_r' | 'hand_l';
  /** Location in the hand frame (m): wrist joint centre at the origin, fingers along -Y. */
  readonly location: Vec3;
  readonly label: string;
}

/** Tip of the middle finger of each hand for a subject (validated like buildBody). */
export function fingertipLandmarks(subject: SubjectOptions): [FingertipLandmark, FingertipLandmark] {
  const { heightM } = validateSubject(subject);
  const length = HAND_LENGTH_TO_FINGERTIP.value * heightM;
  const landmark = (side: 'r' | 'l'): FingertipLandmark => ({
    name: `fingertip_${side}`,
    body: `hand_${side}`,
    location: [0, -length, 0],
    label: 'tip of the middle finger (dactylion)',
  });
  return [landmark('r'), landmark('l')];
}
