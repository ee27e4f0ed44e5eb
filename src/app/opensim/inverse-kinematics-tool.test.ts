import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { isKinechainError, type KinechainError } from '../../core/errors.js';
import { forwardKinematics } from '../../core/kinematics/forward-kinematics.js';
import { bodyPointPosition } from '../../core/kinematics/jacobian.js';
import { makeSkeletonData } from '../../core/model/make-skeleton-data.js';
import { importOsimModel } from '../../io/opensim/osim-import.js';
import { readOsim } from '../../io/opensim/osim-reader.js';
import { formatStorage, parseStorage } from '../../io/opensim/storage.js';
import { formatTrc } from '../../io/opensim/trc.js';
import { makeMarkerTrajectories } from '../../io/table/marker-trajectories.js';
import { makeTimeSeriesTable } from '../../io/table/time-series-table.js';
import { compile } from '../../spec/compile.js';
import { motionTypeOf, runInverseKinematicsTool } from './inverse-kinematics-tool.js';

const FIXTURE = readFileSync(new URL('../../io/opensim/fixtures/two-segment-leg-4x.osim', import.meta.url), 'utf8');

/** Marker name, body, location (m). */
const MODEL_MARKERS: [string, string, [number, number, number]][] = [
  ['T1', 'thigh', [0.05, -0.1, 0.04]],
  ['T2', 'thigh', [-0.03, -0.25, 0.06]],
  ['T3', 'thigh', [0.02, -0.3, -0.05]],
  ['S1', 'shank', [0.04, -0.08, 0.05]],
  ['S2', 'shank', [-0.02, -0.2, -0.04]],
  ['S3', 'shank', [0.03, -0.35, 0.02]],
  ['lateral_malleolus', 'shank', [0.0, -0.42, 0.05]],
  ['model_only', 'shank', [0.0, -0.1, 0.0]],
];

const MARKER_SET = `<MarkerSet name="markerset">
			<objects>
${MODEL_MARKERS.map(([name, body, location]) => `				<Marker name="${name}">
					<socket_parent_frame>/bodyset/${body}</socket_parent_frame>
					<location>${location.join(' ')}</location>
				</Marker>`).join('\n')}
			</objects>
		</MarkerSet>`;

const MODEL_TEXT = FIXTURE.replace(/<MarkerSet name="markerset">[\s\S]*<\/MarkerSet>/, MARKER_SET);

const RATE = 64;
const FRAMES = 65;
/** Knee extension beyond its clamped range (0.17 rad) around t = 0.25 s. */
function truePose(t: number): [number, number, number] {
  const phase = 2 * Math.PI * t;
  return [0.3 + 0.5 * Math.sin(phase), 0.55 + 0.1 * Math.cos(phase), -0.5 + 0.8 * Math.sin(phase)];
}
const KNEE_LIMIT = 0.17;
const DEG = 180 / Math.PI;

/** The marker file: the model markers (S2 missing in three frames) and one the model lacks. */
function markerFileText(): string {
  const { spec } = importOsimModel(readOsim(MODEL_TEXT));
  const model = compile(spec);
  const data = makeSkeletonData(model);
  const names = ['T1', 'T2', 'T3', 'S1', 'S2', 'S3', 'lateral_malleolus', 'ghost'];
  const positions = new Float64Array(FRAMES * names.length * 3);
  const q = new Float64Array(model.nq);
  for (let frame = 0; frame < FRAMES; frame++) {
    const [flexion, adduction, knee] = truePose(frame / RATE);
    q[model.coordinateIndex.get('hip_flexion') as number] = flexion;
    q[model.coordinateIndex.get('hip_adduction') as number] = adduction;
    q[model.coordinateIndex.get('knee_angle') as number] = knee;
    forwardKinematics(model, data, q);
    names.forEach((name, k) => {
      const base = (frame * names.length + k) * 3;
      const marker = MODEL_MARKERS.find((entry) => entry[0] === name);
      if (marker === undefined) positions.set([0.1 * frame, 1, 0.5], base);
      else bodyPointPosition(data, model.bodyIndex.get(marker[1]) as number, marker[2], positions, base);
      if (name === 'S2' && frame >= 20 && frame <= 22) positions.fill(Number.NaN, base, base + 3);
    });
  }
  const trajectories = makeMarkerTrajectories({ markerNames: names, time: Array.from({ length: FRAMES }, (_, i) => i / RATE), positions, frameRate: RATE, sourceUnit: 'mm' });
  return formatTrc(trajectories, { decimals: 6 });
}

