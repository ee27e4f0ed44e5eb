/**
 * `npm run bench [-- --json]`: times kinechain's hot paths on the default body and
 * MuJoCo (its own WebAssembly build, `mujoco-js`) on a tree of the same size, side by
 * side in the same process, and writes bench/results/latest.json.
 *
 * What is compared (all per call, same q, qd, qdd; see bench/mujoco-peer.ts for the MJCF):
 *
 * - forwardKinematics (body poses + every coordinate's motion axis) vs
 *   mj_kinematics + mj_comPos (body poses, then the dof motion axes cdof — which needs
 *   mj_comPos — plus subtree centres of mass and composite inertias that ours does not compute).
 * - rnea (kinematics + inverse dynamics from q, qd, qdd) vs
 *   * mj_inverse: the headline peer. It does MORE than ours: mj_invPosition is the whole
 *     position stage of mj_forward (kinematics, comPos, tendons, the mass matrix with
 *     mj_crb and its sparse factorisation mj_factorM, collision detection and constraint
 *     set-up — empty here), mj_invVelocity the velocity stage (comVel, passive forces —
 *     none — and the bias forces with mj_rne), then mj_invConstraint (no constraints)
 *     and mj_rne with accelerations. Ours computes no mass matrix and no bias split.
 *   * mj_inverseSkip(mjSTAGE_POS): skips the position stage, so MuJoCo reuses the
 *     kinematics of the previous call; ours recomputes them. This is LESS work than ours
 *     (a floor for MuJoCo), shown only to bracket the comparison.
 *   * mj_kinematics + mj_comPos + mj_comVel + mj_rne(flg_acc=1): the same work as ours
 *     (poses, motion axes, velocities, Newton-Euler with accelerations): the fairest peer.
 * - crba (kinematics + mass matrix) vs mj_kinematics + mj_comPos + mj_crb (MuJoCo's
 *   composite rigid body pass into its sparse qM; no factorisation).
 * - chain tension (kinematics, tissue path lengths, every myofascial line's continuity
 *   solve): no peer.
 * - the foot-to-back analyses, no peer: a standing posture solve (cold start, solver and
 *   Data reused), a toe-touch end-point solve (compiled scenario reused), a 200-sample
 *   interval (the toe-touch use-case with plantar release on both feet, set-up included)
 *   and the full interdependence map. The last two take seconds, so they are timed over a
 *   few whole runs (timeSlowCall) instead of batches.
 *
 * - OpenSim tools on OpenSim's reference examples (bench/opensim.ts): inverse dynamics and
 *   static optimisation over the gait10dof18musc walking trial, load+compile of every
 *   reference model, the whole gait analysis. No peer; skipped (and said so) when the
 *   reference folder is absent.
 *
 * The MuJoCo model has no geoms, contacts, limits, springs, dampers, armature,
 * actuators or sensors, so none of those cost anything there either. Timing: warm-up,
 * then the median over batches of the mean time per call, the batches of ours and of
 * the peers interleaved (bench/timing.ts). Machines are shared and noisy: read the
 * ratios, not the absolute times.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { crba } from '../src/core/dynamics/crba.js';
import { rnea } from '../src/core/dynamics/rnea.js';
import { forwardKinematics } from '../src/core/kinematics/forward-kinematics.js';
import { makeData } from '../src/core/model/make-data.js';
import type { Model } from '../src/core/model/model.js';
import { setPose } from '../src/core/model/pose.js';
import { solveChainTension, solveChainTensionAtPose } from '../src/core/solvers/chain-tension.js';
import { pathLength } from '../src/core/paths/path-length.js';
import { buildBody, DEFAULT_SUBJECT } from '../src/library/default-body.js';
import { compile } from '../src/spec/compile.js';
import { interdependenceMap } from '../src/analyses/interdependence.js';
import { enableMapThreads } from '../src/analyses/interdependence-parallel.js';
import { makeStandingPostureSolver, solveStandingPosture } from '../src/analyses/standing-posture.js';
import { ToeTouchSolver } from '../src/analyses/toe-touch.js';
import { toeTouchAnalysis } from '../src/app/toe-touch.js';
import { analyzeStancePhase } from '../src/analyses/stance-phase.js';
import { FOOTWEAR_CATALOGUE } from '../src/library/footwear.js';
import { baselineScenario } from '../src/library/scenario.js';
import { createMujocoPeer } from './mujoco-peer.js';
import { runOpenSimBenchmarks } from './opensim.js';
import { consume, timeCall, timeCalls, type Timing } from './timing.js';

export interface BenchResult {
  readonly name: string;
  readonly model: string;
  readonly dofs: number;
  readonly usPerCall: number;
  readonly peer: { readonly name: string; readonly usPerCall: number } | null;
  /** ours / peer: above 1 means kinechain is slower. Null without a peer. */
  readonly ratio: number | null;
  /** What the two sides compute, in a sentence. */
  readonly note: string;
  /** Spread between batches (us per call): [fastest, slowest] batch mean, ours then the peer's. */
  readonly spreadUs: { readonly ours: [number, number]; readonly peer: [number, number] | null };
}

