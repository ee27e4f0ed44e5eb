/**
 * The Anatomy Trains myofascial lines (Myers, Anatomy Trains, 3rd ed., Churchill
 * Livingstone 2014) as chains of the default body's tissues, left and right.
 *
 * A line is an ordered list of tracks (one tissue each) joined by continuity junctions.
 * Each junction sits at a bony station (a body and its anatomical label) and carries:
 * - `evidence`: the grade of Wilke et al. 2016 (Wilke J, Krause F, Vogt L, Banzer W. What
 *   is evidence-based about myofascial chains: a systematic review. Arch Phys Med Rehabil
 *   97:454-461; 62 dissection studies) for the anatomical continuity of the transition;
 * - `studies`: the number of studies Wilke et al. report for the line the transition
 *   belongs to (the review reports counts per line, not per transition), or 0 where the
 *   junction carries no Wilke grade;
 * - `forceTransmission`: the grade of Krause et al. 2016 (Krause F, Wilke J, Vogt L,
 *   Banzer W. Intermuscular force transmission along myofascial chains: a systematic
 *   review. J Anat 228:910-918; 9 studies) for tension transfer across the transition;
 * - `anchorageStiffnessNPerM`: how stiffly the junction is tied to its station. No
 *   published value exists: see ANCHORAGE_STIFFNESS, an explicit assumption.
 *
 * What the two reviews cover (their abstracts):
 * - Wilke 2016 studied six of Myers' lines. Strong evidence: superficial back line (3 of 3
 *   transitions verified, 14 studies), back functional line (3 of 3, 8 studies), front
 *   functional line (2 of 2, 6 studies). Moderate to strong evidence for 5 of 9 spiral
 *   line transitions (21 studies) and 2 of 5 lateral line transitions (10 studies). No
 *   verified transition of the superficial front line (7 studies). The deep front line,
 *   the four arm lines and the ipsilateral functional line were not reviewed.
 * - Krause 2016: moderate evidence for force transfer at all 3 superficial back line
 *   transitions (6 studies), at 1 of 2 back functional line transitions (3 studies), and a
 *   slight, non-significant transfer at one front functional line transition (1 study).
 *
 * Where this catalogue does not know a per-junction grade it says 'not-studied' and the
 * line's description says why: in particular, the abstract of Wilke 2016 gives how many
 * spiral and lateral line transitions were verified but not which, so those junctions
 * are 'not-studied' here rather than guessed. Junctions that only split one Anatomy
 * Trains track into two tissues of the default body (e.g. lumbar and thoracic erector
 * spinae), or that join a muscle to its own tendon through the patella, are not
 * myofascial transitions and carry no grade either.
 *
 * Order of tracks: from the lower/distal end to the upper/proximal end, as the spec
 * requires, so a junction slide s > 0 moves the junction towards the upper track.
 * - Leg and trunk lines start at the foot or knee.
 * - Functional lines start at the leg end and finish at the humerus.
 * - Arm lines start at the hand/forearm end and finish on the trunk (distal first).
 * - The spiral line is a loop that starts and ends at the skull; it is listed from its
 *   splenius capitis end, down the front of the trunk to the foot and back up the back.
 *
 * Naming: `<family>_<side>`, e.g. `superficial_back_line_r`. Functional lines are named
 * by the shoulder they start from: `back_functional_line_r` runs from the right
 * latissimus dorsi across the midline to the left gluteus maximus. The spiral line is
 * named by the side of the skull and leg it serves (the right spiral line starts at the
 * right splenius capitis and runs through the right leg).
 *
 * Tissues not in the default body are bridged by the junction between their
 * neighbours, and the junction's label says so (e.g. the serratus anterior of the spiral
 * line). A bridge is inextensible: the model assumes the missing tissue transmits
 * tension without stretching.
 */
import { KinechainError } from '../core/errors.js';
import type { LineJunctionSpec, LineSpec } from '../spec/schema.js';
import { literature, literatureRange, type LiteratureValue } from './literature-value.js';

/** Evidence grades as the spec names them (Wilke 2016 / Krause 2016 scales). */
export type EvidenceGrade = LineJunctionSpec['evidence'];

/**
 * Anchorage stiffness tying a junction to its bony station (N/m). ASSUMPTION: no
 * published value exists.
 *
 * Reasoning for the nominal value: across a junction between track 1 and track 2 (axial
 * stiffnesses k1, k2) anchored with stiffness K, stretching track 1 passes the fraction
 * k2 / (k2 + K) of its tension change into track 2. The cadaver and in vivo studies
 * pooled by Krause et al. 2016 report partial, "moderate" transfer. Taking a transfer
 * fraction of about one half for a typical taut passive track of the default body
 * (axial stiffness of the order of 1e4 N/m: E*A of the order of 1e3-1e4 N per unit
 * strain over 0.1-0.5 m) gives K ~ 1e4 N/m.
 *
 * Range: a factor of 100 each way, 1e2 N/m (an almost free cable: more than 99% of the
 * change crosses) to 1e6 N/m (almost independent tracks: less than 1% crosses). Results
 * that depend on it must be reported over this interval.
 */
