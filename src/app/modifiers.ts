/**
 * Impairments and interventions as front ends accept them: `NAME[:SIDE][=SEVERITY]`,
 * e.g. "tight-heel-cord" (right side, default severity), "tight-heel-cord:l=-5" (left,
 * -5 deg of knee-extended dorsiflexion), "plantar-release-ball:both" (both feet, one full
 * session). SIDE is r, l or both and defaults to r, the side every catalogue entry is built
 * for; SEVERITY is in the modifier's own unit (see `modifierSummaries()`), its default
 * when left out.
 *
 * Every failure is a KinechainError a front end can show as it is: UNKNOWN_NAME with the
 * closest names of the right kind (and a hint when the name is a modifier of the other
 * kind), MALFORMED_INPUT for a side or severity that cannot be read, NOT_FINITE and
 * OUT_OF_RANGE for a severity off its scale.
 */
import { KinechainError } from '../core/errors.js';
import { buildBody } from '../library/default-body.js';
import { closestNames } from '../core/math/edit-distance.js';
import type { ModifierRequest } from '../analyses/uncertainty.js';
import { checkSeverity } from '../library/define-modifier.js';
import { IMPAIRMENT_FACTORIES } from '../library/impairments.js';
import { INTERVENTION_FACTORIES } from '../library/interventions.js';
import { findModifier } from '../library/modifier-catalogue.js';
import { baselineScenario, type ModifierDefinition, type ModifierKind, type Scenario, type Side } from '../library/scenario.js';
import { resolveSubject, type SubjectInput } from './default-model.js';

/** Which side a modifier acts on; `both` applies the right and the left version. */
export type ModifierSide = Side | 'both';

export const MODIFIER_SIDES: readonly ModifierSide[] = Object.freeze(['r', 'l', 'both']);

/** A parsed `NAME[:SIDE][=SEVERITY]`. */
export interface ModifierChoice {
  readonly name: string;
  readonly kind: ModifierKind;
  readonly side: ModifierSide;
  /** In the modifier's unit (SeverityScale.unit). */
  readonly severity: number;
}

/** What a front end shows about a chosen modifier. */
export interface AppliedModifierSummary extends ModifierChoice {
  readonly title: string;
  readonly unit: string;
  /** What the severity means, e.g. "knee-extended passive dorsiflexion range of the right ankle (deg; ...)". */
  readonly meaning: string;
  /** The severity that changes nothing. */
  readonly neutral: number;
  /** Uncertain parameters sampled for intervals: name, nominal value, range and unit. */
  readonly uncertainParameters: readonly {
    readonly name: string;
    readonly value: number;
    readonly low: number;
    readonly high: number;
    readonly unit: string;
  }[];
}

/** One catalogue entry, for listings and help. */
export interface ModifierSummary {
  readonly name: string;
  readonly kind: ModifierKind;
  readonly title: string;
  readonly description: string;
  readonly source: string;
  readonly severity: { readonly default: number; readonly min: number; readonly max: number; readonly neutral: number; readonly unit: string };
}

const FACTORIES: Readonly<Record<ModifierKind, Readonly<Record<string, unknown>>>> = {
  impairment: IMPAIRMENT_FACTORIES,
  intervention: INTERVENTION_FACTORIES,
};

/** The names of one kind, in catalogue order. */
export function modifierNames(kind: ModifierKind): string[] {
  return Object.keys(FACTORIES[kind]);
}

function otherKind(kind: ModifierKind): ModifierKind {
  return kind === 'impairment' ? 'intervention' : 'impairment';
}

function unknownModifier(name: string, kind: ModifierKind): KinechainError {
  const names = modifierNames(kind);
  const other = otherKind(kind);
  if (modifierNames(other).includes(name)) {
    return new KinechainError(
      'UNKNOWN_NAME',
      `"${name}" is an ${other}, not an ${kind}; give it as an ${other} (known ${kind}s: ${names.join(', ')})`,
      { name, kind, actualKind: other },
    );
  }
  const close = closestNames(name, names);
  const hint = close.length > 0 ? ` (did you mean ${close.map((candidate) => `"${candidate}"`).join(', ')}?)` : '';
  return new KinechainError('UNKNOWN_NAME', `unknown ${kind} "${name}"${hint}; known ${kind}s: ${names.join(', ')}`, {
    name,
    kind,
    closeNames: close,
  });
}

function parseSide(text: string, argument: string): ModifierSide {
  const side = text.trim().toLowerCase();
  if (side === 'r' || side === 'l' || side === 'both') return side;
  throw new KinechainError(
    'MALFORMED_INPUT',
    `side "${text}" in "${argument}" must be r, l or both, e.g. "tight-heel-cord:l=-5" or "plantar-release-ball:both"`,
    { argument, side: text },
  );
}

