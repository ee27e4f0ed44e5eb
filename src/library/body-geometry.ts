/**
 * Where the joint centres, segment origins and centres of mass of the default body lie,
 * scaled to a subject's stature and sex.
 *
 * Reference pose: anatomical standing, feet flat on the floor y = 0, every body frame
 * aligned with ground (X forward, Y up, Z right). Each body's origin is the centre of its
 * proximal joint; the pelvis origin is the midpoint between the two hip joint centres
 * (de Leva's "mid-hip" landmark), not the sacrum. Because every frame is aligned with
 * ground in the reference pose, a point's position in a body frame is its reference-pose
 * position minus the body origin's.
 *
 * Every length is stature H (or foot length, itself a fraction of H) times a fraction, so
 * the whole body scales linearly with H.
 */
import { DE_LEVA_1996, WINTER_2009_PROPORTIONS, type Sex } from './anthropometry.js';
import { FOOT_BODY_COM, FOOT_MASS_SHARES, FOOT_BODY_BOX, footLandmarks, type FootLandmarks, type FootVector } from './foot-geometry.js';
import { literature } from './literature-value.js';

export type Vec3 = [number, number, number];
export type Side = 'r' | 'l';

/** Bodies of the default body, parent before child. */
export const DEFAULT_BODY_NAMES = [
  'pelvis',
  'femur_r', 'tibia_r', 'talus_r', 'calcn_r', 'forefoot_r', 'toes_r',
  'femur_l', 'tibia_l', 'talus_l', 'calcn_l', 'forefoot_l', 'toes_l',
  'lumbar', 'thorax', 'neck', 'head',
  'humerus_r', 'forearm_r', 'hand_r',
  'humerus_l', 'forearm_l', 'hand_l',
] as const;
export type DefaultBodyName = (typeof DEFAULT_BODY_NAMES)[number];

export const DEFAULT_BODY_PARENT: Readonly<Record<DefaultBodyName, DefaultBodyName | 'ground'>> = {
  pelvis: 'ground',
  femur_r: 'pelvis', tibia_r: 'femur_r', talus_r: 'tibia_r', calcn_r: 'talus_r', forefoot_r: 'calcn_r', toes_r: 'forefoot_r',
  femur_l: 'pelvis', tibia_l: 'femur_l', talus_l: 'tibia_l', calcn_l: 'talus_l', forefoot_l: 'calcn_l', toes_l: 'forefoot_l',
  lumbar: 'pelvis', thorax: 'lumbar', neck: 'thorax', head: 'neck',
  humerus_r: 'thorax', forearm_r: 'humerus_r', hand_r: 'forearm_r',
  humerus_l: 'thorax', forearm_l: 'humerus_l', hand_l: 'forearm_l',
};

const SPINE_ASSUMPTION =
  'assumption from vertebral body and disc heights (adult L1-L5 bodies about 27 mm, discs about 10 mm; T1-T12 bodies about 21 mm, discs about 5 mm) and standing sagittal alignment';

/**
 * Proportions of the axial skeleton and the shoulders (fractions of stature) that neither
 * de Leva nor Winter give directly.
 */
