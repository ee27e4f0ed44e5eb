/**
 * makeLineData(model) -> the myofascial-line part of Data: track tensions and lengths,
 * junction slides and anchorage forces, and the continuity solver's scratch. Allocated
 * once; solveLineContinuity and solveChainTension only write into these buffers.
 */
import type { LineData, LineModel } from './model.js';

/** Scratch slots per track of the longest line (see core/tissues/continuity.ts for their use). */
export const LINE_SCRATCH_SLOTS = 8;

/** Number of tracks of the longest line (0 for a model without lines). */
export function maxTracksPerLine(model: LineModel): number {
  let longest = 0;
  for (let line = 0; line < model.nline; line++) longest = Math.max(longest, model.lineTrackNum[line]);
  return longest;
}

export function makeLineData(model: LineModel): LineData {
  return {
    trackTension: new Float64Array(model.ntrack),
    trackLength: new Float64Array(model.ntrack),
    junctionDisplacement: new Float64Array(model.njunction),
    junctionAnchorageForce: new Float64Array(model.njunction),
    lineScratch: new Float64Array(maxTracksPerLine(model) * LINE_SCRATCH_SLOTS),
  };
}
