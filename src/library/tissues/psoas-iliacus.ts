/**
 * The iliopsoas split into its two muscles, for analyses that load the lumbar spine with
 * the hip flexors (the gait analysis). The catalogue's iliopsoas (hip-pelvis.ts) carries
 * the force of psoas and iliacus together on the psoas's path, from the lumbar vertebrae:
 * all of it then crosses L5/S1 and compresses it. In the body only the psoas major arises
 * from the lumbar spine (bodies and transverse processes T12-L4, Bogduk, Pearcy & Hadfield
 * 1992, Clin Biomech 7:109); the iliacus arises from the iliac fossa of the pelvis, so its
 * share of the hip flexion moment never reaches the lumbar spine.
 *
 * splitIliopsoas(catalogue, geometry) replaces each side's iliopsoas by:
 * - iliopsoas_<side>: the psoas major alone, on the catalogue's path (lumbar origin at L3,
 *   over the pelvic brim, to the lesser trochanter), with the psoas's parameters. The name
 *   is kept so that the myofascial lines (the deep front line's psoas track) and the
 *   analyses that name the iliopsoas keep working;
 * - iliacus_<side>: a new muscle from the iliac fossa over the pelvic brim to the lesser
 *   trochanter (Rajagopal et al. 2016 path points).
 * The two together have the catalogue iliopsoas's strength (1426.8 N + 1021.1 N =
 * 2447.9 N). The default body (library/default-body.ts) keeps the lumped iliopsoas unless
 * built with { hipFlexors: 'psoas-iliacus' }.
 */
import type { TissueSpec } from '../../spec/schema.js';
import type { BodyGeometry, Vec3 } from '../body-geometry.js';
import { makeAttachments } from './attachments.js';
import { mirrorTissue, muscleLaw, rajagopalMuscle, type MuscleParameters } from './tissue-builder.js';

/**
 * Reference fibre length ratios: the fibre length in Rajagopal et al. 2016's default pose
 * (straight path through its points less the tendon slack length, fibre along the path with
 * the pennation's constant height) over the optimal fibre length. Their force-weighted mean,
 * 1.092, is the catalogue iliopsoas's.
 */
const PSOAS_REFERENCE_RATIO = 1.117;
const ILIACUS_REFERENCE_RATIO = 1.057;

export const PSOAS_ILIACUS_MUSCLES: Readonly<Record<'psoas' | 'iliacus', MuscleParameters>> = Object.freeze({
  psoas: rajagopalMuscle('psoas_r; origin on the lumbar vertebrae, Bogduk et al. 1992, Clin Biomech 7:109', 1426.79, 0.1169, 0.0995, 0.2155, PSOAS_REFERENCE_RATIO),
  iliacus: rajagopalMuscle('iliacus_r; origin in the iliac fossa', 1021.14, 0.1066, 0.0961, 0.2799, ILIACUS_REFERENCE_RATIO),
});

/** Rajagopal et al. 2016 iliacus_r path points (pelvis and femur_r frames, m). */
const ILIACUS_RAJAGOPAL = {
  origin: [-0.0605, 0.0309, 0.0843] as Vec3,
  pelvicBrim: [-0.0135, -0.0557, 0.0756] as Vec3,
  femoralVia: [-0.0023, -0.0565, 0.0139] as Vec3,
  insertion: [-0.0122, -0.0637, 0.0196] as Vec3,
};

/** The right iliacus of the default body. */
export function buildIliacus(geometry: BodyGeometry): TissueSpec {
  const at = makeAttachments(geometry);
  const parameters = PSOAS_ILIACUS_MUSCLES.iliacus;
  return {
    name: 'iliacus_r',
    kind: 'muscle',
    region: 'hip',
    side: 'r',
    path: {
      points: [
        at.fromRajagopal('pelvis', ILIACUS_RAJAGOPAL.origin, 'iliac fossa (upper two thirds) and inner lip of the iliac crest'),
        at.fromRajagopal('pelvis', ILIACUS_RAJAGOPAL.pelvicBrim, 'over the pelvic brim, lateral to the psoas'),
        at.fromRajagopal('femur_r', ILIACUS_RAJAGOPAL.femoralVia, 'in front of the hip capsule'),
        at.fromRajagopal('femur_r', ILIACUS_RAJAGOPAL.insertion, 'lesser trochanter, with the psoas tendon'),
      ],
      wraps: [],
    },
    law: muscleLaw(parameters, geometry.heightM),
    seriesOf: [],
    source: parameters.source,
    description: 'iliacus: the iliac part of the iliopsoas (pelvic origin; does not cross the lumbar spine)',
  };
}

/**
 * The catalogue with each iliopsoas turned into the psoas major (same name, path and
 * place, the psoas's parameters), and the iliacus of each such side appended at the end
 * (so the indices of the catalogue's tissues do not move). A catalogue without iliopsoas
 * is returned unchanged.
 */
export function splitIliopsoas(catalogue: readonly TissueSpec[], geometry: BodyGeometry): TissueSpec[] {
  const iliacusRight = buildIliacus(geometry);
  const psoas = PSOAS_ILIACUS_MUSCLES.psoas;
  const out: TissueSpec[] = [];
  const iliacus: TissueSpec[] = [];
  for (const tissue of catalogue) {
    if (tissue.name !== 'iliopsoas_r' && tissue.name !== 'iliopsoas_l') {
      out.push(tissue);
      continue;
    }
    out.push({
      ...tissue,
      law: muscleLaw(psoas, geometry.heightM),
      source: psoas.source,
      description: 'psoas major (the lumbar part of the iliopsoas; the iliacus is the separate iliacus tissue)',
    });
    iliacus.push(tissue.side === 'r' ? iliacusRight : mirrorTissue(iliacusRight));
  }
  return [...out, ...iliacus];
}
