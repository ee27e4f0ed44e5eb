/**
 * `kinechain stance --footwear NAME|FILE [--impairment NAME[:SIDE][=SEVERITY]]... [--json]`:
 * the stance phase of walking on one sole design: peak plantar pressure per region, plantar
 * fascia force and strain, first MTP dorsiflexion, Achilles force, joint moments and L5/S1
 * compression, with their timing, and the main curves every 10% of stance.
 *
 * NAME is a design of the catalogue (`kinechain footwear list`); anything else that names
 * an existing file, ends in .json or contains a path separator is read as a footwear file
 * (spec/footwear-schema.ts). Files are read here; the use-case gets the design object.
 */
import { existsSync } from 'node:fs';
import {
  footwearCatalog,
  stanceAnalysis,
  STANCE_PRESSURE_REGIONS,
  PRESSURE_REGION_LABELS,
  type FootwearChoice,
  type StanceAnalysis,
  type SubjectInput,
} from '../../app/index.js';
import { readFootwearFile } from '../../io/footwear-file.js';
import { fixed, heading, paragraph, renderTable } from '../format/table.js';
import { renderModifiers } from './posture-command.js';

/** A footwear argument as the use-case takes it: a catalogue name, or the design read from a file. */
export async function readFootwearArgument(argument: string): Promise<FootwearChoice> {
  const name = argument.trim();
  if (footwearCatalog().some((entry) => entry.name === name)) return name;
  const looksLikeFile = existsSync(argument) || /\.json$/i.test(name) || /[\\/]/.test(name);
  // A file's design is passed on as a document; the use-case validates it again (cheap, and the same for every front end).
  if (looksLikeFile) return (await readFootwearFile(argument)) as unknown as FootwearChoice;
  return name;
}

export interface StanceCommandOptions {
  readonly footwear: FootwearChoice;
  readonly impairments?: readonly string[];
  readonly json: boolean;
  readonly subject?: SubjectInput;
}

export interface StanceCommandOutput {
  readonly text: string;
  readonly warnings: readonly string[];
}

/** Largest contact residual (N) below which the stance solve is taken as exact. */
const RESIDUAL_WARNING_N = 1e-3;

export function stanceCommand(options: StanceCommandOptions): StanceCommandOutput {
  const analysis = stanceAnalysis({ footwear: options.footwear, impairments: options.impairments, subject: options.subject });
  const text = options.json ? `${JSON.stringify(analysis, null, 2)}\n` : renderStanceAnalysis(analysis);
  const warnings: string[] = [];
  if (analysis.summary.maxVerticalForceResidualN > RESIDUAL_WARNING_N) {
    warnings.push(
      `warning: the plantar contact missed the trial's vertical force by up to ${fixed(analysis.summary.maxVerticalForceResidualN, 3)} N; read the pressures with care`,
    );
  }
  return { text, warnings };
}

/** The value of `series` at the instant nearest `percent` of stance. */
function at(analysis: StanceAnalysis, series: readonly number[], percent: number): number {
  const stance = analysis.timeSeries.stancePercent;
  let best = 0;
  for (let i = 1; i < stance.length; i++) if (Math.abs(stance[i] - percent) < Math.abs(stance[best] - percent)) best = i;
  return series[best];
}

export function renderStanceAnalysis(analysis: StanceAnalysis): string {
  const subject = analysis.subject;
  const footwear = analysis.footwear;
  let text =
    `Stance phase of walking on ${footwear.name}${footwear.fromCatalogue ? '' : ' (from a design file)'}: ${footwear.description}\n` +
    `${subject.sex}, ${fixed(subject.heightM, 2)} m, ${fixed(subject.massKg, 1)} kg (body weight ${fixed(analysis.bodyWeightN, 1)} N = 1 BW); ` +
    `${analysis.instants} instants from heel strike to toe-off\n`;
  text += renderModifiers('Impairments', analysis.impairments);

  const summary = analysis.summary;
  text += heading('Peak plantar pressure');
  text += renderTable(
    { head: ['region', 'peak (kPa)', 'at (% stance)'], align: ['left', 'right', 'right'] },
    STANCE_PRESSURE_REGIONS.map((region) => [
      PRESSURE_REGION_LABELS[region],
      fixed(summary.peakPressureKPa[region], 0),
      fixed(summary.peakPressureTimingPercent[region], 0),
    ]),
  );

  text += heading('Peak loads');
  text += renderTable(
    { head: ['load', 'peak', 'unit', 'at (% stance)'], align: ['left', 'right', 'left', 'right'] },
    [
      ['plantar fascia force', fixed(summary.plantarFasciaPeakForceBW, 3), 'BW', fixed(summary.plantarFasciaPeakForceTimingPercent, 0)],
      ['plantar fascia strain', fixed(100 * summary.plantarFasciaPeakStrain, 2), '%', ''],
      ['first MTP dorsiflexion', fixed(summary.mtp1PeakDorsiflexionDeg, 1), 'deg', fixed(summary.mtp1PeakDorsiflexionTimingPercent, 0)],
      ['first MTP dorsiflexion, foot loaded >= 0.5 BW', fixed(summary.mtp1PeakLoadedDorsiflexionDeg, 1), 'deg', ''],
      ['Achilles tendon force', fixed(summary.achillesPeakForceBW, 2), 'BW', fixed(summary.achillesPeakForceTimingPercent, 0)],
      ['ankle plantarflexor moment', fixed(summary.ankleMomentPeakNmPerKg, 3), 'N m/kg', fixed(summary.ankleMomentPeakTimingPercent, 0)],
      ['knee extensor moment', fixed(summary.kneeMomentPeakNmPerKg, 3), 'N m/kg', fixed(summary.kneeMomentPeakTimingPercent, 0)],
      ['hip extensor moment', fixed(summary.hipMomentPeakNmPerKg, 3), 'N m/kg', fixed(summary.hipMomentPeakTimingPercent, 0)],
      ['L5/S1 compression', fixed(summary.l5s1PeakCompressionBW, 3), 'BW', fixed(summary.l5s1PeakCompressionTimingPercent, 0)],
      ['navicular height, lowest', fixed(summary.navicularMinimumHeightMm, 1), 'mm', ''],
    ],
  );

  const series = analysis.timeSeries;
  text += heading('Over stance');
  const columns: [string, readonly number[], number][] = [
    ['vertical GRF (BW)', series.verticalForceBW, 2],
    ['CoP (% foot)', series.centerOfPressurePercentFootLength, 0],
    ['fascia (BW)', series.plantarFasciaForceBW, 2],
    ['MTP (deg)', series.mtp1DorsiflexionDeg, 1],
    ['Achilles (BW)', series.achillesForceBW, 2],
    ['L5/S1 (BW)', series.l5s1CompressionBW, 2],
  ];
  text += renderTable(
    { head: ['% stance', ...columns.map(([label]) => label)], align: ['right', ...columns.map(() => 'right' as const)] },
    Array.from({ length: 11 }, (_, k) => [String(10 * k), ...columns.map(([, values, decimals]) => fixed(at(analysis, values, 10 * k), decimals))]),
  );
  text += '\nEvery instant: --json (timeSeries).\n';
  text += heading('What is a model prediction');
  for (const note of analysis.notes) text += paragraph(note);
  return text;
}
