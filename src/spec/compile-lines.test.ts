import { describe, expect, it } from 'vitest';
import { KinechainError } from '../core/errors.js';
import { makeLineData, maxTracksPerLine, LINE_SCRATCH_SLOTS } from '../core/model/make-line-data.js';
import { compile } from './compile.js';
import { threeTrackLine, threeTrackSpec } from '../../test/fixtures/three-track-line.js';

type LineInput = ReturnType<typeof threeTrackLine> & Record<string, unknown>;

function lineWith(changes: Record<string, unknown>): LineInput {
  return { ...threeTrackLine(), ...changes };
}

function compileError(lines: unknown[]): KinechainError {
  try {
    compile(threeTrackSpec({ lines }));
  } catch (error) {
    expect(error).toBeInstanceOf(KinechainError);
    return error as KinechainError;
  }
  throw new Error('compile accepted an invalid line');
}

describe('compileLines', () => {
  it('flattens lines into adr/num ranges with tissue and station indices', () => {
    const twoTrack = lineWith({
      name: 'second_line',
      tracks: [
        { tissue: 'upper_ligament', label: 'ligament' },
        { tissue: 'lower_fascia', label: 'fascia' },
      ],
      junctions: [(threeTrackLine().junctions as unknown[])[0]],
    });
    const model = compile(threeTrackSpec({ lines: [threeTrackLine(2500), twoTrack] }));
    expect(model.nline).toBe(2);
    expect(model.lineName).toEqual(['test_line', 'second_line']);
    expect(model.lineIndex.get('second_line')).toBe(1);
    expect(Array.from(model.lineTrackAdr)).toEqual([0, 3]);
    expect(Array.from(model.lineTrackNum)).toEqual([3, 2]);
    expect(Array.from(model.lineJunctionAdr)).toEqual([0, 2]);
    expect(model.ntrack).toBe(5);
    expect(model.njunction).toBe(3);
    const tissueNames = Array.from(model.trackTissue, (tissue) => model.tissueName[tissue]);
    expect(tissueNames).toEqual(['lower_fascia', 'middle_muscle', 'upper_ligament', 'upper_ligament', 'lower_fascia']);
    const stations = Array.from(model.junctionStation, (body) => model.bodyName[body]);
    expect(stations).toEqual(['thigh', 'trunk', 'thigh']);
    expect(model.junctionStationLabel[1]).toBe('hip station');
    expect(Array.from(model.junctionStiffness)).toEqual([2500, 2500, 1e4]);
    expect(Array.from(model.junctionStiffnessLow)).toEqual([25, 25, 100]);
    expect(Array.from(model.junctionStiffnessHigh)).toEqual([250000, 250000, 1e6]);
    expect(model.junctionEvidence).toEqual(['not-studied', 'not-studied', 'not-studied']);
    expect(model.lineFamily).toEqual(['test line', 'test line']);
    expect(model.lineSide).toEqual(['midline', 'midline']);
  });

  it('makes line data sized to the model, with scratch for the longest line', () => {
    const model = compile(threeTrackSpec());
    const data = makeLineData(model);
    expect(data.trackTension.length).toBe(3);
    expect(data.trackLength.length).toBe(3);
    expect(data.junctionDisplacement.length).toBe(2);
    expect(data.junctionAnchorageForce.length).toBe(2);
    expect(maxTracksPerLine(model)).toBe(3);
    expect(data.lineScratch.length).toBe(3 * LINE_SCRATCH_SLOTS);
    const empty = compile(threeTrackSpec({ lines: [] }));
    expect(empty.nline).toBe(0);
    expect(makeLineData(empty).lineScratch.length).toBe(0);
  });

  it('rejects an unknown track tissue, naming the line and the tissue', () => {
    const tracks = [...(threeTrackLine().tracks as { tissue: string; label: string }[])];
    tracks[1] = { tissue: 'middle_muscel', label: 'typo' };
    const error = compileError([lineWith({ tracks })]);
    expect(error.code).toBe('INVALID_SPEC');
    expect(error.message).toMatch(/line "test_line"/);
    expect(error.message).toMatch(/unknown tissue "middle_muscel"/);
    expect(error.message).toMatch(/did you mean "middle_muscle"/);
    expect(error.details).toMatchObject({ line: 'test_line', tissue: 'middle_muscel', reason: 'UNKNOWN_NAME' });
  });

  it('rejects an unknown station body, naming the line and the body', () => {
    const junctions = (threeTrackLine().junctions as Record<string, unknown>[]).map((junction) => ({ ...junction }));
    junctions[1].station = 'pelvis';
    const error = compileError([lineWith({ junctions })]);
    expect(error.code).toBe('INVALID_SPEC');
    expect(error.message).toMatch(/line "test_line" junction 2/);
    expect(error.message).toMatch(/unknown station body "pelvis"/);
    expect(error.details).toMatchObject({ line: 'test_line', body: 'pelvis', reason: 'UNKNOWN_NAME' });
  });

  it('rejects a junction count other than tracks - 1', () => {
    const junctions = threeTrackLine().junctions as unknown[];
    for (const wrong of [[], junctions.slice(0, 1), [...junctions, junctions[0]]]) {
      const error = compileError([lineWith({ junctions: wrong })]);
      expect(error.code).toBe('INVALID_SPEC');
      expect(error.message).toMatch(/line "test_line" has 3 tracks and \d junctions; it needs exactly 2 junctions/);
    }
  });

  it('rejects anchorage stiffness that is not ordered low <= nominal <= high', () => {
    const junctions = (threeTrackLine().junctions as Record<string, unknown>[]).map((junction) => ({ ...junction }));
    junctions[0].anchorageStiffnessNPerM = { nominal: 10, low: 100, high: 1000 };
    const error = compileError([lineWith({ junctions })]);
    expect(error.code).toBe('INVALID_SPEC');
    expect(error.message).toMatch(/line "test_line" junction 1 .*low <= nominal <= high/);
    junctions[0].anchorageStiffnessNPerM = { nominal: 2000, low: 100, high: 1000 };
    expect(compileError([lineWith({ junctions })]).message).toMatch(/low <= nominal <= high/);
  });

  it('rejects duplicate line names and lines without tracks', () => {
    expect(compileError([threeTrackLine(), threeTrackLine()]).message).toMatch(/duplicate line name "test_line"/);
    // The schema itself requires at least one track.
    expect(compileError([lineWith({ tracks: [], junctions: [] })]).code).toBe('INVALID_SPEC');
  });
});