export const AXIAL_PROPORTIONS = Object.freeze({
  /** Half the distance between the hip joint centres. */
  hipHalfWidth: literature(0.046, 'fraction of stature', 'gait2392 (Delp 1990: 0.0835 m at 1.80 m) and Rajagopal 2016 (0.0773 m at about 1.70 m)', [0.044, 0.05]),
  /** L5/S1 disc centre above the hip joint centres. */
  lumbosacralHeight: literature(0.066, 'fraction of stature', 'assumption: hip axis to S1 endplate about 12 cm at a pelvic tilt of about 12 deg (Legaye et al. 1998, Eur Spine J 7:99)', [0.058, 0.074]),
  /** L5/S1 disc centre posterior to the hip joint centres (negative x). */
  lumbosacralForward: literature(-0.014, 'fraction of stature', 'assumption: same pelvic radius and tilt (Legaye et al. 1998)', [-0.022, -0.006]),
  /** L5/S1 to T12/L1 disc centres (vertical). */
  lumbarLength: literature(0.1, 'fraction of stature', SPINE_ASSUMPTION, [0.09, 0.11]),
  lumbarForward: literature(-0.004, 'fraction of stature', SPINE_ASSUMPTION, [-0.012, 0.004]),
  /** T12/L1 to C7/T1 disc centres (vertical). */
  thoracicLength: literature(0.152, 'fraction of stature', SPINE_ASSUMPTION, [0.14, 0.165]),
  thoracicForward: literature(-0.002, 'fraction of stature', SPINE_ASSUMPTION + ' (C7 plumb line over the posterior S1 endplate)', [-0.012, 0.008]),
  /** Atlanto-occipital joint (occipital condyles) above the floor: about 2 cm below the ear canal. */
  atlantoOccipitalHeight: literature(0.915, 'fraction of stature', 'assumption: occipital condyles about 2 cm below tragion (about 0.93 H; Winter 2009 eye height 0.936 H)', [0.905, 0.925]),
  cervicalForward: literature(0.012, 'fraction of stature', 'assumption: cervical lordosis places C1 about 2 cm anterior to C7', [0.004, 0.02]),
  /**
   * Suprasternal notch height: de Leva's trunk sub-segments are fitted between the hip
   * joint centres and this landmark (his SUPR-to-mid-hip length, stacked on Winter's hip
   * height, would put the notch at 0.836 H, above the acromion).
   */
  suprasternaleHeight: literature(0.818, 'fraction of stature', 'assumption: suprasternale at about acromion height (Winter 2009 shoulder height 0.818 H)', [0.8, 0.836]),
  /** Glenohumeral centre below the acromion (Winter's shoulder height 0.818 H). */
  shoulderDrop: literature(0.02, 'fraction of stature', 'assumption: glenohumeral centre about 3.5 cm below the acromion', [0.014, 0.028]),
  /** Half the distance between the glenohumeral centres. */
  shoulderHalfWidth: literature(0.1, 'fraction of stature', 'Rajagopal 2016 (0.170 m at about 1.70 m); Winter 2009 biacromial breadth 0.259 H bounds it', [0.095, 0.112]),
  /** Glenohumeral centre forward of the hip joint centres (plumb line through acromion and greater trochanter). */
  shoulderForward: literature(0, 'fraction of stature', 'assumption: standing plumb line through the acromion and the greater trochanter', [-0.012, 0.012]),
  /** Forward offset of the abdominal (middle trunk) centre of mass from the hip joint centres. */
  middleTrunkComForward: literature(0.01, 'fraction of stature', 'assumption: abdominal mass centre about 4-5 cm anterior to the lumbar vertebral bodies', [0, 0.02]),
  /** Forward offset of the head centre of mass from the atlanto-occipital joint. */
  headComForward: literature(0.006, 'fraction of stature', 'assumption: head centre of mass about 1 cm anterior to the occipital condyles', [0, 0.012]),
  /** Share of de Leva's head (which includes the neck) given to the neck body. */
  neckMassShare: literature(0.15, 'fraction of head+neck mass', 'assumption: cervical column and neck soft tissue; de Leva 1996 lumps them with the head', [0.1, 0.25]),
  /** Radius of the cylinder standing in for the neck's inertia. */
  neckRadius: literature(0.034, 'fraction of stature', 'assumption: neck circumference about 37 cm at 1.75 m', [0.03, 0.04]),
});

export interface BodyInertialProperties {
  readonly massKg: number;
  /** Centre of mass in the body frame (m). */
  readonly centerOfMass: Vec3;
  /** [Ixx, Iyy, Izz, Ixy, Ixz, Iyz] about the CoM, body axes (kg m^2). */
  readonly inertia: [number, number, number, number, number, number];
}