export const ANCHORAGE_STIFFNESS: LiteratureValue = literature(
  1e4,
  'N/m',
  'assumption: no published measurement of myofascial junction anchorage stiffness exists; nominal value set for ' +
    'a tension transfer of about one half to a neighbouring track of axial stiffness ~1e4 N/m (Krause et al. 2016, ' +
    'J Anat 228:910, report partial transfer), range a factor of 100 each way',
  [1e2, 1e6],
);

/** Line-level findings of Wilke et al. 2016 (abstract), for the six lines the review studied. */
export interface WilkeLineEvidence {
  /** Transitions whose continuity was verified. */
  readonly verifiedTransitions: number;
  /** Transitions examined; null where the abstract does not say. */
  readonly transitions: number | null;
  readonly studies: number;
  /** The review's overall grade for the line. */
  readonly grade: string;
}

export const WILKE_2016_SOURCE =
  'Wilke J, Krause F, Vogt L, Banzer W (2016). What is evidence-based about myofascial chains: a systematic review. ' +
  'Arch Phys Med Rehabil 97:454-461';
export const KRAUSE_2016_SOURCE =
  'Krause F, Wilke J, Vogt L, Banzer W (2016). Intermuscular force transmission along myofascial chains: a systematic ' +
  'review. J Anat 228:910-918';
export const MYERS_2014_SOURCE = 'Myers TW (2014). Anatomy Trains, 3rd ed. Churchill Livingstone Elsevier';

export const WILKE_2016_LINE_EVIDENCE: Readonly<Record<string, WilkeLineEvidence>> = {
  'superficial back line': { verifiedTransitions: 3, transitions: 3, studies: 14, grade: 'strong' },
  'back functional line': { verifiedTransitions: 3, transitions: 3, studies: 8, grade: 'strong' },
  'front functional line': { verifiedTransitions: 2, transitions: 2, studies: 6, grade: 'strong' },
  'spiral line': { verifiedTransitions: 5, transitions: 9, studies: 21, grade: 'moderate to strong for 5 of 9 transitions' },
  'lateral line': { verifiedTransitions: 2, transitions: 5, studies: 10, grade: 'moderate to strong for 2 of 5 transitions' },
  'superficial front line': { verifiedTransitions: 0, transitions: null, studies: 7, grade: 'none' },
};

/** Line-level findings of Krause et al. 2016 (abstract), for the three lines the review studied. */
export interface KrauseLineEvidence {
  readonly transitionsWithTransfer: number;
  readonly transitionsExamined: number;
  readonly studies: number;
  readonly grade: string;
}

export const KRAUSE_2016_LINE_EVIDENCE: Readonly<Record<string, KrauseLineEvidence>> = {
  'superficial back line': { transitionsWithTransfer: 3, transitionsExamined: 3, studies: 6, grade: 'moderate' },
  'back functional line': { transitionsWithTransfer: 1, transitionsExamined: 2, studies: 3, grade: 'moderate' },
  'front functional line': {
    transitionsWithTransfer: 0,
    transitionsExamined: 1,
    studies: 1,
    grade: 'moderate evidence for a slight, non-significant transfer',
  },
};

// ---------------------------------------------------------------------------------
// Side-independent templates
// ---------------------------------------------------------------------------------

/** Where a track's tissue or a station's body lies relative to the line's side. */
export type RelativeSide = 'same' | 'opposite' | 'midline';

export interface TrackTemplate {
  /** Tissue name without its side suffix (e.g. "gastrocnemius_medial"). */
  readonly tissue: string;
  readonly side: RelativeSide;
  /** Anatomical label of the track (Myers 2014). */
  readonly label: string;
}

export interface JunctionTemplate {
  /** Body name without side suffix ("femur") for sided bodies, or the unsided body ("pelvis"). */
  readonly body: string;
  readonly side: RelativeSide;
  readonly stationLabel: string;
  readonly evidence: EvidenceGrade;
  readonly forceTransmission: EvidenceGrade;
  /**
   * The myofascial transition (between two Anatomy Trains constituents) this junction
   * belongs to, for junctions that carry a grade. Two junctions can share one transition
   * (hamstrings - sacrotuberous ligament - erector spinae).
   */
  readonly transition?: string;
  /**
   * The force-transmission transition of Krause et al. 2016 this junction belongs to,
   * where the catalogue maps it. Krause counts the back functional line's latissimus
   * dorsi - thoracolumbar fascia - contralateral gluteus maximus path as one transition,
   * which is two junctions here.
   */
  readonly transferTransition?: string;
  /** Why the grades are what they are, where that needs saying. */
  readonly note?: string;
}

export interface LineFamily {
  /** Anatomy Trains name, e.g. "superficial back line". */
  readonly family: string;
  /** Instance name prefix, e.g. "superficial_back_line". */
  readonly key: string;
  /** Which end the track list starts from. */
  readonly order: string;
  /** Where the first track starts and the last one ends (the line's fixed ends). */
  readonly lowerEnd: string;
  readonly upperEnd: string;
  readonly description: string;
  readonly tracks: readonly TrackTemplate[];
  /** tracks.length - 1 junctions; junction k joins track k and track k + 1. */
  readonly junctions: readonly JunctionTemplate[];
}

const SBL = 'superficial back line';
const BFL = 'back functional line';
const FFL = 'front functional line';

/** Studies count behind a Wilke grade: the line's count (see the file comment). */
function wilkeStudies(family: string): number {
  return WILKE_2016_LINE_EVIDENCE[family]?.studies ?? 0;
}

