/**
 * toeTouchAnalysis({ impairments, interventions, seated, samples, seed }): how far the
 * fingertips reach in a standing toe-touch (analyses/toe-touch.ts) or, seated, in a
 * sit-and-reach (analyses/sit-and-reach.ts), which tissue stops the reach, the superficial
 * back line's tension station by station — before and after an intervention, with the
 * change split into the intervention's effect and the repeat-test gain.
 *
 * Reach convention: `reachCm`, more is further. Standing it is minus the
 * fingertip-to-floor distance (cm past the floor line, as regional-outputs.ts REACH_OUTPUT);
 * seated it is the reach past the soles. Every change is a change of reachCm: positive =
 * the fingertips get further.
 *
 * Uncertainty: the uncertain parameters of every applied modifier are sampled
 * (analyses/uncertainty.ts). With an intervention the comparison is paired: each sample
 * draws the impairments' parameters once, for "before" and "after" alike
 * (compareWithUncertainty with the impairments as baseModifiers).
 *
 * Repeat test: the model has no memory, so its before/after difference is the
 * intervention's effect alone. A person re-tested also gains from repeating the test
 * (Grabow et al. 2017: +6.6% of the first sit-and-reach score, SIT_AND_REACH_REPEAT_GAIN).
 * `change` is what a re-test would show (effect + repetition, analyses/repeat-test.ts
 * expectedObservedChange), `repeatTestCm` the repetition part and `interventionEffectCm`
 * the effect net of it. The percentage applies to a sit-and-reach box score: the score is
 * the model's seated reach of the "before" body read on the Canadian (CSEP) box (feet at
 * the 26 cm mark, library/flexibility-norms.ts), for the standing test too (an
 * assumption: both tests measure how far the fingertips travel, and only the sit-and-reach
 * repeat gain is published).
 *
 * Speed: one solver is compiled for the unimpaired body; a scenario that differs from it
 * only in tissue-law numbers and tolerances (most modifiers) is written into that solver's
 * parameter view (analyses/interdependence.ts writeLawEdits) instead of being compiled,
 * which the interdependence tests check equals compiling. Other scenarios (e.g. a shorter
 * leg) get a solver of their own. Identical scenarios are solved once.
 */
import { KinechainError } from '../core/errors.js';
import { writeLawEdits } from '../analyses/interdependence.js';
import { expectedObservedChange } from '../analyses/repeat-test.js';
import { SitAndReachSolver, type SitAndReachResult } from '../analyses/sit-and-reach.js';
import type { BackLineStation, TissueTensionReport } from '../analyses/stretch-test-solver.js';
import { ToeTouchSolver, type LimitingTissue, type ToeTouchResult } from '../analyses/toe-touch.js';
import {
  applyModifiers,
  compareWithUncertainty,
  interval,
  sampleScenarios,
  type IntervalSummary,
  type ModifierRequest,
} from '../analyses/uncertainty.js';
import { SIT_AND_REACH_BOX_FOOT_MARK_CM } from '../library/flexibility-norms.js';
import { SIT_AND_REACH_REPEAT_GAIN } from '../library/repeat-test-effect.js';
import type { Scenario } from '../library/scenario.js';
import type { SubjectInput } from './default-model.js';
import {
  checkSampling,
  modifierRequests,
  parseModifierChoices,
  sameMechanics,
  subjectScenario,
  summarizeChoice,
  type AppliedModifierSummary,
} from './modifiers.js';

export type ReachTest = 'toe-touch' | 'sit-and-reach';

/** Mean and percentile interval (cm) of sampled values, and the value at the nominal parameters. */
export interface ReachSummary {
  readonly nominal: number;
  readonly mean: number;
  readonly low: number;
  readonly high: number;
}

