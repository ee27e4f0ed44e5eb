/**
 * How the hips, the lumbar and thoracic spine and the neck share a forward bend: the
 * lumbopelvic rhythm and the assumptions that complete it.
 *
 * Esola MA, McClure PW, Fitzgerald GK, Siegler S (1996). Analysis of lumbar spine and hip
 * motion during forward bending in subjects with and without a history of low back pain.
 * Spine 21:71-78 (n = 41, three-dimensional motion analysis). Mean total forward bending
 * 111 deg: 41.6 deg lumbar, 69.4 deg hip. Lumbar-to-hip flexion ratios 1.9 in early
 * (0-30 deg of total flexion), 0.9 in middle (30-60 deg) and 0.4 in late (60-90 deg)
 * bending: the lumbar spine leads, the hips finish. Past 90 deg the ratios give more
 * lumbar flexion (42.5 deg at 90 deg) than Esola's subjects had at the end of the bend
 * (41.6 deg at 111 deg), so the last phase is all hip (ratio 0, derived from the same
 * totals). Other studies of lumbopelvic coordination (Granata & Sanford 2000, Spine 25:1413;
 * the review of Vazirian, Van Dillen & Bazrgari 2016, Int Musculoskelet Med 38:51) report
 * the ratio changing with the task: a smaller lumbar contribution with low back pain, in
 * the elderly, in women and at higher speed, a larger one with load or back-muscle
 * fatigue. Ranges here are assumptions (about +-30 %): Esola's abstract gives means only.
 *
 * "Hip" in these studies is the pelvis turning on the thighs, i.e. the hip joint angle of
 * the model; "lumbar" is L1 relative to the sacrum, i.e. the model's lumbosacral joint
 * (the lumbar body spans L1-L5). The thoracic spine, the neck and the head are not in
 * Esola's measurements: their share is an explicit assumption.
 */
import { literature, type LiteratureValue } from './literature-value.js';

const ESOLA_1996 =
  'Esola et al. 1996, Spine 21:71 (lumbar-to-hip flexion ratio in forward bending, n = 41); range +-30 % (assumption: the abstract gives means only)';

export interface ForwardBendRhythm {
  /** Width of each of Esola's phases of total (lumbar + hip) flexion (deg). */
  readonly phaseWidthDeg: LiteratureValue;
  /** Lumbar-to-hip flexion ratio in early bending (0-30 deg of total flexion). */
  readonly earlyLumbarToHipRatio: LiteratureValue;
  /** Middle bending (30-60 deg). */
  readonly middleLumbarToHipRatio: LiteratureValue;
  /** Late bending (60-90 deg). */
  readonly lateLumbarToHipRatio: LiteratureValue;
  /** Past 90 deg of total flexion. */
  readonly endLumbarToHipRatio: LiteratureValue;
  /** Thoracic (T12/L1 joint) flexion per degree of lumbar flexion. */
  readonly thoracicToLumbarRatio: LiteratureValue;
  /** Cervical (C7/T1 joint) flexion when the lumbar spine has finished its share (deg). */
  readonly neckFlexionAtFullBendDeg: LiteratureValue;
  /** Atlanto-occipital flexion at the same point (deg). */
  readonly headFlexionAtFullBendDeg: LiteratureValue;
}

export const FORWARD_BEND_RHYTHM: ForwardBendRhythm = Object.freeze({
  phaseWidthDeg: literature(30, 'deg', 'Esola et al. 1996, Spine 21:71: early 0-30, middle 30-60, late 60-90 deg of total flexion'),
  earlyLumbarToHipRatio: literature(1.9, 'deg lumbar / deg hip', ESOLA_1996, [1.3, 2.5]),
  middleLumbarToHipRatio: literature(0.9, 'deg lumbar / deg hip', ESOLA_1996, [0.6, 1.2]),
  lateLumbarToHipRatio: literature(0.4, 'deg lumbar / deg hip', ESOLA_1996, [0.25, 0.55]),
  endLumbarToHipRatio: literature(
    0,
    'deg lumbar / deg hip',
    'derived from Esola et al. 1996 totals (41.6 deg lumbar at 111 deg total; the three phase ratios already give 42.5 deg at 90 deg), so bending past 90 deg is at the hips; range assumption',
    [0, 0.2],
  ),
  thoracicToLumbarRatio: literature(
    0.5,
    'deg thoracic / deg lumbar',
    'assumption: the thoracic kyphosis increases by roughly half the lumbar flexion in a standing forward bend (about 20 deg at full bend); no study measures it alongside Esola 1996',
    [0.25, 0.75],
  ),
  neckFlexionAtFullBendDeg: literature(
    30,
    'deg',
    'assumption: the head hangs with the trunk at the end of a toe-touch, the cervical spine flexed about 30 deg (model limit 40 deg, AAOS 1965 split in joint-ranges.ts)',
    [10, 40],
  ),
  headFlexionAtFullBendDeg: literature(
    10,
    'deg',
    'assumption: atlanto-occipital flexion about 10 deg with the head hanging (model limit 15 deg)',
    [0, 15],
  ),
});

/**
 * How far the pelvis can roll back in long sitting (knees straight): the most relaxed
 * posture of the sit-and-reach, from which the reach starts. People with short hamstrings
 * sit with the pelvis tilted back (Kendall's posterior-tilt sitting). Assumption: down to
 * about 40 deg of hip flexion (slumped sitting on the sacrum).
 */
export const LONG_SITTING_MIN_HIP_FLEXION_DEG: LiteratureValue = literature(
  40,
  'deg',
  'assumption: slumped long sitting with the pelvis rolled back onto the sacrum',
  [30, 50],
);