/**
 * Parses `NAME[:SIDE][=SEVERITY]` for a modifier of `kind`. Throws UNKNOWN_NAME (with close
 * names), MALFORMED_INPUT (empty argument, bad side, severity that is not a number) or
 * OUT_OF_RANGE (severity off the modifier's scale).
 */
export function parseModifierChoice(text: string, kind: ModifierKind): ModifierChoice {
  if (typeof text !== 'string' || text.trim() === '') {
    throw new KinechainError('MALFORMED_INPUT', `give an ${kind} as NAME[:SIDE][=SEVERITY], e.g. "tight-heel-cord:l=-5"`, { kind });
  }
  const argument = text.trim();
  const equals = argument.indexOf('=');
  const head = equals < 0 ? argument : argument.slice(0, equals);
  const colon = head.indexOf(':');
  const name = (colon < 0 ? head : head.slice(0, colon)).trim();
  const side = colon < 0 ? 'r' : parseSide(head.slice(colon + 1), argument);
  if (!modifierNames(kind).includes(name)) throw unknownModifier(name, kind);
  const definition = findModifier(name, 'r');
  if (equals < 0) return { name, kind, side, severity: definition.severity.default };
  const severityText = argument.slice(equals + 1).trim();
  // Number('') is 0 and Number(' ') too: an empty severity is a typing slip, not zero.
  const severity = severityText === '' ? Number.NaN : Number(severityText);
  if (!Number.isFinite(severity)) {
    throw new KinechainError(
      'MALFORMED_INPUT',
      `severity of ${kind} "${name}" must be a number in ${definition.severity.unit} (${definition.severity.meaning}), ` +
        `got "${severityText}"; its scale is [${definition.severity.min}, ${definition.severity.max}] ${definition.severity.unit}`,
      { name, severity: severityText },
    );
  }
  checkSeverity(definition, severity);
  return { name, kind, side, severity };
}

/** Parses many arguments of one kind (see parseModifierChoice). */
export function parseModifierChoices(texts: readonly string[] | undefined, kind: ModifierKind): ModifierChoice[] {
  return (texts ?? []).map((text) => parseModifierChoice(text, kind));
}

/**
 * A modifier acting on both sides: the right version, then the left, with the SAME
 * parameter values. The uncertain parameters are properties of the literature (a
 * normative range, a dose-response), not of a leg, so one person drawn from their ranges
 * gets one value for both sides; sampling the two sides apart would make a symmetric
 * choice asymmetric. Both applications are recorded in scenario.applied.
 */
export function bothSidesModifier(right: ModifierDefinition, left: ModifierDefinition): ModifierDefinition {
  if (right.name !== left.name) {
    throw new KinechainError('INTERNAL', `both-sides modifier needs one modifier for two sides, got "${right.name}" and "${left.name}"`);
  }
  return Object.freeze({
    ...right,
    title: right.title.replace(/\bright\b/, 'right and left'),
    severity: Object.freeze({ ...right.severity, meaning: right.severity.meaning.replace(/\bright\b/, 'right and left') }),
    apply: (scenario: Scenario, severity: number, parameters: Readonly<Record<string, number>>): Scenario =>
      left.apply(right.apply(scenario, severity, parameters), severity, parameters),
  });
}

/** The definition to apply for a choice (both sides: bothSidesModifier). */
export function choiceDefinition(choice: ModifierChoice): ModifierDefinition {
  if (choice.side !== 'both') return findModifier(choice.name, choice.side);
  return bothSidesModifier(findModifier(choice.name, 'r'), findModifier(choice.name, 'l'));
}

/** The modifier requests (definition and severity) of the choices, in order. */
export function modifierRequests(choices: readonly ModifierChoice[]): ModifierRequest[] {
  return choices.map((choice) => ({ definition: choiceDefinition(choice), severity: choice.severity }));
}

/** How a chosen modifier reads in a report. */
export function summarizeChoice(choice: ModifierChoice): AppliedModifierSummary {
  const first = choiceDefinition(choice);
  const uncertainParameters = Object.entries(first.parameters)
    .filter(([, entry]) => entry.low !== undefined && entry.high !== undefined && entry.high > entry.low)
    .map(([name, entry]) => ({ name, value: entry.value, low: entry.low as number, high: entry.high as number, unit: entry.unit }));
  return {
    ...choice,
    title: first.title,
    unit: first.severity.unit,
    meaning: first.severity.meaning,
    neutral: first.severity.neutral,
    uncertainParameters,
  };
}

