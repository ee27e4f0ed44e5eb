/**
 * analyseChain(model, pose, { relativeTo }): the tension in every track of every
 * myofascial line in a posture, and how far each continuity junction slides against its
 * bony station — optionally next to the same numbers in the reference (standing) pose.
 *
 * The muscles are passive (activation 0): the question is what the posture alone does
 * to the lines. The anchorage stiffness of the junctions has no published value (see
 * src/library/myofascial-lines.ts), so besides the nominal solve the lines are solved
 * with every junction at the low and at the high end of its range, and each result
 * carries the interval those three solves span.
 */
import { KinechainError } from '../core/errors.js';
import { makeData } from '../core/model/make-data.js';
import { TISSUE_KIND_NAMES, type Data, type Model } from '../core/model/model.js';
import { solveChainTensionAtPose, type ChainTensionResult } from '../core/solvers/chain-tension.js';
import { tissueStrain } from '../core/tissues/tissue-strain.js';
import type { Side } from './describe-model.js';
import { standingPose, type Pose } from './pose.js';
import { isRotational, radiansToDegrees } from './units.js';

export interface AnalyseChainOptions {
  /** Also solve the reference pose and report the changes from it. */
  readonly relativeTo?: 'standing';
}

/** [min, max] of a quantity over the anchorage stiffness range (low, nominal, high). */
export type Interval = readonly [number, number];

export interface TrackState {
  /** Tension (N). */
  readonly tensionN: number;
  /** Effective length including the junction slides at its ends (m). */
  readonly lengthM: number;
  /** Strain: L / slack - 1 for passive tissue; fibre strain L_fibre / L0 - 1 for a muscle. */
  readonly strain: number;
}

export interface TrackAnalysis extends TrackState {
  readonly tissue: string;
  readonly label: string;
  readonly kind: (typeof TISSUE_KIND_NAMES)[number];
  /** Which strain `strain` is: 'tissue' (passive tissue) or 'fibre' (muscle fibres). */
  readonly strainOf: 'tissue' | 'fibre';
  /** Tension over the anchorage stiffness range (N). */
  readonly tensionIntervalN: Interval;
  /** The same in the reference pose (only with relativeTo). */
  readonly reference?: TrackState;
  /** This pose minus the reference pose (only with relativeTo). */
  readonly change?: TrackState;
}

export interface LineAnalysis {
  readonly name: string;
  readonly family: string;
  readonly side: Side;
  readonly tracks: readonly TrackAnalysis[];
}

export interface JunctionState {
  /** Slide of the junction against its station, positive towards the upper track (mm). */
  readonly displacementMm: number;
  /** Force the anchorage carries: stiffness times slide (N). */
  readonly anchorageForceN: number;
}

export interface JunctionAnalysis extends JunctionState {
  readonly line: string;
  /** Tissue of the track below (distal) and above (proximal). */
  readonly from: string;
  readonly to: string;
  readonly station: string;
  readonly stationLabel: string;
  readonly evidence: string;
  readonly studies: number;
  readonly forceTransmission: string;
  /** Nominal anchorage stiffness (N/m) and its range. */
  readonly anchorageStiffnessNPerM: { readonly nominal: number; readonly low: number; readonly high: number };
  readonly displacementIntervalMm: Interval;
  readonly anchorageForceIntervalN: Interval;
  readonly reference?: JunctionState;
  readonly change?: JunctionState;
}

export interface Convergence {
  readonly converged: boolean;
  readonly linesSolved: number;
  readonly maxIterations: number;
  readonly totalIterations: number;
  /** Largest junction force imbalance left (N). */
  readonly maxResidualN: number;
  /** Lines that did not converge, in any of the solves. */
  readonly unconvergedLines: readonly string[];
}

export interface PoseCoordinate {
  readonly name: string;
  readonly value: number;
  readonly unit: 'rad' | 'm';
  /** The value in degrees; null for translations. */
  readonly degrees: number | null;
}

export interface ChainAnalysis {
  /** The coordinates the pose set (rad or m), and where it came from. */
  readonly pose: {
    readonly source: string;
    readonly values: Readonly<Record<string, number>>;
    /** The same coordinates with their units, and rotations in degrees too. */
    readonly coordinates: readonly PoseCoordinate[];
  };
  readonly relativeTo: 'standing' | null;
  /** Muscle activation used for every muscle. */
  readonly activation: number;
  readonly lines: readonly LineAnalysis[];
  readonly junctions: readonly JunctionAnalysis[];
  readonly convergence: Convergence;
  /** Convergence of the reference solve (only with relativeTo). */
  readonly referenceConvergence?: Convergence;
}

