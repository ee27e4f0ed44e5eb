import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { footwearToJson, parseFootwearJson, readFootwearFile, writeFootwearFile } from './footwear-file.js';
import { FOOTWEAR_CATALOGUE } from '../library/footwear.js';
import { KinechainError } from '../core/errors.js';

let folder = '';
beforeAll(async () => {
  folder = await mkdtemp(join(tmpdir(), 'kinechain-footwear-'));
});
afterAll(async () => {
  await rm(folder, { recursive: true, force: true });
});

function failure(text: string): KinechainError {
  try {
    parseFootwearJson(text, 'my-sole.json');
  } catch (error) {
    if (error instanceof KinechainError) return error;
    throw error;
  }
  throw new Error('expected a failure');
}

describe('footwear files', () => {
  it('writes and reads back every catalogue design unchanged', async () => {
    for (const design of Object.values(FOOTWEAR_CATALOGUE)) {
      const path = join(folder, `${design.name}.json`);
      await writeFootwearFile(path, design);
      expect(await readFootwearFile(path)).toEqual(design);
    }
  });

  it('malformed JSON is MALFORMED_INPUT with the line and column of the fault', () => {
    const error = failure('{\n  "name": "x",\n  "layers": [,]\n}');
    expect(error.code).toBe('MALFORMED_INPUT');
    expect(error.message).toMatch(/my-sole\.json is not valid JSON/);
    expect(error.message).toMatch(/line 3, column 14/);
    expect(failure('').message).toMatch(/is empty/);
    expect(failure('[1, 2]').message).toMatch(/one JSON object.*not an array/);
    expect(failure('null').code).toBe('MALFORMED_INPUT');
  });

  it('unknown fields and out-of-range values are named', () => {
    const design = JSON.parse(footwearToJson(FOOTWEAR_CATALOGUE['flat-shoe']));
    const unknown = failure(JSON.stringify({ ...design, archSuport: { heightM: 0.01 } }));
    expect(unknown.code).toBe('INVALID_SPEC');
    expect(unknown.message).toContain('my-sole.json');
    expect(unknown.message).toContain('unknown field "archSuport"');
    design.layers[1].material.compressiveModulusPa = 5;
    const range = failure(JSON.stringify(design));
    expect(range.code).toBe('OUT_OF_RANGE');
    expect(range.message).toContain('layers[1].material.compressiveModulusPa = 5 is out of range: must be at least 10000');
  });

  it('a missing file or a folder is reported as such', async () => {
    await expect(readFootwearFile(join(folder, 'none.json'))).rejects.toMatchObject({ code: 'FILE_NOT_FOUND' });
    await expect(readFootwearFile(folder)).rejects.toMatchObject({ code: 'MALFORMED_INPUT' });
    const path = join(folder, 'bom.json');
    await writeFile(path, `\ufeff${footwearToJson(FOOTWEAR_CATALOGUE.barefoot)}`);
    expect((await readFootwearFile(path)).name).toBe('barefoot');
  });
});

describe('jsonErrorOffset', () => {
  it('agrees with JSON.parse on what is valid, and points at the first fault', async () => {
    const { jsonErrorOffset } = await import('./footwear-file.js');
    const valid = ['{}', '[]', ' {"a": [1, -2.5e3, true, false, null, "x\\n\\u00e9"]} ', '"s"', '0'];
    for (const text of valid) {
      expect(() => JSON.parse(text)).not.toThrow();
      expect(jsonErrorOffset(text)).toBe(-1);
    }
    const faults: [string, number][] = [
      ['{"a": 1,}', 8],
      ['{"a" 1}', 5],
      ['[1 2]', 3],
      ['{"a": 01}', 7],
      ['{"a": "b', 8],
      ['{"a": tru}', 6],
      ['{} x', 3],
      ['', 0],
    ];
    for (const [text, offset] of faults) {
      expect(() => JSON.parse(text)).toThrow();
      expect(jsonErrorOffset(text)).toBe(offset);
    }
  });
});
