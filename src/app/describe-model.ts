/**
 * describeModel(model): a plain, JSON-ready description of a compiled model — what
 * `kinechain model --json` prints and what a UI lists: degrees of freedom with their
 * ranges (rad and deg), bodies, joints, tissues and the myofascial lines with the
 * evidence behind each junction.
 */
import { CoordinateKind, JOINT_TYPE_NAMES, TISSUE_KIND_NAMES, type Model } from '../core/model/model.js';
import { radiansToDegrees } from './units.js';

export type Side = 'r' | 'l' | 'midline';

export interface DofDescription {
  readonly name: string;
  readonly joint: string;
  /** Body the coordinate moves (the child of its joint). */
  readonly body: string;
  readonly kind: 'rotational' | 'translational';
  /** SI unit of `range` and `defaultValue`. */
  readonly unit: 'rad' | 'm';
  readonly range: readonly [number, number];
  /** The range in degrees; null for translations. */
  readonly rangeDeg: readonly [number, number] | null;
  readonly defaultValue: number;
  readonly defaultDeg: number | null;
  readonly locked: boolean;
  /** What positive motion means, when the model says. */
  readonly description: string | null;
}

export interface BodyDescription {
  readonly name: string;
  readonly parent: string;
  readonly joint: string;
  readonly massKg: number;
  /** Fraction of the total mass, 0..1. */
  readonly massFraction: number;
  /** Centre of mass in the body frame (m). */
  readonly centerOfMassM: readonly [number, number, number];
  /** Segment length (m); null when the model does not give one. */
  readonly lengthM: number | null;
}

export interface JointDescription {
  readonly name: string;
  readonly type: (typeof JOINT_TYPE_NAMES)[number];
  readonly parent: string;
  readonly child: string;
  readonly coordinates: readonly string[];
}

export interface TissueDescription {
  readonly name: string;
  readonly kind: (typeof TISSUE_KIND_NAMES)[number];
  readonly region: string;
  readonly side: Side;
  readonly source: string;
  /** Path length in the reference (standing) pose (m). */
  readonly referenceLengthM: number;
  /** False for series tendons, whose force is their muscles'. */
  readonly actsOnSkeleton: boolean;
  /** Muscles a series tendon carries (empty for other tissues). */
  readonly seriesOf: readonly string[];
  /** Anatomical landmarks of the path, origin first. */
  readonly landmarks: readonly string[];
}

export interface AnchorageStiffness {
  readonly nominal: number;
  readonly low: number;
  readonly high: number;
}

export interface JunctionDescription {
  /** Track below (distal) and above (proximal) the junction: tissue names. */
  readonly from: string;
  readonly to: string;
  readonly station: string;
  readonly stationLabel: string;
  /** Wilke et al. 2016 grade for the anatomical continuity. */
  readonly evidence: string;
  readonly studies: number;
  /** Krause et al. 2016 grade for force transmission. */
  readonly forceTransmission: string;
  readonly anchorageStiffnessNPerM: AnchorageStiffness;
}

export interface LineDescription {
  readonly name: string;
  readonly family: string;
  readonly side: Side;
  readonly source: string;
  readonly tracks: readonly { readonly tissue: string; readonly label: string }[];
  readonly junctions: readonly JunctionDescription[];
}

export interface ModelDescription {
  readonly name: string;
  readonly subject: { readonly heightM: number; readonly massKg: number; readonly sex: 'male' | 'female' } | null;
  readonly source: string | null;
  readonly totalMassKg: number;
  /** Gravity in the ground frame (m/s^2). */
  readonly gravity: readonly [number, number, number];
  readonly counts: {
    readonly bodies: number;
    readonly dofs: number;
    readonly tissues: number;
    readonly lines: number;
    readonly junctions: number;
  };
  readonly dofs: readonly DofDescription[];
  readonly bodies: readonly BodyDescription[];
  readonly joints: readonly JointDescription[];
  readonly tissues: readonly TissueDescription[];
  readonly lines: readonly LineDescription[];
}

