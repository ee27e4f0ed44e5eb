/**
 * compileLines(spec, skeleton, tissues) -> LineModel: the myofascial lines as flat arrays.
 *
 * Line l owns tracks [lineTrackAdr[l], lineTrackAdr[l] + lineTrackNum[l]) and junctions
 * [lineJunctionAdr[l], lineJunctionAdr[l] + lineTrackNum[l] - 1), in spec order (lower /
 * distal end first). Junction k of a line joins its track k (below) and track k + 1 (above).
 *
 * Every problem is reported as KinechainError('INVALID_SPEC') naming the line and the
 * track, junction, tissue or body at fault, with a fix.
 */
import { KinechainError } from '../core/errors.js';
import { didYouMean } from '../core/math/edit-distance.js';
import type { LineModel, SkeletonModel, TissueModel } from '../core/model/model.js';
import type { LineSpec, ModelSpec } from './schema.js';

function invalid(message: string, details?: Record<string, unknown>): KinechainError {
  return new KinechainError('INVALID_SPEC', message, details);
}

function checkStiffness(line: LineSpec, junction: number, stiffness: { nominal: number; low: number; high: number }): void {
  const where = `line "${line.name}" junction ${junction + 1} (${line.junctions[junction].stationLabel})`;
  for (const key of ['nominal', 'low', 'high'] as const) {
    const value = stiffness[key];
    if (typeof value !== 'number' || Number.isNaN(value) || value < 0) {
      throw invalid(`${where}: anchorage stiffness ${key} must be a number >= 0 (N/m), got ${String(value)}`, {
        line: line.name,
        junction,
      });
    }
  }
  if (!(stiffness.low <= stiffness.nominal && stiffness.nominal <= stiffness.high)) {
    throw invalid(
      `${where}: anchorage stiffness must satisfy low <= nominal <= high, got low ${stiffness.low}, ` +
        `nominal ${stiffness.nominal}, high ${stiffness.high} (N/m); reorder the three values`,
      { line: line.name, junction, ...stiffness },
    );
  }
}

export function compileLines(spec: ModelSpec, skeleton: SkeletonModel, tissues: TissueModel): LineModel {
  const lines = spec.lines;
  const nline = lines.length;
  const lineIndex = new Map<string, number>();
  let ntrack = 0;
  let njunction = 0;

  lines.forEach((line, l) => {
    if (lineIndex.has(line.name)) throw invalid(`duplicate line name "${line.name}"; line names must be unique`);
    lineIndex.set(line.name, l);
    if (line.tracks.length === 0) {
      throw invalid(`line "${line.name}" has no tracks; give it at least one tissue track`, { line: line.name });
    }
    if (line.junctions.length !== line.tracks.length - 1) {
      throw invalid(
        `line "${line.name}" has ${line.tracks.length} tracks and ${line.junctions.length} junctions; ` +
          `it needs exactly ${line.tracks.length - 1} junctions (one between each pair of consecutive tracks)`,
        { line: line.name, tracks: line.tracks.length, junctions: line.junctions.length },
      );
    }
    ntrack += line.tracks.length;
    njunction += line.junctions.length;
  });

  const lineTrackAdr = new Int32Array(nline);
  const lineTrackNum = new Int32Array(nline);
  const lineJunctionAdr = new Int32Array(nline);
  const trackTissue = new Int32Array(ntrack);
  const trackLabel: string[] = [];
  const junctionStation = new Int32Array(njunction);
  const junctionStationLabel: string[] = [];
  const junctionEvidence: string[] = [];
  const junctionStudies = new Int32Array(njunction);
  const junctionForceTransmission: string[] = [];
  const junctionStiffness = new Float64Array(njunction);
  const junctionStiffnessLow = new Float64Array(njunction);
  const junctionStiffnessHigh = new Float64Array(njunction);

  let track = 0;
  let junction = 0;
  lines.forEach((line, l) => {
    lineTrackAdr[l] = track;
    lineTrackNum[l] = line.tracks.length;
    lineJunctionAdr[l] = junction;
    line.tracks.forEach((entry, k) => {
      const tissue = tissues.tissueIndex.get(entry.tissue);
      if (tissue === undefined) {
        throw invalid(
          `line "${line.name}" track ${k + 1} (${entry.label}) names unknown tissue "${entry.tissue}"` +
            `${didYouMean(entry.tissue, tissues.tissueName)}; use the name of a tissue of the model`,
          { line: line.name, track: k, tissue: entry.tissue, reason: 'UNKNOWN_NAME' },
        );
      }
      trackTissue[track] = tissue;
      trackLabel.push(entry.label);
      track++;
    });
    line.junctions.forEach((entry, k) => {
      const station = skeleton.bodyIndex.get(entry.station);
      if (station === undefined) {
        throw invalid(
          `line "${line.name}" junction ${k + 1} (${entry.stationLabel}) is on unknown station body "${entry.station}"` +
            `${didYouMean(entry.station, skeleton.bodyName)}; use the name of a body of the model`,
          { line: line.name, junction: k, body: entry.station, reason: 'UNKNOWN_NAME' },
        );
      }
      checkStiffness(line, k, entry.anchorageStiffnessNPerM);
      junctionStation[junction] = station;
      junctionStationLabel.push(entry.stationLabel);
      junctionEvidence.push(entry.evidence);
      junctionStudies[junction] = entry.studies;
      junctionForceTransmission.push(entry.forceTransmission);
      junctionStiffness[junction] = entry.anchorageStiffnessNPerM.nominal;
      junctionStiffnessLow[junction] = entry.anchorageStiffnessNPerM.low;
      junctionStiffnessHigh[junction] = entry.anchorageStiffnessNPerM.high;
      junction++;
    });
  });

  return {
    nline,
    lineName: lines.map((line) => line.name),
    lineIndex,
    lineFamily: lines.map((line) => line.family),
    lineSide: lines.map((line) => line.side),
    lineSource: lines.map((line) => line.source),
    lineTrackAdr,
    lineTrackNum,
    lineJunctionAdr,
    ntrack,
    trackTissue,
    trackLabel,
    njunction,
    junctionStation,
    junctionStationLabel,
    junctionEvidence,
    junctionStudies,
    junctionForceTransmission,
    junctionStiffness,
    junctionStiffnessLow,
    junctionStiffnessHigh,
  };
}