/** One reach test, solved at the nominal parameters. */
export interface ReachState {
  /** Standing only: signed height of the fingertip above the floor (cm; negative = below, past the soles). */
  readonly fingertipToFloorCm?: number;
  /** The test's score, more = further (cm; see the file comment). */
  readonly reachCm: number;
  /** Seated only: the same read on the Canadian (CSEP) box, feet at the 26 cm mark. */
  readonly boxReadingCm?: number;
  /** What ended the reach: a tissue at its tolerance, one already past it at the start, or the end of the joint ranges. */
  readonly endedBy: 'tissue' | 'start' | 'range';
  readonly limitingTissue: LimitingTissue | null;
  /** The superficial back line at the end of the reach, station by station from the foot up, each side. */
  readonly lineTensions: { readonly r: readonly BackLineStation[]; readonly l: readonly BackLineStation[] };
  /** The most loaded tissues at the end of the reach (tension / tolerated tension), largest first. */
  readonly tissues: readonly TissueTensionReport[];
  /** Joint angles at the end of the reach (deg). */
  readonly bend: Readonly<Record<string, number>>;
}

export interface BeforeState extends ReachState {
  /** With impairments: reach over the sampled impairment parameters (cm). */
  readonly reachIntervalCm?: readonly [number, number];
  /** With impairments: reach of the unimpaired body, and the change the impairments make (cm, negative = less reach). */
  readonly unimpairedReachCm?: number;
  readonly impairmentEffectCm?: ReachSummary;
}

export interface ReachChange {
  /** The change a re-test would show: the intervention's effect plus the repeat-test gain (cm). */
  readonly meanCm: number;
  readonly lowCm: number;
  readonly highCm: number;
  /** The repeat-test gain alone (cm): SIT_AND_REACH_REPEAT_GAIN x the box score before. */
  readonly repeatTestCm: { readonly mean: number; readonly low: number; readonly high: number };
  /** The intervention's effect net of the repeat test: the model's paired before/after difference (cm). */
  readonly interventionEffectCm: ReachSummary;
  /** The box score the repeat gain is a percentage of (cm on the Canadian box). */
  readonly repeatTestBaseScoreCm: number;
}

export interface ToeTouchAnalysis {
  readonly test: ReachTest;
  /** What reachCm measures, in words. */
  readonly measure: string;
  readonly subject: { readonly heightM: number; readonly massKg: number; readonly sex: string } | null;
  readonly impairments: readonly AppliedModifierSummary[];
  readonly interventions: readonly AppliedModifierSummary[];
  readonly before: BeforeState;
  /** Only with an intervention. */
  readonly after?: ReachState;
  readonly change?: ReachChange;
  /** Only when something was sampled. */
  readonly uncertainty?: { readonly samples: number; readonly seed: number; readonly level: number; readonly solves: number };
  readonly notes: readonly string[];
}

export interface ToeTouchRequest {
  readonly subject?: SubjectInput;
  /** `NAME[:SIDE][=SEVERITY]` (app/modifiers.ts). */
  readonly impairments?: readonly string[];
  readonly interventions?: readonly string[];
  /** The seated sit-and-reach instead of the standing toe-touch. */
  readonly seated?: boolean;
  readonly samples?: number;
  readonly seed?: number;
  readonly onProgress?: (done: number, total: number) => void;
}

const LEVEL = 0.95;
/** The box the repeat-test percentage is read on (see the file comment). */
const REPEAT_TEST_BOX_MARK_CM = SIT_AND_REACH_BOX_FOOT_MARK_CM.canadian.value;
/** Tissues listed in a report. */
const TISSUES_SHOWN = 8;

const MEASURE: Record<ReachTest, string> = {
  'toe-touch':
    'standing toe-touch, knees straight: reachCm = how far the fingertips get below the floor line (cm), i.e. minus the ' +
    'fingertip-to-floor distance; negative = the fingertips stay above the floor',
  'sit-and-reach': 'seated sit-and-reach, legs straight, feet against the box: reachCm = how far the fingertips get past the soles (cm)',
};