const UNGRADED = { evidence: 'not-studied', forceTransmission: 'not-studied' } as const;

const SPLIT_NOTE =
  'splits one Anatomy Trains track into two tissues of the default body; not a myofascial transition, so no grade';

export const LINE_FAMILIES: readonly LineFamily[] = [
  {
    family: SBL,
    key: 'superficial_back_line',
    order: 'foot first (distal to proximal)',
    lowerEnd: 'plantar surface of toe phalanges',
    upperEnd: 'frontal bone (supraorbital ridge)',
    description:
      'From the plantar surface of the toes over the heel, up the calf and hamstrings, across the sacrotuberous ' +
      'ligament, along the erector spinae to the occiput and over the scalp. Acts as one continuous line only with ' +
      'the knees extended.',
    tracks: [
      { tissue: 'plantar_fascia', side: 'same', label: 'plantar fascia and short toe flexors' },
      { tissue: 'gastrocnemius_medial', side: 'same', label: 'gastrocnemius / Achilles tendon' },
      { tissue: 'biceps_femoris_long', side: 'same', label: 'hamstrings' },
      { tissue: 'sacrotuberous_ligament', side: 'same', label: 'sacrotuberous ligament' },
      { tissue: 'erector_spinae_lumbar', side: 'same', label: 'sacrolumbar fascia / erector spinae (lumbar part)' },
      { tissue: 'erector_spinae_thoracic', side: 'same', label: 'sacrolumbar fascia / erector spinae (thoracic part)' },
      { tissue: 'semispinalis_capitis', side: 'same', label: 'erector spinae to the occipital ridge (semispinalis capitis)' },
      { tissue: 'epicranial_fascia', side: 'midline', label: 'galea aponeurotica / epicranial fascia' },
    ],
    junctions: [
      {
        body: 'calcn',
        side: 'same',
        stationLabel: 'calcaneus',
        evidence: 'strong',
        forceTransmission: 'moderate',
        transition: 'plantar fascia - gastrocnemius',
        transferTransition: 'plantar fascia - gastrocnemius',
      },
      {
        body: 'femur',
        side: 'same',
        stationLabel: 'femoral condyles',
        evidence: 'strong',
        forceTransmission: 'moderate',
        transition: 'gastrocnemius - hamstrings',
        transferTransition: 'gastrocnemius - hamstrings',
      },
      {
        body: 'pelvis',
        side: 'midline',
        stationLabel: 'ischial tuberosity',
        evidence: 'strong',
        forceTransmission: 'moderate',
        transition: 'hamstrings - erector spinae (via the sacrotuberous ligament)',
        transferTransition: 'hamstrings - erector spinae (via the sacrotuberous ligament)',
        note: 'first of the two junctions of the hamstrings - erector spinae transition, which runs through the sacrotuberous ligament',
      },
      {
        body: 'pelvis',
        side: 'midline',
        stationLabel: 'sacrum',
        evidence: 'strong',
        forceTransmission: 'moderate',
        transition: 'hamstrings - erector spinae (via the sacrotuberous ligament)',
        transferTransition: 'hamstrings - erector spinae (via the sacrotuberous ligament)',
        note: 'second junction of the hamstrings - erector spinae transition',
      },
      {
        body: 'thorax',
        side: 'midline',
        stationLabel: 'lower ribs and thoracic transverse processes (lumbar / thoracic split of the erector spinae)',
        ...UNGRADED,
        note: SPLIT_NOTE,
      },
      {
        body: 'thorax',
        side: 'midline',
        stationLabel: 'upper thoracic transverse processes (origin of semispinalis capitis)',
        ...UNGRADED,
        note: SPLIT_NOTE,
      },
      {
        body: 'head',
        side: 'midline',
        stationLabel: 'occipital ridge',
        ...UNGRADED,
        note:
          'erector spinae - galea aponeurotica is not one of the three superficial back line transitions Wilke et al. ' +
          '2016 graded (plantar fascia - gastrocnemius, gastrocnemius - hamstrings, hamstrings - erector spinae)',
      },
    ],
  },
  {
    family: 'superficial front line',
    key: 'superficial_front_line',
    order: 'foot first (distal to proximal)',
    lowerEnd: 'dorsal surface of toe phalanges',
    upperEnd: 'mastoid process',
    description:
      'From the dorsum of the toes up the anterior compartment to the tibial tuberosity, through the patella and ' +
      'rectus femoris to the pelvis, up the rectus abdominis to the 5th rib, along the sternochondral fascia to the ' +
      'manubrium and by the sternocleidomastoid to the mastoid process. The sternalis / sternochondral fascia is ' +
      'not a tissue of the default body: the 5th rib junction bridges it. Wilke et al. 2016 verified none of its ' +
      'transitions (7 studies): its Anatomy Trains transitions are graded "none".',
    tracks: [
      {
        tissue: 'extensor_digitorum_longus',
        side: 'same',
        label: 'short and long toe extensors, tibialis anterior, anterior crural compartment',
      },
      { tissue: 'patellar_tendon', side: 'same', label: 'subpatellar tendon' },
      { tissue: 'rectus_femoris', side: 'same', label: 'rectus femoris / quadriceps' },
      { tissue: 'rectus_abdominis', side: 'same', label: 'rectus abdominis' },
      { tissue: 'sternocleidomastoid', side: 'same', label: 'sternochondral fascia / sternocleidomastoid' },
    ],
    junctions: [
      {
        body: 'tibia',
        side: 'same',
        stationLabel: 'tibial tuberosity',
        evidence: 'none',
        forceTransmission: 'not-studied',
        transition: 'anterior crural compartment - quadriceps',
      },
      {
        body: 'tibia',
        side: 'same',
        stationLabel: 'patella (the default body carries it with the tibia)',
        ...UNGRADED,
        note: 'a muscle joined to its own tendon through the patella: standard anatomy, not a myofascial transition',
      },
      {
        body: 'pelvis',
        side: 'midline',
        stationLabel: 'anterior inferior iliac spine / pubic tubercle',
        evidence: 'none',
        forceTransmission: 'not-studied',
        transition: 'rectus femoris - rectus abdominis',
      },
      {
        body: 'thorax',
        side: 'midline',
        stationLabel: '5th rib, sternochondral fascia and manubrium (sternalis bridged)',
        evidence: 'none',
        forceTransmission: 'not-studied',
        transition: 'rectus abdominis - sternocleidomastoid (via sternalis)',
      },
    ],
  },
  {
    family: 'lateral line',
    key: 'lateral_line',
    order: 'foot first (distal to proximal)',
    lowerEnd: '1st and 5th metatarsal bases',
    upperEnd: 'occipital ridge / mastoid process',
    description:
      'From the 1st and 5th metatarsal bases along the peroneal muscles to the fibular head, the iliotibial tract ' +
      'to the iliac crest, the lateral abdominal obliques to the ribs and, the intercostals being bridged, from the ' +
      'upper ribs by the sternocleidomastoid to the mastoid process. Wilke et al. 2016 verified 2 of its 5 ' +
      'transitions (10 studies, moderate to strong evidence); the abstract does not say which, so the junctions ' +
      'here are "not-studied" pending a per-transition reading of the review.',
    tracks: [
      { tissue: 'peroneus_longus', side: 'same', label: 'peroneal muscles, lateral crural compartment' },
      {
        tissue: 'iliotibial_tract',
        side: 'same',
        label: 'iliotibial tract / abductor muscles (tensor fasciae latae, gluteus maximus, gluteus medius)',
      },
      { tissue: 'external_oblique', side: 'same', label: 'lateral abdominal obliques' },
      { tissue: 'sternocleidomastoid', side: 'same', label: 'splenius capitis / sternocleidomastoid' },
    ],
    junctions: [
      {
        body: 'tibia',
        side: 'same',
        stationLabel: 'fibular head and lateral tibial condyle (anterior ligament of the fibular head)',
        ...UNGRADED,
        note: 'lateral line: per-transition grade not identified from Wilke et al. 2016',
      },
      {
        body: 'pelvis',
        side: 'midline',
        stationLabel: 'iliac crest, anterior and posterior superior iliac spines',
        ...UNGRADED,
        note: 'lateral line: per-transition grade not identified from Wilke et al. 2016',
      },
      {
        body: 'thorax',
        side: 'midline',
        stationLabel: 'ribs, then 1st and 2nd ribs (external and internal intercostals bridged)',
        ...UNGRADED,
        note: 'lateral line: per-transition grade not identified from Wilke et al. 2016',
      },
    ],
  },
  {
    family: 'spiral line',
    key: 'spiral_line',
    order: 'a loop from the skull and back: splenius capitis end first, down the front, under the foot, up the back',
    lowerEnd: 'occipital ridge / mastoid process (splenius capitis)',
    upperEnd: 'occipital ridge (erector spinae)',
    description:
      'A double helix: from one side of the skull the splenius capitis crosses the spinous processes to the ' +
      'opposite rhomboids, serratus anterior and external oblique, crosses the linea alba to the internal oblique ' +
      'of the starting side, down the iliotibial tract, tibialis anterior and, under the arch, peroneus longus, up ' +
      'the biceps femoris and sacrotuberous ligament and along the erector spinae back to the skull. The serratus ' +
      'anterior is not a tissue of the default body: the scapular junction bridges it. Wilke et al. 2016 verified ' +
      '5 of its 9 transitions (21 studies, moderate to strong evidence) but the abstract does not say which, so ' +
      'the front junctions are "not-studied" here; the biceps femoris - sacrotuberous ligament - erector spinae ' +
      'junctions are the same connections as in the superficial back line and carry its grades.',
    tracks: [
      { tissue: 'splenius_capitis', side: 'same', label: 'splenius capitis and cervicis' },
      { tissue: 'rhomboid', side: 'opposite', label: 'rhomboids major and minor' },
      { tissue: 'external_oblique', side: 'opposite', label: 'external oblique' },
      { tissue: 'internal_oblique', side: 'same', label: 'internal oblique' },
      { tissue: 'iliotibial_tract', side: 'same', label: 'tensor fasciae latae, iliotibial tract' },
      { tissue: 'tibialis_anterior', side: 'same', label: 'tibialis anterior' },
      { tissue: 'peroneus_longus', side: 'same', label: 'peroneus longus' },
      { tissue: 'biceps_femoris_long', side: 'same', label: 'biceps femoris' },
      { tissue: 'sacrotuberous_ligament', side: 'same', label: 'sacrotuberous ligament' },
      { tissue: 'erector_spinae_lumbar', side: 'same', label: 'sacrolumbar fascia / erector spinae (lumbar part)' },
      { tissue: 'erector_spinae_thoracic', side: 'same', label: 'sacrolumbar fascia / erector spinae (thoracic part)' },
      { tissue: 'semispinalis_capitis', side: 'same', label: 'erector spinae to the occipital ridge (semispinalis capitis)' },
    ],
    junctions: [
      {
        body: 'thorax',
        side: 'midline',
        stationLabel: 'spinous processes of the lower cervical and upper thoracic vertebrae (midline crossing)',
        ...UNGRADED,
        note: 'spiral line: per-transition grade not identified from Wilke et al. 2016',
      },
      {
        body: 'thorax',
        side: 'midline',
        stationLabel:
          'medial border of the scapula, serratus anterior and lateral ribs (serratus anterior bridged; the scapula moves with the thorax)',
        ...UNGRADED,
        note: 'spiral line: per-transition grade not identified from Wilke et al. 2016',
      },
      {
        body: 'pelvis',
        side: 'midline',
        stationLabel: 'abdominal aponeurosis and linea alba (midline crossing)',
        ...UNGRADED,
        note: 'spiral line: per-transition grade not identified from Wilke et al. 2016',
      },
      {
        body: 'pelvis',
        side: 'midline',
        stationLabel: 'iliac crest / anterior superior iliac spine',
        ...UNGRADED,
        note: 'spiral line: per-transition grade not identified from Wilke et al. 2016',
      },
      {
        body: 'tibia',
        side: 'same',
        stationLabel: 'lateral tibial condyle',
        ...UNGRADED,
        note: 'spiral line: per-transition grade not identified from Wilke et al. 2016',
      },
      {
        body: 'forefoot',
        side: 'same',
        stationLabel: '1st metatarsal base',
        ...UNGRADED,
        note: 'spiral line: per-transition grade not identified from Wilke et al. 2016',
      },
      {
        body: 'tibia',
        side: 'same',
        stationLabel: 'fibular head',
        ...UNGRADED,
        note: 'spiral line: per-transition grade not identified from Wilke et al. 2016',
      },
      {
        body: 'pelvis',
        side: 'midline',
        stationLabel: 'ischial tuberosity',
        evidence: 'strong',
        forceTransmission: 'moderate',
        transition: 'hamstrings - erector spinae (via the sacrotuberous ligament)',
        note: 'same connection as the superficial back line junction at the ischial tuberosity; its grades',
      },
      {
        body: 'pelvis',
        side: 'midline',
        stationLabel: 'sacrum',
        evidence: 'strong',
        forceTransmission: 'moderate',
        transition: 'hamstrings - erector spinae (via the sacrotuberous ligament)',
        note: 'same connection as the superficial back line junction at the sacrum; its grades',
      },
      {
        body: 'thorax',
        side: 'midline',
        stationLabel: 'lower ribs and thoracic transverse processes (lumbar / thoracic split of the erector spinae)',
        ...UNGRADED,
        note: SPLIT_NOTE,
      },
      {
        body: 'thorax',
        side: 'midline',
        stationLabel: 'upper thoracic transverse processes (origin of semispinalis capitis)',
        ...UNGRADED,
        note: SPLIT_NOTE,
      },
    ],
  },
  {
    family: 'deep front line',
    key: 'deep_front_line',
    order: 'foot first (distal to proximal)',
    lowerEnd: 'plantar tarsal bones and plantar surface of the toes',
    upperEnd: 'lumbar vertebral bodies and transverse processes',
    description:
      'Lower deep front line: tibialis posterior and the long toe flexors from the sole to the upper posterior ' +
      'tibia, through the popliteus fascia and knee capsule (bridged) to the medial femoral epicondyle, the ' +
      'adductor group to the femur and pelvis, and the psoas to the lumbar spine. The upper deep front line ' +
      '(anterior longitudinal ligament, diaphragm, longus colli and capitis, scalenes, hyoid muscles) has no ' +
      'tissues in the default body and is not modelled. Not reviewed by Wilke et al. 2016 or Krause et al. 2016: ' +
      'every junction is "not-studied".',
    tracks: [
      { tissue: 'tibialis_posterior', side: 'same', label: 'tibialis posterior, long toe flexors' },
      {
        tissue: 'adductor_magnus',
        side: 'same',
        label: 'posterior intermuscular septum, adductor magnus and minimus',
      },
      { tissue: 'iliopsoas', side: 'same', label: 'psoas, iliacus, pectineus, femoral triangle' },
    ],
    junctions: [
      {
        body: 'femur',
        side: 'same',
        stationLabel:
          'upper posterior tibia / fibula to the medial femoral epicondyle (popliteus fascia and knee capsule bridged)',
        ...UNGRADED,
        note: 'deep front line: not reviewed by Wilke et al. 2016',
      },
      {
        body: 'femur',
        side: 'same',
        stationLabel: 'linea aspera and lesser trochanter of the femur (adductors hand over to the psoas)',
        ...UNGRADED,
        note: 'deep front line: not reviewed by Wilke et al. 2016',
      },
    ],
  },
  {
    family: 'superficial front arm line',
    key: 'superficial_front_arm_line',
    order: 'hand first (distal to proximal)',
    lowerEnd: 'palmar surface of the fingers (carpal tunnel)',
    upperEnd: 'medial third of the clavicle, costal cartilages',
    description:
      'From the palmar fingers through the carpal tunnel along the flexor group to the medial humeral epicondyle, ' +
      'the medial intermuscular septum (bridged) along the medial humeral line to the pectoralis major and the ' +
      'chest. Not reviewed by Wilke et al. 2016 or Krause et al. 2016: "not-studied".',
    tracks: [
      { tissue: 'wrist_flexors', side: 'same', label: 'flexor group' },
      { tissue: 'pectoralis_major', side: 'same', label: 'pectoralis major, latissimus dorsi' },
    ],
    junctions: [
      {
        body: 'humerus',
        side: 'same',
        stationLabel: 'medial humeral epicondyle, medial intermuscular septum, medial humeral line (septum bridged)',
        ...UNGRADED,
        note: 'arm lines: not reviewed by Wilke et al. 2016',
      },
    ],
  },
  {
    family: 'deep front arm line',
    key: 'deep_front_arm_line',
    order: 'hand first (distal to proximal)',
    lowerEnd: 'radial tuberosity (radial periosteum, thenar muscles and thumb not modelled)',
    upperEnd: '3rd, 4th and 5th ribs',
    description:
      'From the thumb along the radius to the radial tuberosity (the distal part is not modelled), up the biceps ' +
      'brachii to the coracoid process and the pectoralis minor and clavipectoral fascia to the ribs. Not ' +
      'reviewed by Wilke et al. 2016 or Krause et al. 2016: "not-studied".',
    tracks: [
      { tissue: 'biceps_brachii', side: 'same', label: 'biceps brachii (coracobrachialis)' },
      { tissue: 'pectoralis_minor', side: 'same', label: 'pectoralis minor, clavipectoral fascia' },
    ],
    junctions: [
      {
        body: 'thorax',
        side: 'midline',
        stationLabel: 'coracoid process (the scapula moves with the thorax in the default body)',
        ...UNGRADED,
        note: 'arm lines: not reviewed by Wilke et al. 2016',
      },
    ],
  },
  {
    family: 'superficial back arm line',
    key: 'superficial_back_arm_line',
    order: 'hand first (distal to proximal)',
    lowerEnd: 'dorsal surface of the fingers',
    upperEnd: 'occipital ridge, nuchal ligament, thoracic spinous processes',
    description:
      'From the dorsal fingers along the extensor group to the lateral humeral epicondyle, the lateral ' +
      'intermuscular septum (bridged) to the deltoid tubercle, the deltoid to the spine of the scapula, acromion ' +
      'and lateral clavicle, and the trapezius to the spine and occiput. Not reviewed by Wilke et al. 2016 or ' +
      'Krause et al. 2016: "not-studied".',
    tracks: [
      { tissue: 'wrist_extensors', side: 'same', label: 'extensor group' },
      { tissue: 'deltoid', side: 'same', label: 'deltoid' },
      { tissue: 'trapezius_upper', side: 'same', label: 'trapezius' },
    ],
    junctions: [
      {
        body: 'humerus',
        side: 'same',
        stationLabel: 'lateral humeral epicondyle, lateral intermuscular septum, deltoid tubercle (septum bridged)',
        ...UNGRADED,
        note: 'arm lines: not reviewed by Wilke et al. 2016',
      },
      {
        body: 'thorax',
        side: 'midline',
        stationLabel: 'spine of the scapula, acromion, lateral third of the clavicle (the scapula moves with the thorax)',
        ...UNGRADED,
        note: 'arm lines: not reviewed by Wilke et al. 2016',
      },
    ],
  },
  {
    family: 'deep back arm line',
    key: 'deep_back_arm_line',
    order: 'hand first (distal to proximal)',
    lowerEnd: 'olecranon of the ulna (ulnar periosteum, hypothenar muscles and little finger not modelled)',
    upperEnd: 'spinous processes of the lower cervical and upper thoracic vertebrae',
    description:
      'From the little finger along the ulna to the olecranon (the distal part is not modelled), up the triceps ' +
      'to the head of the humerus, the rotator cuff (infraspinatus) to the medial border of the scapula and the ' +
      'rhomboids to the spinous processes. Not reviewed by Wilke et al. 2016 or Krause et al. 2016: "not-studied".',
    tracks: [
      { tissue: 'triceps_brachii', side: 'same', label: 'triceps brachii' },
      { tissue: 'infraspinatus', side: 'same', label: 'rotator cuff (infraspinatus)' },
      { tissue: 'rhomboid', side: 'same', label: 'rhomboids, levator scapulae' },
    ],
    junctions: [
      {
        body: 'humerus',
        side: 'same',
        stationLabel: 'head of the humerus',
        ...UNGRADED,
        note: 'arm lines: not reviewed by Wilke et al. 2016',
      },
      {
        body: 'thorax',
        side: 'midline',
        stationLabel: 'medial border of the scapula (the scapula moves with the thorax)',
        ...UNGRADED,
        note: 'arm lines: not reviewed by Wilke et al. 2016',
      },
    ],
  },
  {
    family: FFL,
    key: 'front_functional_line',
    order: 'leg end first (contralateral femur to humerus)',
    lowerEnd: 'linea aspera of the contralateral femur',
    upperEnd: 'shaft of the humerus',
    description:
      'From the shaft of the humerus along the lower edge of the pectoralis major to the 5th and 6th rib ' +
      'cartilages, down the lateral sheath of the rectus abdominis to the pubic tubercle and symphysis, where it ' +
      'crosses the midline to the opposite adductor longus and the linea aspera. Named by the shoulder it starts ' +
      'from. Wilke et al. 2016: both transitions verified (6 studies). Krause et al. 2016: one study with a slight, ' +
      'non-significant transfer, so no transition has evidence of force transmission ("none").',
    tracks: [
      { tissue: 'adductor_longus', side: 'opposite', label: 'adductor longus' },
      { tissue: 'rectus_abdominis', side: 'same', label: 'lateral sheath of rectus abdominis' },
      { tissue: 'pectoralis_major', side: 'same', label: 'lower edge of pectoralis major' },
    ],
    junctions: [
      {
        body: 'pelvis',
        side: 'midline',
        stationLabel: 'pubic tubercle and symphysis (midline crossing)',
        evidence: 'strong',
        forceTransmission: 'none',
        transition: 'rectus abdominis - contralateral adductor longus',
      },
      {
        body: 'thorax',
        side: 'midline',
        stationLabel: '5th and 6th rib cartilages',
        evidence: 'strong',
        forceTransmission: 'none',
        transition: 'pectoralis major - rectus abdominis',
      },
    ],
  },
  {
    family: BFL,
    key: 'back_functional_line',
    order: 'leg end first (contralateral tibial tuberosity to humerus)',
    lowerEnd: 'tuberosity of the contralateral tibia',
    upperEnd: 'shaft of the humerus',
    description:
      'From the shaft of the humerus along the latissimus dorsi to the lumbodorsal fascia, across the midline at ' +
      'the lumbosacral junction through the sacral fascia to the opposite gluteus maximus, the shaft of the femur, ' +
      'the vastus lateralis, the patella and the subpatellar tendon to the tibial tuberosity. Named by the ' +
      'shoulder it starts from. Wilke et al. 2016: all three transitions verified (8 studies). Krause et al. 2016: ' +
      'moderate evidence of force transfer at 1 of 2 transitions; the transfer studies load the latissimus dorsi ' +
      'and measure the thoracolumbar fascia and contralateral gluteus maximus, so that transition (two junctions ' +
      'here) is graded "moderate" and gluteus maximus - vastus lateralis "none".',
    tracks: [
      { tissue: 'patellar_tendon', side: 'opposite', label: 'subpatellar tendon' },
      { tissue: 'vastus_lateralis', side: 'opposite', label: 'vastus lateralis' },
      { tissue: 'gluteus_maximus', side: 'opposite', label: 'gluteus maximus' },
      { tissue: 'thoracolumbar_fascia_crossing', side: 'same', label: 'lumbodorsal fascia, sacral fascia' },
      { tissue: 'latissimus_dorsi', side: 'same', label: 'latissimus dorsi' },
    ],
    junctions: [
      {
        body: 'tibia',
        side: 'opposite',
        stationLabel: 'patella (the default body carries it with the tibia)',
        ...UNGRADED,
        note: 'a muscle joined to its own tendon through the patella: standard anatomy, not a myofascial transition',
      },
      {
        body: 'femur',
        side: 'opposite',
        stationLabel: 'shaft of the femur (gluteal tuberosity, lateral intermuscular septum)',
        evidence: 'strong',
        forceTransmission: 'none',
        transition: 'gluteus maximus - vastus lateralis',
        transferTransition: 'gluteus maximus - vastus lateralis',
      },
      {
        body: 'pelvis',
        side: 'midline',
        stationLabel: 'sacrum and sacral fascia (midline crossing at the lumbosacral junction)',
        evidence: 'strong',
        forceTransmission: 'moderate',
        transition: 'thoracolumbar fascia - contralateral gluteus maximus',
        transferTransition: 'latissimus dorsi - contralateral gluteus maximus (through the thoracolumbar fascia)',
      },
      {
        body: 'lumbar',
        side: 'midline',
        stationLabel: 'lumbodorsal fascia at the lumbar spinous processes (aponeurotic origin of latissimus dorsi)',
        evidence: 'strong',
        forceTransmission: 'moderate',
        transition: 'latissimus dorsi - thoracolumbar fascia',
        transferTransition: 'latissimus dorsi - contralateral gluteus maximus (through the thoracolumbar fascia)',
      },
    ],
  },
  {
    family: 'ipsilateral functional line',
    key: 'ipsilateral_functional_line',
    order: 'leg end first (medial knee to humerus)',
    lowerEnd: 'pes anserinus, medial tibial condyle',
    upperEnd: 'shaft of the humerus',
    description:
      'From the humerus along the outer edge of the latissimus dorsi to the lower ribs, the posterior fibres of ' +
      'the external oblique to the anterior superior iliac spine and the sartorius to the pes anserinus on the ' +
      'inside of the knee, all on one side. Not reviewed by Wilke et al. 2016 or Krause et al. 2016: "not-studied".',
    tracks: [
      { tissue: 'sartorius', side: 'same', label: 'sartorius' },
      { tissue: 'external_oblique', side: 'same', label: 'external oblique (posterior fibres)' },
      { tissue: 'latissimus_dorsi', side: 'same', label: 'latissimus dorsi (outer edge)' },
    ],
    junctions: [
      {
        body: 'pelvis',
        side: 'midline',
        stationLabel: 'anterior superior iliac spine',
        ...UNGRADED,
        note: 'ipsilateral functional line: not reviewed by Wilke et al. 2016',
      },
      {
        body: 'thorax',
        side: 'midline',
        stationLabel: 'lower ribs (10th to 12th)',
        ...UNGRADED,
        note: 'ipsilateral functional line: not reviewed by Wilke et al. 2016',
      },
    ],
  },
];