/** One pose solved at the nominal, low and high anchorage stiffness. */
interface PoseSolution {
  readonly tension: Float64Array; // [ntrack] nominal
  readonly length: Float64Array; // [ntrack]
  readonly strain: Float64Array; // [ntrack]
  readonly displacement: Float64Array; // [njunction] (m)
  readonly anchorageForce: Float64Array; // [njunction] (N)
  readonly tensionLow: Float64Array; // [ntrack] min over the three solves
  readonly tensionHigh: Float64Array; // [ntrack] max over the three solves
  readonly displacementLow: Float64Array; // [njunction]
  readonly displacementHigh: Float64Array;
  readonly forceLow: Float64Array;
  readonly forceHigh: Float64Array;
  readonly convergence: Convergence;
}

/**
 * Strain of each track at its effective length and tension: the tissue strain law
 * (core/tissues/tissue-strain.ts) evaluated on a copy of the tissue state in which each
 * track's tissue has the track's length and tension. Writes out [ntrack].
 */
function trackStrains(model: Model, data: Data, out: Float64Array): void {
  const tissueLength = new Float64Array(data.tissueLength);
  const tissueForce = new Float64Array(data.tissueForce);
  const strain = new Float64Array(model.ntissue);
  const view = { ...data, tissueLength, tissueForce };
  for (let line = 0; line < model.nline; line++) {
    const first = model.lineTrackAdr[line];
    const count = model.lineTrackNum[line];
    for (let k = 0; k < count; k++) {
      const track = first + k;
      tissueLength[model.trackTissue[track]] = data.trackLength[track];
      tissueForce[model.trackTissue[track]] = data.trackTension[track];
    }
    tissueStrain(model, view, strain);
    for (let k = 0; k < count; k++) out[first + k] = strain[model.trackTissue[first + k]];
  }
}

function convergenceOf(model: Model, results: readonly ChainTensionResult[]): Convergence {
  const unconverged = new Set<number>();
  let maxIterations = 0;
  let totalIterations = 0;
  let maxResidualN = 0;
  for (const result of results) {
    for (const line of result.unconvergedLines) unconverged.add(line);
    maxIterations = Math.max(maxIterations, result.maxIterations);
    totalIterations += result.totalIterations;
    maxResidualN = Math.max(maxResidualN, result.maxResidualN);
  }
  return {
    converged: unconverged.size === 0,
    linesSolved: results[0]?.linesSolved ?? 0,
    maxIterations,
    totalIterations,
    maxResidualN,
    unconvergedLines: [...unconverged].sort((a, b) => a - b).map((line) => model.lineName[line]),
  };
}

function solvePose(model: Model, data: Data, q: Float64Array): PoseSolution {
  data.tissueActivation.fill(0);
  const results: ChainTensionResult[] = [];
  const solution: PoseSolution = {
    tension: new Float64Array(model.ntrack),
    length: new Float64Array(model.ntrack),
    strain: new Float64Array(model.ntrack),
    displacement: new Float64Array(model.njunction),
    anchorageForce: new Float64Array(model.njunction),
    tensionLow: new Float64Array(model.ntrack),
    tensionHigh: new Float64Array(model.ntrack),
    displacementLow: new Float64Array(model.njunction),
    displacementHigh: new Float64Array(model.njunction),
    forceLow: new Float64Array(model.njunction),
    forceHigh: new Float64Array(model.njunction),
    convergence: undefined as unknown as Convergence,
  };

  // Nominal stiffness: the reported values.
  results.push(solveChainTensionAtPose(model, data, q));
  solution.tension.set(data.trackTension);
  solution.length.set(data.trackLength);
  solution.displacement.set(data.junctionDisplacement);
  solution.anchorageForce.set(data.junctionAnchorageForce);
  trackStrains(model, data, solution.strain);
  solution.tensionLow.set(data.trackTension);
  solution.tensionHigh.set(data.trackTension);
  solution.displacementLow.set(data.junctionDisplacement);
  solution.displacementHigh.set(data.junctionDisplacement);
  solution.forceLow.set(data.junctionAnchorageForce);
  solution.forceHigh.set(data.junctionAnchorageForce);

  // Both ends of the anchorage range: the interval.
  for (const stiffness of [model.junctionStiffnessLow, model.junctionStiffnessHigh]) {
    results.push(solveChainTensionAtPose(model, data, q, { stiffnessOverride: stiffness }));
    for (let t = 0; t < model.ntrack; t++) {
      solution.tensionLow[t] = Math.min(solution.tensionLow[t], data.trackTension[t]);
      solution.tensionHigh[t] = Math.max(solution.tensionHigh[t], data.trackTension[t]);
    }
    for (let j = 0; j < model.njunction; j++) {
      solution.displacementLow[j] = Math.min(solution.displacementLow[j], data.junctionDisplacement[j]);
      solution.displacementHigh[j] = Math.max(solution.displacementHigh[j], data.junctionDisplacement[j]);
      solution.forceLow[j] = Math.min(solution.forceLow[j], data.junctionAnchorageForce[j]);
      solution.forceHigh[j] = Math.max(solution.forceHigh[j], data.junctionAnchorageForce[j]);
    }
  }
  return { ...solution, convergence: convergenceOf(model, results) };
}