function notesFor(test: ReachTest, interventions: readonly string[]): string[] {
  const notes = [
    `The reach is a model prediction: the ${test === 'toe-touch' ? 'forward bend' : 'seated reach'} ends where the first tissue ` +
      'reaches the tension it tolerates; tolerances are calibrated on the unimpaired body at normative end ranges, and the ' +
      'junction anchorage of the myofascial lines is an assumption with a wide range.',
    'Intervals: 2.5-97.5 percentiles over the sampled uncertain parameters of the applied impairments and interventions ' +
      '(triangular on each published or assumed range, seeded). The unimpaired body is taken at its nominal values.',
  ];
  if (interventions.length === 0) return notes;
  notes.push(
    'Intervention effects enter as documented parameter changes (tone, stiffness, stretch tolerance); the reach change is ' +
      'computed by the mechanics from them, not taken from a trial.',
  );
  if (interventions.includes('plantar-release-ball')) {
    notes.push(
      'Plantar release: the trials bound its remote effect. Burk et al. 2020 pooled SMD 0.23 (95% CI -0.09 to 0.55, about ' +
        '1-3 cm of sit-and-reach); Grabow et al. 2017 found no effect of rolling one foot beyond the repeat-test gain, and in ' +
        'the model one released foot changes little because the other side still stops the bend. The tolerance gain it ' +
        'applies is bounded by those trials (library/interventions.ts).',
    );
  }
  notes.push(
    `Repeat test: re-testing alone raises a sit-and-reach score by ${(SIT_AND_REACH_REPEAT_GAIN.value * 100).toFixed(1)}% ` +
      `(${((SIT_AND_REACH_REPEAT_GAIN.low ?? 0) * 100).toFixed(1)}-${((SIT_AND_REACH_REPEAT_GAIN.high ?? 0) * 100).toFixed(1)}%, ` +
      'Grabow et al. 2017). change = interventionEffectCm + repeatTestCm; the percentage is taken of the seated reach before, ' +
      `read on the Canadian box (feet at ${REPEAT_TEST_BOX_MARK_CM} cm)` +
      (test === 'toe-touch' ? ', also for the standing test (an assumption: only the sit-and-reach repeat gain is published).' : '.'),
  );
  return notes;
}

type ReachSolver = ToeTouchSolver | SitAndReachSolver;

function makeSolver(scenario: Scenario, test: ReachTest): ReachSolver {
  return test === 'toe-touch' ? new ToeTouchSolver(scenario) : new SitAndReachSolver(scenario);
}

function sameRecord(a: Readonly<Record<string, number>>, b: Readonly<Record<string, number>>): boolean {
  const keys = Object.keys(a);
  return keys.length === Object.keys(b).length && keys.every((key) => a[key] === b[key]);
}

/** The reach (more = further, cm) of a solver at its current end point. */
function reachOf(solver: ReachSolver): number {
  return solver instanceof ToeTouchSolver ? -solver.fingertipToFloorM() * 100 : solver.kinematics.reachM() * 100;
}

/**
 * Reach solves on scenarios of one base body (see the file comment): the shared solver is
 * re-pointed at a scenario when its body is a tissue-law edit of the base and its
 * tolerances can be set in place.
 */
class ReachEvaluator {
  readonly test: ReachTest;
  private readonly base: Scenario;
  private readonly shared: ReachSolver;
  private readonly cache = new Map<string, number>();
  solves = 0;

  constructor(base: Scenario, test: ReachTest) {
    this.base = base;
    this.test = test;
    this.shared = makeSolver(base, test);
  }

