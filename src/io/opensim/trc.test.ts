import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KinechainError } from '../../core/errors.js';
import { makeMarkerTrajectories, markerIndex, markerPosition } from '../table/marker-trajectories.js';
import { formatTrc, parseTrc, readTrcFile, writeTrcFile } from './trc.js';

const reference = fileURLToPath(new URL('../../../../shared/reference/opensim/gait10dof18musc/ExperimentalData/', import.meta.url));
const walkPath = join(reference, 'subject01_walk.trc');
const staticPath = join(reference, 'subject01_static.trc');

function caught(action: () => unknown): KinechainError {
  try {
    action();
  } catch (error) {
    if (error instanceof KinechainError) return error;
    throw error;
  }
  throw new Error('expected a KinechainError');
}

const header = (frames: number, markers: number, units = 'mm'): string =>
  `PathFileType\t4\t(X/Y/Z)\tsmall.trc\nDataRate\tCameraRate\tNumFrames\tNumMarkers\tUnits\n100\t100\t${frames}\t${markers}\t${units}\n`;

describe('reading the reference TRC files', () => {
  it('reads subject01_walk.trc: 41 markers, 151 frames at 60 Hz in mm, converted to m', async () => {
    const file = await readTrcFile(walkPath);
    const lines = (await readFile(walkPath, 'utf8')).split('\n');
    const markers = file.markers;
    expect(file.fileName).toBe('subject01_walk1.trc');
    expect(markers.markerNames).toHaveLength(41);
    expect(markers.time).toHaveLength(151);
    expect(markers.frameRate).toBe(60);
    expect(file.cameraRate).toBe(60);
    expect(markers.sourceUnit).toBe('mm');
    expect(file.header.get('Units')).toBe('mm');
    expect(file.header.get('OrigDataStartFrame')).toBe('1');
    expect(markers.markerNames.slice(0, 3)).toEqual(['R.ASIS', 'L.ASIS', 'V.Sacral']);
    // Every marker is seen in every frame of this trial.
    expect(markers.present.every((flag) => flag === 1)).toBe(true);
    // Lines 7, 80 and 157 (1-based) are frames 1, 74 and 151.
    for (const lineIndex of [6, 79, 156]) {
      const frame = lineIndex - 6;
      const cells = lines[lineIndex].split('\t');
      expect(markers.frameNumbers[frame]).toBe(Number(cells[0]));
      expect(markers.time[frame]).toBe(Number(cells[1]));
      for (let value = 0; value < 41 * 3; value++) {
        expect(markers.positions[frame * 41 * 3 + value]).toBeCloseTo(Number(cells[2 + value]) / 1000, 15);
      }
    }
    // The pelvis markers sit about 1 m above the floor (Y up).
    const position = new Float64Array(3);
    expect(markerPosition(markers, 0, markerIndex(markers, 'R.ASIS'), position)).toBe(true);
    expect(position[1]).toBeGreaterThan(0.9);
    expect(position[1]).toBeLessThan(1.2);
  });

  it('reads subject01_static.trc: 49 markers, 300 frames', async () => {
    const file = await readTrcFile(staticPath);
    expect(file.markers.markerNames).toHaveLength(49);
    expect(file.markers.time).toHaveLength(300);
  });

  it('writes the walk trial back with the same data lines', async () => {
    const text = await readFile(walkPath, 'utf8');
    const file = parseTrc(text);
    const written = formatTrc(file.markers, { fileName: 'subject01_walk1.trc' });
    const originalLines = text.split('\n');
    const writtenLines = written.split('\n');
    // The reference rows end with a stray tab; the values are what must agree.
    const trimmed = (lines: string[]): string[] => lines.map((line) => line.replace(/\t+$/, ''));
    expect(trimmed(writtenLines.slice(6))).toEqual(trimmed(originalLines.slice(6)));
    expect(writtenLines[0]).toBe(originalLines[0]);
    expect(trimmed(writtenLines.slice(3, 5))).toEqual(trimmed(originalLines.slice(3, 5)));
  });
});