/** Deterministic pseudo-random numbers in [-0.5, 0.5) (Park-Miller), so every run times the same state. */
function pseudoRandom(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state * 16807) % 2147483647;
    return state / 2147483647 - 0.5;
  };
}

/** A pose inside every coordinate's range (mid-range plus a deterministic offset), and velocities, accelerations. */
function benchmarkState(model: Model): { q: Float64Array; qd: Float64Array; qdd: Float64Array } {
  const random = pseudoRandom(12345);
  const q = new Float64Array(model.nq);
  const qd = new Float64Array(model.nq);
  const qdd = new Float64Array(model.nq);
  for (let j = 0; j < model.nq; j++) {
    const min = model.coordinateRange[2 * j];
    const max = model.coordinateRange[2 * j + 1];
    const width = Math.min(max - min, 2);
    q[j] = Math.min(max, Math.max(min, model.coordinateDefault[j] + 0.5 * width * random()));
    qd[j] = 2 * random();
    qdd[j] = 10 * random();
  }
  return { q, qd, qdd };
}

/**
 * Timing of a call that takes too long for batches (timing.ts warms up with at least ten
 * calls): one call to warm up and size, then whole calls while they fit in `budgetMs`
 * (at most `maxRuns`), the median of those. A call slower than the budget is timed once,
 * its first (cold) call: the figure then includes the JIT's warm-up.
 */
function timeSlowCall(call: () => void, options: { readonly budgetMs?: number; readonly maxRuns?: number } = {}): Timing {
  const budgetMs = options.budgetMs ?? 10_000;
  const maxRuns = options.maxRuns ?? 5;
  let start = performance.now();
  call();
  const first = performance.now() - start;
  if (first < 20) return timeCall(call);
  const times: number[] = [];
  const begin = performance.now();
  while (times.length < maxRuns && performance.now() - begin + first <= budgetMs) {
    start = performance.now();
    call();
    times.push(performance.now() - start);
  }
  if (times.length === 0) times.push(first);
  times.sort((a, b) => a - b);
  const middle = times.length >> 1;
  const median = times.length % 2 === 1 ? times[middle] : 0.5 * (times[middle - 1] + times[middle]);
  return { usPerCall: 1000 * median, minUsPerCall: 1000 * times[0], maxUsPerCall: 1000 * times[times.length - 1], callsPerBatch: 1, batches: times.length };
}

