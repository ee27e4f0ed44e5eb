/**
 * Bounds-checked access to the bytes of a C3D file in the byte order and float format of
 * the processor that wrote it. Every read checks the buffer's end first and throws
 * MALFORMED_INPUT naming the byte offset, so a damaged file can never make the reader
 * read past the buffer or fail with anything but a KinechainError.
 */
import { KinechainError } from '../../core/errors.js';
import { decodeDecFloat, encodeDecFloat } from './dec-float.js';

/** Processor types of the parameter section's 4th byte: 84 Intel, 85 DEC, 86 SGI/MIPS. */
export type C3dProcessor = 'intel' | 'dec' | 'mips';

export const processorCodes: Readonly<Record<C3dProcessor, number>> = { intel: 84, dec: 85, mips: 86 };

export function processorFromCode(code: number, offset: number): C3dProcessor {
  switch (code) {
    case 84:
      return 'intel';
    case 85:
      return 'dec';
    case 86:
      return 'mips';
    default:
      throw new KinechainError(
        'UNSUPPORTED',
        `C3D processor type ${code} (byte at offset ${offset}) is not one of 84 (Intel), 85 (DEC), 86 (SGI/MIPS); the file may be damaged or not a C3D file`,
        { processorType: code, offset },
      );
  }
}

export class C3dByteReader {
  readonly bytes: Uint8Array;
  readonly processor: C3dProcessor;
  private readonly view: DataView;
  private readonly littleEndian: boolean;

  constructor(bytes: Uint8Array, processor: C3dProcessor) {
    this.bytes = bytes;
    this.processor = processor;
    this.view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    // DEC stores integers little-endian like Intel; only SGI/MIPS is big-endian.
    this.littleEndian = processor !== 'mips';
  }

  get length(): number {
    return this.bytes.length;
  }

  /** Throws MALFORMED_INPUT unless bytes [offset, offset + size) lie inside the file. */
  require(offset: number, size: number, what: string): void {
    if (!Number.isSafeInteger(offset) || !Number.isSafeInteger(size) || offset < 0 || size < 0 || offset + size > this.bytes.length) {
      throw new KinechainError(
        'MALFORMED_INPUT',
        `C3D file ends before ${what}: needs ${size} byte(s) at offset ${offset} but the file has ${this.bytes.length}; the file is truncated or damaged`,
        { offset, size, fileLength: this.bytes.length, what },
      );
    }
  }

  uint8(offset: number, what: string): number {
    this.require(offset, 1, what);
    return this.bytes[offset];
  }

  int8(offset: number, what: string): number {
    this.require(offset, 1, what);
    return this.view.getInt8(offset);
  }

  int16(offset: number, what: string): number {
    this.require(offset, 2, what);
    return this.view.getInt16(offset, this.littleEndian);
  }

  uint16(offset: number, what: string): number {
    this.require(offset, 2, what);
    return this.view.getUint16(offset, this.littleEndian);
  }

  float32(offset: number, what: string): number {
    this.require(offset, 4, what);
    return this.float32Unchecked(offset);
  }

  /** Text of `length` bytes as Latin-1 (C3D text is ASCII), trailing blanks and NULs removed. */
  text(offset: number, length: number, what: string): string {
    this.require(offset, length, what);
    let text = '';
    for (let index = 0; index < length; index++) text += String.fromCharCode(this.bytes[offset + index]);
    return text.replace(/[\s\0]+$/, '');
  }

  // The unchecked reads serve the data section, whose whole extent is checked once
  // before the loops over frames.
  int16Unchecked(offset: number): number {
    return this.view.getInt16(offset, this.littleEndian);
  }

  uint16Unchecked(offset: number): number {
    return this.view.getUint16(offset, this.littleEndian);
  }

  float32Unchecked(offset: number): number {
    if (this.processor === 'dec') return decodeDecFloat(this.bytes, offset);
    return this.view.getFloat32(offset, this.littleEndian);
  }
}

/** Writes numbers into a C3D image in the byte order and float format of a processor. */
export class C3dByteWriter {
  readonly bytes: Uint8Array;
  readonly processor: C3dProcessor;
  private readonly view: DataView;
  private readonly littleEndian: boolean;

  constructor(length: number, processor: C3dProcessor) {
    this.bytes = new Uint8Array(length);
    this.processor = processor;
    this.view = new DataView(this.bytes.buffer);
    this.littleEndian = processor !== 'mips';
  }

  uint8(offset: number, value: number): void {
    this.bytes[offset] = value & 0xff;
  }

  int8(offset: number, value: number): void {
    this.view.setInt8(offset, value);
  }

  int16(offset: number, value: number): void {
    this.view.setInt16(offset, value, this.littleEndian);
  }

  uint16(offset: number, value: number): void {
    this.view.setUint16(offset, value, this.littleEndian);
  }

  float32(offset: number, value: number): void {
    if (this.processor === 'dec') encodeDecFloat(value, this.bytes, offset);
    else this.view.setFloat32(offset, value, this.littleEndian);
  }

  /** ASCII text padded with blanks to `length` bytes. */
  text(offset: number, text: string, length: number): void {
    for (let index = 0; index < length; index++) this.bytes[offset + index] = index < text.length ? text.charCodeAt(index) & 0xff : 0x20;
  }
}
