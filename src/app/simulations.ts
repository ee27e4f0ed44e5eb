/**
 * One request shape for every analysis a front end can ask for, checked by one zod schema
 * (`simulationRequestSchema`), and `runSimulation(request)` that dispatches it to its
 * use-case and returns exactly what the command line prints with --json for that analysis.
 * The HTTP server and the browser's worker both call this, so the checks and the results
 * are the same everywhere.
 *
 * Browser-safe: nothing on this module's import path touches node: modules. That is why
 * the use-cases are imported from their own modules and not from ./index.js (which also
 * re-exports the pose-file reader).
 *
 * Checks come in two steps, both in `checkSimulationRequest`: the schema (types, finite
 * numbers, ranges known without the catalogue, no unknown fields), then the catalogue
 * (modifier names with close names, each modifier's own severity scale, pose and
 * footwear names, the subject's ranges). Every failure is a KinechainError whose
 * `details.field` names the offending field as a path, e.g. "impairments[0].severity".
 */
import { z } from 'zod';
import { KinechainError, isKinechainError, type KinechainErrorCode } from '../core/errors.js';
import { closestNames } from '../core/math/edit-distance.js';
import { SUBJECT_LIMITS } from '../library/default-body.js';
import { FOOTWEAR_NAMES } from '../library/footwear.js';
import { DEFAULT_SUBJECT, defaultModel, resolveSubject, type SubjectInput } from './default-model.js';
import { describeModel, type LineDescription, type TissueDescription } from './describe-model.js';
import { interdependenceAnalysis, type InterdependenceReport } from './interdependence.js';
import {
  DEFAULT_SAMPLES,
  DEFAULT_SEED,
  MAX_SAMPLES,
  MODIFIER_SIDES,
  modifierSummaries,
  parseModifierChoice,
  type ModifierSummary,
} from './modifiers.js';
import { footwearCatalog, type FootwearCatalogEntry } from './footwear.js';
import { postureAnalysis, type PostureAnalysis } from './posture.js';
import { DEFAULT_STANCE_INSTANTS, resolveFootwearChoice, stanceAnalysis, type StanceAnalysis } from './stance.js';
import { toeTouchAnalysis, type ToeTouchAnalysis } from './toe-touch.js';
import { resolveYogaPose, yogaPoseAnalysis, yogaPoseList, type YogaPoseAnalysis, type YogaPoseSummary } from './yoga.js';

// ---------------------------------------------------------------------------------
// The request schema
// ---------------------------------------------------------------------------------

export const ANALYSIS_NAMES = ['toe-touch', 'posture', 'stance', 'interdependence', 'yoga'] as const;
export type AnalysisName = (typeof ANALYSIS_NAMES)[number];

/** At most this many impairments in one request (the catalogue has fewer names than this times three sides). */
export const MAX_IMPAIRMENTS = 12;

function modifierSchema(kind: 'impairment' | 'intervention') {
  const example = kind === 'impairment' ? 'tight-heel-cord' : 'plantar-release-ball';
  return z
    .strictObject({
      name: z
        .string()
        .min(1)
        .max(64)
        .describe(`${kind} name from GET /api/catalog (${kind}s[].name), e.g. "${example}"`),
      severity: z
        .number()
        .optional()
        .describe(`severity in the ${kind}'s own unit, within its scale (catalog: severity.min..severity.max); default: severity.default`),
      side: z.enum(MODIFIER_SIDES as readonly ['r', 'l', 'both']).optional().describe('r (default), l, or both with the same sampled parameters'),
    })
    .describe(`an ${kind}: NAME[:SIDE][=SEVERITY] of the command line as an object`);
}

const subjectSchema = z
  .strictObject({
    heightM: z
      .number()
      .min(SUBJECT_LIMITS.heightM[0])
      .max(SUBJECT_LIMITS.heightM[1])
      .optional()
      .describe(`stature (m); default ${DEFAULT_SUBJECT.heightM}`),
    massKg: z
      .number()
      .min(SUBJECT_LIMITS.massKg[0])
      .max(SUBJECT_LIMITS.massKg[1])
      .optional()
      .describe(`body mass (kg); default ${DEFAULT_SUBJECT.massKg}`),
    sex: z.enum(['male', 'female']).optional().describe(`sex for the anthropometry; default ${DEFAULT_SUBJECT.sex}`),
  })
  .describe('the person the default body is scaled to; missing fields take the default subject');

