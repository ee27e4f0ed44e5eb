/**
 * A scenario: the person an analysis runs on. It is the body spec plus the things a body
 * spec cannot say (how much load a painful heel accepts, how much stretch a person
 * tolerates, how much force a sore tendon allows).
 *
 * Impairments and interventions are *modifiers*: pure functions from a scenario to a new
 * scenario, each with a severity and a set of uncertain parameters (LiteratureValue
 * ranges). Analyses never mutate a scenario; they compile `scenario.spec` and read the
 * other fields. Sampling the uncertain parameters of every applied modifier (and of the
 * body, where an analysis chooses to) gives the intervals reported to users.
 */
import type { ModelSpec } from '../spec/schema.js';
import type { LiteratureValue } from './literature-value.js';

export type Side = 'r' | 'l';
export type PerSide<T> = { readonly r: T; readonly l: T };

export interface FootLoading {
  /** Largest fraction of body weight each foot accepts in standing (1 = no limit; a boot or fracture lowers it). */
  readonly maxFootLoadFraction: PerSide<number>;
  /** Largest fraction of a foot's load the heel region accepts (1 = no limit; a painful heel lowers it). */
  readonly maxHeelLoadFraction: PerSide<number>;
}

export interface Scenario {
  /** The body after every modifier changed its parameters. */
  readonly spec: ModelSpec;
  readonly footLoading: FootLoading;
  /** Pain-limited tissue force (N) by tissue name, e.g. an Achilles tendinitis. Absent = no limit. */
  readonly tissueForceLimitN: Readonly<Record<string, number>>;
  /**
   * Multiplier on the tension each tissue tolerates at the end of a stretch (1 = baseline).
   * Stretch tolerance is the clinical end point of a toe-touch (Magnusson 1996, Ylinen 2009);
   * interventions raise it more than they lower stiffness.
   */
  readonly stretchToleranceScale: Readonly<Record<string, number>>;
  /** Resting (tonic) activation by muscle name, e.g. plantar intrinsic tone before a ball release. */
  readonly restingActivation: Readonly<Record<string, number>>;
  /** Every modifier applied so far, in order, with the parameter values used. */
  readonly applied: readonly AppliedModifier[];
}

export interface AppliedModifier {
  readonly name: string;
  readonly kind: ModifierKind;
  readonly severity: number;
  readonly parameters: Readonly<Record<string, number>>;
}

export type ModifierKind = 'impairment' | 'intervention';

/** How a modifier's severity is read by a user. */
export interface SeverityScale {
  readonly default: number;
  readonly min: number;
  readonly max: number;
  /** Unit shown to the user, e.g. "deg", "fraction", "cm". */
  readonly unit: string;
  /** What the number means, e.g. "knee-extended ankle dorsiflexion range left (deg)". */
  readonly meaning: string;
  /** Severity that changes nothing (zero impairment gives zero change; tests rely on it). */
  readonly neutral: number;
}

export interface ModifierDefinition {
  /** Stable name used on the command line and in the API, e.g. "tight-heel-cord". */
  readonly name: string;
  readonly kind: ModifierKind;
  readonly title: string;
  readonly description: string;
  /** Sources for the mechanism and numbers, or "assumption: ..." with the reasoning. */
  readonly source: string;
  readonly severity: SeverityScale;
  /** Uncertain parameters (sampled between low and high for intervals). */
  readonly parameters: Readonly<Record<string, LiteratureValue>>;
  /**
   * Pure: returns a new scenario. `parameters` holds a value for every key of
   * `this.parameters` (nominal values, or a sample).
   */
  apply(scenario: Scenario, severity: number, parameters: Readonly<Record<string, number>>): Scenario;
}

/** A fresh scenario with no limits, on a given body. */
export function baselineScenario(spec: ModelSpec): Scenario {
  return {
    spec,
    footLoading: { maxFootLoadFraction: { r: 1, l: 1 }, maxHeelLoadFraction: { r: 1, l: 1 } },
    tissueForceLimitN: {},
    stretchToleranceScale: {},
    restingActivation: {},
    applied: [],
  };
}

/** The nominal value of every parameter of a modifier. */
export function nominalParameters(definition: ModifierDefinition): Record<string, number> {
  const values: Record<string, number> = {};
  for (const [key, entry] of Object.entries(definition.parameters)) values[key] = entry.value;
  return values;
}
