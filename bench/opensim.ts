/**
 * Benchmarks of kinechain's OpenSim tools on OpenSim's reference examples (the folder of
 * KINECHAIN_OPENSIM_REFERENCE, else ../shared/reference/opensim next to the repository),
 * copied to a temporary folder first. There is no OpenSim in this process, so these are
 * absolute times without a peer. Entries, with their goals:
 *
 * - inverse dynamics over the whole gait10dof18musc walking trial (walk_Setup_ID.xml:
 *   6 Hz filtering, splines, 151 frames of rnea with both feet's ground reactions), after
 *   loading (prepareInverseDynamics once, solveInverseDynamics timed): goal < 50 ms;
 * - static optimisation over the same trial, goal < 100 ms. The reference has no static
 *   optimisation setup for gait10dof18musc, so one is built from its ID inputs
 *   (GAIT_STATIC_OPTIMIZATION_SETUP: same model, coordinates, external loads, 6 Hz cutoff
 *   and time range; StaticOptimization with activation exponent 2 and muscle physiology)
 *   with reserve actuators as OpenSim's example (gait10dof_Reserve_Actuators.xml: 1 N m
 *   CoordinateActuators on the hips, knees, ankles and lumbar joint). OpenSim's example
 *   also has residual forces on the pelvis (PointActuators FX, FY and TorqueActuator MZ),
 *   which kinechain's static optimisation does not take; CoordinateActuators on
 *   pelvis_tx, pelvis_ty (optimal forces 1 and 2 as FX and FY) and pelvis_tilt (1, as MZ)
 *   take their place (GAIT_RESERVE_ACTUATORS). prepareStaticOptimization once,
 *   solveStaticOptimizationTrajectory timed; and the gait analysis's own loop
 *   (app/gait-imported-model.ts) on the ID frames;
 * - loading and compiling each reference model (read, parse once, import, compile:
 *   loadOpenSimModel), goal < 200 ms each, the median of 11 loads;
 * - the whole gait analysis (app/gait.ts) once, for information.
 */
import { cpSync, existsSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gaitAnalysis } from '../src/app/gait.js';
import { importedStaticOptimization } from '../src/app/gait-imported-model.js';
import { loadGaitTrial } from '../src/app/gait-trial.js';
import { prepareInverseDynamics, solveInverseDynamics } from '../src/app/opensim/inverse-dynamics-tool.js';
import { loadOpenSimModel } from '../src/app/opensim/opensim-model.js';
import { readSetupDocument } from '../src/app/opensim/setup-document.js';
import { prepareStaticOptimization, solveStaticOptimizationTrajectory } from '../src/app/opensim/static-optimization-tool.js';
import { consume, type Timing } from './timing.js';

export interface OpenSimBenchEntry {
  readonly name: string;
  readonly model: string;
  readonly dofs: number;
  readonly timing: Timing;
  readonly goalMs: number | null;
  readonly note: string;
}

export interface OpenSimBenchReport {
  readonly entries: readonly OpenSimBenchEntry[];
  /** Why the entries were skipped, or null. */
  readonly skipped: string | null;
  readonly referenceFolder: string;
}

/** gait10dof18musc's muscles have conditional and moving path points: fixed at the default pose, as --freeze-path-points does. */
const ALLOWED = { freezePathPointsAtDefaultPose: true, ignoreUnsupportedWrapping: true } as const;

const REPO_ROOT = fileURLToPath(new URL('../', import.meta.url));

/** Where the OpenSim reference examples are (they may be absent). */
export function openSimReferenceFolder(): string {
  return process.env.KINECHAIN_OPENSIM_REFERENCE ?? resolve(REPO_ROOT, '../shared/reference/opensim');
}

/** Reserve actuators of OpenSim's gait10dof18musc example, with the pelvis residuals as CoordinateActuators. */
export const GAIT_RESERVE_ACTUATORS = `<?xml version="1.0" encoding="UTF-8" ?>
<OpenSimDocument Version="30000">
  <ForceSet name="gait10dof_Reserve_Actuators_coordinate">
    <objects>
${[
  ['pelvis_tx_residual', 'pelvis_tx', 1],
  ['pelvis_ty_residual', 'pelvis_ty', 2],
  ['pelvis_tilt_residual', 'pelvis_tilt', 1],
  ...['hip_flexion_r', 'knee_angle_r', 'ankle_angle_r', 'hip_flexion_l', 'knee_angle_l', 'ankle_angle_l', 'lumbar_extension'].map((c) => [`${c}_reserve`, c, 1]),
]
  .map(
    ([name, coordinate, force]) =>
      `      <CoordinateActuator name="${name}"><min_control>-Inf</min_control><max_control>Inf</max_control>` +
      `<coordinate>${coordinate}</coordinate><optimal_force>${force}</optimal_force></CoordinateActuator>`,
  )
  .join('\n')}
    </objects>
    <groups />
  </ForceSet>
</OpenSimDocument>
`;