const samplesSchema = z
  .int()
  .min(1)
  .max(MAX_SAMPLES)
  .optional()
  .describe(`samples of the uncertain parameters behind each interval, 1 to ${MAX_SAMPLES}; default ${DEFAULT_SAMPLES}`);
/** The posture analysis also takes 0: the nominal parameters only, no interval (one solve: for interactive use such as a slider). */
const postureSamplesSchema = z
  .int()
  .min(0)
  .max(MAX_SAMPLES)
  .optional()
  .describe(
    `samples of the uncertain parameters behind each interval, 1 to ${MAX_SAMPLES}; default ${DEFAULT_SAMPLES}; ` +
      '0 solves the nominal parameters only, without intervals (the result\'s "nominal" then holds the impaired loads and their change)',
  );
const seedSchema = z.int().optional().describe(`seed of the sampling; the same seed gives the same intervals; default ${DEFAULT_SEED}`);
const impairmentsSchema = z
  .array(modifierSchema('impairment'))
  .max(MAX_IMPAIRMENTS)
  .optional()
  .describe('impairments, applied in order');

export const toeTouchRequestSchema = z
  .strictObject({
    analysis: z.literal('toe-touch'),
    seated: z.boolean().optional().describe('the seated sit-and-reach instead of the standing toe-touch (default false)'),
    impairments: impairmentsSchema,
    intervention: modifierSchema('intervention').optional().describe('an intervention between the test and its re-test'),
    subject: subjectSchema.optional(),
    samples: samplesSchema,
    seed: seedSchema,
  })
  .describe('how far the fingertips reach, what stops them, and what an intervention changes (kinechain toe-touch --json)');

export const postureRequestSchema = z
  .strictObject({
    analysis: z.literal('posture'),
    impairments: impairmentsSchema,
    subject: subjectSchema.optional(),
    samples: postureSamplesSchema,
    seed: seedSchema,
  })
  .describe('the quiet standing posture and its loads; with impairments, what they change (kinechain posture --json)');

/**
 * A sole design given in full (a footwear document, spec/footwear-schema.ts). Only its
 * shape (an object) is checked here; the stance use-case validates it field by field with
 * the footwear schema's own messages. The OpenAPI document shows the footwear schema.
 */
export const footwearDocumentSchema = z
  .record(z.string(), z.unknown())
  .describe('a sole design: a footwear document (see the Footwear schema), e.g. a catalogue entry\'s "design" edited');

/** Instants of a stance phase, as app/stance.ts accepts them. */
const MIN_STANCE_INSTANTS = 20;
const MAX_STANCE_INSTANTS = 400;

export const stanceRequestSchema = z
  .strictObject({
    analysis: z.literal('stance'),
    footwear: z
      .union([
        z.string().min(1).max(64).describe('footwear design from GET /api/catalog (footwear[].name)'),
        footwearDocumentSchema,
      ])
      .optional()
      .describe('the sole: a catalogue name or a footwear document; default "barefoot"'),
    impairments: impairmentsSchema.describe('impairments, applied in order; side r or both (the stance phase is the right foot\'s)'),
    subject: subjectSchema.optional(),
    instants: z
      .int()
      .min(MIN_STANCE_INSTANTS)
      .max(MAX_STANCE_INSTANTS)
      .optional()
      .describe(`instants from heel strike to toe-off, ${MIN_STANCE_INSTANTS} to ${MAX_STANCE_INSTANTS}; default ${DEFAULT_STANCE_INSTANTS}`),
  })
  .describe('the stance phase of walking on a sole design: plantar pressures, plantar fascia, Achilles and L5/S1 loads (kinechain stance --json)');

