import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { KinechainError } from '../../core/errors.js';
import { decodeDecFloat, encodeDecFloat } from './dec-float.js';

/** The same bits read as an IEEE single after swapping the two 16-bit words. */
function ieeeOfSwappedWords(bytes: Uint8Array): number {
  const swapped = new Uint8Array([bytes[2], bytes[3], bytes[0], bytes[1]]);
  return new DataView(swapped.buffer).getFloat32(0, true);
}

describe('DEC (VAX F) floats', () => {
  it('decodes the textbook encodings: 1.0 is 0x4080 0x0000, -2.5 is 0xC120 0x0000', () => {
    expect(decodeDecFloat(new Uint8Array([0x80, 0x40, 0, 0]), 0)).toBe(1);
    expect(decodeDecFloat(new Uint8Array([0x20, 0xc1, 0, 0]), 0)).toBe(-2.5);
    expect(decodeDecFloat(new Uint8Array([0, 0, 0, 0]), 0)).toBe(0);
    // Sign set with exponent 0 is VAX's "reserved operand".
    expect(Number.isNaN(decodeDecFloat(new Uint8Array([0, 0x80, 0, 0]), 0))).toBe(true);
  });

  it('equals the IEEE value of the word-swapped bits divided by 4 wherever both are normal', () => {
    fc.assert(
      fc.property(fc.integer({ min: 3, max: 254 }), fc.integer({ min: 0, max: 2 ** 23 - 1 }), fc.boolean(), (exponent, fraction, negative) => {
        const high = (negative ? 0x8000 : 0) | (exponent << 7) | (fraction >>> 16);
        const bytes = new Uint8Array([high & 0xff, high >>> 8, fraction & 0xff, (fraction >>> 8) & 0xff]);
        expect(decodeDecFloat(bytes, 0)).toBe(ieeeOfSwappedWords(bytes) / 4);
      }),
      { numRuns: 500 },
    );
  });

  it('encodes then decodes any single-precision value in range to itself', () => {
    fc.assert(
      fc.property(fc.float({ noNaN: true, noDefaultInfinity: true, min: Math.fround(-1e37), max: Math.fround(1e37) }), (value) => {
        const bytes = new Uint8Array(4);
        encodeDecFloat(value, bytes, 0);
        const back = decodeDecFloat(bytes, 0);
        // VAX has no denormals below 2^-128: those become 0.
        if (Math.abs(value) < 2 ** -128) expect(Math.abs(back)).toBeLessThan(2 ** -127);
        else expect(back).toBe(value);
      }),
      { numRuns: 1000 },
    );
  });

  it('refuses values VAX cannot hold', () => {
    const bytes = new Uint8Array(4);
    for (const value of [Number.NaN, Number.POSITIVE_INFINITY, 3e38]) {
      expect(() => encodeDecFloat(value, bytes, 0)).toThrow(KinechainError);
    }
  });
});