describe('TRC missing markers, units and round trips', () => {
  let folder: string;
  beforeAll(async () => {
    folder = await mkdtemp(join(tmpdir(), 'kinechain-trc-'));
  });
  afterAll(async () => {
    await rm(folder, { recursive: true, force: true });
  });

  const withGaps =
    header(3, 2) +
    'Frame#\tTime\tHEEL\t\t\tTOE\t\t\n' +
    '\t\tX1\tY1\tZ1\tX2\tY2\tZ2\n' +
    '\n' +
    '1\t0.00\t1.5\t2.5\t3.5\t10\t20\t30\n' +
    '2\t0.01\t\t\t\t11\t21\t31\n' +
    '3\t0.02\t1.7\t2.7\t3.7\n';

  it('reads empty cells and short rows as missing markers (NaN, mask 0)', () => {
    const markers = parseTrc(withGaps).markers;
    expect(Array.from(markers.present)).toEqual([1, 1, 0, 1, 1, 0]);
    expect(Array.from(markers.positions.slice(0, 6))).toEqual([0.0015, 0.0025, 0.0035, 0.01, 0.02, 0.03]);
    expect(markers.positions.slice(6, 9).every(Number.isNaN)).toBe(true);
    expect(markers.positions.slice(15, 18).every(Number.isNaN)).toBe(true);
  });

  it('round-trips positions and the missing-marker mask through a file', async () => {
    const original = parseTrc(withGaps).markers;
    const path = join(folder, 'gaps.trc');
    await writeTrcFile(path, original);
    const back = (await readTrcFile(path)).markers;
    expect(back.markerNames).toEqual(original.markerNames);
    expect(Array.from(back.present)).toEqual(Array.from(original.present));
    expect(Array.from(back.time)).toEqual(Array.from(original.time));
    original.positions.forEach((value, index) => {
      if (Number.isNaN(value)) expect(Number.isNaN(back.positions[index])).toBe(true);
      else expect(back.positions[index]).toBeCloseTo(value, 12);
    });
  });

  it('converts cm and m to metres and writes in a chosen unit', () => {
    const body = 'Frame#\tTime\tA\t\t\n\t\tX1\tY1\tZ1\n1\t0\t1\t2\t3\n';
    expect(Array.from(parseTrc(header(1, 1, 'cm') + body).markers.positions)).toEqual([0.01, 0.02, 0.03]);
    const metres = parseTrc(header(1, 1, 'm') + body).markers;
    expect(Array.from(metres.positions)).toEqual([1, 2, 3]);
    const inMillimetres = formatTrc(metres, { units: 'mm', decimals: 3 });
    expect(inMillimetres).toContain('1\t0.000\t1000.000\t2000.000\t3000.000');
    expect(Array.from(parseTrc(inMillimetres).markers.positions)).toEqual([1, 2, 3]);
  });

  it('round-trips random trajectories with random gaps within the printed precision', () => {
    let seed = 12345;
    const random = (): number => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return seed / 2147483648;
    };
    const frames = 40;
    const names = ['C7', 'T10', 'R heel', 'L heel'];
    const positions = Array.from({ length: frames * names.length * 3 }, () => (random() - 0.5) * 3);
    for (let slot = 0; slot < frames * names.length; slot++) if (random() < 0.2) positions.fill(Number.NaN, slot * 3, slot * 3 + 3);
    const markers = makeMarkerTrajectories({ markerNames: names, time: Array.from({ length: frames }, (_, i) => i / 120), positions, frameRate: 120, sourceUnit: 'mm' });
    const back = parseTrc(formatTrc(markers)).markers;
    expect(back.markerNames).toEqual(names);
    expect(Array.from(back.present)).toEqual(Array.from(markers.present));
    markers.positions.forEach((value, index) => {
      if (Number.isNaN(value)) expect(Number.isNaN(back.positions[index])).toBe(true);
      // 6 decimals of mm: within 0.5e-6 mm = 5e-10 m.
      else expect(Math.abs(back.positions[index] - value)).toBeLessThanOrEqual(5.0001e-10);
    });
    back.time.forEach((value, index) => expect(Math.abs(value - markers.time[index])).toBeLessThanOrEqual(5e-7));
  });
});

describe('TRC errors', () => {
  const names = 'Frame#\tTime\tA\t\t\tB\t\t\n\t\tX1\tY1\tZ1\tX2\tY2\tZ2\n';

  it('names the line, column and marker of a bad cell', () => {
    const error = caught(() => parseTrc(`${header(1, 2)}${names}1\t0\t1\t2\t3\t4\tfive\t6\n`, { source: 'bad.trc' }));
    expect(error.code).toBe('MALFORMED_INPUT');
    expect(error.message).toContain('bad.trc: line 6, column 7 ("B Y")');
  });

  it('reports NumMarkers and NumFrames that disagree with the file', () => {
    expect(caught(() => parseTrc(`${header(1, 3)}${names}1\t0\t1\t2\t3\t4\t5\t6\n`)).message).toContain('NumMarkers 3');
    expect(caught(() => parseTrc(`${header(2, 2)}${names}1\t0\t1\t2\t3\t4\t5\t6\n`)).message).toContain('NumFrames 2');
  });

  it('rejects unknown units, a missing PathFileType and rows that are too long', () => {
    const unknownUnit = caught(() => parseTrc(`${header(1, 2, 'in')}${names}1\t0\t1\t2\t3\t4\t5\t6\n`));
    expect(unknownUnit.code).toBe('UNSUPPORTED');
    expect(unknownUnit.message).toContain('"in"');
    expect(caught(() => parseTrc(`Path\n${header(1, 2).split('\n').slice(1).join('\n')}${names}1\t0\n`)).message).toContain('PathFileType');
    expect(caught(() => parseTrc(`${header(1, 2)}${names}1\t0\t1\t2\t3\t4\t5\t6\t7\n`)).message).toContain('line 6');
  });

  it('suggests close marker names for an unknown one', () => {
    const markers = parseTrc(`${header(1, 2)}Frame#\tTime\tR.Heel\t\t\tL.Heel\t\t\n\t\tX1\tY1\tZ1\tX2\tY2\tZ2\n1\t0\t1\t2\t3\t4\t5\t6\n`).markers;
    const error = caught(() => markerIndex(markers, 'R.Heal'));
    expect(error.code).toBe('UNKNOWN_NAME');
    expect(error.message).toContain('did you mean "R.Heel"');
  });

  it('reports a missing file as FILE_NOT_FOUND', async () => {
    await expect(readTrcFile(join(tmpdir(), 'kinechain-no-such.trc'))).rejects.toMatchObject({ code: 'FILE_NOT_FOUND' });
  });
});
