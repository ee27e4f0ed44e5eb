/**
 * What a yoga pose lengthens: every tissue's length and strain, and every myofascial
 * line's track tensions and junction slides, in the pose and relative to standing (the
 * reference pose), with ranked lists.
 *
 * Tissues: path length (m) and strain (core/tissues/tissue-strain.ts: L / slack - 1 for
 * passive tissue, fibre strain for muscles with a rigid tendon). Lines: the continuity
 * solve of every line (core/solvers/chain-tension.ts) with the scenario's resting
 * activations. A line's length is the sum of its tracks' path lengths (junction slides
 * move length between tracks and cancel in the sum); its change in % is relative to the
 * standing sum. Stretch tolerance plays no part: the pose is given, not solved for.
 */
import { KinechainError } from '../core/errors.js';
import { closestNames } from '../core/math/edit-distance.js';
import { makeData } from '../core/model/make-data.js';
import { TISSUE_KIND_NAMES, type Data, type Model } from '../core/model/model.js';
import { setPose } from '../core/model/pose.js';
import { solveChainTensionAtPose } from '../core/solvers/chain-tension.js';
import { tissueForces } from '../core/tissues/tissue-forces.js';
import { tissueStrain } from '../core/tissues/tissue-strain.js';
import type { Scenario } from '../library/scenario.js';
import { YOGA_POSES, type YogaPose } from '../library/yoga-poses.js';
import { compile } from '../spec/compile.js';
import { readableTissueName } from './stretch-test-solver.js';

const DEG = Math.PI / 180;

export interface TissueLengthening {
  readonly name: string;
  readonly label: string;
  readonly kind: (typeof TISSUE_KIND_NAMES)[number];
  readonly region: string;
  readonly lengthStandingM: number;
  readonly lengthPoseM: number;
  readonly lengthChangeMm: number;
  readonly lengthChangePercent: number;
  /** Strain standing, in the pose, and the change (tissue strain for passive tissue, fibre strain for muscles). */
  readonly strainStanding: number;
  readonly strainPose: number;
  readonly strainChange: number;
}

export interface LineTrackChange {
  readonly tissue: string;
  readonly label: string;
  readonly tensionStandingN: number;
  readonly tensionPoseN: number;
  readonly tensionChangeN: number;
}

export interface LineJunctionChange {
  readonly station: string;
  readonly stationLabel: string;
  readonly displacementStandingMm: number;
  readonly displacementPoseMm: number;
  readonly displacementChangeMm: number;
}

export interface LineLengthening {
  readonly name: string;
  readonly family: string;
  readonly side: string;
  /** Sum of the tracks' path lengths, standing and in the pose (m), and the change. */
  readonly lengthStandingM: number;
  readonly lengthPoseM: number;
  readonly lengthChangeMm: number;
  readonly lengthChangePercent: number;
  /** Largest track tension in the pose minus standing (N). */
  readonly maxTensionChangeN: number;
  readonly tracks: readonly LineTrackChange[];
  readonly junctions: readonly LineJunctionChange[];
}

export interface YogaPoseResult {
  readonly pose: { readonly key: string | null; readonly name: string; readonly coordinatesDeg: Readonly<Record<string, number>> };
  /** Every tissue, most lengthened (in %) first. */
  readonly tissues: readonly TissueLengthening[];
  /** Every line, most lengthened (in %) first. */
  readonly lines: readonly LineLengthening[];
  /** The tissues lengthened by more than 1 %, most lengthened first. */
  readonly lengthenedTissues: readonly TissueLengthening[];
  /** The lines lengthened by more than 0.5 %, most lengthened first. */
  readonly lengthenedLines: readonly LineLengthening[];
  readonly converged: boolean;
}

export interface YogaPoseOptions {
  /** Precompiled scenario body (skips compiling scenario.spec). */
  readonly model?: Model;
}

interface PoseSnapshot {
  readonly length: Float64Array;
  readonly strain: Float64Array;
  readonly trackTension: Float64Array;
  readonly junctionDisplacement: Float64Array;
  readonly converged: boolean;
}

function snapshot(model: Model, data: Data, q: Float64Array): PoseSnapshot {
  const result = solveChainTensionAtPose(model, data, q);
  tissueForces(model, data);
  const strain = new Float64Array(model.ntissue);
  tissueStrain(model, data, strain);
  return {
    length: new Float64Array(data.tissueLength),
    strain,
    trackTension: new Float64Array(data.trackTension),
    junctionDisplacement: new Float64Array(data.junctionDisplacement),
    converged: result.converged,
  };
}

/** The pose's coordinates in radians/metres, checked against the model (unknown names, ranges). */
function poseCoordinates(model: Model, coordinatesDeg: Readonly<Record<string, number>>): Float64Array {
  const values: Record<string, number> = {};
  for (const [name, degrees] of Object.entries(coordinatesDeg)) {
    const j = model.coordinateIndex.get(name);
    if (j === undefined) {
      const close = closestNames(name, model.coordinateName);
      throw new KinechainError('UNKNOWN_NAME', `pose coordinate "${name}" is not a coordinate of the body${close.length > 0 ? `; close names: ${close.join(', ')}` : ''}`, {
        name,
      });
    }
    values[name] = model.coordinateKind[j] === 0 ? degrees * DEG : degrees;
  }
  return setPose(model, values);
}