export interface BodyGeometry {
  readonly heightM: number;
  readonly sex: Sex;
  readonly footLengthM: number;
  /** Body origin (proximal joint centre) in ground, reference pose (m). */
  readonly originWorld: Readonly<Record<DefaultBodyName, Vec3>>;
  /** Segment length used for drawing and scaling (m). */
  readonly segmentLengthM: Readonly<Record<DefaultBodyName, number>>;
  /**
   * Unit in which tissue attachments on this body are written (m): stature for the
   * axial bodies, segment length for the limbs, foot length for the foot bodies.
   */
  readonly attachmentScaleM: Readonly<Record<DefaultBodyName, number>>;
  /** Height of the pelvis origin above the floor in the reference pose (m) = pelvis_ty. */
  readonly pelvisHeightM: number;
  /** Mass, centre of mass and inertia of every body for a body mass of 1 kg (scale by body mass). */
  readonly unitMassInertia: Readonly<Record<DefaultBodyName, BodyInertialProperties>>;
  /** Foot landmarks in foot coordinates (fractions of foot length, right foot). */
  readonly foot: FootLandmarks;
  /** Reference-pose position (ground, m) of a point given in foot coordinates on one side. */
  footPointWorld(side: Side, footPoint: FootVector): Vec3;
}

function add(a: Vec3, b: Vec3): Vec3 {
  return [a[0] + b[0], a[1] + b[1], a[2] + b[2]];
}

function mirrorZ(v: Vec3): Vec3 {
  return [v[0], v[1], -v[2]];
}

function distance(a: Vec3, b: Vec3): number {
  return Math.hypot(a[0] - b[0], a[1] - b[1], a[2] - b[2]);
}

/** Diagonal inertia [Ixx, Iyy, Izz, 0, 0, 0] from radii of gyration (m) about X, Y, Z. */
function inertiaFromRadii(massKg: number, aboutX: number, aboutY: number, aboutZ: number): BodyInertialProperties['inertia'] {
  return [massKg * aboutX * aboutX, massKg * aboutY * aboutY, massKg * aboutZ * aboutZ, 0, 0, 0];
}

/** Solid box with edges [x, y, z] (m). */
function boxInertia(massKg: number, edges: Vec3): BodyInertialProperties['inertia'] {
  const [a, b, c] = edges;
  return [(massKg * (b * b + c * c)) / 12, (massKg * (a * a + c * c)) / 12, (massKg * (a * a + b * b)) / 12, 0, 0, 0];
}

/**
 * Computes the default body's geometry and inertial properties for a subject of the given
 * stature and sex (inputs are validated by buildBody).
 */