export const interdependenceRequestSchema = z
  .strictObject({
    analysis: z.literal('interdependence'),
    only: z
      .enum(['posture', 'toe-touch'])
      .optional()
      .describe('only quiet standing (posture) or only the toe-touch; default both (slow: a minute or more)'),
    subject: subjectSchema.optional(),
  })
  .describe('the regional-interdependence map (kinechain interdependence --json)');

export const yogaRequestSchema = z
  .strictObject({
    analysis: z.literal('yoga'),
    pose: z.string().min(1).max(100).describe('a pose of the catalogue (yogaPoses[].key, its English or Sanskrit name)'),
    subject: subjectSchema.optional(),
  })
  .describe('what a yoga pose lengthens against standing (kinechain yoga POSE --json)');

export const simulationRequestSchema = z
  .discriminatedUnion('analysis', [
    toeTouchRequestSchema,
    postureRequestSchema,
    stanceRequestSchema,
    interdependenceRequestSchema,
    yogaRequestSchema,
  ])
  .describe('a simulation request: "analysis" selects the analysis and the fields it takes');

export type SimulationRequest = z.output<typeof simulationRequestSchema>;
export type SimulationRequestInput = z.input<typeof simulationRequestSchema>;
export type ModifierInput = NonNullable<z.input<typeof toeTouchRequestSchema>['intervention']>;

/** The sole of a stance request that names none. */
const DEFAULT_FOOTWEAR = 'barefoot';

const REQUEST_SCHEMAS = {
  'toe-touch': toeTouchRequestSchema,
  posture: postureRequestSchema,
  stance: stanceRequestSchema,
  interdependence: interdependenceRequestSchema,
  yoga: yogaRequestSchema,
} as const;

/** The fields each analysis takes, in schema order. */
export function analysisFields(analysis: AnalysisName): string[] {
  return Object.keys(REQUEST_SCHEMAS[analysis].shape);
}

// ---------------------------------------------------------------------------------
// Results
// ---------------------------------------------------------------------------------

/** What each analysis returns: the same JSON its command prints with --json. */
export interface SimulationResults {
  readonly 'toe-touch': ToeTouchAnalysis;
  readonly posture: PostureAnalysis;
  readonly stance: StanceAnalysis;
  readonly interdependence: InterdependenceReport;
  readonly yoga: YogaPoseAnalysis;
}
export type SimulationResult = SimulationResults[AnalysisName];

/** Cancellation: an AbortSignal, or anything with `aborted` (e.g. a flag shared with another thread). */
export interface SimulationSignal {
  readonly aborted: boolean;
  readonly reason?: unknown;
}

export interface SimulationOptions {
  /** Called as the analysis advances with (done, total) solves. */
  readonly onProgress?: (done: number, total: number) => void;
  /** Checked before the analysis and at every progress step; when aborted the run throws a SimulationAbortedError. */
  readonly signal?: SimulationSignal;
}

/** Thrown when a run is cancelled through its signal. */
export class SimulationAbortedError extends Error {
  constructor(message = 'the simulation was cancelled') {
    super(message);
    this.name = 'AbortError';
  }
}

export function isSimulationAborted(error: unknown): error is SimulationAbortedError {
  return error instanceof Error && error.name === 'AbortError';
}

// ---------------------------------------------------------------------------------
// Checking
// ---------------------------------------------------------------------------------

type PathSegment = PropertyKey;

/** ["impairments", 0, "severity"] -> "impairments[0].severity"; [] -> null (the whole request). */
export function fieldPath(path: readonly PathSegment[]): string | null {
  let text = '';
  for (const segment of path) {
    if (typeof segment === 'number') text += `[${segment}]`;
    else text += text === '' ? String(segment) : `.${String(segment)}`;
  }
  return text === '' ? null : text;
}

function valueAt(input: unknown, path: readonly PathSegment[]): unknown {
  let value: unknown = input;
  for (const segment of path) {
    if (value === null || typeof value !== 'object') return undefined;
    value = (value as Record<PropertyKey, unknown>)[segment];
  }
  return value;
}

function describeValue(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'number') return Number.isNaN(value) ? 'NaN' : String(value);
  if (typeof value === 'string') return value.length > 40 ? `a string of ${value.length} characters` : JSON.stringify(value);
  if (typeof value === 'object') return 'an object';
  return typeof value;
}