export function describeModel(model: Model): ModelDescription {
  const coordinateDescriptions = new Map<string, string>();
  for (const body of model.spec.bodies) {
    const joint = body.joint;
    if (joint.type === 'weld') continue;
    for (const coordinate of joint.coordinates) {
      if (coordinate.description) coordinateDescriptions.set(coordinate.name, coordinate.description);
    }
  }

  const dofs: DofDescription[] = [];
  for (let j = 0; j < model.nq; j++) {
    const rotational = model.coordinateKind[j] === CoordinateKind.rotational;
    const min = model.coordinateRange[2 * j];
    const max = model.coordinateRange[2 * j + 1];
    const body = model.coordinateBody[j];
    const value = model.coordinateDefault[j];
    dofs.push({
      name: model.coordinateName[j],
      joint: model.jointName[body],
      body: model.bodyName[body],
      kind: rotational ? 'rotational' : 'translational',
      unit: rotational ? 'rad' : 'm',
      range: [min, max],
      rangeDeg: rotational ? [radiansToDegrees(min), radiansToDegrees(max)] : null,
      defaultValue: value,
      defaultDeg: rotational ? radiansToDegrees(value) : null,
      locked: model.coordinateLocked[j] === 1,
      description: coordinateDescriptions.get(model.coordinateName[j]) ?? null,
    });
  }

  const bodies: BodyDescription[] = [];
  const joints: JointDescription[] = [];
  for (let b = 1; b < model.nbody; b++) {
    const parent = model.bodyParent[b];
    const parentName = parent >= 0 ? model.bodyName[parent] : 'ground';
    const length = model.bodyLength[b];
    bodies.push({
      name: model.bodyName[b],
      parent: parentName,
      joint: model.jointName[b],
      massKg: model.bodyMass[b],
      massFraction: model.totalMass > 0 ? model.bodyMass[b] / model.totalMass : 0,
      centerOfMassM: [model.bodyCom[3 * b], model.bodyCom[3 * b + 1], model.bodyCom[3 * b + 2]],
      lengthM: length > 0 ? length : null,
    });
    const coordinates: string[] = [];
    const first = model.jointCoordAdr[b];
    for (let k = 0; k < model.jointCoordNum[b]; k++) coordinates.push(model.coordinateName[first + k]);
    joints.push({
      name: model.jointName[b],
      type: JOINT_TYPE_NAMES[model.jointType[b]],
      parent: parentName,
      child: model.bodyName[b],
      coordinates,
    });
  }

  const tissues: TissueDescription[] = [];
  for (let t = 0; t < model.ntissue; t++) {
    const seriesOf: string[] = [];
    for (let k = 0; k < model.tissueSeriesNum[t]; k++) {
      seriesOf.push(model.tissueName[model.seriesMuscle[model.tissueSeriesAdr[t] + k]]);
    }
    const landmarks: string[] = [];
    for (let k = 0; k < model.tissuePointNum[t]; k++) {
      const label = model.pointLabel[model.tissuePointAdr[t] + k];
      if (label) landmarks.push(label);
    }
    tissues.push({
      name: model.tissueName[t],
      kind: TISSUE_KIND_NAMES[model.tissueKind[t]],
      region: model.tissueRegion[t],
      side: model.tissueSide[t],
      source: model.tissueSource[t],
      referenceLengthM: model.tissueReferenceLength[t],
      actsOnSkeleton: model.tissueActsOnSkeleton[t] === 1,
      seriesOf,
      landmarks,
    });
  }

  const lines: LineDescription[] = [];
  for (let l = 0; l < model.nline; l++) lines.push(describeLine(model, l));

  const subject = model.spec.subject;
  const gravity = model.gravity;
  return {
    name: model.name,
    subject: subject ? { heightM: subject.heightM, massKg: subject.massKg, sex: subject.sex } : null,
    source: model.spec.source ?? null,
    totalMassKg: model.totalMass,
    gravity: [gravity[0], gravity[1], gravity[2]],
    counts: {
      bodies: model.nbody - 1,
      dofs: model.nq,
      tissues: model.ntissue,
      lines: model.nline,
      junctions: model.njunction,
    },
    dofs,
    bodies,
    joints,
    tissues,
    lines,
  };
}

/** One myofascial line: its tracks bottom to top and the junctions between them. */
export function describeLine(model: Model, line: number): LineDescription {
  const firstTrack = model.lineTrackAdr[line];
  const trackCount = model.lineTrackNum[line];
  const tracks = [];
  for (let k = 0; k < trackCount; k++) {
    const track = firstTrack + k;
    tracks.push({ tissue: model.tissueName[model.trackTissue[track]], label: model.trackLabel[track] });
  }
  const junctions: JunctionDescription[] = [];
  for (let k = 0; k < trackCount - 1; k++) {
    const junction = model.lineJunctionAdr[line] + k;
    junctions.push({
      from: tracks[k].tissue,
      to: tracks[k + 1].tissue,
      station: model.bodyName[model.junctionStation[junction]],
      stationLabel: model.junctionStationLabel[junction],
      evidence: model.junctionEvidence[junction],
      studies: model.junctionStudies[junction],
      forceTransmission: model.junctionForceTransmission[junction],
      anchorageStiffnessNPerM: {
        nominal: model.junctionStiffness[junction],
        low: model.junctionStiffnessLow[junction],
        high: model.junctionStiffnessHigh[junction],
      },
    });
  }
  return {
    name: model.lineName[line],
    family: model.lineFamily[line],
    side: model.lineSide[line],
    source: model.lineSource[line],
    tracks,
    junctions,
  };
}