export function computeBodyGeometry(heightM: number, sex: Sex): BodyGeometry {
  const H = heightM;
  const deLeva = DE_LEVA_1996[sex];
  const winter = WINTER_2009_PROPORTIONS;
  const axial = AXIAL_PROPORTIONS;
  const foot = footLandmarks();

  // ---- lengths (m) ----
  const footLengthM = winter.footLength.value * H;
  const ankleHeightM = foot.ankle[1] * footLengthM;
  const shankM = winter.shankLength.value * H;
  const thighM = winter.thighLength.value * H;
  const upperArmM = deLeva.upperArm.lengthFraction.value * H;
  const forearmM = deLeva.forearm.lengthFraction.value * H;
  const handM = deLeva.hand.lengthFraction.value * H;
  const hipHeightM = ankleHeightM + shankM + thighM;
  const hipHalfWidthM = axial.hipHalfWidth.value * H;

  // ---- reference-pose origins (ground, m) ----
  const pelvis: Vec3 = [0, hipHeightM, 0];
  const femurR: Vec3 = [0, hipHeightM, hipHalfWidthM];
  const tibiaR: Vec3 = [0, hipHeightM - thighM, hipHalfWidthM];
  const talusR: Vec3 = [0, ankleHeightM, hipHalfWidthM];
  // Foot coordinates have their origin on the floor below the heel, ankleFromHeel behind the ankle.
  const footOriginR: Vec3 = [-foot.ankle[0] * footLengthM, 0, hipHalfWidthM - foot.ankle[2] * footLengthM];
  const footPointWorld = (side: Side, point: FootVector): Vec3 => {
    const right = add(footOriginR, [point[0] * footLengthM, point[1] * footLengthM, point[2] * footLengthM]);
    return side === 'r' ? right : mirrorZ(right);
  };
  const calcnR = footPointWorld('r', foot.subtalar);
  const forefootR = footPointWorld('r', foot.midtarsal);
  const toesR = footPointWorld('r', foot.metatarsophalangeal);

  const lumbar = add(pelvis, [axial.lumbosacralForward.value * H, axial.lumbosacralHeight.value * H, 0]);
  const thorax = add(lumbar, [axial.lumbarForward.value * H, axial.lumbarLength.value * H, 0]);
  const neck = add(thorax, [axial.thoracicForward.value * H, axial.thoracicLength.value * H, 0]);
  const head: Vec3 = [neck[0] + axial.cervicalForward.value * H, axial.atlantoOccipitalHeight.value * H, 0];
  const vertex: Vec3 = [head[0], H, 0];

  const humerusR: Vec3 = [
    axial.shoulderForward.value * H,
    (winter.shoulderHeight.value - axial.shoulderDrop.value) * H,
    axial.shoulderHalfWidth.value * H,
  ];
  const forearmR = add(humerusR, [0, -upperArmM, 0]);
  const handR = add(forearmR, [0, -forearmM, 0]);

  const originWorld: Record<DefaultBodyName, Vec3> = {
    pelvis,
    femur_r: femurR, tibia_r: tibiaR, talus_r: talusR, calcn_r: calcnR, forefoot_r: forefootR, toes_r: toesR,
    femur_l: mirrorZ(femurR), tibia_l: mirrorZ(tibiaR), talus_l: mirrorZ(talusR), calcn_l: mirrorZ(calcnR),
    forefoot_l: mirrorZ(forefootR), toes_l: mirrorZ(toesR),
    lumbar, thorax, neck, head,
    humerus_r: humerusR, forearm_r: forearmR, hand_r: handR,
    humerus_l: mirrorZ(humerusR), forearm_l: mirrorZ(forearmR), hand_l: mirrorZ(handR),
  };

  const toeTipR = footPointWorld('r', foot.toeTip);
  const handTipR = add(handR, [0, -handM, 0]);
  const sideLengths = {
    femur: thighM,
    tibia: shankM,
    talus: distance(talusR, calcnR),
    calcn: distance(calcnR, forefootR),
    forefoot: distance(forefootR, toesR),
    toes: distance(toesR, toeTipR),
    humerus: upperArmM,
    forearm: forearmM,
    hand: distance(handR, handTipR),
  };
  const segmentLengthM = {
    pelvis: distance(pelvis, lumbar),
    lumbar: distance(lumbar, thorax),
    thorax: distance(thorax, neck),
    neck: distance(neck, head),
    head: distance(head, vertex),
  } as Record<DefaultBodyName, number>;
  const attachmentScaleM = { pelvis: H, lumbar: H, thorax: H, neck: H, head: H } as Record<DefaultBodyName, number>;
  const limbScale = { femur: thighM, tibia: shankM, talus: footLengthM, calcn: footLengthM, forefoot: footLengthM, toes: footLengthM, humerus: upperArmM, forearm: forearmM, hand: handM };
  for (const side of ['r', 'l'] as const) {
    for (const segment of Object.keys(sideLengths) as (keyof typeof sideLengths)[]) {
      const name = `${segment}_${side}` as DefaultBodyName;
      segmentLengthM[name] = sideLengths[segment];
      attachmentScaleM[name] = limbScale[segment];
    }
  }

  const unitMassInertia = computeUnitMassInertia(H, sex, originWorld, footPointWorld, {
    hipHeightM, thighM, shankM, upperArmM, forearmM, handM, footLengthM,
  });

  return Object.freeze({
    heightM,
    sex,
    footLengthM,
    originWorld: Object.freeze(originWorld),
    segmentLengthM: Object.freeze(segmentLengthM),
    attachmentScaleM: Object.freeze(attachmentScaleM),
    pelvisHeightM: hipHeightM,
    unitMassInertia,
    foot,
    footPointWorld,
  });
}

interface Lengths {
  hipHeightM: number;
  thighM: number;
  shankM: number;
  upperArmM: number;
  forearmM: number;
  handM: number;
  footLengthM: number;
}