function expectedText(expected: string): string {
  switch (expected) {
    case 'int':
      return 'a whole number';
    case 'number':
      return 'a finite number';
    case 'object':
      return 'an object';
    case 'array':
      return 'an array';
    case 'boolean':
      return 'true or false';
    default:
      return `a ${expected}`;
  }
}

/** The analysis a (possibly invalid) request asks for, when it names a known one. */
function requestedAnalysis(input: unknown): AnalysisName | null {
  const analysis = valueAt(input, ['analysis']);
  return typeof analysis === 'string' && (ANALYSIS_NAMES as readonly string[]).includes(analysis) ? (analysis as AnalysisName) : null;
}

/** Allowed keys of the object at `path` (for unknown-field messages). */
function allowedKeys(input: unknown, path: readonly PathSegment[]): string[] {
  if (path.length === 0) {
    const analysis = requestedAnalysis(input);
    return analysis === null ? ['analysis'] : analysisFields(analysis);
  }
  const last = path[path.length - 1];
  const container = path.find((segment) => typeof segment === 'string');
  if (container === 'subject') return Object.keys(subjectSchema.shape);
  if (container === 'impairments' || container === 'intervention' || typeof last === 'number') return ['name', 'severity', 'side'];
  return [];
}

interface FieldProblem {
  readonly code: KinechainErrorCode;
  readonly field: string | null;
  readonly message: string;
  readonly closeNames?: readonly string[];
}

/** One zod issue as a field, a code and a message that says what is wrong and how to fix it. */
function problemOf(issue: z.core.$ZodIssue, input: unknown): FieldProblem {
  const value = valueAt(input, issue.path);
  const field = fieldPath(issue.path);
  const name = field ?? 'the request';
  switch (issue.code) {
    case 'invalid_type': {
      if (value === undefined) {
        return { code: 'MALFORMED_INPUT', field, message: `${name} is required: give ${expectedText(issue.expected)}` };
      }
      if (typeof value === 'number' && !Number.isFinite(value)) {
        return { code: 'NOT_FINITE', field, message: `${name} must be a finite number, got ${describeValue(value)}` };
      }
      if (issue.expected === 'int' && typeof value === 'number') {
        return { code: 'MALFORMED_INPUT', field, message: `${name} must be a whole number, got ${describeValue(value)}` };
      }
      return { code: 'MALFORMED_INPUT', field, message: `${name} must be ${expectedText(issue.expected)}, got ${describeValue(value)}` };
    }
    case 'too_big':
    case 'too_small': {
      const bound = issue.code === 'too_big' ? issue.maximum : issue.minimum;
      const word = issue.code === 'too_big' ? 'at most' : 'at least';
      if (issue.origin === 'array') {
        return { code: 'OUT_OF_RANGE', field, message: `${name} takes ${word} ${String(bound)} entries, got ${Array.isArray(value) ? value.length : '?'}` };
      }
      if (issue.origin === 'string') {
        return { code: 'MALFORMED_INPUT', field, message: `${name} must be ${word} ${String(bound)} characters long` };
      }
      return { code: 'OUT_OF_RANGE', field, message: `${name} must be ${word} ${String(bound)}, got ${describeValue(value)}` };
    }
    case 'unrecognized_keys': {
      const key = issue.keys[0];
      const allowed = allowedKeys(input, issue.path);
      const analysis = issue.path.length === 0 ? requestedAnalysis(input) : null;
      const where = issue.path.length === 0 ? `a "${analysis ?? '?'}" request` : name;
      const close = closestNames(key, allowed);
      const hint = close.length > 0 ? ` (did you mean "${close[0]}"?)` : '';
      return {
        code: 'MALFORMED_INPUT',
        field: fieldPath([...issue.path, key]),
        message: `unknown field "${key}" in ${where}${hint}; its fields are: ${allowed.join(', ')}`,
        closeNames: close,
      };
    }
    case 'invalid_union': {
      if (issue.path.length === 1 && issue.path[0] === 'analysis') {
        const known = ANALYSIS_NAMES.map((entry) => `"${entry}"`).join(', ');
        if (value === undefined) return { code: 'MALFORMED_INPUT', field, message: `analysis is required: one of ${known}` };
        const close = typeof value === 'string' ? closestNames(value, ANALYSIS_NAMES) : [];
        const hint = close.length > 0 ? ` (did you mean "${close[0]}"?)` : '';
        return {
          code: typeof value === 'string' ? 'UNKNOWN_NAME' : 'MALFORMED_INPUT',
          field,
          message: `unknown analysis ${describeValue(value)}${hint}; analyses: ${known}`,
          closeNames: close,
        };
      }
      // Another union (footwear: a name or a document): report the branch the value's type matches.
      const branch = issue.errors.find((errors) => errors.length > 0 && !(errors[0].code === 'invalid_type' && errors[0].path.length === 0));
      if (branch !== undefined) return problemOf({ ...branch[0], path: [...issue.path, ...branch[0].path] } as z.core.$ZodIssue, input);
      return { code: 'MALFORMED_INPUT', field, message: `${name} must be a catalogue name (a string) or a document (an object), got ${describeValue(value)}` };
    }
    case 'invalid_value': {
      const allowed = issue.values.map((entry) => JSON.stringify(entry)).join(', ');
      // One-letter choices (sides) are all close to any short typo: no hint for them.
      const close = typeof value === 'string' && value.length > 2 ? closestNames(value, issue.values.map(String)) : [];
      const hint = close.length > 0 ? ` (did you mean "${close[0]}"?)` : '';
      return { code: 'MALFORMED_INPUT', field, message: `${name} must be one of ${allowed}, got ${describeValue(value)}${hint}`, closeNames: close };
    }
    default:
      return { code: 'MALFORMED_INPUT', field, message: `${name} ${issue.message}` };
  }
}