/**
 * Analyses a pose: a catalogue key (library/yoga-poses.ts) or a pose object with
 * `coordinatesDeg` (rotations in degrees, translations in metres).
 */
export function analyseYogaPose(
  scenario: Scenario,
  pose: string | Pick<YogaPose, 'name' | 'coordinatesDeg'>,
  options: YogaPoseOptions = {},
): YogaPoseResult {
  let entry: Pick<YogaPose, 'name' | 'coordinatesDeg'>;
  let key: string | null = null;
  if (typeof pose === 'string') {
    const found = YOGA_POSES[pose];
    if (!found) {
      const close = closestNames(pose, Object.keys(YOGA_POSES));
      throw new KinechainError(
        'UNKNOWN_NAME',
        `unknown yoga pose "${pose}"; known poses: ${Object.keys(YOGA_POSES).join(', ')}${close.length > 0 ? ` (close: ${close.join(', ')})` : ''}`,
        { name: pose },
      );
    }
    entry = found;
    key = pose;
  } else {
    entry = pose;
  }
  const model = options.model ?? compile(scenario.spec);
  const data = makeData(model);
  data.tissueActivation.fill(0);
  for (const [name, activation] of Object.entries(scenario.restingActivation)) {
    const tissue = model.tissueIndex.get(name);
    if (tissue === undefined) throw new KinechainError('UNKNOWN_NAME', `scenario.restingActivation names unknown tissue "${name}"`, { name });
    if (!(Number.isFinite(activation) && activation >= 0 && activation <= 1)) {
      throw new KinechainError('OUT_OF_RANGE', `resting activation of "${name}" must lie in [0, 1], got ${String(activation)}`, { name });
    }
    data.tissueActivation[tissue] = activation;
  }
  const standing = snapshot(model, data, new Float64Array(model.coordinateDefault));
  const posed = snapshot(model, data, poseCoordinates(model, entry.coordinatesDeg));

  const tissues: TissueLengthening[] = [];
  for (let tissue = 0; tissue < model.ntissue; tissue++) {
    const before = standing.length[tissue];
    const after = posed.length[tissue];
    tissues.push({
      name: model.tissueName[tissue],
      label: readableTissueName(model.tissueName[tissue]),
      kind: TISSUE_KIND_NAMES[model.tissueKind[tissue]],
      region: model.tissueRegion[tissue],
      lengthStandingM: before,
      lengthPoseM: after,
      lengthChangeMm: (after - before) * 1000,
      lengthChangePercent: ((after - before) / before) * 100,
      strainStanding: standing.strain[tissue],
      strainPose: posed.strain[tissue],
      strainChange: posed.strain[tissue] - standing.strain[tissue],
    });
  }
  tissues.sort((a, b) => b.lengthChangePercent - a.lengthChangePercent);

  const lines: LineLengthening[] = [];
  for (let line = 0; line < model.nline; line++) {
    const firstTrack = model.lineTrackAdr[line];
    const count = model.lineTrackNum[line];
    const firstJunction = model.lineJunctionAdr[line];
    let before = 0;
    let after = 0;
    let maxTensionChange = Number.NEGATIVE_INFINITY;
    const tracks: LineTrackChange[] = [];
    for (let k = 0; k < count; k++) {
      const track = firstTrack + k;
      const tissue = model.trackTissue[track];
      before += standing.length[tissue];
      after += posed.length[tissue];
      const change = posed.trackTension[track] - standing.trackTension[track];
      maxTensionChange = Math.max(maxTensionChange, change);
      tracks.push({
        tissue: model.tissueName[tissue],
        label: model.trackLabel[track],
        tensionStandingN: standing.trackTension[track],
        tensionPoseN: posed.trackTension[track],
        tensionChangeN: change,
      });
    }
    const junctions: LineJunctionChange[] = [];
    for (let k = 0; k < count - 1; k++) {
      const junction = firstJunction + k;
      const d0 = standing.junctionDisplacement[junction] * 1000;
      const d1 = posed.junctionDisplacement[junction] * 1000;
      junctions.push({
        station: model.bodyName[model.junctionStation[junction]],
        stationLabel: model.junctionStationLabel[junction],
        displacementStandingMm: d0,
        displacementPoseMm: d1,
        displacementChangeMm: d1 - d0,
      });
    }
    lines.push({
      name: model.lineName[line],
      family: model.lineFamily[line],
      side: model.lineSide[line],
      lengthStandingM: before,
      lengthPoseM: after,
      lengthChangeMm: (after - before) * 1000,
      lengthChangePercent: ((after - before) / before) * 100,
      maxTensionChangeN: maxTensionChange,
      tracks,
      junctions,
    });
  }
  lines.sort((a, b) => b.lengthChangePercent - a.lengthChangePercent);
  return {
    pose: { key, name: entry.name, coordinatesDeg: { ...entry.coordinatesDeg } },
    tissues,
    lines,
    lengthenedTissues: tissues.filter((t) => t.lengthChangePercent > 1),
    lengthenedLines: lines.filter((l) => l.lengthChangePercent > 0.5),
    converged: standing.converged && posed.converged,
  };
}