/**
 * Mass (fraction of body mass), CoM and inertia (for 1 kg of body mass) of every body.
 *
 * de Leva's trunk sub-segments map onto the axial bodies: lower trunk (omphalion to
 * mid-hip) -> pelvis, middle trunk (xiphoid to omphalion) -> lumbar, upper trunk
 * (suprasternale to xiphoid) -> thorax. Their landmark planes do not coincide with the
 * vertebral joints, so each sub-segment's CoM is placed where de Leva puts it (his
 * sub-segment lengths, scaled together to span mid-hip to suprasternale, stacked up from
 * the mid-hip) and then expressed in the body's frame: the whole-body centre of mass is
 * preserved.
 */
function computeUnitMassInertia(
  H: number,
  sex: Sex,
  origin: Readonly<Record<DefaultBodyName, Vec3>>,
  footPointWorld: (side: Side, point: FootVector) => Vec3,
  lengths: Lengths,
): Readonly<Record<DefaultBodyName, BodyInertialProperties>> {
  const deLeva = DE_LEVA_1996[sex];
  const axial = AXIAL_PROPORTIONS;
  // de Leva's fractions sum to 1 within rounding (0.9999 for females); normalise so the
  // body masses add up to the body mass exactly.
  const rawTotal =
    deLeva.head.massFraction.value +
    deLeva.upperTrunk.massFraction.value +
    deLeva.middleTrunk.massFraction.value +
    deLeva.lowerTrunk.massFraction.value +
    2 *
      (deLeva.upperArm.massFraction.value +
        deLeva.forearm.massFraction.value +
        deLeva.hand.massFraction.value +
        deLeva.thigh.massFraction.value +
        deLeva.shank.massFraction.value +
        deLeva.foot.massFraction.value);
  const mass = (segment: keyof typeof deLeva): number => deLeva[segment].massFraction.value / rawTotal;
  const local = (body: DefaultBodyName, world: Vec3): Vec3 => [
    world[0] - origin[body][0],
    world[1] - origin[body][1],
    world[2] - origin[body][2],
  ];
  const segmentInertia = (segment: keyof typeof deLeva, massKg: number, lengthM: number): BodyInertialProperties['inertia'] =>
    inertiaFromRadii(
      massKg,
      deLeva[segment].radiusTransverse.value * lengthM,
      deLeva[segment].radiusLongitudinal.value * lengthM,
      deLeva[segment].radiusSagittal.value * lengthM,
    );
  const result = {} as Record<DefaultBodyName, BodyInertialProperties>;

  // ---- trunk sub-segments, fitted between the hip joint centres and the suprasternale ----
  const trunkScale =
    ((axial.suprasternaleHeight.value * H - lengths.hipHeightM) / H) /
    (deLeva.lowerTrunk.lengthFraction.value + deLeva.middleTrunk.lengthFraction.value + deLeva.upperTrunk.lengthFraction.value);
  const lowerLength = deLeva.lowerTrunk.lengthFraction.value * H * trunkScale;
  const middleLength = deLeva.middleTrunk.lengthFraction.value * H * trunkScale;
  const upperLength = deLeva.upperTrunk.lengthFraction.value * H * trunkScale;
  const omphalionHeight = lengths.hipHeightM + lowerLength;
  const xiphoidHeight = omphalionHeight + middleLength;
  const suprasternaleHeight = xiphoidHeight + upperLength;
  const pelvisMass = mass('lowerTrunk');
  result.pelvis = {
    massKg: pelvisMass,
    centerOfMass: local('pelvis', [0, omphalionHeight - deLeva.lowerTrunk.comFraction.value * lowerLength, 0]),
    inertia: segmentInertia('lowerTrunk', pelvisMass, lowerLength),
  };
  const lumbarMass = mass('middleTrunk');
  result.lumbar = {
    massKg: lumbarMass,
    centerOfMass: local('lumbar', [
      axial.middleTrunkComForward.value * H,
      xiphoidHeight - deLeva.middleTrunk.comFraction.value * middleLength,
      0,
    ]),
    inertia: segmentInertia('middleTrunk', lumbarMass, middleLength),
  };
  const thoraxMass = mass('upperTrunk');
  result.thorax = {
    massKg: thoraxMass,
    centerOfMass: local('thorax', [0, suprasternaleHeight - deLeva.upperTrunk.comFraction.value * upperLength, 0]),
    inertia: segmentInertia('upperTrunk', thoraxMass, upperLength),
  };

  // ---- head and neck: de Leva's head includes the neck; split it, keeping the combined CoM ----
  const headLength = deLeva.head.lengthFraction.value * H;
  const headNeckMass = mass('head');
  const headNeckComHeight = H - deLeva.head.comFraction.value * headLength;
  const neckMass = axial.neckMassShare.value * headNeckMass;
  const headMass = headNeckMass - neckMass;
  const neckCom: Vec3 = [
    (origin.neck[0] + origin.head[0]) / 2,
    (origin.neck[1] + origin.head[1]) / 2,
    0,
  ];
  const headComWorld: Vec3 = [
    origin.head[0] + axial.headComForward.value * H,
    (headNeckComHeight * headNeckMass - neckCom[1] * neckMass) / headMass,
    0,
  ];
  result.head = {
    massKg: headMass,
    centerOfMass: local('head', headComWorld),
    inertia: segmentInertia('head', headMass, headLength),
  };
  const neckLength = origin.head[1] - origin.neck[1];
  const neckRadius = axial.neckRadius.value * H;
  const neckTransverse = (neckMass * (3 * neckRadius * neckRadius + neckLength * neckLength)) / 12;
  result.neck = {
    massKg: neckMass,
    centerOfMass: local('neck', neckCom),
    inertia: [neckTransverse, (neckMass * neckRadius * neckRadius) / 2, neckTransverse, 0, 0, 0],
  };

  // ---- limbs ----
  for (const side of ['r', 'l'] as const) {
    const limb = (
      body: DefaultBodyName,
      segment: keyof typeof deLeva,
      lengthM: number,
    ): BodyInertialProperties => {
      const m = mass(segment);
      return {
        massKg: m,
        centerOfMass: [0, -deLeva[segment].comFraction.value * lengthM, 0],
        inertia: segmentInertia(segment, m, lengthM),
      };
    };
    result[`femur_${side}`] = limb(`femur_${side}`, 'thigh', lengths.thighM);
    result[`tibia_${side}`] = limb(`tibia_${side}`, 'shank', lengths.shankM);
    result[`humerus_${side}`] = limb(`humerus_${side}`, 'upperArm', lengths.upperArmM);
    result[`forearm_${side}`] = limb(`forearm_${side}`, 'forearm', lengths.forearmM);
    result[`hand_${side}`] = limb(`hand_${side}`, 'hand', lengths.handM);

    // Foot: de Leva's foot mass split over four bodies; the forefoot CoM is placed so the
    // whole foot's CoM lies at de Leva's fraction of foot length from the heel.
    const footMass = mass('foot');
    const shares = FOOT_MASS_SHARES;
    const footComFromHeel = deLeva.foot.comFraction.value;
    const forefootComX =
      (footComFromHeel -
        shares.talus.value * FOOT_BODY_COM.talus[0] -
        shares.calcn.value * FOOT_BODY_COM.calcn[0] -
        shares.toes.value * FOOT_BODY_COM.toes[0]) /
      shares.forefoot.value;
    const footBodies = [
      ['talus', FOOT_BODY_COM.talus, shares.talus.value, FOOT_BODY_BOX.talus],
      ['calcn', FOOT_BODY_COM.calcn, shares.calcn.value, FOOT_BODY_BOX.calcn],
      ['forefoot', [forefootComX, FOOT_BODY_COM.forefoot[1], FOOT_BODY_COM.forefoot[2]] as FootVector, shares.forefoot.value, FOOT_BODY_BOX.forefoot],
      ['toes', FOOT_BODY_COM.toes, shares.toes.value, FOOT_BODY_BOX.toes],
    ] as const;
    for (const [segment, com, share, box] of footBodies) {
      const body = `${segment}_${side}` as DefaultBodyName;
      const m = footMass * share;
      const edges: Vec3 = [box[0] * lengths.footLengthM, box[1] * lengths.footLengthM, box[2] * lengths.footLengthM];
      result[body] = { massKg: m, centerOfMass: local(body, footPointWorld(side, com)), inertia: boxInertia(m, edges) };
    }
  }
  return Object.freeze(result);
}