/** A static optimisation setup for gait10dof18musc built from walk_Setup_ID.xml's inputs (relative to the example's folder). */
export const GAIT_STATIC_OPTIMIZATION_SETUP = `<?xml version="1.0" encoding="UTF-8" ?>
<OpenSimDocument Version="30000">
  <AnalyzeTool name="subject01_walk">
    <model_file>subject01.osim</model_file>
    <replace_force_set>false</replace_force_set>
    <force_set_files>gait10dof_Reserve_Actuators_coordinate.xml</force_set_files>
    <results_directory>SO/Results</results_directory>
    <initial_time>0</initial_time>
    <final_time>2.5</final_time>
    <AnalysisSet name="Analyses">
      <objects>
        <StaticOptimization name="StaticOptimization">
          <on>true</on>
          <step_interval>1</step_interval>
          <use_model_force_set>true</use_model_force_set>
          <activation_exponent>2</activation_exponent>
          <use_muscle_physiology>true</use_muscle_physiology>
        </StaticOptimization>
      </objects>
      <groups />
    </AnalysisSet>
    <external_loads_file>ExperimentalData/subject01_walk_grf.xml</external_loads_file>
    <coordinates_file>IK/subject01_walk_IK.mot</coordinates_file>
    <lowpass_cutoff_frequency_for_coordinates>6</lowpass_cutoff_frequency_for_coordinates>
  </AnalyzeTool>
</OpenSimDocument>
`;

/** Timing of a call of tens of milliseconds: one warm-up call, then the median of whole calls within the budget. */
function timeWholeCalls(call: () => void, budgetMs = 3000, maxRuns = 15): Timing {
  call();
  const times: number[] = [];
  const begin = performance.now();
  while (times.length < maxRuns && (times.length < 3 || performance.now() - begin < budgetMs)) {
    const start = performance.now();
    call();
    times.push(performance.now() - start);
  }
  times.sort((a, b) => a - b);
  const middle = times.length >> 1;
  const median = times.length % 2 === 1 ? times[middle] : 0.5 * (times[middle - 1] + times[middle]);
  return { usPerCall: 1000 * median, minUsPerCall: 1000 * times[0], maxUsPerCall: 1000 * times[times.length - 1], callsPerBatch: 1, batches: times.length };
}

async function timeWholeAsyncCalls(call: () => Promise<void>, runs: number): Promise<Timing> {
  await call();
  const times: number[] = [];
  for (let k = 0; k < runs; k++) {
    const start = performance.now();
    await call();
    times.push(performance.now() - start);
  }
  times.sort((a, b) => a - b);
  const middle = times.length >> 1;
  const median = times.length % 2 === 1 ? times[middle] : 0.5 * (times[middle - 1] + times[middle]);
  return { usPerCall: 1000 * median, minUsPerCall: 1000 * times[0], maxUsPerCall: 1000 * times[times.length - 1], callsPerBatch: 1, batches: times.length };
}

function osimFiles(folder: string): string[] {
  const found: string[] = [];
  for (const entry of readdirSync(folder)) {
    const path = join(folder, entry);
    if (statSync(path).isDirectory()) found.push(...osimFiles(path));
    else if (entry.endsWith('.osim')) found.push(path);
  }
  return found.sort();
}