function fieldError(problem: FieldProblem, extra?: Record<string, unknown>): KinechainError {
  return new KinechainError(problem.code, problem.message, {
    ...extra,
    field: problem.field,
    ...(problem.closeNames && problem.closeNames.length > 0 ? { closeNames: problem.closeNames } : {}),
  });
}

/** Runs a catalogue check; a KinechainError it throws gets `details.field`. */
function atField<T>(field: string, check: () => T): T {
  try {
    return check();
  } catch (error) {
    if (!isKinechainError(error)) throw error;
    throw new KinechainError(error.code, `${field}: ${error.message}`, { ...error.details, field });
  }
}

function modifierText(modifier: ModifierInput): string {
  const side = modifier.side ?? 'r';
  return modifier.severity === undefined ? `${modifier.name}:${side}` : `${modifier.name}:${side}=${String(modifier.severity)}`;
}

function checkModifier(modifier: ModifierInput, kind: 'impairment' | 'intervention', field: string): string {
  // The command line's NAME[:SIDE][=SEVERITY] is built from the fields, so the name itself must not hold those marks.
  if (/[:=]/.test(modifier.name)) {
    throw new KinechainError(
      'MALFORMED_INPUT',
      `${field}.name: "${modifier.name}" holds ":" or "="; give the name alone and the side and severity as their own fields, ` +
        'e.g. { "name": "tight-heel-cord", "side": "l", "severity": -5 }',
      { field: `${field}.name` },
    );
  }
  const text = modifierText(modifier);
  try {
    parseModifierChoice(text, kind);
  } catch (error) {
    if (!isKinechainError(error)) throw error;
    // A bad name is the name's fault; everything else parseModifierChoice reports is the severity's.
    const part = error.code === 'UNKNOWN_NAME' ? 'name' : 'severity';
    throw new KinechainError(error.code, `${field}.${part}: ${error.message}`, { ...error.details, field: `${field}.${part}` });
  }
  return text;
}