  /** The shared solver set up for `scenario`, or null when the scenario needs a body of its own. */
  private prepareShared(scenario: Scenario): ReachSolver | null {
    const solver = this.shared;
    if (!sameRecord(scenario.restingActivation, this.base.restingActivation)) return null;
    if (!writeLawEdits(this.base.spec, scenario.spec, solver.compiledModel, solver.parameters)) return null;
    // Tolerances as the solver's constructor sets them: reference x scale, capped by pain-limited forces.
    const model = solver.model;
    const tolerance = solver.toleratedTension;
    tolerance.set(solver.referenceTolerance);
    for (const [name, scale] of Object.entries(scenario.stretchToleranceScale)) {
      const tissue = model.tissueIndex.get(name);
      if (tissue === undefined || !(Number.isFinite(scale) && scale > 0)) return this.release();
      tolerance[tissue] *= scale;
    }
    for (const [name, limit] of Object.entries(scenario.tissueForceLimitN)) {
      const tissue = model.tissueIndex.get(name);
      if (tissue === undefined || !(Number.isFinite(limit) && limit > 0)) return this.release();
      tolerance[tissue] = Math.min(tolerance[tissue], limit);
    }
    // The monitored tissues (finite tolerance) must be the solver's.
    let monitored = 0;
    for (let tissue = 0; tissue < model.ntissue; tissue++) {
      if (!Number.isFinite(tolerance[tissue])) continue;
      if (solver.monitored[monitored] !== tissue) return this.release();
      monitored++;
    }
    if (monitored !== solver.monitored.length) return this.release();
    return solver;
  }

  /** Restores the shared solver to the base body; returns null (no shared solve). */
  private release(): null {
    this.shared.resetParameters();
    this.shared.resetTolerances();
    return null;
  }

  private solverFor(scenario: Scenario): ReachSolver {
    const shared = this.prepareShared(scenario);
    if (shared !== null) return shared;
    // Invalid limits and the like are reported by the solver's own checks here.
    return makeSolver(scenario, this.test);
  }

  /**
   * The reach of `scenario` (cm, more = further). Scenarios built on the base are fixed by
   * the modifiers applied with their parameter values, so those key the cache.
   */
  reach(scenario: Scenario): number {
    const key = sameMechanics(scenario, this.base) ? '[]' : JSON.stringify(scenario.applied);
    const cached = this.cache.get(key);
    if (cached !== undefined) return cached;
    const solver = this.solverFor(scenario);
    solver.solveEndPoint();
    this.solves++;
    const value = reachOf(solver);
    this.cache.set(key, value);
    return value;
  }

  /** The full report of `scenario` at its end point. */
  state(scenario: Scenario): ReachState {
    const solver = this.solverFor(sameMechanics(scenario, this.base) ? this.base : scenario);
    const result = solver.solve();
    this.solves++;
    return stateOf(result);
  }
}

function isToeTouch(result: ToeTouchResult | SitAndReachResult): result is ToeTouchResult {
  return 'fingertipToFloorCm' in result;
}

function stateOf(result: ToeTouchResult | SitAndReachResult): ReachState {
  const common = {
    endedBy: result.endedBy,
    limitingTissue: result.limitingTissue,
    lineTensions: result.superficialBackLine,
    tissues: result.tissues.slice(0, TISSUES_SHOWN),
    bend: { ...result.bend },
  };
  if (isToeTouch(result)) return { fingertipToFloorCm: result.fingertipToFloorCm, reachCm: -result.fingertipToFloorCm, ...common };
  return { reachCm: result.reachCm, boxReadingCm: result.reachCm + REPEAT_TEST_BOX_MARK_CM, ...common };
}

function summary(nominal: number, values: IntervalSummary): ReachSummary {
  return { nominal, mean: values.mean, low: values.low, high: values.high };
}