export async function runOpenSimBenchmarks(log: (text: string) => void): Promise<OpenSimBenchReport> {
  const referenceFolder = openSimReferenceFolder();
  const gaitSource = join(referenceFolder, 'gait10dof18musc');
  if (!existsSync(gaitSource)) {
    const skipped = `OpenSim reference folder ${gaitSource} not found (set KINECHAIN_OPENSIM_REFERENCE): OpenSim entries skipped`;
    log(`${skipped}\n`);
    return { entries: [], skipped, referenceFolder };
  }
  const work = mkdtempSync(join(tmpdir(), 'kinechain-bench-opensim-'));
  const entries: OpenSimBenchEntry[] = [];
  const add = (entry: OpenSimBenchEntry) => {
    entries.push(entry);
    const ms = entry.timing.usPerCall / 1000;
    const goal = entry.goalMs === null ? '' : `  goal < ${entry.goalMs} ms: ${ms < entry.goalMs ? 'met' : 'MISSED'}`;
    const fastest = entry.timing.minUsPerCall / 1000;
    log(`${entry.name.padEnd(50)} ${ms.toFixed(2).padStart(9)} ms (fastest ${fastest.toFixed(2)} ms, ${entry.timing.batches} runs)${goal}\n`);
  };
  try {
    const folder = join(work, 'gait10dof18musc');
    cpSync(gaitSource, folder, { recursive: true });
    writeFileSync(join(folder, 'gait10dof_Reserve_Actuators_coordinate.xml'), GAIT_RESERVE_ACTUATORS);
    writeFileSync(join(folder, 'walk_Setup_SO.xml'), GAIT_STATIC_OPTIMIZATION_SETUP);

    // Inverse dynamics over the trial.
    const idPrepared = await prepareInverseDynamics(await readSetupDocument(join(folder, 'ID/walk_Setup_ID.xml')));
    let frames = 0;
    const id = timeWholeCalls(() => {
      const solution = solveInverseDynamics(idPrepared);
      frames = solution.time.length;
      consume(solution.generalizedForce[0]);
    });
    add({
      name: 'OpenSim ID, gait10dof18musc trial',
      model: 'gait10dof18musc subject01',
      dofs: idPrepared.model.nq,
      timing: id,
      goalMs: 50,
      note: `walk_Setup_ID.xml after loading: 6 Hz filter, quintic splines, ${frames} frames of rnea with ground reactions`,
    });

    // Static optimisation over the trial.
    const soPrepared = await prepareStaticOptimization(await readSetupDocument(join(folder, 'walk_Setup_SO.xml')), { approximations: ALLOWED });
    let rows = 0;
    const so = timeWholeCalls(() => {
      const solution = solveStaticOptimizationTrajectory(soPrepared);
      rows = solution.time.length;
      consume(solution.infeasibleTimes.length);
    });
    add({
      name: 'OpenSim SO, gait10dof18musc trial',
      model: 'gait10dof18musc subject01',
      dofs: soPrepared.model.nq,
      timing: so,
      goalMs: 100,
      note: `generated AnalyzeTool setup (ID inputs, coordinate reserves/residuals) after loading: states, splines, ${rows} rows of rnea + QP`,
    });

    const trial = await loadGaitTrial({
      setupPath: join(folder, 'ID/walk_Setup_ID.xml'),
      actuatorsPaths: [join(folder, 'gait10dof_Reserve_Actuators_coordinate.xml')],
      approximations: ALLOWED,
    });
    const gaitSo = timeWholeCalls(() => consume(importedStaticOptimization(trial, ALLOWED).maxEquationResidual[0]));
    add({
      name: 'gait: SO over the ID frames',
      model: 'gait10dof18musc subject01',
      dofs: trial.model.nq,
      timing: gaitSo,
      goalMs: 100,
      note: `app/gait-imported-model.ts: ${trial.time.length} frames, solver made once per call`,
    });

    // Load + compile of each reference model.
    for (const path of osimFiles(referenceFolder)) {
      const name = relative(referenceFolder, path);
      try {
        let dofs = 0;
        const timing = await timeWholeAsyncCalls(async () => {
          const loaded = await loadOpenSimModel(path);
          dofs = loaded.model.nq;
          consume(loaded.model.nbody);
        }, 11);
        add({ name: `load+compile ${name}`, model: name, dofs, timing, goalMs: 200, note: 'read, parse once, import (approximations on), compile' });
      } catch (error) {
        log(`load+compile ${name}: failed (${error instanceof Error ? error.message.split('\n')[0] : String(error)})\n`);
      }
    }

    // The whole gait analysis, for information.
    const gait = await timeWholeAsyncCalls(async () => {
      const analysis = await gaitAnalysis({
        setupPath: join(folder, 'ID/walk_Setup_ID.xml'),
        actuatorsPaths: [join(folder, 'gait10dof_Reserve_Actuators_coordinate.xml')],
        approximations: ALLOWED,
      });
      consume(analysis.timeS.length);
    }, 1);
    add({
      name: 'gait analysis (whole use-case)',
      model: 'gait10dof18musc subject01 + default body',
      dofs: trial.model.nq,
      timing: gait,
      goalMs: null,
      note: 'files, ID, SO of the imported model, default body driven by the trial (ID, SO, arch, L5/S1, lines) at every frame',
    });
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
  return { entries, skipped: null, referenceFolder };
}
