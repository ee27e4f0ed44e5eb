/**
 * stanceAnalysis({ footwear, impairments, subject }): the stance phase of walking (heel
 * strike to toe-off of the right foot, analyses/stance-phase.ts) on one sole design, with
 * every number in the units a user reads: pressures in kPa, forces in body weights (BW),
 * joint moments in N m per kg of body mass, angles in degrees, timings in % of stance.
 *
 * The request is plain JSON (a server or a browser worker sends the same object): the
 * footwear is a catalogue name (library/footwear.ts) or a sole design object
 * (spec/footwear-schema.ts); files are read by the front end, never here.
 *
 * Impairments act on the person, not the sole. Those that change the body (a tight
 * plantar fascia: shorter and stiffer) change the stance mechanics and are applied at
 * their nominal parameters. Those that change only what the person tolerates (a painful
 * heel, a sore tendon, a spared foot) leave this stance phase as it is, because it follows
 * the reference walk rather than choosing a gait; they are reported, and a footwear
 * comparison uses them to pick the measures that matter.
 *
 * The stance phase is the right foot's, so a left-side impairment is refused.
 */
import { KinechainError } from '../core/errors.js';
import { didYouMean } from '../core/math/edit-distance.js';
import type { Model } from '../core/model/model.js';
import {
  analyzeStancePhase,
  STANCE_PRESSURE_REGIONS,
  type StancePhaseResult,
  type StancePressureRegion,
} from '../analyses/stance-phase.js';
import { applyModifiers } from '../analyses/uncertainty.js';
import { FOOTWEAR_CATALOGUE, FOOTWEAR_NAMES } from '../library/footwear.js';
import { compileCached } from '../library/spec-edits.js';
import { parseFootwear, type Footwear } from '../spec/footwear-schema.js';
import { resolveSubject, type Subject, type SubjectInput } from './default-model.js';
import {
  modifierRequests,
  parseModifierChoice,
  subjectScenario,
  summarizeChoice,
  type AppliedModifierSummary,
  type ModifierChoice,
  type ModifierSide,
} from './modifiers.js';

export { STANCE_PRESSURE_REGIONS, type StancePressureRegion };

/** An impairment as a JSON object; a string `NAME[:SIDE][=SEVERITY]` is accepted too. */
export interface ImpairmentRequest {
  readonly name: string;
  /** In the impairment's own unit (modifierSummaries()); default: its default severity. */
  readonly severity?: number;
  /** r (default) or both: the stance phase is the right foot's. */
  readonly side?: ModifierSide;
}

/** A catalogue name, or a sole design (a footwear document, spec/footwear-schema.ts). */
export type FootwearChoice = string | Readonly<Record<string, unknown>>;

export interface StanceRequest {
  readonly footwear: FootwearChoice;
  readonly impairments?: readonly (string | ImpairmentRequest)[];
  readonly subject?: SubjectInput;
  /** Instants from heel strike to toe-off (default 100, at least 20, at most 400). */
  readonly instants?: number;
}

/** The design analysed. */
export interface FootwearInfo {
  readonly name: string;
  readonly description: string;
  readonly source: string;
  /** True for a catalogue design named in the request, false for a design given as an object. */
  readonly fromCatalogue: boolean;
}

/** Peaks over stance and when they occur (% of stance). */
export interface StanceSummary {
  readonly peakPressureKPa: Readonly<Record<StancePressureRegion, number>>;
  readonly peakPressureTimingPercent: Readonly<Record<StancePressureRegion, number>>;
  readonly plantarFasciaPeakForceBW: number;
  readonly plantarFasciaPeakForceTimingPercent: number;
  /** Peak strain of the plantar fascia (path length / slack length - 1; dimensionless). */
  readonly plantarFasciaPeakStrain: number;
  readonly mtp1PeakDorsiflexionDeg: number;
  readonly mtp1PeakDorsiflexionTimingPercent: number;
  /** Peak MTP dorsiflexion while the foot carries at least half the body weight. */
  readonly mtp1PeakLoadedDorsiflexionDeg: number;
  /** Upper estimate: the whole plantarflexor moment over the Achilles moment arm. */
  readonly achillesPeakForceBW: number;
  readonly achillesPeakForceTimingPercent: number;
  readonly l5s1PeakCompressionBW: number;
  readonly l5s1PeakCompressionTimingPercent: number;
  /** Peak net moments: plantarflexor, knee extensor, hip extensor (N m per kg of body mass). */
  readonly ankleMomentPeakNmPerKg: number;
  readonly ankleMomentPeakTimingPercent: number;
  readonly kneeMomentPeakNmPerKg: number;
  readonly kneeMomentPeakTimingPercent: number;
  readonly hipMomentPeakNmPerKg: number;
  readonly hipMomentPeakTimingPercent: number;
  /** Lowest height of the navicular tuberosity above the floor (mm): how far the arch dropped. */
  readonly navicularMinimumHeightMm: number;
  /** Largest |contact vertical force - trial vertical force| (N): the contact solve's residual. */
  readonly maxVerticalForceResidualN: number;
}

