/**
 * postureAnalysis({ impairments, samples, seed }): the quiet standing posture of the
 * default body, found by the standing posture solver (analyses/standing-posture.ts), and
 * the loads it puts on the chain from the feet to the neck — then the same with the
 * impairments applied, what changed, and which joints and tissues carried the change.
 *
 * Intervals: every uncertain parameter of the applied impairments is sampled
 * (analyses/uncertainty.ts: triangular on its LiteratureValue range, seeded), the
 * posture is solved for each sample, and each load's interval is the 2.5-97.5 percentile
 * interval of the samples. The unimpaired body has no sampled parameter, so the baseline
 * has no interval and each change's interval is the impaired interval shifted by the
 * baseline value.
 *
 * Determinism: every scenario, the baseline's included, is solved from the reference pose,
 * so a result depends on its scenario only and a change only on what the impairments
 * changed. Scenarios that are mechanically the same (same body spec, same limits) are
 * solved once, so an impairment at its neutral severity gives a change of exactly zero.
 *
 * Speed for interactive use (a severity slider):
 * - The unimpaired baseline of a subject is solved once and kept (baselineEntry
 *   below), keyed on what fixes it: the subject's body spec (specs are immutable; the same
 *   subject gives the same spec object), the scenario's limits and the solve options. A
 *   different subject or limit is a different key, so a kept baseline is always the one a
 *   cold solve would give. The solver's workspace is kept with it; every solve is still a
 *   cold start, so reusing it changes no number.
 * - `nominalOnly` solves the impaired body at its nominal parameters only: no sample, no
 *   interval, one solve. The impaired loads and their change then come in `nominal`
 *   (without intervals); `impaired` and `change`, which always carry intervals, are absent.
 *   (The simulation request's `samples: 0` asks for it; `samples` itself stays 1 or more.)
 * The impaired solve is never warm-started from the baseline posture: nearby optima would
 * shift L5/S1 by a few per cent against a cold solve.
 */
import { KinechainError } from '../core/errors.js';
import type { Model } from '../core/model/model.js';
import {
  comparePostures,
  makeStandingPostureSolver,
  solveStandingPosture,
  useModel,
  type StandingPostureResult,
  type StandingPostureSolver,
} from '../analyses/standing-posture.js';
import { applyModifiers, interval, sampleScenarios, type ModifierRequest } from '../analyses/uncertainty.js';
import type { Scenario } from '../library/scenario.js';
import { compileCached } from '../library/spec-edits.js';
import type { SubjectInput } from './default-model.js';
import {
  checkSampling,
  limitsKey,
  modifierRequests,
  parseModifierChoices,
  sameMechanics,
  subjectScenario,
  summarizeChoice,
  type AppliedModifierSummary,
} from './modifiers.js';
import { radiansToDegrees } from './units.js';

/** Percentile interval [low, high] (2.5-97.5% of the samples). */
export type PostureInterval = readonly [number, number];

export interface SidePair<T> {
  readonly r: T;
  readonly l: T;
}

/** The loads of one standing posture. Forces in N, positions in m (ground frame: X forward, Y up, Z right). */
export interface PostureLoads {
  /** 'converged', or how the solver fell short (see StandingPostureResult.status). */
  readonly status: StandingPostureResult['status'];
  /** Compression of the L5/S1 disc along the lumbar segment's long axis. */
  readonly l5s1CompressionN: number;
  /** Anteroposterior shear at L5/S1, positive when the lumbar segment tends to slide forward on the sacrum. */
  readonly l5s1ShearN: number;
  /** Summed tension of the lumbar and thoracic erector spinae, both sides. */
  readonly erectorSpinaeForceN: number;
  /** Summed tension of the posterior layer and the crossing fibres of the thoracolumbar fascia, both sides. */
  readonly thoracolumbarFasciaTensionN: number;
  readonly plantarFasciaForceN: SidePair<number>;
  /** Tension of the Achilles tendon: the gastrocnemii and soleus forces it carries in series. */
  readonly achillesForceN: SidePair<number>;
  /** Summed tension of biceps femoris long head, semitendinosus and semimembranosus. */
  readonly hamstringForceN: SidePair<number>;
  /** Compression at C7/T1. */
  readonly neckCompressionN: number;
  /** Normal load under each foot, and the part of it under the heel. */
  readonly footLoadN: SidePair<number>;
  readonly heelLoadN: SidePair<number>;
  /** Centre of pressure of both feet on the floor. */
  readonly centerOfPressure: { readonly xM: number; readonly zM: number };
  /** Centre of mass of the whole body. */
  readonly centerOfMass: { readonly xM: number; readonly yM: number; readonly zM: number };
  /** The angles the posture search moved, in degrees (extension, dorsiflexion, flexion positive; knee flexion negative). */
  readonly jointAnglesDeg: Readonly<Record<string, number>>;
  /** Largest imbalance of the solved forces against gravity over every coordinate (N m or N). */
  readonly equilibriumResidual: number;
  /** Generalised force no modelled structure carries (N m or N): zero when status is 'converged'. */
  readonly maxReserve: number;
}

