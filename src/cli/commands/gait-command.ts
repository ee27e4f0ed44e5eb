/**
 * `kinechain gait --setup SETUP.xml` or `kinechain gait --model M.osim --coordinates C.mot
 * --external-loads E.xml [--actuators F.xml] [--json] [--results-dir DIR]`: the kinetic
 * chain over a walking trial — inverse dynamics and static optimisation of the imported
 * model, its muscles read as the default body's tissues and lines, and the default body
 * driven by the trial (line tensions, plantar fascia, L5/S1), with peaks and their timing
 * in the gait cycle.
 *
 * stdout: tables (or the whole analysis as JSON with --json); with --results-dir, also
 * gait.json and two storage files of the time series (gait_default_body.sto,
 * gait_imported_muscles.sto). stderr: warnings.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { gaitAnalysis, type GaitAnalysis, type GaitPeak, type GaitSeries } from '../../app/gait.js';
import { KinechainError } from '../../core/errors.js';
import { writeStorageFile } from '../../io/opensim/storage.js';
import { makeTimeSeriesTable } from '../../io/table/time-series-table.js';
import { fixed, heading, paragraph, renderTable } from '../format/table.js';

export interface GaitCommandOptions {
  readonly setupPath?: string;
  readonly modelPath?: string;
  readonly coordinatesPath?: string;
  readonly externalLoadsPath?: string;
  readonly actuatorsPaths?: readonly string[];
  readonly lowpassCutoffHz?: number;
  readonly trunk?: 'trial' | 'reference';
  readonly json: boolean;
  readonly resultsDir?: string;
  readonly ignoreUnsupportedWrapping: boolean;
  readonly freezePathPoints: boolean;
  readonly onProgress?: (done: number, total: number) => void;
}

export interface GaitCommandOutput {
  readonly text: string;
  readonly warnings: readonly string[];
  readonly analysis: GaitAnalysis;
  /** Files written with --results-dir. */
  readonly files: readonly string[];
}

export async function gaitCommand(options: GaitCommandOptions): Promise<GaitCommandOutput> {
  if (options.resultsDir !== undefined && options.resultsDir.trim() === '') {
    throw new KinechainError('MALFORMED_INPUT', 'give --results-dir a folder, e.g. --results-dir gait-results');
  }
  const analysis = await gaitAnalysis({
    setupPath: options.setupPath,
    modelPath: options.modelPath,
    coordinatesPath: options.coordinatesPath,
    externalLoadsPath: options.externalLoadsPath,
    actuatorsPaths: options.actuatorsPaths,
    lowpassCutoffHz: options.lowpassCutoffHz,
    trunk: options.trunk,
    approximations: { ignoreUnsupportedWrapping: options.ignoreUnsupportedWrapping, freezePathPointsAtDefaultPose: options.freezePathPoints },
    onProgress: options.onProgress,
  });
  const files = options.resultsDir === undefined ? [] : await writeGaitResults(analysis, options.resultsDir);
  const text = options.json ? `${JSON.stringify(analysis, null, 2)}\n` : renderGaitAnalysis(analysis, files);
  const warnings = analysis.warnings.map((warning) => `warning: ${warning}`);
  if (analysis.importedModel.infeasibleFrames > 0) {
    warnings.push(`warning: static optimisation of the imported model left part of the generalised forces unmet at ${analysis.importedModel.infeasibleFrames} frames`);
  }
  if (analysis.defaultBody.unconvergedLineFrames > 0) {
    warnings.push(`warning: the line continuity solve did not converge at ${analysis.defaultBody.unconvergedLineFrames} frames`);
  }
  return { text, warnings, analysis, files };
}