/** Per-instant series, each with one entry per instant. */
export interface StanceTimeSeries {
  readonly stancePercent: readonly number[];
  readonly timeS: readonly number[];
  readonly verticalForceBW: readonly number[];
  /** Centre of pressure reached, horizontal distance ahead of the back of the heel (% of foot length). */
  readonly centerOfPressurePercentFootLength: readonly number[];
  readonly peakPressureKPa: Readonly<Record<StancePressureRegion, readonly number[]>>;
  readonly plantarFasciaForceBW: readonly number[];
  readonly plantarFasciaStrain: readonly number[];
  readonly mtp1DorsiflexionDeg: readonly number[];
  readonly midtarsalAngleDeg: readonly number[];
  readonly solePitchDeg: readonly number[];
  readonly navicularHeightMm: readonly number[];
  readonly achillesForceBW: readonly number[];
  readonly ankleMomentNmPerKg: readonly number[];
  readonly kneeMomentNmPerKg: readonly number[];
  readonly hipMomentNmPerKg: readonly number[];
  readonly l5s1MomentNmPerKg: readonly number[];
  readonly l5s1CompressionBW: readonly number[];
}

export interface StanceAnalysis {
  readonly footwear: FootwearInfo;
  readonly subject: Subject;
  readonly bodyWeightN: number;
  readonly impairments: readonly AppliedModifierSummary[];
  /** The impairments that changed the body, hence the stance mechanics (the others are reported only). */
  readonly mechanicalImpairments: readonly string[];
  readonly trialSource: string;
  readonly instants: number;
  readonly summary: StanceSummary;
  readonly timeSeries: StanceTimeSeries;
  readonly notes: readonly string[];
}

export const DEFAULT_STANCE_INSTANTS = 100;
const MIN_INSTANTS = 20;
const MAX_INSTANTS = 400;

export const STANCE_NOTES: readonly string[] = [
  'The stance phase follows a reference walk (OpenSim Gait10dof18musc, subject01) on every sole: the joint angles and ground ' +
    'reaction forces are the trial\'s, unchanged; the sole changes the plantar pressures, the rollover, the toe and arch ' +
    'angles and the loads that follow from them, not the gait a wearer would choose.',
  'The plantar fascia force is the arch\'s tie-rod force with no help from the plantar ligaments and foot muscles, and the ' +
    'Achilles force carries the whole plantarflexor moment: both are upper estimates.',
  'Every number is a model prediction for a generic foot; where a sole dimension or material is an assumption (its source says ' +
    'so), read the differences between designs as what the mechanics make of that assumption.',
];

// ---------------------------------------------------------------------------------
// Request parsing
// ---------------------------------------------------------------------------------

/** The catalogue design named `name`, or UNKNOWN_NAME with the closest names. */
function catalogueDesign(name: string): Footwear {
  if (Object.prototype.hasOwnProperty.call(FOOTWEAR_CATALOGUE, name)) return FOOTWEAR_CATALOGUE[name as keyof typeof FOOTWEAR_CATALOGUE];
  throw new KinechainError(
    'UNKNOWN_NAME',
    `unknown footwear "${name}"${didYouMean(name, FOOTWEAR_NAMES)}; the catalogue has ${FOOTWEAR_NAMES.join(', ')}, ` +
      'or give a sole design (a footwear document, e.g. a JSON file)',
    { name },
  );
}