/** Intervals of the main loads over the sampled impairment parameters. */
export interface PostureIntervals {
  readonly l5s1CompressionInterval: PostureInterval;
  readonly l5s1ShearInterval: PostureInterval;
  readonly erectorSpinaeForceInterval: PostureInterval;
  readonly thoracolumbarFasciaTensionInterval: PostureInterval;
  readonly neckCompressionInterval: PostureInterval;
  readonly plantarFasciaForceInterval: SidePair<PostureInterval>;
  readonly achillesForceInterval: SidePair<PostureInterval>;
  readonly hamstringForceInterval: SidePair<PostureInterval>;
  readonly footLoadInterval: SidePair<PostureInterval>;
}

/** Impaired minus baseline, for the main loads. */
export interface PostureLoadChange {
  readonly l5s1CompressionN: number;
  readonly l5s1ShearN: number;
  readonly erectorSpinaeForceN: number;
  readonly thoracolumbarFasciaTensionN: number;
  readonly neckCompressionN: number;
  readonly plantarFasciaForceN: SidePair<number>;
  readonly achillesForceN: SidePair<number>;
  readonly hamstringForceN: SidePair<number>;
  readonly footLoadN: SidePair<number>;
  readonly centerOfPressure: { readonly xM: number; readonly zM: number };
  readonly jointAnglesDeg: Readonly<Record<string, number>>;
}

/** Impaired minus baseline, for the main loads, with intervals. */
export interface PostureChange extends PostureLoadChange, PostureIntervals {}

/** The impaired body at its nominal parameters without intervals (a nominalOnly request). */
export interface PostureNominal {
  readonly impaired: PostureLoads;
  readonly change: PostureLoadChange;
}

/** Which joints and tissues carried the change (nominal parameters), largest first. */
export interface PosturePath {
  readonly joints: readonly { readonly coordinate: string; readonly beforeDeg: number; readonly afterDeg: number; readonly changeDeg: number }[];
  readonly tissues: readonly { readonly tissue: string; readonly beforeN: number; readonly afterN: number; readonly changeN: number }[];
  /** Change of the pelvis position (m). */
  readonly pelvisShiftM: { readonly x: number; readonly y: number; readonly z: number };
  readonly effortChange: number;
  /** The same in one sentence. */
  readonly text: string;
}

export interface PostureAnalysis {
  readonly subject: { readonly heightM: number; readonly massKg: number; readonly sex: string } | null;
  readonly bodyWeightN: number;
  readonly impairments: readonly AppliedModifierSummary[];
  readonly baseline: PostureLoads;
  /** Only with impairments, unless nominalOnly: the loads at the impairments' nominal parameters, with intervals over the samples. */
  readonly impaired?: PostureLoads & PostureIntervals;
  readonly change?: PostureChange;
  /** Only with impairments and nominalOnly: the nominal loads and their change, without intervals (in place of impaired and change). */
  readonly nominal?: PostureNominal;
  readonly path?: PosturePath;
  /** Sampling behind the intervals (only with impairments; samples 0 for a nominalOnly result). */
  readonly uncertainty?: {
    readonly samples: number;
    readonly seed: number;
    readonly level: number;
    /** Distinct scenarios actually solved (samples that change nothing are solved once). */
    readonly solves: number;
    /** Samples whose posture solve ended short of 'converged' (held partly by reserves, or at the iteration limit); in the intervals. */
    readonly unconvergedSamples: number;
    /** Samples whose final equilibrium failed: left out of the intervals. */
    readonly failedSamples: number;
  };
  /** Largest equilibrium residual of the reported solves (N m or N). */
  readonly equilibriumResidual: number;
  readonly notes: readonly string[];
}

