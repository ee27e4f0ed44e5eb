import { describe, expect, it } from 'vitest';
import { KinechainError } from '../core/errors.js';
import { findModifier, MODIFIER_NAMES, modifierCatalogue, parseModifierArgument } from './modifier-catalogue.js';

function thrown(run: () => unknown): KinechainError {
  try {
    run();
  } catch (error) {
    if (error instanceof KinechainError) return error;
    throw error;
  }
  throw new Error('expected a KinechainError');
}

describe('modifier arguments', () => {
  it('parses NAME=SEVERITY and NAME (default severity)', () => {
    expect(parseModifierArgument('tight-heel-cord=5')).toEqual({ name: 'tight-heel-cord', severity: 5 });
    expect(parseModifierArgument(' tight-heel-cord = -5 ')).toEqual({ name: 'tight-heel-cord', severity: -5 });
    expect(parseModifierArgument('plantar-release-ball')).toEqual({
      name: 'plantar-release-ball',
      severity: findModifier('plantar-release-ball').severity.default,
    });
  });

  it('suggests close names for unknown modifiers', () => {
    const error = thrown(() => parseModifierArgument('tight-heelcord=5'));
    expect(error.code).toBe('UNKNOWN_NAME');
    expect(error.message).toContain('did you mean "tight-heel-cord"');
  });

  it('rejects severities that are not numbers or off the scale', () => {
    expect(thrown(() => parseModifierArgument('tight-heel-cord=five')).code).toBe('MALFORMED_INPUT');
    expect(thrown(() => parseModifierArgument('tight-heel-cord=')).code).toBe('MALFORMED_INPUT');
    const error = thrown(() => parseModifierArgument('tight-heel-cord=45'));
    expect(error.code).toBe('OUT_OF_RANGE');
    expect(error.message).toContain('deg');
    expect(thrown(() => parseModifierArgument('painful-heel=1.5')).code).toBe('OUT_OF_RANGE');
    expect(thrown(() => parseModifierArgument('')).code).toBe('MALFORMED_INPUT');
  });

  it('finds every modifier on both sides, and only known sides', () => {
    expect(modifierCatalogue('l').map((d) => d.name)).toEqual([...MODIFIER_NAMES]);
    for (const name of MODIFIER_NAMES) expect(findModifier(name, 'l').name).toBe(name);
    expect(findModifier('tight-heel-cord', 'l').title).toContain('left');
    expect(thrown(() => findModifier('tight-heel-cord', 'x' as 'r')).code).toBe('MALFORMED_INPUT');
  });
});