/** A request's footwear: the validated design and whether it came from the catalogue. */
export function resolveFootwearChoice(choice: unknown, what = 'footwear'): { readonly design: Footwear; readonly fromCatalogue: boolean } {
  if (typeof choice === 'string') {
    const name = choice.trim();
    if (name === '') {
      throw new KinechainError('MALFORMED_INPUT', `${what} is empty; give a catalogue name (${FOOTWEAR_NAMES.join(', ')}) or a sole design`);
    }
    return { design: catalogueDesign(name), fromCatalogue: true };
  }
  if (choice === null || typeof choice !== 'object' || Array.isArray(choice)) {
    const kind = choice === null ? 'null' : Array.isArray(choice) ? 'an array' : typeof choice;
    throw new KinechainError(
      'MALFORMED_INPUT',
      `${what} must be a catalogue name (${FOOTWEAR_NAMES.join(', ')}) or a sole design object ({ "name": ..., "layers": [...] }), not ${kind}`,
      { what },
    );
  }
  return { design: parseFootwear(choice, what), fromCatalogue: false };
}

/** One impairment of a request (a string or an object) as a parsed choice. */
function impairmentChoice(entry: unknown, index: number): ModifierChoice {
  let text: string;
  if (typeof entry === 'string') text = entry;
  else if (entry !== null && typeof entry === 'object' && !Array.isArray(entry)) {
    const { name, severity, side, ...rest } = entry as Record<string, unknown>;
    const extra = Object.keys(rest);
    if (extra.length > 0) {
      throw new KinechainError('MALFORMED_INPUT', `impairment ${index + 1} has unknown field(s) ${extra.map((key) => `"${key}"`).join(', ')}; give { name, severity?, side? }`);
    }
    if (typeof name !== 'string') {
      throw new KinechainError('MALFORMED_INPUT', `impairment ${index + 1} needs a "name" (a string, e.g. "painful-heel")`);
    }
    if (severity !== undefined && (typeof severity !== 'number' || !Number.isFinite(severity))) {
      throw new KinechainError('MALFORMED_INPUT', `severity of impairment "${name}" must be a finite number, got ${JSON.stringify(severity) ?? String(severity)}`, { name });
    }
    if (side !== undefined && typeof side !== 'string') {
      throw new KinechainError('MALFORMED_INPUT', `side of impairment "${name}" must be "r" or "both", got ${JSON.stringify(side)}`, { name });
    }
    text = `${name}${side !== undefined ? `:${side}` : ''}${severity !== undefined ? `=${severity}` : ''}`;
  } else {
    throw new KinechainError('MALFORMED_INPUT', `impairment ${index + 1} must be a string NAME[:SIDE][=SEVERITY] or an object { name, severity?, side? }`);
  }
  const choice = parseModifierChoice(text, 'impairment');
  if (choice.side === 'l') {
    throw new KinechainError(
      'MALFORMED_INPUT',
      `impairment "${choice.name}" is on the left side, but the stance phase is the right foot's; give side r or both`,
      { name: choice.name },
    );
  }
  return choice;
}

function checkInstants(instants: number | undefined): number {
  const count = instants ?? DEFAULT_STANCE_INSTANTS;
  if (typeof count !== 'number' || !Number.isInteger(count) || count < MIN_INSTANTS || count > MAX_INSTANTS) {
    throw new KinechainError(
      'OUT_OF_RANGE',
      `instants must be a whole number from ${MIN_INSTANTS} to ${MAX_INSTANTS}, got ${String(count)}; ${DEFAULT_STANCE_INSTANTS} resolves the stance phase well`,
      { instants: String(count) },
    );
  }
  return count;
}

/** The person of a request: subject, impairments, the compiled body and which impairments changed it. */
export interface StancePerson {
  readonly subject: Subject;
  readonly model: Model;
  readonly impairments: readonly AppliedModifierSummary[];
  readonly mechanicalImpairments: readonly string[];
  readonly instants: number;
}

