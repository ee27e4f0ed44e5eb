import { describe, expect, it } from 'vitest';
import { KinechainError } from '../../core/errors.js';
import { frameCount, makeMarkerTrajectories, markerCount, markerIndex, markerPosition } from './marker-trajectories.js';

describe('MarkerTrajectories', () => {
  it('derives the presence mask from NaNs and lays positions out [frame][marker][xyz]', () => {
    const markers = makeMarkerTrajectories({
      markerNames: ['A', 'B'],
      time: [0, 0.5],
      positions: [1, 2, 3, Number.NaN, 5, 6, 7, 8, 9, 10, 11, 12],
      frameRate: 2,
    });
    expect(markerCount(markers)).toBe(2);
    expect(frameCount(markers)).toBe(2);
    expect(Array.from(markers.present)).toEqual([1, 0, 1, 1]);
    // A partly NaN marker is missing as a whole.
    expect(markers.positions.slice(3, 6).every(Number.isNaN)).toBe(true);
    const out = new Float64Array(3);
    expect(markerPosition(markers, 1, markerIndex(markers, 'B'), out)).toBe(true);
    expect(Array.from(out)).toEqual([10, 11, 12]);
    expect(markerPosition(markers, 0, 1, out)).toBe(false);
    expect(Array.from(markers.frameNumbers)).toEqual([1, 2]);
    expect(markers.sourceUnit).toBe('m');
  });

  it('blanks positions that an explicit mask marks missing', () => {
    const markers = makeMarkerTrajectories({ markerNames: ['A'], time: [0], positions: [1, 2, 3], present: new Uint8Array([0]), frameRate: 1 });
    expect(markers.positions.every(Number.isNaN)).toBe(true);
  });

  it('rejects wrong sizes, repeated names and a bad frame rate', () => {
    expect(() => makeMarkerTrajectories({ markerNames: ['A'], time: [0], positions: [1, 2], frameRate: 1 })).toThrow(/3 values/);
    expect(() => makeMarkerTrajectories({ markerNames: ['A', 'A'], time: [], positions: [], frameRate: 1 })).toThrow(/twice/);
    expect(() => makeMarkerTrajectories({ markerNames: [], time: [], positions: [], frameRate: 0 })).toThrow(KinechainError);
    expect(() => makeMarkerTrajectories({ markerNames: ['A'], time: [0], positions: [1, 2, 3], present: new Uint8Array(2), frameRate: 1 })).toThrow(/mask/);
  });

  it('suggests close marker names', () => {
    const markers = makeMarkerTrajectories({ markerNames: ['R.ASIS', 'L.ASIS'], time: [], positions: [], frameRate: 60 });
    expect(() => markerIndex(markers, 'R.ASI')).toThrow(/did you mean "R.ASIS"/);
  });
});