/** Writes gait.json and the time series as OpenSim storage files; returns the paths. */
export async function writeGaitResults(analysis: GaitAnalysis, folder: string): Promise<string[]> {
  const directory = resolve(folder);
  try {
    await mkdir(directory, { recursive: true });
  } catch (error) {
    throw new KinechainError('MALFORMED_INPUT', `cannot create the results folder ${directory}: ${(error as Error).message}; give --results-dir a folder that can be written`);
  }
  const time = Float64Array.from(analysis.timeS);
  const body = analysis.defaultBody;
  const labels: string[] = [];
  const columns: Float64Array[] = [];
  const add = (label: string, values: readonly number[]) => {
    labels.push(label);
    columns.push(Float64Array.from(values));
  };
  add('plantar_fascia_r', body.plantarFasciaN.r.values);
  add('plantar_fascia_l', body.plantarFasciaN.l.values);
  add('l5s1_compression', body.l5s1CompressionN.values);
  add('l5s1_anterior_shear', body.l5s1AnteriorShearN.values);
  add('achilles_tendon_r', body.achillesN.r.values);
  add('achilles_tendon_l', body.achillesN.l.values);
  for (const line of body.lines) for (const track of line.tracks) if (track.tensionN !== null) add(`${line.line}/${track.tissue}`, track.tensionN.values);
  const bodyPath = resolve(directory, 'gait_default_body.sto');
  await writeStorageFile(bodyPath, makeTimeSeriesTable({ time, labels, columns }), { name: 'kinechain gait: default body (N; model predictions)', inDegrees: false });
  const muscles = analysis.importedModel.muscles;
  const musclePath = resolve(directory, 'gait_imported_muscles.sto');
  await writeStorageFile(
    musclePath,
    makeTimeSeriesTable({ time, labels: [...muscles], columns: muscles.map((muscle) => Float64Array.from(analysis.importedModel.muscleForceN[muscle].values)) }),
    { name: 'kinechain gait: imported model muscle forces (N)', inDegrees: false },
  );
  const jsonPath = resolve(directory, 'gait.json');
  await writeFile(jsonPath, `${JSON.stringify(analysis, null, 2)}\n`);
  return [jsonPath, bodyPath, musclePath];
}

function when(peak: GaitPeak): string {
  return `${fixed(peak.timeS, 3)} s${peak.cyclePercent === null ? '' : ` (${fixed(peak.cyclePercent, 0)}% cycle)`}`;
}

function peakRow(quantity: string, model: string, series: GaitSeries | null, bodyWeightN: number): string[] {
  if (series === null) return [quantity, model, 'not represented', '', ''];
  return [quantity, model, `${fixed(series.peak.value, 0)} N`, fixed(series.peak.value / bodyWeightN, 2), when(series.peak)];
}