export function resolveStancePerson(request: {
  readonly impairments?: readonly (string | ImpairmentRequest)[];
  readonly subject?: SubjectInput;
  readonly instants?: number;
}): StancePerson {
  const subject = resolveSubject(request.subject ?? {});
  const instants = checkInstants(request.instants);
  const entries: readonly unknown[] = request.impairments ?? [];
  if (!Array.isArray(entries)) throw new KinechainError('MALFORMED_INPUT', 'impairments must be a list');
  const choices = entries.map(impairmentChoice);
  // Applied in order; an impairment is mechanical when its step changed the body spec (specs are immutable).
  let scenario = subjectScenario(subject);
  const mechanical: string[] = [];
  for (const choice of choices) {
    const next = applyModifiers(scenario, modifierRequests([choice]));
    if (next.spec !== scenario.spec) mechanical.push(choice.name);
    scenario = next;
  }
  return {
    subject,
    model: compileCached(scenario.spec),
    impairments: choices.map(summarizeChoice),
    mechanicalImpairments: mechanical,
    instants,
  };
}

// ---------------------------------------------------------------------------------
// Running, with results remembered per body, design and instants
// ---------------------------------------------------------------------------------

const RESULTS_PER_MODEL = 16;
const results = new WeakMap<Model, Map<string, StancePhaseResult>>();

/**
 * The stance phase of `design` on `model`. The same body, design (by content) and
 * instants give the same result object, so a design compared with itself, or analysed
 * again, is solved once.
 */
export function runStancePhase(model: Model, design: Footwear, instants: number): StancePhaseResult {
  let byDesign = results.get(model);
  if (byDesign === undefined) {
    byDesign = new Map();
    results.set(model, byDesign);
  }
  const key = `${instants}|${JSON.stringify(design)}`;
  let result = byDesign.get(key);
  if (result === undefined) {
    result = analyzeStancePhase(model, { footwear: design, instants });
    if (byDesign.size >= RESULTS_PER_MODEL) byDesign.delete(byDesign.keys().next().value as string);
    byDesign.set(key, result);
  } else {
    // Most recently used last.
    byDesign.delete(key);
    byDesign.set(key, result);
  }
  return result;
}

// ---------------------------------------------------------------------------------
// Units at the edges
// ---------------------------------------------------------------------------------

function scaled(values: ArrayLike<number>, factor: number): number[] {
  return Array.from(values, (value) => value * factor);
}

function percent(fraction: number): number {
  return 100 * fraction;
}

export function stanceSummary(result: StancePhaseResult, massKg: number): StanceSummary {
  const summary = result.summary;
  const peakPressureKPa = {} as Record<StancePressureRegion, number>;
  const peakPressureTimingPercent = {} as Record<StancePressureRegion, number>;
  for (const region of STANCE_PRESSURE_REGIONS) {
    peakPressureKPa[region] = summary.peakPressureKPa[region];
    peakPressureTimingPercent[region] = percent(summary.peakPressureTiming[region]);
  }
  return {
    peakPressureKPa,
    peakPressureTimingPercent,
    plantarFasciaPeakForceBW: summary.plantarFasciaPeakForceBW,
    plantarFasciaPeakForceTimingPercent: percent(summary.plantarFasciaPeakForceTiming),
    plantarFasciaPeakStrain: summary.plantarFasciaPeakStrain,
    mtp1PeakDorsiflexionDeg: summary.mtp1PeakDorsiflexionDeg,
    mtp1PeakDorsiflexionTimingPercent: percent(summary.mtp1PeakDorsiflexionTiming),
    mtp1PeakLoadedDorsiflexionDeg: summary.mtp1PeakLoadedDorsiflexionDeg,
    achillesPeakForceBW: summary.achillesPeakForceBW,
    achillesPeakForceTimingPercent: percent(summary.achillesPeakForceTiming),
    l5s1PeakCompressionBW: summary.l5s1PeakCompressionBW,
    l5s1PeakCompressionTimingPercent: percent(summary.l5s1PeakCompressionTiming),
    ankleMomentPeakNmPerKg: summary.ankleMomentPeak.value / massKg,
    ankleMomentPeakTimingPercent: percent(summary.ankleMomentPeak.stanceFraction),
    kneeMomentPeakNmPerKg: summary.kneeMomentPeak.value / massKg,
    kneeMomentPeakTimingPercent: percent(summary.kneeMomentPeak.stanceFraction),
    hipMomentPeakNmPerKg: summary.hipMomentPeak.value / massKg,
    hipMomentPeakTimingPercent: percent(summary.hipMomentPeak.stanceFraction),
    navicularMinimumHeightMm: 1000 * summary.navicularMinimumHeightM,
    maxVerticalForceResidualN: summary.maxVerticalForceResidualN,
  };
}

