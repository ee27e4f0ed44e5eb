/**
 * DEC (VAX) F_floating numbers, the float format of C3D files written on DEC processors
 * (processor type 85).
 *
 * Layout: two 16-bit little-endian words. Word 0 holds the sign (bit 15), an 8-bit
 * exponent with bias 128 (bits 14-7) and the top 7 bits of the fraction; word 1 holds the
 * low 16 bits of the fraction. The significand is 0.1fff... (binary), so the value is
 * (-1)^s * (1 + f / 2^23) * 2^(e - 129): the IEEE value with the same bits, divided by 4.
 * An exponent of 0 means zero (sign 0) or a "reserved operand" (sign 1), read as NaN.
 * VAX has no infinities or NaNs; its range is about 2.9e-39 to 1.7e38.
 */
import { KinechainError } from '../../core/errors.js';

const fractionScale = 2 ** 23;

/** The DEC float stored in bytes[offset..offset+3]. The caller has checked the bounds. */
export function decodeDecFloat(bytes: Uint8Array, offset: number): number {
  const high = bytes[offset] | (bytes[offset + 1] << 8);
  const low = bytes[offset + 2] | (bytes[offset + 3] << 8);
  const negative = (high & 0x8000) !== 0;
  const exponent = (high >> 7) & 0xff;
  if (exponent === 0) return negative ? Number.NaN : 0;
  const fraction = (high & 0x7f) * 65536 + low;
  const magnitude = (1 + fraction / fractionScale) * 2 ** (exponent - 129);
  return negative ? -magnitude : magnitude;
}

/**
 * Writes `value`, rounded to single precision, as a DEC float into bytes[offset..offset+3].
 * Values too small for VAX become 0; values too large (or NaN, infinite) are OUT_OF_RANGE
 * because VAX cannot represent them.
 */
export function encodeDecFloat(value: number, bytes: Uint8Array, offset: number): void {
  const single = Math.fround(value);
  if (!Number.isFinite(single)) {
    throw new KinechainError('OUT_OF_RANGE', `${value} cannot be stored as a DEC float (DEC floats have no NaN or infinity)`, { value });
  }
  let high = 0;
  let low = 0;
  if (single !== 0) {
    const magnitude = Math.abs(single);
    let power = Math.floor(Math.log2(magnitude));
    let significand = magnitude / 2 ** power;
    // log2 can be off by one ulp near powers of two.
    if (significand >= 2) {
      significand /= 2;
      power++;
    } else if (significand < 1) {
      significand *= 2;
      power--;
    }
    const exponent = power + 129;
    if (exponent > 255) {
      throw new KinechainError('OUT_OF_RANGE', `${value} is too large for a DEC float (largest about 1.7e38)`, { value });
    }
    if (exponent >= 1) {
      // Single precision guarantees (significand - 1) * 2^23 is a whole number.
      const fraction = Math.round((significand - 1) * fractionScale);
      high = (single < 0 ? 0x8000 : 0) | (exponent << 7) | (fraction >>> 16);
      low = fraction & 0xffff;
    }
  }
  bytes[offset] = high & 0xff;
  bytes[offset + 1] = high >>> 8;
  bytes[offset + 2] = low & 0xff;
  bytes[offset + 3] = low >>> 8;
}