export function renderGaitAnalysis(analysis: GaitAnalysis, files: readonly string[] = []): string {
  const { gaitCycle, importedModel, defaultBody } = analysis;
  const t = analysis.timeS;
  let text = `Gait analysis: ${analysis.sources.setup ?? analysis.sources.coordinates}\n`;
  text += `model ${importedModel.name} (${analysis.sources.model}), ${t.length} frames ${fixed(t[0], 3)} .. ${fixed(t[t.length - 1], 3)} s, ` +
    `coordinates filtered at ${analysis.sources.lowpassCutoffHz} Hz; body weight ${fixed(analysis.bodyWeightN, 0)} N\n`;
  const intervals = (list: readonly { startS: number; endS: number }[]) => list.map((s) => `${fixed(s.startS, 2)}-${fixed(s.endS, 2)}`).join(', ') || 'none';
  text += `stance (vertical force > ${gaitCycle.stanceThresholdN} N): right ${intervals(gaitCycle.stance.r)} s; left ${intervals(gaitCycle.stance.l)} s\n`;
  text += gaitCycle.cycleS === null
    ? 'no complete gait cycle (two right heel strikes) in the trial: peaks are timed in seconds only\n'
    : `gait cycle: right heel strike ${fixed(gaitCycle.cycleS[0], 3)} s to ${fixed(gaitCycle.cycleS[1], 3)} s\n`;

  text += heading('Peaks over the trial (BW = body weights)');
  const bw = analysis.bodyWeightN;
  const rows: string[][] = [
    peakRow('plantar fascia r', 'default body', defaultBody.plantarFasciaN.r, bw),
    peakRow('plantar fascia l', 'default body', defaultBody.plantarFasciaN.l, bw),
    ['plantar fascia', importedModel.name, 'not represented', '', ''],
    peakRow('L5/S1 compression', 'default body', defaultBody.l5s1CompressionN, bw),
    peakRow('L5/S1 anterior shear', 'default body', defaultBody.l5s1AnteriorShearN, bw),
    ['L5/S1', importedModel.name, 'not available', '', ''],
    peakRow('Achilles r', 'default body', defaultBody.achillesN.r, bw),
    peakRow('Achilles r', importedModel.name, importedModel.regions.achillesN.r, bw),
    peakRow('Achilles l', 'default body', defaultBody.achillesN.l, bw),
    peakRow('Achilles l', importedModel.name, importedModel.regions.achillesN.l, bw),
    peakRow('hamstrings r', 'default body', defaultBody.hamstringsN.r, bw),
    peakRow('hamstrings r', importedModel.name, importedModel.regions.hamstringsN.r, bw),
    peakRow('hamstrings l', 'default body', defaultBody.hamstringsN.l, bw),
    peakRow('hamstrings l', importedModel.name, importedModel.regions.hamstringsN.l, bw),
  ];
  text += renderTable({ head: ['quantity', 'model', 'peak', 'BW', 'when'], align: ['left', 'left', 'right', 'right', 'left'] }, rows);
  const published = defaultBody.plantarFasciaPeakBW.published;
  text += paragraph(
    `At the L5/S1 compression peak the largest tensions crossing L5/S1 are: ` +
      `${defaultBody.l5s1PeakTissues.map((entry) => `${entry.tissue} ${fixed(entry.tensionN, 0)} N`).join(', ')}.`,
  );
  text += paragraph(
    `Published plantar fascia peak in walking: ${published.value} BW (range ${published.range[0]}-${published.range[1]}; ${published.source}). ` +
      `L5/S1 of ${importedModel.name}: ${importedModel.regions.l5s1.reason}.`,
  );

  text += heading(`Myofascial lines: peak track tension (default body; ${importedModel.name} muscles mapped by name and role)`);
  const lineRows: string[][] = [];
  defaultBody.lines.forEach((line, l) => {
    const imported = importedModel.lines[l];
    line.tracks.forEach((track, k) => {
      const mapped = imported.tracks[k];
      const importedText =
        mapped.tensionN === null
          ? 'not represented'
          : `${fixed(mapped.tensionN.peak.value, 0)} N ${when(mapped.tensionN.peak)} [${(mapped.opensimMuscles ?? []).join('+')}${mapped.lumped === true ? ', lumped group' : ''}]`;
      lineRows.push([k === 0 ? line.line : '', track.tissue, track.tensionN === null ? '' : `${fixed(track.tensionN.peak.value, 0)} N ${when(track.tensionN.peak)}`, importedText]);
    });
  });
  text += renderTable({ head: ['line', 'track', 'default body', importedModel.name], align: ['left', 'left', 'right', 'left'] }, lineRows);

  text += heading(`Muscles of ${importedModel.name}: peak force and the default-body tissues they stand for`);
  const standsFor = new Map<string, string[]>();
  for (const entry of importedModel.mapping.tissues) for (const muscle of entry.opensimMuscles) standsFor.set(muscle, [...(standsFor.get(muscle) ?? []), entry.tissue]);
  const unmapped = new Map(importedModel.mapping.unmappedMuscles.map((entry) => [entry.muscle, entry.reason]));
  text += renderTable(
    { head: ['muscle', 'peak', 'when', 'default body'], align: ['left', 'right', 'left', 'left'], maxWidths: [null, null, null, 70] },
    importedModel.muscles.map((muscle) => {
      const series = importedModel.muscleForceN[muscle];
      return [muscle, `${fixed(series.peak.value, 0)} N`, when(series.peak), standsFor.get(muscle)?.join(', ') ?? `not mapped: ${unmapped.get(muscle) ?? ''}`];
    }),
  );

  text += heading('Balance');
  const residual = Math.max(...importedModel.maxEquationResidual);
  text += `imported model: static optimisation equations met to ${residual.toExponential(1)} at every frame` +
    `${importedModel.infeasibleFrames > 0 ? ` except ${importedModel.infeasibleFrames} infeasible frames` : ''}; reserves and residuals (peak):\n`;
  text += renderTable(
    { head: ['coordinate', 'peak actuator force', 'when'], align: ['left', 'right', 'left'] },
    Object.entries(importedModel.actuatorForce).map(([name, series]) => [name, fixed(series.peak.value, 2), when(series.peak)]),
  );
  text += `default body: pelvis residual up to ${fixed(defaultBody.maxResidual.peak.value, 0)} (N or N m), joint reserves up to ${fixed(defaultBody.maxReserveNm.peak.value, 2)} N m; ` +
    `subject ${fixed(defaultBody.subject.heightM, 3)} m, ${fixed(defaultBody.subject.massKg, 1)} kg (${defaultBody.subject.basis})\n`;

  text += heading('Notes');
  for (const note of [...defaultBody.notes, ...importedModel.notes, ...analysis.approximations]) text += paragraph(`- ${note}`);
  if (files.length > 0) text += `\nwrote ${files.join(', ')}\n`;
  return text;
}