export function stanceTimeSeries(result: StancePhaseResult, massKg: number): StanceTimeSeries {
  const series = result.timeSeries;
  const perWeight = 1 / result.bodyWeightN;
  const perKg = 1 / massKg;
  const peakPressureKPa = {} as Record<StancePressureRegion, number[]>;
  for (const region of STANCE_PRESSURE_REGIONS) peakPressureKPa[region] = Array.from(series.peakPressureKPa[region]);
  return {
    stancePercent: scaled(series.stanceFraction, 100),
    timeS: Array.from(series.time),
    verticalForceBW: scaled(series.verticalForceN, perWeight),
    centerOfPressurePercentFootLength: scaled(series.centerOfPressureFromHeel, 100),
    peakPressureKPa,
    plantarFasciaForceBW: scaled(series.plantarFasciaForceN, perWeight),
    plantarFasciaStrain: Array.from(series.plantarFasciaStrain),
    mtp1DorsiflexionDeg: Array.from(series.mtpDorsiflexionDeg),
    midtarsalAngleDeg: Array.from(series.midtarsalAngleDeg),
    solePitchDeg: Array.from(series.solePitchDeg),
    navicularHeightMm: scaled(series.navicularHeightM, 1000),
    achillesForceBW: scaled(series.achillesForceN, perWeight),
    ankleMomentNmPerKg: scaled(series.anklePlantarflexorMomentNm, perKg),
    kneeMomentNmPerKg: scaled(series.kneeExtensorMomentNm, perKg),
    hipMomentNmPerKg: scaled(series.hipExtensorMomentNm, perKg),
    l5s1MomentNmPerKg: scaled(series.l5s1ExtensorMomentNm, perKg),
    l5s1CompressionBW: scaled(series.l5s1CompressionN, perWeight),
  };
}

export function footwearInfo(design: Footwear, fromCatalogue: boolean): FootwearInfo {
  return { name: design.name, description: design.description, source: design.source, fromCatalogue };
}

/** Notes on impairments that leave the stance mechanics as they are. */
export function impairmentNotes(person: StancePerson): string[] {
  const reportedOnly = person.impairments.filter((impairment) => !person.mechanicalImpairments.includes(impairment.name));
  if (reportedOnly.length === 0) return [];
  const names = reportedOnly.map((impairment) => impairment.name).join(', ');
  return [
    `${names} change${reportedOnly.length === 1 ? 's' : ''} what the person tolerates, not the body's mechanics, and this stance ` +
      'phase follows the reference walk rather than choosing a gait, so its numbers equal the unimpaired ones; a footwear ' +
      'comparison uses the impairment to choose the measures it ranks.',
  ];
}

/** The stance phase on one sole, in the units a user reads. */
export function stanceAnalysis(request: StanceRequest): StanceAnalysis {
  if (request === null || typeof request !== 'object') throw new KinechainError('MALFORMED_INPUT', 'a stance request is an object { footwear, impairments?, subject? }');
  const { design, fromCatalogue } = resolveFootwearChoice(request.footwear);
  const person = resolveStancePerson(request);
  const result = runStancePhase(person.model, design, person.instants);
  return {
    footwear: footwearInfo(design, fromCatalogue),
    subject: person.subject,
    bodyWeightN: result.bodyWeightN,
    impairments: person.impairments,
    mechanicalImpairments: person.mechanicalImpairments,
    trialSource: result.trialSource,
    instants: result.timeSeries.time.length,
    summary: stanceSummary(result, person.subject.massKg),
    timeSeries: stanceTimeSeries(result, person.subject.massKg),
    notes: [...STANCE_NOTES, ...impairmentNotes(person)],
  };
}