const task = (name: string, weight: number, apply = true) => `<IKMarkerTask name="${name}"><apply>${apply}</apply><weight>${weight}</weight></IKMarkerTask>`;

function setupText(extra: { tasks?: string; coordinateFile?: string; markerFile?: string } = {}): string {
  return `<?xml version="1.0" encoding="UTF-8" ?>
<OpenSimDocument Version="30000">
	<InverseKinematicsTool name="leg">
		<results_directory>results</results_directory>
		<model_file>../model/leg.osim</model_file>
		<constraint_weight>Inf</constraint_weight>
		<accuracy>1e-005</accuracy>
		<IKTaskSet>
			<objects>
				${task('T1', 1)}${task('T2', 1)}${task('T3', 1)}${task('S1', 2)}${task('S2', 1)}${task('S3', 1)}
				${task('lateral_malleolus', 5, false)}${task('ghost', 1)}${task('nowhere', 1)}
				${extra.tasks ?? ''}
			</objects>
			<groups />
		</IKTaskSet>
		<marker_file>${extra.markerFile ?? '../data/walk.trc'}</marker_file>
		<coordinate_file>${extra.coordinateFile ?? 'Unassigned'}</coordinate_file>
		<time_range> 0.25 0.75</time_range>
		<report_errors>true</report_errors>
		<output_motion_file>results/leg_ik.mot</output_motion_file>
		<report_marker_locations>true</report_marker_locations>
	</InverseKinematicsTool>
</OpenSimDocument>
`;
}

