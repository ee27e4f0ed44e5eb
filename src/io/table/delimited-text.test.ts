import { describe, expect, it } from 'vitest';
import { KinechainError } from '../../core/errors.js';
import { dropTrailingEmpty, formatFixed, parseNumberCell, splitCells, splitLines } from './delimited-text.js';
import { metresPer, parseLengthUnit } from './length-units.js';

const place = { source: 'f.sto', line: 3, column: 2, label: 'a' };

describe('delimited text helpers', () => {
  it('splits lines on any line ending and cells on tabs or blanks', () => {
    expect(splitLines('a\r\nb\nc\rd\n')).toEqual(['a', 'b', 'c', 'd']);
    expect(splitCells('1\t\t 3 \t')).toEqual(['1', '', '3', '']);
    expect(splitCells('  1   2 3 ')).toEqual(['1', '2', '3']);
    expect(dropTrailingEmpty(['1', '', '3', '', ''])).toEqual(['1', '', '3']);
  });

  it('parses decimal numbers, NaN and infinities and nothing else', () => {
    expect(parseNumberCell('-1.5e-3', place)).toBe(-0.0015);
    expect(parseNumberCell('.5', place)).toBe(0.5);
    expect(parseNumberCell('-inf', place)).toBe(-Infinity);
    expect(parseNumberCell('Infinity', place)).toBe(Infinity);
    expect(Number.isNaN(parseNumberCell('-nan', place))).toBe(true);
    for (const bad of ['', '0x10', '1,5', '1e', 'abc']) {
      expect(() => parseNumberCell(bad, place)).toThrow(KinechainError);
    }
    expect(() => parseNumberCell('', place)).toThrow('f.sto: line 3, column 2 ("a"): expected a number, found an empty cell');
  });

  it('formats like printf %W.Df', () => {
    expect(formatFixed(-5.128607334, 8, 16)).toBe('     -5.12860733');
    expect(formatFixed(Number.NaN, 8)).toBe('NaN');
  });

  it('knows mm, cm and m by their usual spellings', () => {
    expect(parseLengthUnit(' MM ', 'x')).toBe('mm');
    expect(parseLengthUnit('meters', 'x')).toBe('m');
    expect(metresPer(parseLengthUnit('cm', 'x'))).toBe(0.01);
    expect(() => parseLengthUnit('inch', 'x')).toThrow(/not supported/);
  });
});