// ---------------------------------------------------------------------------------
// Instances
// ---------------------------------------------------------------------------------

export type LineSide = 'r' | 'l';

function resolveSide(relative: RelativeSide, side: LineSide): 'r' | 'l' | 'midline' {
  if (relative === 'midline') return 'midline';
  if (relative === 'same') return side;
  return side === 'r' ? 'l' : 'r';
}

function sidedName(base: string, relative: RelativeSide, side: LineSide): string {
  const resolved = resolveSide(relative, side);
  return resolved === 'midline' ? base : `${base}_${resolved}`;
}

/** The names of the 12 Anatomy Trains line families, in catalogue order. */
export function lineFamilyNames(): string[] {
  return LINE_FAMILIES.map((family) => family.family);
}

/** The catalogue entry of a family, by Anatomy Trains name ("spiral line") or key ("spiral_line"); undefined if unknown. */
export function findLineFamily(nameOrKey: string): LineFamily | undefined {
  return LINE_FAMILIES.find((family) => family.family === nameOrKey || family.key === nameOrKey);
}

/** Instance name of a family on a side, e.g. lineInstanceName("superficial back line", "r") = "superficial_back_line_r". */
export function lineInstanceName(family: LineFamily, side: LineSide): string {
  return `${family.key}_${side}`;
}