const root = mkdtempSync(join(tmpdir(), 'kinechain-ik-tool-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

/** A trial folder: model/leg.osim, data/walk.trc, setup/<name>.xml. */
function trialFolder(name: string, setup: string): string {
  const folder = join(root, name);
  mkdirSync(join(folder, 'model'), { recursive: true });
  mkdirSync(join(folder, 'data'), { recursive: true });
  mkdirSync(join(folder, 'setup'), { recursive: true });
  writeFileSync(join(folder, 'model', 'leg.osim'), MODEL_TEXT);
  writeFileSync(join(folder, 'data', 'walk.trc'), markerFileText());
  writeFileSync(join(folder, 'setup', 'ik.xml'), setup);
  return join(folder, 'setup', 'ik.xml');
}

async function rejection(promise: Promise<unknown>): Promise<KinechainError> {
  try {
    await promise;
  } catch (error) {
    if (isKinechainError(error)) return error;
    throw error;
  }
  throw new Error('expected a KinechainError');
}

describe('runInverseKinematicsTool: a synthetic trial', () => {
  it('recovers the motion that made the markers and writes the files OpenSim writes', async () => {
    const setupPath = trialFolder('round-trip', setupText());
    const result = await runInverseKinematicsTool(setupPath);
    const folder = join(root, 'round-trip', 'setup');

    // Files where OpenSim puts them: the motion relative to the setup, the rest in results_directory.
    expect(result.motionFile).toBe(join(folder, 'results', 'leg_ik.mot'));
    expect(result.markerErrorsFile).toBe(join(folder, 'results', 'leg_ik_marker_errors.sto'));
    expect(result.markerLocationsFile).toBe(join(folder, 'results', 'leg_ik_model_marker_locations.sto'));
    const motionText = readFileSync(result.motionFile as string, 'utf8');
    expect(motionText.split('\n').slice(0, 11)).toEqual([
      'Coordinates',
      'version=1',
      'nRows=33',
      'nColumns=4',
      'inDegrees=yes',
      '',
      'Units are S.I. units (second, meters, Newtons, ...)',
      'Angles are in degrees.',
      '',
      'endheader',
      'time\thip_flexion\thip_adduction\tknee_angle',
    ]);

    // Markers: the applied tasks the file and the model both have, in file order.
    expect(result.markers).toEqual([
      { name: 'T1', weight: 1 },
      { name: 'T2', weight: 1 },
      { name: 'T3', weight: 1 },
      { name: 'S1', weight: 2 },
      { name: 'S2', weight: 1 },
      { name: 'S3', weight: 1 },
    ]);
    expect(result.warnings.some((warning) => warning.includes('"nowhere"'))).toBe(true);
    expect(result.warnings.some((warning) => warning.includes('"ghost"'))).toBe(true);
    expect(result.unconvergedFrames).toEqual([]);

    // Frames 0.25 .. 0.75 s every 1/64 s; angles back to 1e-6 deg where the pose is reachable.
    const motion = parseStorage(motionText).table;
    expect(motion.time.length).toBe(33);
    const errors = parseStorage(readFileSync(result.markerErrorsFile as string, 'utf8'));
    expect(errors.name).toBe('Model Marker Errors from IK');
    expect(errors.table.labels).toEqual(['total_squared_error', 'marker_error_RMS', 'marker_error_max']);
    let clampedFrames = 0;
    let beyondRange = 0;
    for (let row = 0; row < 33; row++) {
      const time = 0.25 + row / RATE;
      expect(motion.time[row]).toBeCloseTo(time, 8);
      const [flexion, adduction, knee] = truePose(time);
      const total = result.markerErrors.columns[0][row];
      const rms = result.markerErrors.columns[1][row];
      const max = result.markerErrors.columns[2][row];
      expect(rms).toBeCloseTo(Math.sqrt(total / 6), 15);
      expect(max).toBeGreaterThanOrEqual(rms);
      if (knee <= KNEE_LIMIT) {
        expect(Math.abs(result.motion.columns[0][row] - flexion * DEG)).toBeLessThan(1e-6);
        // hip_adduction is not clamped: OpenSim lets it past its range [-0.5, 0.5].
        if (adduction > 0.5) beyondRange++;
        expect(Math.abs(result.motion.columns[1][row] - adduction * DEG)).toBeLessThan(1e-6);
        expect(Math.abs(result.motion.columns[2][row] - knee * DEG)).toBeLessThan(1e-6);
        expect(total).toBeLessThan(1e-14);
      } else {
        // knee_angle is clamped: it stops at its range and the markers no longer fit.
        clampedFrames++;
        expect(result.motion.columns[2][row]).toBeCloseTo(KNEE_LIMIT * DEG, 9);
        expect(total).toBeGreaterThan(1e-8);
      }
    }
    expect(clampedFrames).toBeGreaterThan(2);
    expect(beyondRange).toBeGreaterThan(5);

    // Model marker locations: at the solution, equal to the observations where they fit.
    const locations = result.markerLocations;
    expect(locations.labels.slice(0, 3)).toEqual(['T1_tx', 'T1_ty', 'T1_tz']);
    expect(existsSync(result.markerLocationsFile as string)).toBe(true);
  });

  it('moves every output into resultsDir when given', async () => {
    const setupPath = trialFolder('redirected', setupText());
    const out = join(root, 'redirected-out');
    const result = await runInverseKinematicsTool(setupPath, { resultsDir: out });
    expect(result.motionFile).toBe(join(out, 'results', 'leg_ik.mot'));
    expect(result.markerErrorsFile).toBe(join(out, 'leg_ik_marker_errors.sto'));
    expect(existsSync(join(root, 'redirected', 'setup', 'results'))).toBe(false);
    expect(result.files.map((file) => file.path)).toEqual([result.motionFile, result.markerErrorsFile, result.markerLocationsFile]);
  });

  it('follows coordinate tasks: from the coordinate file (degrees), manual values, default values', async () => {
    // Targets 5 deg off the true hip adduction, sampled at the marker times.
    const times = Array.from({ length: FRAMES }, (_, i) => i / RATE);
    const adductionTarget = times.map((t) => (truePose(t)[1] * DEG) + 5);
    const coordinateText = formatStorage(makeTimeSeriesTable({ time: times, labels: ['hip_adduction'], columns: [adductionTarget] }), { name: 'coordinates', inDegrees: true });
    const tasks =
      '<IKCoordinateTask name="hip_adduction"><weight>1e8</weight><value_type>from_file</value_type></IKCoordinateTask>' +
      '<IKCoordinateTask name="knee_angle"><weight>1e8</weight><value_type>manual_value</value_type><value>-0.4</value></IKCoordinateTask>' +
      '<IKCoordinateTask name="hip_flexion"><weight>1e8</weight></IKCoordinateTask>';
    const setupPath = trialFolder('coordinate-tasks', setupText({ tasks, coordinateFile: '../data/coordinates.mot' }));
    writeFileSync(join(root, 'coordinate-tasks', 'data', 'coordinates.mot'), coordinateText);
    const result = await runInverseKinematicsTool(setupPath, { resultsDir: join(root, 'coordinate-tasks-out') });
    expect(result.coordinateTasks.map((entry) => entry.valueType)).toEqual(['from_file', 'manual_value', 'default_value']);
    for (let row = 0; row < result.motion.time.length; row++) {
      const time = result.motion.time[row];
      // Weight 1e8 against a marker term of order 1e-3 m^2: within 1e-4 deg of the targets.
      expect(Math.abs(result.motion.columns[1][row] - (truePose(time)[1] * DEG + 5))).toBeLessThan(1e-4);
      expect(Math.abs(result.motion.columns[2][row] - -0.4 * DEG)).toBeLessThan(1e-4);
      expect(Math.abs(result.motion.columns[0][row] - 0.1 * DEG)).toBeLessThan(1e-4);
    }
  });

  it('rejects what it cannot run, naming the setup element and its line', async () => {
    const c3d = await rejection(runInverseKinematicsTool(trialFolder('c3d', setupText({ markerFile: '../data/walk.c3d' }))));
    expect(c3d.code).toBe('UNSUPPORTED');
    expect(c3d.message).toContain('<marker_file> at line 16');
    const missingFile = await rejection(runInverseKinematicsTool(trialFolder('no-file', setupText({ markerFile: '../data/run.trc' }))));
    expect(missingFile.code).toBe('FILE_NOT_FOUND');
    const unknown = await rejection(
      runInverseKinematicsTool(trialFolder('unknown-coordinate', setupText({ tasks: '<IKCoordinateTask name="ankle_angle"><weight>1</weight></IKCoordinateTask>' }))),
    );
    expect(unknown.code).toBe('UNKNOWN_NAME');
    expect(unknown.message).toContain('ankle_angle');
    const noData = await rejection(
      runInverseKinematicsTool(trialFolder('no-coordinate-file', setupText({ tasks: '<IKCoordinateTask name="knee_angle"><weight>1</weight><value_type>from_file</value_type></IKCoordinateTask>' }))),
    );
    expect(noData.code).toBe('MALFORMED_INPUT');
  });
});

describe('motionTypeOf (which coordinates the .mot holds in degrees)', () => {
  it("follows OpenSim 4's rule for custom joints", () => {
    const osim = readOsim(MODEL_TEXT);
    const knee = osim.joints.find((joint) => joint.name === 'knee');
    if (knee === undefined) throw new Error('fixture changed');
    // A rotation with slope 1 makes it rotational although splines also translate the joint.
    expect(motionTypeOf(knee, knee.coordinates[0])).toBe('rotational');
    const scaled = readOsim(MODEL_TEXT.replace('<coefficients> 1 0</coefficients>\n\t\t\t\t\t\t\t</LinearFunction>\n\t\t\t\t\t\t</TransformAxis>\n\t\t\t\t\t\t<TransformAxis name="rotation2">\n\t\t\t\t\t\t\t<coordinates></coordinates>\n\t\t\t\t\t\t\t<axis>0 1 0</axis>', '<coefficients> 0.5 0</coefficients>\n\t\t\t\t\t\t\t</LinearFunction>\n\t\t\t\t\t\t</TransformAxis>\n\t\t\t\t\t\t<TransformAxis name="rotation2">\n\t\t\t\t\t\t\t<coordinates></coordinates>\n\t\t\t\t\t\t\t<axis>0 1 0</axis>'));
    const scaledKnee = scaled.joints.find((joint) => joint.name === 'knee');
    if (scaledKnee === undefined) throw new Error('fixture changed');
    expect(motionTypeOf(scaledKnee, scaledKnee.coordinates[0])).toBe('coupled');
  });
});