/** "Tight heel cord (right gastrocnemius-soleus)" -> "Tight heel cord (gastrocnemius-soleus)"; "Tight hamstrings (right)" -> "Tight hamstrings". */
function titleWithoutSide(title: string): string {
  return title.replace(/ \(right\)$/, '').replace(/\bright /, '');
}

/** Every impairment and intervention of the catalogue (right-side versions), impairments first. */
export function modifierSummaries(): ModifierSummary[] {
  return (['impairment', 'intervention'] as const).flatMap((kind) =>
    modifierNames(kind).map((name) => {
      const definition = findModifier(name, 'r');
      const scale = definition.severity;
      return {
        name,
        kind,
        title: titleWithoutSide(definition.title),
        description: definition.description,
        source: definition.source,
        severity: { default: scale.default, min: scale.min, max: scale.max, neutral: scale.neutral, unit: scale.unit },
      };
    }),
  );
}

// ---------------------------------------------------------------------------------
// Sampling settings and the unimpaired scenario
// ---------------------------------------------------------------------------------

/** Samples of the uncertain parameters behind an interval, by default and at most. */
export const DEFAULT_SAMPLES = 200;
export const MAX_SAMPLES = 5000;
/** Seed of the sampling stream by default. */
export const DEFAULT_SEED = 1;

export interface SamplingSettings {
  readonly samples: number;
  readonly seed: number;
}

/**
 * The sample count and seed, checked: a whole number of samples from 1 to MAX_SAMPLES (more
 * adds time, not accuracy worth having: the 2.5-97.5% percentiles of 5000 samples are
 * already stable to a few per cent) and a whole-number seed.
 */
export function checkSampling(samples: number | undefined, seed: number | undefined): SamplingSettings {
  const count = samples ?? DEFAULT_SAMPLES;
  if (typeof count !== 'number' || !Number.isFinite(count)) {
    throw new KinechainError('NOT_FINITE', `the number of samples must be a whole number from 1 to ${MAX_SAMPLES}, got ${String(count)}`);
  }
  if (!Number.isInteger(count) || count < 1 || count > MAX_SAMPLES) {
    throw new KinechainError(
      'OUT_OF_RANGE',
      `the number of samples must be a whole number from 1 to ${MAX_SAMPLES}, got ${count}; ${DEFAULT_SAMPLES} gives stable 95% intervals`,
      { samples: count, min: 1, max: MAX_SAMPLES },
    );
  }
  const chosenSeed = seed ?? DEFAULT_SEED;
  if (typeof chosenSeed !== 'number' || !Number.isFinite(chosenSeed) || !Number.isInteger(chosenSeed)) {
    throw new KinechainError('MALFORMED_INPUT', `the seed must be a whole number, e.g. 1, got ${String(chosenSeed)}`, { seed: String(chosenSeed) });
  }
  return { samples: count, seed: chosenSeed };
}

const SCENARIO_CACHE_SIZE = 8;
const scenarios = new Map<string, Scenario>();

/**
 * The unimpaired scenario of the default body scaled to `subject` (DEFAULT_SUBJECT where a
 * field is missing). The same subject gives the same scenario object, so compiled bodies
 * cached per spec (spec-edits.ts compileCached) are reused between calls.
 */
export function subjectScenario(subject: SubjectInput = {}): Scenario {
  const resolved = resolveSubject(subject);
  const key = `${resolved.heightM}|${resolved.massKg}|${resolved.sex}`;
  let scenario = scenarios.get(key);
  if (scenario === undefined) {
    scenario = baselineScenario(buildBody(resolved));
    if (scenarios.size >= SCENARIO_CACHE_SIZE) scenarios.delete(scenarios.keys().next().value as string);
    scenarios.set(key, scenario);
  }
  return scenario;
}

/**
 * True when two scenarios describe the same person: the same body spec object (specs are
 * immutable and a modifier that changes nothing returns its input) and equal limits. The
 * list of applied modifiers is not compared: a modifier at its neutral severity is applied
 * but changes nothing.
 */
export function sameMechanics(a: Scenario, b: Scenario): boolean {
  return a.spec === b.spec && limitsKey(a) === limitsKey(b);
}

/** The limits of a scenario as a string (foot loading, force caps, tolerances, resting tone). */
export function limitsKey(scenario: Scenario): string {
  const sorted = (record: Readonly<Record<string, number>>) => Object.entries(record).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return JSON.stringify([
    scenario.footLoading,
    sorted(scenario.tissueForceLimitN),
    sorted(scenario.stretchToleranceScale),
    sorted(scenario.restingActivation),
  ]);
}