export interface PostureRequest {
  readonly subject?: SubjectInput;
  /** `NAME[:SIDE][=SEVERITY]` (app/modifiers.ts). */
  readonly impairments?: readonly string[];
  /** Samples behind the intervals, 1 to MAX_SAMPLES (default DEFAULT_SAMPLES). */
  readonly samples?: number;
  /** The nominal parameters only: no samples, no intervals (the result's `nominal`); `samples` must then be absent (or 0). */
  readonly nominalOnly?: boolean;
  readonly seed?: number;
  /** Called after each solve with (done, total). */
  readonly onProgress?: (done: number, total: number) => void;
}

/** Interval level of every interval reported. */
const LEVEL = 0.95;

/** Coordinates of the sagittal posture and of the closed leg chains, reported in degrees. */
const REPORTED_ANGLES = [
  'pelvis_tilt',
  'pelvis_list',
  'hip_flexion_r',
  'hip_flexion_l',
  'hip_adduction_r',
  'hip_adduction_l',
  'knee_angle_r',
  'knee_angle_l',
  'ankle_angle_r',
  'ankle_angle_l',
  'subtalar_angle_r',
  'subtalar_angle_l',
  'lumbar_extension',
  'thoracic_extension',
  'neck_extension',
  'head_extension',
] as const;

const NOTES: readonly string[] = [
  'Every load here is a model prediction: the posture is the one the standing posture solver finds (least muscular effort plus ' +
    'passive-tissue load, both feet flat), not a measurement. Muscle forces come from static optimisation, so co-contraction ' +
    'that real people add is absent; L5/S1 and C7/T1 loads are the joint reactions of that solution.',
  'Intervals span the sampled uncertain parameters of the impairments (2.5-97.5 percentiles, triangular on each published or ' +
    'assumed range, seeded); the unimpaired body is taken at its nominal values, so the baseline has no interval.',
  'Where an impairment rests on an assumption (its source says "assumption"), read its effect as what the mechanics make of ' +
    'that assumption, not as a clinical finding.',
];

function side(value: SidePair<number>): SidePair<number> {
  return { r: value.r, l: value.l };
}

function loadsOf(result: StandingPostureResult): PostureLoads {
  const jointAnglesDeg: Record<string, number> = {};
  for (const name of REPORTED_ANGLES) {
    const value = result.coordinates[name];
    if (value !== undefined) jointAnglesDeg[name] = radiansToDegrees(value);
  }
  return {
    status: result.status,
    l5s1CompressionN: result.lumbosacral.compressionN,
    l5s1ShearN: result.lumbosacral.anteriorShearN,
    erectorSpinaeForceN: result.erectorSpinaeN.total,
    thoracolumbarFasciaTensionN: result.thoracolumbarFasciaN.total,
    plantarFasciaForceN: side(result.plantarFasciaN),
    achillesForceN: side(result.achillesTendonN),
    hamstringForceN: side(result.hamstringsN),
    neckCompressionN: result.cervicothoracic.compressionN,
    footLoadN: { r: result.feet.r.loadN, l: result.feet.l.loadN },
    heelLoadN: { r: result.feet.r.heelN, l: result.feet.l.heelN },
    centerOfPressure: { xM: result.centreOfPressureM[0], zM: result.centreOfPressureM[2] },
    centerOfMass: { xM: result.centreOfMassM[0], yM: result.centreOfMassM[1], zM: result.centreOfMassM[2] },
    jointAnglesDeg,
    equilibriumResidual: result.equilibriumResidual,
    maxReserve: result.maxReserve,
  };
}

/** The scalar loads that get intervals, by their interval field. */
const SCALAR_FIELDS = [
  ['l5s1CompressionInterval', 'l5s1CompressionN'],
  ['l5s1ShearInterval', 'l5s1ShearN'],
  ['erectorSpinaeForceInterval', 'erectorSpinaeForceN'],
  ['thoracolumbarFasciaTensionInterval', 'thoracolumbarFasciaTensionN'],
  ['neckCompressionInterval', 'neckCompressionN'],
] as const;
const SIDED_FIELDS = [
  ['plantarFasciaForceInterval', 'plantarFasciaForceN'],
  ['achillesForceInterval', 'achillesForceN'],
  ['hamstringForceInterval', 'hamstringForceN'],
  ['footLoadInterval', 'footLoadN'],
] as const;

function percentileInterval(values: readonly number[], shift = 0): PostureInterval {
  const summary = interval(values, LEVEL);
  return [summary.low - shift, summary.high - shift];
}