/** Options of buildLines. */
export interface BuildLinesOptions {
  /** Families to build (Anatomy Trains names or keys); all 12 when absent. */
  readonly families?: readonly string[];
  /** Sides to build; both when absent. */
  readonly sides?: readonly LineSide[];
  /** Anchorage stiffness of every junction (N/m); ANCHORAGE_STIFFNESS when absent. */
  readonly anchorageStiffness?: { readonly nominal: number; readonly low: number; readonly high: number };
}

/** One line instance of `family` on `side`, as a spec entry. */
export function buildLine(family: LineFamily, side: LineSide, options: BuildLinesOptions = {}): LineSpec {
  const [defaultLow, defaultHigh] = literatureRange(ANCHORAGE_STIFFNESS);
  const stiffness = options.anchorageStiffness ?? {
    nominal: ANCHORAGE_STIFFNESS.value,
    low: defaultLow,
    high: defaultHigh,
  };
  const tracks = family.tracks.map((track) => ({
    tissue: sidedName(track.tissue, track.side, side),
    label: track.label,
  }));
  const junctions = family.junctions.map((junction) => {
    const graded = junction.evidence !== 'not-studied';
    return {
      station: sidedName(junction.body, junction.side, side),
      stationLabel: junction.stationLabel,
      evidence: junction.evidence,
      studies: graded ? wilkeStudies(family.family) : 0,
      forceTransmission: junction.forceTransmission,
      anchorageStiffnessNPerM: { nominal: stiffness.nominal, low: stiffness.low, high: stiffness.high },
    };
  });
  const notes = family.junctions
    .map((junction, k) => (junction.note ? `Junction ${k + 1} (${junction.stationLabel}): ${junction.note}.` : ''))
    .filter((note) => note.length > 0);
  const description = [
    family.description,
    `Tracks run ${family.order}, from the ${family.lowerEnd} to the ${family.upperEnd}.`,
    'Anchorage stiffness: assumption, no published value (see ANCHORAGE_STIFFNESS).',
    ...notes,
  ].join(' ');
  const sources = [MYERS_2014_SOURCE];
  if (family.junctions.some((junction) => junction.evidence !== 'not-studied')) sources.push(WILKE_2016_SOURCE);
  if (family.junctions.some((junction) => junction.forceTransmission !== 'not-studied')) sources.push(KRAUSE_2016_SOURCE);
  return {
    name: lineInstanceName(family, side),
    family: family.family,
    side,
    tracks,
    junctions,
    source: sources.join('; '),
    description,
  };
}

/** The catalogue's line instances, left and right (24 by default), ready for a ModelSpec's `lines`. */
export function buildLines(options: BuildLinesOptions = {}): LineSpec[] {
  const sides = options.sides ?? (['r', 'l'] as const);
  const families =
    options.families === undefined
      ? LINE_FAMILIES
      : options.families.map((name) => {
          const family = findLineFamily(name);
          if (!family) {
            throw new KinechainError(
              'UNKNOWN_NAME',
              `unknown myofascial line family "${name}"; known families: ${lineFamilyNames().join(', ')}`,
              { name },
            );
          }
          return family;
        });
  const lines: LineSpec[] = [];
  for (const family of families) for (const side of sides) lines.push(buildLine(family, side, options));
  return lines;
}

/** Groups line instances (spec entries or anything with a family) by family name, in first-seen order. */
export function groupLinesByFamily<T extends { readonly family: string }>(lines: readonly T[]): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const line of lines) {
    const group = groups.get(line.family);
    if (group) group.push(line);
    else groups.set(line.family, [line]);
  }
  return groups;
}
