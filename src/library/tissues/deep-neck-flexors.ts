/**
 * The deep neck flexors: longus colli and longus capitis (right side; the left is mirrored).
 *
 * They lie on the front of the cervical vertebral bodies and are the only flexors of the
 * upper neck and the head that sit in front of the joints along the whole column.
 * Anatomy (Gray's Anatomy): longus colli, vertical part, from the anterior bodies of T1-T3
 * to the anterior tubercle of the atlas; longus capitis from the anterior tubercles of the
 * C3-C6 transverse processes to the basilar part of the occipital bone, in front of the
 * foramen magnum. In the default body the atlas belongs to the neck body (the cervical
 * column is one body), so longus colli spans the cervicothoracic joint only and longus
 * capitis the atlanto-occipital joint only.
 *
 * Attachments are standing positions in fractions of stature (attachments.ts) around the
 * joint centres of body-geometry.ts: C7/T1 at (-0.020, 0.848) H and the atlanto-occipital
 * joint at (-0.008, 0.915) H; the anterior surface of the vertebral bodies about
 * 0.009 H (1.5 cm) in front of that line, about 0.005 H (1 cm) from the midline. This gives
 * flexion moment arms of about 1.5 cm at the two joints, the order of the straight-line
 * moment arms of these muscles in Vasavada, Li & Delp 1998 (Spine 23:412), whose model finds
 * them small next to sternocleidomastoid's.
 *
 * Force: these are small muscles. Kennedy, Albert & Nicholson (University of Otago; "Do
 * longus capitis and colli really stabilise the cervical spine? A study of their fascicular
 * anatomy and peak force capabilities": cadaver dissection n = 7, MRI volumes n = 6)
 * estimate a bilateral peak flexion torque of about 0.5 N m in the upper cervical spine
 * and a peak compression below 80 N. The per-muscle maximum isometric forces below
 * (PCSA of the order of 1 cm^2 at 40-60 N/cm^2) and the fibre lengths (multisegmental
 * fascicles spanning two to four segments, of the order of 4-10 cm) are assumptions with
 * wide ranges: the exact tables of Vasavada et al. 1998 and Kamibayashi & Richmond 1998
 * (Spine 23:1314) were not available to check them against.
 */
import type { TissueSpec } from '../../spec/schema.js';
import type { BodyGeometry } from '../body-geometry.js';
import { makeAttachments } from './attachments.js';
import { literatureMuscle, muscleLaw, type MuscleParameters } from './tissue-builder.js';

const FORCE_ASSUMPTION =
  'assumption: PCSA of the order of 1 cm^2 x 40-60 N/cm^2, consistent with the bilateral peak flexion torque of about 0.5 N m and ' +
  'peak compression below 80 N estimated by Kennedy, Albert & Nicholson (University of Otago, fascicular anatomy and peak force of ' +
  'longus capitis and colli); not checked against the tables of Vasavada, Li & Delp 1998 (Spine 23:412) or Kamibayashi & Richmond 1998 ' +
  '(Spine 23:1314); wide range';

export const DEEP_NECK_FLEXOR_MUSCLES: Readonly<Record<string, MuscleParameters>> = Object.freeze({
  longus_colli: literatureMuscle(
    `longus colli (vertical part, T1-T3 bodies to the atlas), ${FORCE_ASSUMPTION}; fibre length: assumption, multisegmental fascicles`,
    1.75,
    [60, 20, 150],
    [0.07, 0.04, 0.11],
    [0, 0, 0.1],
  ),
  longus_capitis: literatureMuscle(
    `longus capitis (C3-C6 transverse processes to the basilar occiput), ${FORCE_ASSUMPTION}; fibre length: assumption, multisegmental fascicles`,
    1.75,
    [50, 15, 120],
    [0.06, 0.04, 0.1],
    [0, 0, 0.1],
  ),
});

export function buildDeepNeckFlexorTissues(geometry: BodyGeometry): TissueSpec[] {
  const at = makeAttachments(geometry);
  const H = geometry.heightM;
  const tissues: TissueSpec[] = [];
  const addMuscle = (name: keyof typeof DEEP_NECK_FLEXOR_MUSCLES, points: TissueSpec['path']['points'], description: string) =>
    tissues.push({
      name: `${name}_r`,
      kind: 'muscle',
      region: 'neck',
      side: 'r',
      path: { points, wraps: [] },
      law: muscleLaw(DEEP_NECK_FLEXOR_MUSCLES[name], H),
      seriesOf: [],
      source: DEEP_NECK_FLEXOR_MUSCLES[name].source,
      description,
    });
  addMuscle(
    'longus_colli',
    [
      at.atStanding('thorax', [-0.012, 0.835, 0.005], 'anterior bodies of T1-T3'),
      at.atStanding('neck', [-0.005, 0.88, 0.005], 'anterior bodies of C4-C5'),
      at.atStanding('neck', [0.001, 0.912, 0.003], 'anterior tubercle of the atlas'),
    ],
    'deep neck flexor on the front of the cervical bodies; flexes the cervical column (cervicothoracic joint)',
  );
  addMuscle(
    'longus_capitis',
    [
      at.atStanding('neck', [-0.004, 0.878, 0.012], 'anterior tubercles of the C3-C6 transverse processes'),
      at.atStanding('neck', [-0.003, 0.9, 0.007], 'in front of the C1-C2 bodies'),
      at.atStanding('head', [0.002, 0.921, 0.006], 'basilar part of the occipital bone'),
    ],
    'deep neck flexor in front of the upper cervical column; flexes the head (atlanto-occipital joint)',
  );
  return tissues;
}
