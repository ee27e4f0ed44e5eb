/**
 * Length units found in motion-capture files (TRC "Units", C3D POINT:UNITS) and their
 * size in metres. Files keep their own unit; readers convert to metres and record the
 * unit so writers can give it back.
 */
import { KinechainError } from '../../core/errors.js';

export type LengthUnit = 'mm' | 'cm' | 'm';

const metresPerUnit: Readonly<Record<LengthUnit, number>> = { mm: 1e-3, cm: 1e-2, m: 1 };

/** Spellings seen in the wild, lower-cased, mapped to the unit. */
const spellings: Readonly<Record<string, LengthUnit>> = {
  mm: 'mm',
  millimeter: 'mm',
  millimeters: 'mm',
  millimetre: 'mm',
  millimetres: 'mm',
  cm: 'cm',
  centimeter: 'cm',
  centimeters: 'cm',
  centimetre: 'cm',
  centimetres: 'cm',
  m: 'm',
  meter: 'm',
  meters: 'm',
  metre: 'm',
  metres: 'm',
};

/** The unit named by `text` (case and surrounding blanks ignored); UNSUPPORTED otherwise. */
export function parseLengthUnit(text: string, where: string): LengthUnit {
  const unit = spellings[text.trim().toLowerCase()];
  if (unit === undefined) {
    throw new KinechainError(
      'UNSUPPORTED',
      `${where}: length unit "${text}" is not supported; use mm, cm or m`,
      { unit: text, where },
    );
  }
  return unit;
}

export function metresPer(unit: LengthUnit): number {
  return metresPerUnit[unit];
}