/** Intervals of the main loads over `samples`, each shifted by `reference` (the baseline for changes, nothing otherwise). */
function intervalsOf(samples: readonly PostureLoads[], reference?: PostureLoads): PostureIntervals {
  const intervals: Record<string, unknown> = {};
  for (const [key, field] of SCALAR_FIELDS) {
    intervals[key] = percentileInterval(
      samples.map((loads) => loads[field]),
      reference ? reference[field] : 0,
    );
  }
  for (const [key, field] of SIDED_FIELDS) {
    intervals[key] = {
      r: percentileInterval(
        samples.map((loads) => loads[field].r),
        reference ? reference[field].r : 0,
      ),
      l: percentileInterval(
        samples.map((loads) => loads[field].l),
        reference ? reference[field].l : 0,
      ),
    };
  }
  return intervals as unknown as PostureIntervals;
}

function difference(after: SidePair<number>, before: SidePair<number>): SidePair<number> {
  return { r: after.r - before.r, l: after.l - before.l };
}

function loadChangeOf(impaired: PostureLoads, baseline: PostureLoads): PostureLoadChange {
  const jointAnglesDeg: Record<string, number> = {};
  for (const [name, value] of Object.entries(impaired.jointAnglesDeg)) jointAnglesDeg[name] = value - (baseline.jointAnglesDeg[name] ?? 0);
  return {
    l5s1CompressionN: impaired.l5s1CompressionN - baseline.l5s1CompressionN,
    l5s1ShearN: impaired.l5s1ShearN - baseline.l5s1ShearN,
    erectorSpinaeForceN: impaired.erectorSpinaeForceN - baseline.erectorSpinaeForceN,
    thoracolumbarFasciaTensionN: impaired.thoracolumbarFasciaTensionN - baseline.thoracolumbarFasciaTensionN,
    neckCompressionN: impaired.neckCompressionN - baseline.neckCompressionN,
    plantarFasciaForceN: difference(impaired.plantarFasciaForceN, baseline.plantarFasciaForceN),
    achillesForceN: difference(impaired.achillesForceN, baseline.achillesForceN),
    hamstringForceN: difference(impaired.hamstringForceN, baseline.hamstringForceN),
    footLoadN: difference(impaired.footLoadN, baseline.footLoadN),
    centerOfPressure: {
      xM: impaired.centerOfPressure.xM - baseline.centerOfPressure.xM,
      zM: impaired.centerOfPressure.zM - baseline.centerOfPressure.zM,
    },
    jointAnglesDeg,
  };
}

function changeOf(impaired: PostureLoads, baseline: PostureLoads, samples: readonly PostureLoads[]): PostureChange {
  return { ...loadChangeOf(impaired, baseline), ...intervalsOf(samples, baseline) };
}

function signedText(value: number, digits: number): string {
  const text = value.toFixed(digits);
  if (Number(text) === 0) return (0).toFixed(digits);
  return value > 0 ? `+${text}` : text;
}

function pathOf(before: StandingPostureResult, after: StandingPostureResult): PosturePath {
  const change = comparePostures(before, after, { joints: 5, tissues: 8 });
  const joints = change.joints.map((entry) => ({
    coordinate: entry.coordinate,
    beforeDeg: radiansToDegrees(entry.before),
    afterDeg: radiansToDegrees(entry.after),
    changeDeg: radiansToDegrees(entry.change),
  }));
  const tissues = change.tissues.map((entry) => ({ tissue: entry.tissue, beforeN: entry.beforeN, afterN: entry.afterN, changeN: entry.changeN }));
  const shift = (name: string) => change.pelvisTranslation.find((entry) => entry.coordinate === name)?.change ?? 0;
  const pelvisShiftM = { x: shift('pelvis_tx'), y: shift('pelvis_ty'), z: shift('pelvis_tz') };
  const jointText =
    joints.length === 0 ? 'no joint angle changed' : joints.map((j) => `${j.coordinate} ${signedText(j.changeDeg, 2)} deg`).join(', ');
  const tissueText =
    tissues.length === 0 ? 'no tissue force changed' : tissues.map((t) => `${t.tissue} ${signedText(t.changeN, 1)} N`).join(', ');
  const text =
    `The posture changed at ${jointText}; the pelvis moved ${signedText(pelvisShiftM.x * 1000, 1)} mm forward and ` +
    `${signedText(pelvisShiftM.z * 1000, 1)} mm to the right. The tissues that took up the change: ${tissueText}. ` +
    `L5/S1 compression ${signedText(change.lumbosacralCompressionChangeN, 1)} N.`;
  return { joints, tissues, pelvisShiftM, effortChange: change.effortChange, text };
}

