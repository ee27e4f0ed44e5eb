/**
 * Building ModifierDefinitions (scenario.ts) with their checks in one place: every
 * impairment and intervention validates its severity against its scale and its parameters
 * against their LiteratureValue ranges before changing anything, and records itself in
 * scenario.applied with the values it used.
 */
import { KinechainError } from '../core/errors.js';
import { didYouMean } from '../core/math/edit-distance.js';
import { literatureRange, type LiteratureValue } from './literature-value.js';
import type { ModifierDefinition, ModifierKind, Scenario, SeverityScale } from './scenario.js';

/** What a modifier's change returns: the new scenario, and values it derived (recorded in scenario.applied). */
export interface ModifierChange {
  readonly scenario: Scenario;
  /** Values computed by the change, e.g. a calibrated shortening; recorded as "derived:<key>". */
  readonly derived?: Readonly<Record<string, number>>;
}

export interface ModifierSpecification {
  readonly name: string;
  readonly kind: ModifierKind;
  readonly title: string;
  readonly description: string;
  readonly source: string;
  readonly severity: SeverityScale;
  readonly parameters: Readonly<Record<string, LiteratureValue>>;
  /**
   * The change itself, pure. Called with a severity inside the scale and a finite value
   * inside its range for every parameter. Must change nothing at the neutral severity.
   */
  change(scenario: Scenario, severity: number, parameters: Readonly<Record<string, number>>): ModifierChange;
}

/** Ranges may be compared after sampling arithmetic: allow this relative slack at the ends. */
const RANGE_SLACK = 1e-12;

/** Throws NOT_FINITE / OUT_OF_RANGE unless `severity` lies on the definition's scale; returns it. */
export function checkSeverity(definition: Pick<ModifierDefinition, 'name' | 'severity'>, severity: number): number {
  const scale = definition.severity;
  if (typeof severity !== 'number' || !Number.isFinite(severity)) {
    throw new KinechainError('NOT_FINITE', `severity of "${definition.name}" must be a finite number, got ${String(severity)}`, {
      modifier: definition.name,
    });
  }
  if (severity < scale.min || severity > scale.max) {
    throw new KinechainError(
      'OUT_OF_RANGE',
      `severity ${severity} ${scale.unit} of "${definition.name}" is outside its scale [${scale.min}, ${scale.max}] ${scale.unit} ` +
        `(${scale.meaning}); neutral (no change) is ${scale.neutral}`,
      { modifier: definition.name, severity, min: scale.min, max: scale.max, unit: scale.unit },
    );
  }
  return severity;
}

/**
 * Checks that `parameters` holds a finite value inside its range for every parameter of
 * the definition and nothing else. Returns a plain copy.
 */
export function checkParameters(
  definition: Pick<ModifierDefinition, 'name' | 'parameters'>,
  parameters: Readonly<Record<string, number>>,
): Record<string, number> {
  const expected = Object.keys(definition.parameters);
  const checked: Record<string, number> = {};
  for (const key of Object.keys(parameters)) {
    if (!(key in definition.parameters)) {
      throw new KinechainError(
        'UNKNOWN_NAME',
        `"${definition.name}" has no parameter "${key}"${didYouMean(key, expected)}; its parameters are: ${expected.join(', ') || '(none)'}`,
        { modifier: definition.name, parameter: key },
      );
    }
  }
  for (const key of expected) {
    const value = parameters[key];
    if (typeof value !== 'number' || !Number.isFinite(value)) {
      throw new KinechainError('NOT_FINITE', `parameter "${key}" of "${definition.name}" must be a finite number, got ${String(value)}`, {
        modifier: definition.name,
        parameter: key,
      });
    }
    const entry = definition.parameters[key];
    const [low, high] = literatureRange(entry);
    const slack = RANGE_SLACK * Math.max(1, Math.abs(low), Math.abs(high));
    if (value < low - slack || value > high + slack) {
      throw new KinechainError(
        'OUT_OF_RANGE',
        `parameter "${key}" of "${definition.name}" = ${value} ${entry.unit} is outside its range [${low}, ${high}] ${entry.unit}`,
        { modifier: definition.name, parameter: key, value, low, high },
      );
    }
    checked[key] = value;
  }
  return checked;
}

/** A frozen ModifierDefinition whose apply checks its inputs, runs the change and records it. */
export function defineModifier(specification: ModifierSpecification): ModifierDefinition {
  const { change, ...described } = specification;
  const scale = specification.severity;
  if (!(scale.min <= scale.neutral && scale.neutral <= scale.max && scale.min <= scale.default && scale.default <= scale.max)) {
    throw new KinechainError('INTERNAL', `modifier "${specification.name}": neutral and default severities must lie on its scale`);
  }
  const definition: ModifierDefinition = {
    ...described,
    severity: Object.freeze({ ...scale }),
    parameters: Object.freeze({ ...specification.parameters }),
    apply(scenario: Scenario, severity: number, parameters: Readonly<Record<string, number>>): Scenario {
      checkSeverity(definition, severity);
      const values = checkParameters(definition, parameters);
      const result = change(scenario, severity, values);
      const recorded: Record<string, number> = { ...values };
      for (const [key, value] of Object.entries(result.derived ?? {})) recorded[`derived:${key}`] = value;
      return {
        ...result.scenario,
        applied: [
          ...scenario.applied,
          Object.freeze({ name: specification.name, kind: specification.kind, severity, parameters: Object.freeze(recorded) }),
        ],
      };
    },
  };
  return Object.freeze(definition);
}

/** Multiplies record[key] (absent = 1) by `factor`; returns the record itself when the factor is exactly 1. */
export function scaleEntry(record: Readonly<Record<string, number>>, key: string, factor: number): Readonly<Record<string, number>> {
  if (factor === 1) return record;
  return { ...record, [key]: (record[key] ?? 1) * factor };
}
