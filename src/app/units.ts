/**
 * Unit conversion at the edges: inside kinechain angles are radians and lengths metres;
 * users read and write degrees, millimetres and percentages.
 */
import { CoordinateKind, type Model } from '../core/model/model.js';

export const DEGREES_PER_RADIAN = 180 / Math.PI;

export function radiansToDegrees(radians: number): number {
  return radians * DEGREES_PER_RADIAN;
}

export function degreesToRadians(degrees: number): number {
  return degrees / DEGREES_PER_RADIAN;
}

export function isRotational(model: Model, coordinate: number): boolean {
  return model.coordinateKind[coordinate] === CoordinateKind.rotational;
}

/** The unit a user writes a coordinate in: 'deg' or 'rad' for rotations, 'm' for translations. */
export function userUnit(model: Model, coordinate: number, degrees: boolean): 'deg' | 'rad' | 'm' {
  if (!isRotational(model, coordinate)) return 'm';
  return degrees ? 'deg' : 'rad';
}

/** An SI coordinate value in the user's unit. */
export function toUserUnit(model: Model, coordinate: number, value: number, degrees: boolean): number {
  return degrees && isRotational(model, coordinate) ? radiansToDegrees(value) : value;
}

/** A user's coordinate value in SI (rad or m). */
export function fromUserUnit(model: Model, coordinate: number, value: number, degrees: boolean): number {
  return degrees && isRotational(model, coordinate) ? degreesToRadians(value) : value;
}

/** A number for a message: at most `digits` significant digits, no trailing zeros, no "-0". */
export function formatQuantity(value: number, digits = 4): string {
  if (!Number.isFinite(value)) return String(value);
  if (value === 0 || Math.abs(value) < 1e-12) return '0';
  const text = Number(value.toPrecision(digits)).toString();
  return text === '-0' ? '0' : text;
}