/** The footwear of a stance request: a catalogue name, or a document checked by the footwear schema. */
function checkFootwear(footwear: string | Readonly<Record<string, unknown>>): void {
  try {
    resolveFootwearChoice(footwear, 'footwear');
  } catch (error) {
    if (!isKinechainError(error)) throw error;
    // A document's problems carry their path inside the document.
    const issues = Array.isArray(error.details?.issues) ? (error.details.issues as { path?: unknown }[]) : [];
    const path = Array.isArray(issues[0]?.path)
      ? (issues[0].path as PathSegment[]).map((segment) => (typeof segment === 'string' && /^\d+$/.test(segment) ? Number(segment) : segment))
      : [];
    const field = fieldPath(['footwear', ...path]) as string;
    const close = typeof footwear === 'string' ? closestNames(footwear, FOOTWEAR_NAMES) : [];
    throw new KinechainError(error.code, `${field === 'footwear' ? 'footwear: ' : ''}${error.message}`, {
      field,
      ...(close.length > 0 ? { closeNames: close } : {}),
    });
  }
}

function checkSubject(subject: SubjectInput | undefined): void {
  if (subject === undefined) return;
  try {
    resolveSubject(subject);
  } catch (error) {
    if (!isKinechainError(error)) throw error;
    const what = typeof error.details?.what === 'string' ? error.details.what : null;
    const field = what === null ? 'subject' : `subject.${what}`;
    throw new KinechainError(error.code, `${field}: ${error.message}`, { ...error.details, field });
  }
}

/**
 * Checks a request against the schema and the catalogue; returns it parsed. Throws a
 * KinechainError with `details.field` (null for the request as a whole) and, for unknown
 * names, `details.closeNames`. Cheap: nothing is solved.
 */
export function checkSimulationRequest(input: unknown): SimulationRequest {
  const parsed = simulationRequestSchema.safeParse(input);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => problemOf(issue, input));
    throw fieldError(problems[0], {
      issues: problems.map((problem) => ({ code: problem.code, field: problem.field, message: problem.message })),
    });
  }
  const request = parsed.data;
  checkSubject(request.subject);
  switch (request.analysis) {
    case 'toe-touch':
      request.impairments?.forEach((modifier, index) => checkModifier(modifier, 'impairment', `impairments[${index}]`));
      if (request.intervention !== undefined) checkModifier(request.intervention, 'intervention', 'intervention');
      break;
    case 'posture':
      request.impairments?.forEach((modifier, index) => checkModifier(modifier, 'impairment', `impairments[${index}]`));
      break;
    case 'stance':
      if (request.footwear !== undefined) checkFootwear(request.footwear);
      request.impairments?.forEach((modifier, index) => {
        checkModifier(modifier, 'impairment', `impairments[${index}]`);
        if (modifier.side === 'l') {
          throw new KinechainError(
            'MALFORMED_INPUT',
            `impairments[${index}].side: the stance phase is the right foot's; give side "r" or "both" for "${modifier.name}"`,
            { field: `impairments[${index}].side` },
          );
        }
      });
      break;
    case 'yoga':
      atField('pose', () => resolveYogaPose(request.pose));
      break;
    case 'interdependence':
      break;
  }
  return request;
}

// ---------------------------------------------------------------------------------
// Running
// ---------------------------------------------------------------------------------

function throwIfAborted(signal: SimulationSignal | undefined): void {
  if (signal?.aborted !== true) return;
  if (signal.reason instanceof Error && signal.reason.name === 'AbortError') throw signal.reason;
  throw new SimulationAbortedError(typeof signal.reason === 'string' ? signal.reason : undefined);
}

function progressOf(options: SimulationOptions): ((done: number, total: number) => void) | undefined {
  const { onProgress, signal } = options;
  if (onProgress === undefined && signal === undefined) return undefined;
  return (done, total) => {
    throwIfAborted(signal);
    onProgress?.(done, total);
  };
}

/**
 * Checks `request` (checkSimulationRequest) and runs its analysis. Returns the analysis's
 * --json result; throws KinechainError for bad input (with details.field) or a failed
 * solve, SimulationAbortedError when `options.signal` is aborted.
 */