async function runBenchmarks(log: (text: string) => void): Promise<{ results: BenchResult[]; meta: Record<string, unknown> }> {
  const model = compile(buildBody({ ...DEFAULT_SUBJECT }));
  const modelName = `default body (${DEFAULT_SUBJECT.sex}, ${DEFAULT_SUBJECT.heightM} m, ${DEFAULT_SUBJECT.massKg} kg)`;
  const data = makeData(model);
  const { q, qd, qdd } = benchmarkState(model);

  const peer = await createMujocoPeer(model);
  const mj = peer.mujoco;
  const mjModel = peer.model;
  const mjData = peer.data;
  peer.setState(q, qd, qdd);
  // Views into MuJoCo's memory, taken after every allocation (memory growth would detach them).
  const { qfrcInverse } = peer.views();
  const stagePosition = mj.mjtStage.mjSTAGE_POS.value;
  mj.mj_inverse(mjModel, mjData);

  const results: BenchResult[] = [];
  const record = (
    name: string,
    ours: Timing,
    peerName: string | null,
    peerTiming: Timing | null,
    note: string,
  ): void => {
    const result: BenchResult = {
      name,
      model: modelName,
      dofs: model.nq,
      usPerCall: ours.usPerCall,
      peer: peerName && peerTiming ? { name: peerName, usPerCall: peerTiming.usPerCall } : null,
      ratio: peerTiming ? ours.usPerCall / peerTiming.usPerCall : null,
      note,
      spreadUs: {
        ours: [ours.minUsPerCall, ours.maxUsPerCall],
        peer: peerTiming ? [peerTiming.minUsPerCall, peerTiming.maxUsPerCall] : null,
      },
    };
    results.push(result);
    const peerText = result.peer ? `  ${result.peer.name} ${result.peer.usPerCall.toFixed(2)} us  ratio ${result.ratio?.toFixed(2)}` : '';
    log(`${name.padEnd(38)} ${ours.usPerCall.toFixed(2).padStart(9)} us${peerText}\n`);
  };

  const force = data.generalizedForce;
  const [fk, mjFk] = timeCalls([
    () => {
      forwardKinematics(model, data, q);
      consume(data.bodyPosition[3]);
    },
    () => {
      mj.mj_kinematics(mjModel, mjData);
      mj.mj_comPos(mjModel, mjData);
    },
  ]);
  record('forwardKinematics', fk, 'mj_kinematics+mj_comPos', mjFk, 'body poses and dof motion axes (MuJoCo also: subtree CoMs, composite inertias)');

  const [inverse, mjInverse, mjInverseSkip, mjSameWork] = timeCalls([
    () => {
      rnea(model, data, q, qd, qdd);
      consume(force[0]);
    },
    () => {
      mj.mj_inverse(mjModel, mjData);
      consume(qfrcInverse[0]);
    },
    () => {
      mj.mj_inverseSkip(mjModel, mjData, stagePosition, 1);
      consume(qfrcInverse[0]);
    },
    () => {
      mj.mj_kinematics(mjModel, mjData);
      mj.mj_comPos(mjModel, mjData);
      mj.mj_comVel(mjModel, mjData);
      mj.mj_rne(mjModel, mjData, 1, qfrcInverse);
      consume(qfrcInverse[0]);
    },
  ]);
  record('rnea', inverse, 'mj_inverse', mjInverse, 'MuJoCo also builds and factorises the mass matrix and splits off the bias forces');
  record('rnea (MuJoCo skips its kinematics)', inverse, 'mj_inverseSkip(mjSTAGE_POS)', mjInverseSkip, 'MuJoCo reuses the previous kinematics (less work than ours)');
  record('rnea (same work)', inverse, 'mj_kinematics+mj_comPos+mj_comVel+mj_rne', mjSameWork, 'the same work on both sides');

  const [massMatrix, mjMassMatrix] = timeCalls([
    () => {
      crba(model, data, q);
      consume(data.massMatrix[0]);
    },
    () => {
      mj.mj_kinematics(mjModel, mjData);
      mj.mj_comPos(mjModel, mjData);
      mj.mj_crb(mjModel, mjData);
    },
  ]);
  record('crba', massMatrix, 'mj_kinematics+mj_comPos+mj_crb', mjMassMatrix, 'kinematics and the joint-space mass matrix (dense here, sparse in MuJoCo)');

  const bend = setPose(model, { pelvis_tilt: -Math.PI / 2, hip_flexion_r: Math.PI / 2, hip_flexion_l: Math.PI / 2 });
  const chainAtPose = timeCall(() => {
    const result = solveChainTensionAtPose(model, data, bend);
    consume(result.totalIterations);
  });
  record('chainTension (pose to tensions)', chainAtPose, null, null, `kinematics, ${model.ntissue} tissue paths, ${model.nline} lines`);

  forwardKinematics(model, data, bend);
  pathLength(model, data);
  const chainOnly = timeCall(() => {
    const result = solveChainTension(model, data);
    consume(result.totalIterations);
  });
  record('chainTension (continuity only)', chainOnly, null, null, `${model.nline} lines, ${model.njunction} junctions, from given path lengths`);

  // Foot-to-back analyses on the unimpaired default body (no peer).
  const scenario = baselineScenario(buildBody({ ...DEFAULT_SUBJECT }));
  const postureSolver = makeStandingPostureSolver(model);
  const posture = timeSlowCall(() => {
    const result = solveStandingPosture(postureSolver, scenario, { coldStart: true });
    consume(result.lumbosacral.compressionN);
  });
  record('standing posture solve', posture, null, null, 'cold start: posture search (BFGS over 9 variables, equilibrium QP per step) and joint reactions; solver and Data reused');
  const toeTouchSolver = new ToeTouchSolver(scenario);
  const toeTouch = timeSlowCall(() => {
    const end = toeTouchSolver.solveEndPoint();
    consume(end.s);
  });
  record('toe-touch solve', toeTouch, null, null, 'forward-bend end point (bracket and bisection on the bend); compiled scenario and tolerances reused');
  const sampled = timeSlowCall(() => {
    const analysis = toeTouchAnalysis({ interventions: ['plantar-release-ball:both'], samples: 200 });
    consume(analysis.change?.meanCm ?? 0);
  });
  record('200-sample interval (toe-touch)', sampled, null, null, 'plantar release on both feet, 200 paired samples, repeat-test correction; set-up (compile, tolerances) included');
  enableMapThreads();
  const map = timeSlowCall(
    () => {
      const result = interdependenceMap(scenario);
      consume(result.evaluations);
    },
    { maxRuns: 1 },
  );
  record('interdependence map (full)', map, null, null, 'every tissue-group and impairment row x standing and toe-touch outputs, 3 bodies');

  // Stance phase of walking (bundled gait10dof18musc trial, 100 instants), per sole; goal 50 ms.
  for (const footwear of ['barefoot', 'healing-sole'] as const) {
    let evaluations = 0;
    const stance = timeSlowCall(() => {
      const result = analyzeStancePhase(model, { footwear: FOOTWEAR_CATALOGUE[footwear] });
      evaluations = result.contactEvaluations ?? 0;
      consume(result.summary.plantarFasciaPeakForceBW);
    });
    record(
      `stance phase (100 instants), ${footwear}`,
      stance,
      null,
      null,
      `plantar contact, arch balance${footwear === 'barefoot' ? '' : ', sole roll'} and inverse dynamics per instant; ${evaluations} contact evaluations; goal < 50 ms`,
    );
  }

  // OpenSim tools on OpenSim's reference examples (no peer: there is no OpenSim here).
  log('\nOpenSim tools on the reference examples (absolute times, no OpenSim peer here)\n');
  const openSim = await runOpenSimBenchmarks(log);
  for (const entry of openSim.entries) {
    results.push({
      name: entry.name,
      model: entry.model,
      dofs: entry.dofs,
      usPerCall: entry.timing.usPerCall,
      peer: null,
      ratio: null,
      note: entry.goalMs === null ? entry.note : `${entry.note}; goal < ${entry.goalMs} ms`,
      spreadUs: { ours: [entry.timing.minUsPerCall, entry.timing.maxUsPerCall], peer: null },
    });
  }

  // Cost of one crossing from JavaScript into MuJoCo's WebAssembly (an embind call that
  // does nothing but return a number): the MuJoCo figures include one per mj_* call.
  const crossing = timeCall(() => consume(mj.mj_version()));
  log(`\none call into MuJoCo's WebAssembly (mj_version): ${crossing.usPerCall.toFixed(3)} us, included in each mj_* call above\n`);

  peer.dispose();
  const meta = {
    mujocoCallOverheadUs: crossing.usPerCall,
    date: new Date().toISOString(),
    node: process.version,
    mujoco: mj.mj_versionString(),
    cpu: cpus()[0]?.model ?? 'unknown',
    bodies: model.nbody - 1,
    dofs: model.nq,
    tissues: model.ntissue,
    lines: model.nline,
    timing: 'median over 15 batches (about 40 ms each, after 300 ms warm-up) of the mean time per call',
    openSimReference: openSim.skipped ?? openSim.referenceFolder,
  };
  return { results, meta };
}

async function main(): Promise<void> {
  const json = process.argv.includes('--json');
  const log = json ? () => undefined : (text: string) => void process.stdout.write(text);
  log('kinechain benchmark (us per call; ratio = kinechain / MuJoCo, above 1 = kinechain slower)\n\n');
  const report = await runBenchmarks(log);
  const directory = new URL('./results/', import.meta.url);
  mkdirSync(directory, { recursive: true });
  writeFileSync(new URL('latest.json', directory), `${JSON.stringify(report, null, 2)}\n`);
  if (json) process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
  else log(`\nwritten to bench/results/latest.json\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`bench: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exitCode = 1;
});