const MM_PER_M = 1000;

function poseCoordinates(model: Model, pose: Pose): PoseCoordinate[] {
  return Object.entries(pose.values).map(([name, value]) => {
    const rotational = isRotational(model, model.coordinateIndex.get(name) as number);
    return { name, value, unit: rotational ? 'rad' : 'm', degrees: rotational ? radiansToDegrees(value) : null };
  });
}

export function analyseChain(model: Model, pose: Pose, options: AnalyseChainOptions = {}): ChainAnalysis {
  if (pose.q.length !== model.nq) {
    throw new KinechainError(
      'MALFORMED_INPUT',
      `pose from ${pose.source} has ${pose.q.length} coordinates but the model has ${model.nq}; build it for this model`,
    );
  }
  const relativeTo = options.relativeTo ?? null;
  if (relativeTo !== null && relativeTo !== 'standing') {
    throw new KinechainError('MALFORMED_INPUT', `relativeTo must be "standing", got "${String(relativeTo)}"`);
  }
  const data = makeData(model);
  const current = solvePose(model, data, pose.q);
  const reference = relativeTo === 'standing' ? solvePose(model, data, standingPose(model).q) : null;

  const lines: LineAnalysis[] = [];
  const junctions: JunctionAnalysis[] = [];
  for (let line = 0; line < model.nline; line++) {
    const firstTrack = model.lineTrackAdr[line];
    const trackCount = model.lineTrackNum[line];
    const tracks: TrackAnalysis[] = [];
    for (let k = 0; k < trackCount; k++) {
      const track = firstTrack + k;
      const tissue = model.trackTissue[track];
      const kind = TISSUE_KIND_NAMES[model.tissueKind[tissue]];
      const state: TrackState = {
        tensionN: current.tension[track],
        lengthM: current.length[track],
        strain: current.strain[track],
      };
      const entry: TrackAnalysis = {
        tissue: model.tissueName[tissue],
        label: model.trackLabel[track],
        kind,
        ...state,
        strainOf: kind === 'muscle' ? 'fibre' : 'tissue',
        tensionIntervalN: [current.tensionLow[track], current.tensionHigh[track]],
      };
      if (reference) {
        const before: TrackState = {
          tensionN: reference.tension[track],
          lengthM: reference.length[track],
          strain: reference.strain[track],
        };
        tracks.push({
          ...entry,
          reference: before,
          change: {
            tensionN: state.tensionN - before.tensionN,
            lengthM: state.lengthM - before.lengthM,
            strain: state.strain - before.strain,
          },
        });
      } else {
        tracks.push(entry);
      }
    }
    lines.push({ name: model.lineName[line], family: model.lineFamily[line], side: model.lineSide[line], tracks });

    for (let k = 0; k < trackCount - 1; k++) {
      const junction = model.lineJunctionAdr[line] + k;
      const state: JunctionState = {
        displacementMm: MM_PER_M * current.displacement[junction],
        anchorageForceN: current.anchorageForce[junction],
      };
      const entry: JunctionAnalysis = {
        line: model.lineName[line],
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
        ...state,
        displacementIntervalMm: [MM_PER_M * current.displacementLow[junction], MM_PER_M * current.displacementHigh[junction]],
        anchorageForceIntervalN: [current.forceLow[junction], current.forceHigh[junction]],
      };
      if (reference) {
        const before: JunctionState = {
          displacementMm: MM_PER_M * reference.displacement[junction],
          anchorageForceN: reference.anchorageForce[junction],
        };
        junctions.push({
          ...entry,
          reference: before,
          change: {
            displacementMm: state.displacementMm - before.displacementMm,
            anchorageForceN: state.anchorageForceN - before.anchorageForceN,
          },
        });
      } else {
        junctions.push(entry);
      }
    }
  }

  return {
    pose: { source: pose.source, values: { ...pose.values }, coordinates: poseCoordinates(model, pose) },
    relativeTo,
    activation: 0,
    lines,
    junctions,
    convergence: current.convergence,
    ...(reference ? { referenceConvergence: reference.convergence } : {}),
  };
}