export function runSimulation<A extends AnalysisName>(
  request: SimulationRequestInput & { readonly analysis: A },
  options?: SimulationOptions,
): SimulationResults[A];
export function runSimulation(request: unknown, options?: SimulationOptions): SimulationResult;
export function runSimulation(input: unknown, options: SimulationOptions = {}): SimulationResult {
  const request = checkSimulationRequest(input);
  throwIfAborted(options.signal);
  const onProgress = progressOf(options);
  const impairmentTexts = (modifiers: readonly ModifierInput[] | undefined) => (modifiers ?? []).map(modifierText);
  switch (request.analysis) {
    case 'toe-touch':
      return toeTouchAnalysis({
        subject: request.subject,
        impairments: impairmentTexts(request.impairments),
        interventions: request.intervention === undefined ? [] : [modifierText(request.intervention)],
        seated: request.seated ?? false,
        samples: request.samples,
        seed: request.seed,
        onProgress,
      });
    case 'posture':
      return postureAnalysis({
        subject: request.subject,
        impairments: impairmentTexts(request.impairments),
        // samples 0: the nominal parameters only (interactive use).
        ...(request.samples === 0 ? { nominalOnly: true } : { samples: request.samples }),
        seed: request.seed,
        onProgress,
      });
    case 'stance':
      return stanceAnalysis({
        footwear: request.footwear ?? DEFAULT_FOOTWEAR,
        impairments: request.impairments,
        subject: request.subject,
        instants: request.instants,
      });
    case 'interdependence':
      return interdependenceAnalysis({ subject: request.subject, analysis: request.only, onProgress }).report;
    case 'yoga':
      return yogaPoseAnalysis(request.pose, { subject: request.subject });
  }
}

// ---------------------------------------------------------------------------------
// The catalogue a front end offers
// ---------------------------------------------------------------------------------

export interface SimulationCatalog {
  readonly analyses: readonly { readonly name: AnalysisName; readonly description: string; readonly fields: readonly string[] }[];
  readonly subject: {
    readonly defaults: { readonly heightM: number; readonly massKg: number; readonly sex: 'male' | 'female' };
    readonly heightM: { readonly min: number; readonly max: number };
    readonly massKg: { readonly min: number; readonly max: number };
    readonly sex: readonly ('male' | 'female')[];
  };
  readonly sampling: { readonly defaultSamples: number; readonly maxSamples: number; readonly defaultSeed: number };
  readonly modifierSides: readonly ('r' | 'l' | 'both')[];
  /** Severity scales: default, min, max, neutral (changes nothing) and unit. */
  readonly impairments: readonly ModifierSummary[];
  readonly interventions: readonly ModifierSummary[];
  /** The myofascial lines of the default body with their tracks and junction evidence. */
  readonly lines: readonly LineDescription[];
  readonly tissues: readonly TissueDescription[];
  readonly yogaPoses: readonly YogaPoseSummary[];
  /** Sole designs with their features and full documents (to edit and send back as a stance request's footwear). */
  readonly footwear: readonly FootwearCatalogEntry[];
}

/** Everything a front end lists: analyses and their fields, ranges, modifiers, lines, tissues, poses, footwear. */
export function simulationCatalog(): SimulationCatalog {
  const description = describeModel(defaultModel());
  const modifiers = modifierSummaries();
  return {
    analyses: ANALYSIS_NAMES.map((name) => ({ name, description: REQUEST_SCHEMAS[name].description ?? '', fields: analysisFields(name) })),
    subject: {
      defaults: { heightM: DEFAULT_SUBJECT.heightM, massKg: DEFAULT_SUBJECT.massKg, sex: DEFAULT_SUBJECT.sex },
      heightM: { min: SUBJECT_LIMITS.heightM[0], max: SUBJECT_LIMITS.heightM[1] },
      massKg: { min: SUBJECT_LIMITS.massKg[0], max: SUBJECT_LIMITS.massKg[1] },
      sex: ['male', 'female'],
    },
    sampling: { defaultSamples: DEFAULT_SAMPLES, maxSamples: MAX_SAMPLES, defaultSeed: DEFAULT_SEED },
    modifierSides: [...MODIFIER_SIDES],
    impairments: modifiers.filter((modifier) => modifier.kind === 'impairment'),
    interventions: modifiers.filter((modifier) => modifier.kind === 'intervention'),
    lines: description.lines,
    tissues: description.tissues,
    yogaPoses: yogaPoseList(),
    footwear: footwearCatalog(),
  };
}
