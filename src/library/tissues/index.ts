/**
 * The tissue catalogue of the default body, assembled region by region.
 *
 * Each region file writes its right-side tissues (and midline ones); the left side is
 * their mirror image (tissue-builder.ts mirrorTissue), so the two sides have identical
 * parameters and mirror-symmetric paths by construction.
 */
import type { TissueSpec } from '../../spec/schema.js';
import type { BodyGeometry } from '../body-geometry.js';
import { ARM_MUSCLES, buildArmTissues } from './arm.js';
import { ACHILLES_STIFFNESS_N_PER_M, buildFootAnkleTissues, FOOT_ANKLE_MUSCLES, PLANTAR_FASCIA_PARAMETERS } from './foot-ankle.js';
import { buildHipPelvisTissues, HIP_PELVIS_MUSCLES, SACROTUBEROUS_PARAMETERS } from './hip-pelvis.js';
import { buildKneeThighTissues, ILIOTIBIAL_TRACT_PARAMETERS, KNEE_THIGH_MUSCLES, PATELLAR_TENDON_PARAMETERS } from './knee-thigh.js';
import { buildNeckHeadTissues, EPICRANIAL_FASCIA_PARAMETERS, NECK_MUSCLES, NUCHAL_LIGAMENT_PARAMETERS } from './neck-head.js';
import { buildSpineLigamentTissues, LUMBAR_POSTERIOR_LIGAMENTS_PARAMETERS } from './spine-ligaments.js';
import { buildDeepNeckFlexorTissues, DEEP_NECK_FLEXOR_MUSCLES } from './deep-neck-flexors.js';
import { mirrorTissue, type MuscleParameters, type PassiveParameters } from './tissue-builder.js';
import {
  buildTrunkTissues,
  THORACOLUMBAR_FASCIA_CROSSING_PARAMETERS,
  THORACOLUMBAR_FASCIA_POSTERIOR_PARAMETERS,
  TRUNK_MUSCLES,
} from './trunk.js';

export type { MuscleParameters, PassiveParameters } from './tissue-builder.js';

export interface CatalogueSubject {
  readonly heightM: number;
  readonly massKg: number;
}

/**
 * Every tissue of the default body: right-side tissues from each region, their left-side
 * mirrors, and the midline tissues. Order: region by region, right then left.
 */
export function buildTissueCatalogue(geometry: BodyGeometry, _subject: CatalogueSubject): TissueSpec[] {
  const regions = [
    buildFootAnkleTissues(geometry),
    buildKneeThighTissues(geometry),
    buildHipPelvisTissues(geometry),
    buildTrunkTissues(geometry),
    buildNeckHeadTissues(geometry),
    buildArmTissues(geometry),
    // Last, so the indices of the tissues above do not move.
    buildSpineLigamentTissues(geometry),
    buildDeepNeckFlexorTissues(geometry),
  ];
  const catalogue: TissueSpec[] = [];
  for (const tissues of regions) {
    const right = tissues.filter((tissue) => tissue.side === 'r');
    catalogue.push(...right, ...right.map(mirrorTissue), ...tissues.filter((tissue) => tissue.side === 'midline'));
  }
  return catalogue;
}

/**
 * Literature parameters of every muscle, keyed by tissue name without the side suffix
 * (the same values apply to both sides). Each field is a LiteratureValue with its range.
 */
export const MUSCLE_PARAMETERS: Readonly<Record<string, MuscleParameters>> = Object.freeze({
  ...FOOT_ANKLE_MUSCLES,
  ...KNEE_THIGH_MUSCLES,
  ...HIP_PELVIS_MUSCLES,
  ...TRUNK_MUSCLES,
  ...NECK_MUSCLES,
  ...ARM_MUSCLES,
  ...DEEP_NECK_FLEXOR_MUSCLES,
});

/**
 * Literature parameters of the passive tissues, keyed by tissue name without the side
 * suffix. The Achilles tendon's rigidity depends on its path length, so it is given as a
 * stiffness in N/m (ACHILLES_STIFFNESS_N_PER_M) and converted when the body is built.
 */
export const PASSIVE_PARAMETERS: Readonly<Record<string, PassiveParameters>> = Object.freeze({
  plantar_fascia: PLANTAR_FASCIA_PARAMETERS,
  patellar_tendon: PATELLAR_TENDON_PARAMETERS,
  iliotibial_tract: ILIOTIBIAL_TRACT_PARAMETERS,
  sacrotuberous_ligament: SACROTUBEROUS_PARAMETERS,
  thoracolumbar_fascia_posterior: THORACOLUMBAR_FASCIA_POSTERIOR_PARAMETERS,
  thoracolumbar_fascia_crossing: THORACOLUMBAR_FASCIA_CROSSING_PARAMETERS,
  nuchal_ligament: NUCHAL_LIGAMENT_PARAMETERS,
  epicranial_fascia: EPICRANIAL_FASCIA_PARAMETERS,
  lumbar_posterior_ligaments: LUMBAR_POSTERIOR_LIGAMENTS_PARAMETERS,
});

export { ACHILLES_STIFFNESS_N_PER_M };
