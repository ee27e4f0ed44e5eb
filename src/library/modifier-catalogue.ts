/**
 * All modifiers (impairments and interventions) by name, and the parsing of the
 * NAME[=SEVERITY] arguments front ends accept, e.g. "tight-heel-cord=5" or
 * "plantar-release-ball". The side is chosen separately (right by default).
 */
import { KinechainError } from '../core/errors.js';
import { closestNames } from '../core/math/edit-distance.js';
import { checkSeverity } from './define-modifier.js';
import { IMPAIRMENT_FACTORIES, impairmentCatalogue } from './impairments.js';
import { INTERVENTION_FACTORIES, interventionCatalogue } from './interventions.js';
import type { ModifierDefinition, Side } from './scenario.js';

/** Every modifier name, impairments first. */
export const MODIFIER_NAMES: readonly string[] = Object.freeze([
  ...Object.keys(IMPAIRMENT_FACTORIES),
  ...Object.keys(INTERVENTION_FACTORIES),
]);

/** Every modifier built for a side, impairments first. */
export function modifierCatalogue(side: Side = 'r'): readonly ModifierDefinition[] {
  return [...impairmentCatalogue(side), ...interventionCatalogue(side)];
}

function unknownModifier(name: string): KinechainError {
  const close = closestNames(name, MODIFIER_NAMES);
  const hint = close.length > 0 ? ` (did you mean ${close.map((c) => `"${c}"`).join(', ')}?)` : '';
  return new KinechainError(
    'UNKNOWN_NAME',
    `unknown impairment or intervention "${name}"${hint}; known: ${MODIFIER_NAMES.join(', ')}`,
    { name, closeNames: close },
  );
}

function checkSide(side: unknown): Side {
  if (side !== 'r' && side !== 'l') {
    throw new KinechainError('MALFORMED_INPUT', `side must be "r" or "l", got ${JSON.stringify(side)}`, { side: String(side) });
  }
  return side;
}

/** The modifier called `name`, built for `side`. Throws UNKNOWN_NAME with close names. */
export function findModifier(name: string, side: Side = 'r'): ModifierDefinition {
  const checkedSide = checkSide(side);
  const definition = modifierCatalogue(checkedSide).find((candidate) => candidate.name === name);
  if (definition === undefined) throw unknownModifier(name);
  return definition;
}

export interface ModifierArgument {
  readonly name: string;
  /** The given severity, or the modifier's default when the argument has none. */
  readonly severity: number;
}

/**
 * Parses "NAME" or "NAME=SEVERITY" (severity in the modifier's own unit, e.g. degrees for
 * tight-heel-cord). Throws UNKNOWN_NAME (with close names) for an unknown modifier,
 * MALFORMED_INPUT for a severity that is not a number, OUT_OF_RANGE for one off its scale.
 */
export function parseModifierArgument(text: string): ModifierArgument {
  if (typeof text !== 'string' || text.trim() === '') {
    throw new KinechainError('MALFORMED_INPUT', 'give a modifier as NAME or NAME=SEVERITY, e.g. "tight-heel-cord=5"');
  }
  const trimmed = text.trim();
  const equals = trimmed.indexOf('=');
  const name = (equals < 0 ? trimmed : trimmed.slice(0, equals)).trim();
  const definition = findModifier(name);
  if (equals < 0) return { name, severity: definition.severity.default };
  const severityText = trimmed.slice(equals + 1).trim();
  const severity = severityText === '' ? NaN : Number(severityText);
  if (!Number.isFinite(severity)) {
    throw new KinechainError(
      'MALFORMED_INPUT',
      `severity of "${name}" must be a number in ${definition.severity.unit} (${definition.severity.meaning}), got "${severityText}"`,
      { name, severity: severityText },
    );
  }
  checkSeverity(definition, severity);
  return { name, severity };
}