/** The toe-touch (or sit-and-reach) use-case (see the file comment). */
export function toeTouchAnalysis(request: ToeTouchRequest = {}): ToeTouchAnalysis {
  const impairmentChoices = parseModifierChoices(request.impairments, 'impairment');
  const interventionChoices = parseModifierChoices(request.interventions, 'intervention');
  const { samples, seed } = checkSampling(request.samples, request.seed);
  const test: ReachTest = request.seated === true ? 'sit-and-reach' : 'toe-touch';
  const base = subjectScenario(request.subject);
  const impairments: ModifierRequest[] = modifierRequests(impairmentChoices);
  const interventions: ModifierRequest[] = modifierRequests(interventionChoices);
  const sampled = impairments.length > 0 || interventions.length > 0;
  const withIntervention = interventions.length > 0;

  // Progress: set-up and nominal solves, then one step per sample.
  const fixedSteps = 2 + (withIntervention ? 2 : 0) + (impairments.length > 0 ? 1 : 0);
  const total = fixedSteps + (sampled ? samples : 0);
  let done = 0;
  const tick = (): void => request.onProgress?.(++done, total);

  const evaluator = new ReachEvaluator(base, test);
  tick();
  const beforeScenario = applyModifiers(base, impairments);
  const beforeState = evaluator.state(beforeScenario);
  tick();
  const nominalBefore = evaluator.reach(beforeScenario);

  let unimpairedReach: number | undefined;
  if (impairments.length > 0) {
    unimpairedReach = evaluator.reach(base);
    tick();
  }

  let beforeSamples: readonly number[] = [];
  let after: ReachState | undefined;
  let change: ReachChange | undefined;
  if (withIntervention) {
    const comparison = compareWithUncertainty(base, interventions, (scenario) => evaluator.reach(scenario), {
      samples,
      seed,
      level: LEVEL,
      baseModifiers: impairments,
      onProgress: () => tick(),
    });
    beforeSamples = comparison.before;
    const afterScenario = applyModifiers(beforeScenario, interventions);
    after = evaluator.state(afterScenario);
    tick();
    // The score the repeat gain is a percentage of: the seated reach before, on the box.
    const seatedBefore = test === 'sit-and-reach' ? beforeState.reachCm : reachOf(solveSeated(beforeScenario));
    tick();
    const repeatTestBaseScoreCm = seatedBefore + REPEAT_TEST_BOX_MARK_CM;
    const observed = expectedObservedChange(repeatTestBaseScoreCm, comparison.difference, { seed, level: LEVEL });
    const effect = summary(comparison.nominal.difference, comparison.differenceSummary);
    change = {
      meanCm: observed.observedChange.mean,
      lowCm: observed.observedChange.low,
      highCm: observed.observedChange.high,
      repeatTestCm: { mean: observed.repeatChange.mean, low: observed.repeatChange.low, high: observed.repeatChange.high },
      interventionEffectCm: effect,
      repeatTestBaseScoreCm,
    };
  } else if (impairments.length > 0) {
    beforeSamples = sampleScenarios(base, impairments, samples, seed).map((scenario) => {
      const value = evaluator.reach(scenario);
      tick();
      return value;
    });
  }

  let before: BeforeState = beforeState;
  if (impairments.length > 0 && unimpairedReach !== undefined) {
    const reachSummary = interval(beforeSamples, LEVEL);
    const effects = interval(
      beforeSamples.map((value) => value - (unimpairedReach as number)),
      LEVEL,
    );
    before = {
      ...beforeState,
      reachIntervalCm: [reachSummary.low, reachSummary.high],
      unimpairedReachCm: unimpairedReach,
      impairmentEffectCm: summary(nominalBefore - unimpairedReach, effects),
    };
  }
  const subjectSpec = base.spec.subject;
  return {
    test,
    measure: MEASURE[test],
    subject: subjectSpec ? { heightM: subjectSpec.heightM, massKg: subjectSpec.massKg, sex: subjectSpec.sex } : null,
    impairments: impairmentChoices.map(summarizeChoice),
    interventions: interventionChoices.map(summarizeChoice),
    before,
    ...(after ? { after } : {}),
    ...(change ? { change } : {}),
    ...(sampled ? { uncertainty: { samples, seed, level: LEVEL, solves: evaluator.solves } } : {}),
    notes: notesFor(test, interventionChoices.map((choice) => choice.name)),
  };
}

/** One seated sit-and-reach solve of a scenario (the repeat-test base score of a standing test). */
function solveSeated(scenario: Scenario): SitAndReachSolver {
  const solver = new SitAndReachSolver(scenario);
  solver.solveEndPoint();
  if (!Number.isFinite(solver.kinematics.reachM())) {
    throw new KinechainError('DID_NOT_CONVERGE', 'the seated reach that sets the repeat-test score did not give a finite reach');
  }
  return solver;
}