/** Throws DID_NOT_CONVERGE for a posture whose final equilibrium failed or whose loads are not finite. */
function requireUsable(loads: PostureLoads, what: string): void {
  if (loads.status === 'failed') {
    throw new KinechainError(
      'DID_NOT_CONVERGE',
      `the standing posture solve of ${what} failed (no muscle, floor and reserve forces hold it); its loads would mean nothing`,
      { status: loads.status },
    );
  }
  requireFiniteLoads(loads, what);
}

/** Throws DID_NOT_CONVERGE when a solve left a main load undefined. */
function requireFiniteLoads(loads: PostureLoads, what: string): void {
  const values = [
    ...SCALAR_FIELDS.map(([, field]) => loads[field]),
    ...SIDED_FIELDS.flatMap(([, field]) => [loads[field].r, loads[field].l]),
  ];
  if (values.every((value) => Number.isFinite(value))) return;
  throw new KinechainError(
    'DID_NOT_CONVERGE',
    `the standing posture solve of ${what} ended "${loads.status}" without finite loads; try a milder severity`,
    { status: loads.status },
  );
}

/** Options of every standing posture solve here: a cold start from the reference pose (see the file comment). */
const SOLVE_OPTIONS = Object.freeze({ coldStart: true });
const SOLVE_OPTIONS_KEY = JSON.stringify(SOLVE_OPTIONS);

/** Subjects whose baseline is kept (each keeps a solver workspace too). */
const BASELINE_CACHE_SIZE = 4;

interface BaselineEntry {
  /** What fixes the baseline: the body spec (by identity: specs are immutable), the limits and the solve options. */
  readonly spec: Scenario['spec'];
  readonly limits: string;
  readonly options: string;
  readonly baseline: StandingPostureResult;
  /** The workspace, reused by the next request of this subject (its model may have been moved to an impaired body since). */
  solver: StandingPostureSolver;
}

/** Kept baselines, least recently used first. */
const baselineEntries: BaselineEntry[] = [];
let baselineSolveCount = 0;

/**
 * The cache entry of `base`'s baseline, solved now when there is none. An entry is found
 * only when the spec object, the limits and the solve options all match, so it is the
 * baseline a cold solve of `base` gives.
 */
function baselineEntry(base: Scenario): BaselineEntry {
  const limits = limitsKey(base);
  const index = baselineEntries.findIndex((entry) => entry.spec === base.spec && entry.limits === limits && entry.options === SOLVE_OPTIONS_KEY);
  if (index >= 0) {
    const [entry] = baselineEntries.splice(index, 1);
    baselineEntries.push(entry);
    return entry;
  }
  const solver = makeStandingPostureSolver(compileCached(base.spec));
  const baseline = solveStandingPosture(solver, base, SOLVE_OPTIONS);
  baselineSolveCount++;
  const entry: BaselineEntry = { spec: base.spec, limits, options: SOLVE_OPTIONS_KEY, baseline, solver };
  if (baselineEntries.length >= BASELINE_CACHE_SIZE) baselineEntries.shift();
  baselineEntries.push(entry);
  return entry;
}

/** Forgets every kept baseline (the next request of each subject solves it again). */
export function clearPostureBaselineCache(): void {
  baselineEntries.length = 0;
}

/** Baselines kept now, and baseline solves since the module was loaded (a cache miss solves one). */
export function postureBaselineCacheStats(): { readonly entries: number; readonly baselineSolves: number } {
  return { entries: baselineEntries.length, baselineSolves: baselineSolveCount };
}

/**
 * Standing posture solves that depend on their scenario only: every solve starts from the
 * reference pose (a cold start), the baseline's included, so two results differ only
 * because their scenarios do; mechanically identical scenarios are solved once.
 */
class PostureEvaluator {
  private readonly entry: BaselineEntry;
  private readonly base: Scenario;
  private readonly cache = new Map<string, StandingPostureResult>();
  readonly baseline: StandingPostureResult;
  /** Distinct scenarios of this request, the baseline's included (kept or solved now). */
  solves = 1;

  constructor(base: Scenario) {
    this.base = base;
    this.entry = baselineEntry(base);
    this.baseline = this.entry.baseline;
  }

  /**
   * Modifiers are pure, so a scenario built on the evaluator's base is fixed by the list of
   * modifiers applied to it with their parameter values: samples that drew the same values
   * (a modifier without uncertain parameters) share one solve.
   */
  private key(scenario: Scenario): string {
    return JSON.stringify(scenario.applied);
  }

  solve(scenario: Scenario): StandingPostureResult {
    if (sameMechanics(scenario, this.base)) return this.baseline;
    const key = this.key(scenario);
    const cached = this.cache.get(key);
    if (cached !== undefined) return cached;
    const model: Model = compileCached(scenario.spec);
    this.entry.solver = useModel(this.entry.solver, model);
    const result = solveStandingPosture(this.entry.solver, scenario, SOLVE_OPTIONS);
    this.solves++;
    this.cache.set(key, result);
    return result;
  }
}

/** The standing posture use-case (see the file comment). */
export function postureAnalysis(request: PostureRequest = {}): PostureAnalysis {
  const choices = parseModifierChoices(request.impairments, 'impairment');
  const nominalOnly = request.nominalOnly === true;
  if (nominalOnly && request.samples !== undefined && request.samples !== 0) {
    throw new KinechainError(
      'MALFORMED_INPUT',
      `a nominal-only posture request takes no samples (got ${String(request.samples)}); leave nominalOnly out to get intervals over samples`,
      { samples: request.samples },
    );
  }
  const { samples, seed } = nominalOnly ? { samples: 0, seed: checkSampling(undefined, request.seed).seed } : checkSampling(request.samples, request.seed);
  const base = subjectScenario(request.subject);
  const requests: ModifierRequest[] = modifierRequests(choices);
  const total = 1 + (requests.length > 0 ? 1 + samples : 0);
  let done = 0;
  const tick = (): void => request.onProgress?.(++done, total);

  const evaluator = new PostureEvaluator(base);
  tick();
  const baseline = loadsOf(evaluator.baseline);
  requireUsable(baseline, 'the unimpaired posture');
  const subject = base.spec.subject ? { heightM: base.spec.subject.heightM, massKg: base.spec.subject.massKg, sex: base.spec.subject.sex } : null;
  const common = {
    subject,
    bodyWeightN: evaluator.baseline.bodyWeightN,
    impairments: choices.map(summarizeChoice),
    baseline,
    notes: NOTES,
  };
  if (requests.length === 0) {
    return { ...common, equilibriumResidual: baseline.equilibriumResidual };
  }

  const nominalResult = evaluator.solve(applyModifiers(base, requests));
  tick();
  const impaired = loadsOf(nominalResult);
  requireUsable(impaired, 'the impaired posture (nominal parameters)');
  if (nominalOnly) {
    return {
      ...common,
      nominal: { impaired, change: loadChangeOf(impaired, baseline) },
      path: pathOf(evaluator.baseline, nominalResult),
      uncertainty: { samples: 0, seed, level: LEVEL, solves: evaluator.solves, unconvergedSamples: 0, failedSamples: 0 },
      equilibriumResidual: Math.max(baseline.equilibriumResidual, impaired.equilibriumResidual),
    };
  }
  const sampled: PostureLoads[] = [];
  let unconvergedSamples = 0;
  let failedSamples = 0;
  for (const scenario of sampleScenarios(base, requests, samples, seed)) {
    const loads = loadsOf(evaluator.solve(scenario));
    tick();
    // A failed equilibrium has no loads to speak of: it is left out of the intervals and counted.
    if (loads.status === 'failed') {
      failedSamples++;
      continue;
    }
    if (loads.status !== 'converged') unconvergedSamples++;
    requireFiniteLoads(loads, 'a sampled posture');
    sampled.push(loads);
  }
  if (sampled.length === 0) {
    throw new KinechainError(
      'DID_NOT_CONVERGE',
      `the standing posture solve failed for all ${samples} samples of the impairments; try a milder severity`,
      { samples },
    );
  }
  return {
    ...common,
    impaired: { ...impaired, ...intervalsOf(sampled) },
    change: changeOf(impaired, baseline, sampled),
    path: pathOf(evaluator.baseline, nominalResult),
    uncertainty: { samples, seed, level: LEVEL, solves: evaluator.solves, unconvergedSamples, failedSamples },
    equilibriumResidual: Math.max(baseline.equilibriumResidual, impaired.equilibriumResidual, ...sampled.map((loads) => loads.equilibriumResidual)),
  };
}
