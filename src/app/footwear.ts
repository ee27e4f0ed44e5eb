/**
 * Footwear use-cases: the catalogue of sole designs (footwearCatalog) and the side-by-side
 * comparison of designs over the stance phase of walking (compareFootwear), with the
 * comparison figure (footwearComparisonSvg).
 *
 * Comparison: every design runs the same stance phase (app/stance.ts) on the same person;
 * each measure (peak pressure per region, plantar fascia force and strain, first MTP
 * dorsiflexion, Achilles force, joint moments, L5/S1 compression) gets one value per
 * design and its difference against the first design. "Where each design helps" is
 * computed from those numbers only, over the focus measures (the ones the impairments
 * load, IMPAIRMENT_FOCUS, or every load measure without impairments):
 * - strengths: for every design, the focus measures in which it is the lowest of all
 *   designs by at least HELP_THRESHOLD_PERCENT below the next lowest, largest margin first;
 *   designs ranked by how many such measures they have;
 * - helps: for every design after the first, the focus measures it lowers (helps) or
 *   raises (costs) by at least HELP_THRESHOLD_PERCENT against the first design; designs
 *   ranked by their mean relative change.
 * Joint moments are shown but never ranked: a sole shifts them between joints, and a lower
 * moment at one joint is not by itself a relief.
 *
 * Requests are plain JSON; designs are catalogue names or footwear documents. Nothing here
 * reads files or prints.
 */
import { KinechainError } from '../core/errors.js';
import { STANCE_PRESSURE_REGIONS, type StancePressureRegion } from '../analyses/stance-phase.js';
import { pressureMapRegions, type PressureMapInput } from '../analyses/pressure-map-svg.js';
import { comparisonFigureSvg } from '../analyses/footwear-comparison-svg.js';
import type { CurvePanel } from '../analyses/stance-curves-svg.js';
import { FOOTWEAR_CATALOGUE, FOOTWEAR_NAMES } from '../library/footwear.js';
import { defaultPlantarShape } from '../library/plantar-loading.js';
import type { Footwear, ThicknessProfile } from '../spec/footwear-schema.js';
import type { Subject, SubjectInput } from './default-model.js';
import type { AppliedModifierSummary } from './modifiers.js';
import {
  footwearInfo,
  impairmentNotes,
  resolveFootwearChoice,
  resolveStancePerson,
  runStancePhase,
  STANCE_NOTES,
  stanceSummary,
  stanceTimeSeries,
  type FootwearChoice,
  type FootwearInfo,
  type ImpairmentRequest,
  type StanceSummary,
} from './stance.js';

// ---------------------------------------------------------------------------------
// Catalogue
// ---------------------------------------------------------------------------------

export interface FootwearCatalogEntry {
  readonly name: string;
  readonly description: string;
  readonly source: string;
  /** Rocker, arch support, heel cup, inner heel zone, in words; empty for a plain flat sole. */
  readonly features: readonly string[];
  /** Height of the layer stack under the heel centre and the metatarsal heads (mm); 0 barefoot. */
  readonly stackHeelMm: number;
  readonly stackForefootMm: number;
  /** Heel stack minus forefoot stack (mm). */
  readonly dropMm: number;
  readonly layers: readonly { readonly name: string; readonly material: string; readonly compressiveModulusMPa: number }[];
  /** The full design (a footwear document), to edit and send back as a request's footwear. */
  readonly design: Footwear;
}

const DEG = 180 / Math.PI;

function stack(design: Footwear, station: keyof ThicknessProfile): number {
  return 1000 * design.layers.reduce((sum, layer) => sum + layer.thickness[station], 0);
}

function round(value: number, decimals: number): number {
  const factor = 10 ** decimals;
  return Math.round(value * factor) / factor;
}

function featuresOf(design: Footwear): string[] {
  const features: string[] = [];
  if (design.layers.length === 0) features.push('no sole');
  if (design.rocker !== undefined) {
    features.push(`rocker (apex at ${round(100 * design.rocker.apexFraction, 0)}% of sole length, toe ${round(design.rocker.toeRockerAngleRad * DEG, 0)} deg)`);
  }
  if (design.archSupport !== undefined) features.push(`arch support ${round(1000 * design.archSupport.heightM, 1)} mm`);
  if (design.insole.shape === 'conforming') features.push(`heel cup ${round(1000 * design.insole.heelCupDepthM, 1)} mm`);
  if (design.heelZone !== undefined) {
    const inner = design.heelZone.innerMaterial.compressiveModulusPa;
    const rim = design.layers.find((layer) => layer.name === design.heelZone?.layer)?.material.compressiveModulusPa ?? inner;
    features.push(inner < rim ? 'soft inner heel in a firm rim' : 'firm inner heel in a soft rim');
  }
  return features;
}

/** The catalogue's designs, in catalogue order. */
export function footwearCatalog(): FootwearCatalogEntry[] {
  return FOOTWEAR_NAMES.map((name) => {
    const design = FOOTWEAR_CATALOGUE[name];
    const heel = stack(design, 'heelM');
    const forefoot = stack(design, 'forefootM');
    return {
      name: design.name,
      description: design.description,
      source: design.source,
      features: featuresOf(design),
      stackHeelMm: round(heel, 3),
      stackForefootMm: round(forefoot, 3),
      dropMm: round(heel - forefoot, 3),
      layers: design.layers.map((layer) => ({
        name: layer.name,
        material: layer.material.name,
        compressiveModulusMPa: layer.material.compressiveModulusPa / 1e6,
      })),
      design,
    };
  });
}

// ---------------------------------------------------------------------------------
// Measures
// ---------------------------------------------------------------------------------

export type MeasureGroup = 'plantar pressure' | 'soft tissue' | 'joint moment' | 'spine';

interface MeasureDefinition {
  readonly key: string;
  readonly label: string;
  readonly unit: string;
  readonly group: MeasureGroup;
  /** Decimals a table shows. */
  readonly decimals: number;
  /** True for a load whose decrease is a relief (ranked in "where each design helps"). */
  readonly ranked: boolean;
  readonly value: (summary: StanceSummary) => number;
}

export const PRESSURE_REGION_LABELS: Readonly<Record<StancePressureRegion, string>> = Object.freeze({
  heel: 'heel',
  heelMedial: 'medial heel',
  heelCentral: 'central heel',
  heelLateral: 'lateral heel',
  midfoot: 'midfoot',
  forefoot: 'forefoot (all heads)',
  mth1: '1st metatarsal head',
  mth2: '2nd metatarsal head',
  mth3: '3rd metatarsal head',
  mth4: '4th metatarsal head',
  mth5: '5th metatarsal head',
  hallux: 'hallux',
  lesserToes: 'lesser toes',
});

const MEASURES: readonly MeasureDefinition[] = [
  ...STANCE_PRESSURE_REGIONS.map(
    (region): MeasureDefinition => ({
      key: `peakPressureKPa.${region}`,
      label: `${PRESSURE_REGION_LABELS[region]} peak pressure`,
      unit: 'kPa',
      group: 'plantar pressure',
      decimals: 0,
      ranked: true,
      value: (summary) => summary.peakPressureKPa[region],
    }),
  ),
  { key: 'plantarFasciaPeakForceBW', label: 'plantar fascia peak force', unit: 'BW', group: 'soft tissue', decimals: 3, ranked: true, value: (s) => s.plantarFasciaPeakForceBW },
  { key: 'plantarFasciaPeakStrain', label: 'plantar fascia peak strain', unit: '%', group: 'soft tissue', decimals: 2, ranked: true, value: (s) => 100 * s.plantarFasciaPeakStrain },
  { key: 'mtp1PeakDorsiflexionDeg', label: 'first MTP peak dorsiflexion', unit: 'deg', group: 'soft tissue', decimals: 1, ranked: true, value: (s) => s.mtp1PeakDorsiflexionDeg },
  { key: 'achillesPeakForceBW', label: 'Achilles tendon peak force', unit: 'BW', group: 'soft tissue', decimals: 2, ranked: true, value: (s) => s.achillesPeakForceBW },
  { key: 'ankleMomentPeakNmPerKg', label: 'ankle plantarflexor moment peak', unit: 'N m/kg', group: 'joint moment', decimals: 3, ranked: false, value: (s) => s.ankleMomentPeakNmPerKg },
  { key: 'kneeMomentPeakNmPerKg', label: 'knee extensor moment peak', unit: 'N m/kg', group: 'joint moment', decimals: 3, ranked: false, value: (s) => s.kneeMomentPeakNmPerKg },
  { key: 'hipMomentPeakNmPerKg', label: 'hip extensor moment peak', unit: 'N m/kg', group: 'joint moment', decimals: 3, ranked: false, value: (s) => s.hipMomentPeakNmPerKg },
  { key: 'l5s1PeakCompressionBW', label: 'L5/S1 peak compression', unit: 'BW', group: 'spine', decimals: 3, ranked: true, value: (s) => s.l5s1PeakCompressionBW },
];

export const FOOTWEAR_MEASURE_KEYS: readonly string[] = Object.freeze(MEASURES.map((measure) => measure.key));

const pressure = (...regions: StancePressureRegion[]): string[] => regions.map((region) => `peakPressureKPa.${region}`);

/**
 * The measures each impairment loads (which numbers matter to that person), with why.
 * They choose what "where each design helps" ranks; they say nothing about any design.
 */
export const IMPAIRMENT_FOCUS: Readonly<Record<string, { readonly measures: readonly string[]; readonly why: string }>> = Object.freeze({
  'painful-heel': {
    measures: [...pressure('heel', 'heelMedial', 'heelCentral', 'heelLateral'), 'plantarFasciaPeakForceBW'],
    why: 'a painful heel bears the pressure under the heel and the pull of the plantar fascia on its calcaneal origin',
  },
  'tight-plantar-fascia': {
    measures: ['plantarFasciaPeakForceBW', 'plantarFasciaPeakStrain', 'mtp1PeakDorsiflexionDeg'],
    why: 'a tight plantar fascia bears its own tension, and toe dorsiflexion stretches it (windlass)',
  },
  'forefoot-fracture': {
    measures: [...pressure('forefoot', 'mth1', 'mth2', 'mth3', 'mth4', 'mth5'), 'mtp1PeakDorsiflexionDeg'],
    why: 'a metatarsal fracture bears the pressure under the heads and the bending of the toes at push-off',
  },
  'walking-boot': {
    measures: pressure('heel', 'midfoot', 'forefoot', 'hallux'),
    why: 'a spared foot bears the plantar pressure wherever it lands',
  },
  'achilles-tendinitis': {
    measures: ['achillesPeakForceBW'],
    why: 'a sore Achilles tendon bears the plantarflexor moment of push-off',
  },
  'tight-heel-cord': {
    measures: ['achillesPeakForceBW', ...pressure('forefoot'), 'plantarFasciaPeakForceBW'],
    why: 'a tight heel cord pulls on the heel through the Achilles tendon, and with it the plantar fascia, and moves load to the forefoot',
  },
  'tight-hamstrings': {
    measures: ['l5s1PeakCompressionBW'],
    why: 'tight hamstrings tilt the pelvis back and load the low back',
  },
  'leg-length-difference': {
    measures: ['l5s1PeakCompressionBW'],
    why: 'a leg-length difference tilts the pelvis and loads the low back',
  },
});

/** A design helps (or costs) where it changes a ranked measure by at least this much against the first design (%). */
export const HELP_THRESHOLD_PERCENT = 1;

// ---------------------------------------------------------------------------------
// Comparison
// ---------------------------------------------------------------------------------

export interface FootwearCompareRequest {
  /** Two or more designs: catalogue names or footwear documents; the first is the reference. */
  readonly footwear: readonly FootwearChoice[];
  readonly impairments?: readonly (string | ImpairmentRequest)[];
  readonly subject?: SubjectInput;
  /** Instants of each stance phase (default 100). */
  readonly instants?: number;
  /** Called after each design with (done, total). */
  readonly onProgress?: (done: number, total: number) => void;
}

/** The curves over stance drawn in the comparison figure. */
export interface ComparedCurves {
  readonly stancePercent: readonly number[];
  readonly verticalForceBW: readonly number[];
  readonly plantarFasciaForceBW: readonly number[];
  readonly mtp1DorsiflexionDeg: readonly number[];
  readonly l5s1CompressionBW: readonly number[];
}

export interface ComparedDesign {
  readonly footwear: FootwearInfo;
  readonly summary: StanceSummary;
  readonly curves: ComparedCurves;
}

/** One row of the comparison table. */
export interface ComparisonMeasure {
  readonly key: string;
  readonly label: string;
  readonly unit: string;
  readonly group: MeasureGroup;
  readonly decimals: number;
  /** A load whose decrease is a relief (joint moments are not). */
  readonly ranked: boolean;
  /** One of the measures the impairments load (every ranked measure without impairments). */
  readonly focus: boolean;
  /** One value per design, in design order. */
  readonly values: readonly number[];
  /** Value minus the first design's value. */
  readonly differences: readonly number[];
  /** Difference / |first design's value| (%), null where the first design's value is zero. */
  readonly relativeDifferencesPercent: readonly (number | null)[];
}

export interface MeasureChange {
  readonly key: string;
  readonly label: string;
  readonly unit: string;
  readonly reference: number;
  readonly value: number;
  readonly difference: number;
  readonly relativeDifferencePercent: number;
}

/** Where one design lowers (helps) or raises (costs) the focus measures against the first design. */
export interface DesignHelp {
  readonly design: string;
  /** Position in the request (1 = the first design after the reference). */
  readonly index: number;
  /** Mean relative change of the focus measures against the reference (%; negative = lower loads). */
  readonly meanChangePercent: number;
  /** Focus measures lowered by at least HELP_THRESHOLD_PERCENT, largest relief first. */
  readonly helps: readonly MeasureChange[];
  /** Focus measures raised by at least HELP_THRESHOLD_PERCENT, largest increase first. */
  readonly costs: readonly MeasureChange[];
  readonly text: string;
}

/** The design with the lowest value of a focus measure. */
export interface MeasureBest {
  readonly key: string;
  readonly label: string;
  readonly unit: string;
  readonly design: string;
  /** Position of that design in the request (the first of equal lowest values). */
  readonly designIndex: number;
  readonly value: number;
  /** Against the first design (%), null where its value is zero. */
  readonly relativeDifferencePercent: number | null;
  /** The next lowest design (another entry of the request) and how far below it the lowest lies (%, >= 0). */
  readonly runnerUp: string;
  readonly runnerUpValue: number;
  readonly marginPercent: number;
}

/** Where one design (the reference included) has the lowest load of all designs, by at least HELP_THRESHOLD_PERCENT. */
export interface DesignStrength {
  readonly design: string;
  /** Position in the request (0 = the reference). */
  readonly index: number;
  /** The focus measures it is lowest in, largest margin first. */
  readonly lowest: readonly MeasureBest[];
  /** Focus measures compared. */
  readonly focusCount: number;
  readonly text: string;
}

export interface FootwearComparison {
  readonly designs: readonly ComparedDesign[];
  /** The first design: every difference is against it. */
  readonly reference: string;
  readonly subject: Subject;
  readonly bodyWeightN: number;
  readonly impairments: readonly AppliedModifierSummary[];
  readonly mechanicalImpairments: readonly string[];
  /** Why each focus measure was chosen (one line per impairment), empty without impairments. */
  readonly focus: readonly { readonly impairment: string; readonly measures: readonly string[]; readonly why: string }[];
  readonly trialSource: string;
  readonly instants: number;
  readonly measures: readonly ComparisonMeasure[];
  /** Every design, ranked by how many focus measures it is lowest in (by at least HELP_THRESHOLD_PERCENT below every other design). */
  readonly strengths: readonly DesignStrength[];
  /** Designs after the first, ranked by the mean relative change of the focus measures against the first (lowest loads first). */
  readonly helps: readonly DesignHelp[];
  readonly bestByMeasure: readonly MeasureBest[];
  readonly notes: readonly string[];
}

const MIN_DESIGNS = 2;
const MAX_DESIGNS = 8;

function focusKeys(impairments: readonly AppliedModifierSummary[]): Set<string> {
  if (impairments.length === 0) return new Set(MEASURES.filter((measure) => measure.ranked).map((measure) => measure.key));
  const keys = new Set<string>();
  for (const impairment of impairments) for (const key of IMPAIRMENT_FOCUS[impairment.name]?.measures ?? []) keys.add(key);
  return keys;
}

function relative(difference: number, reference: number): number | null {
  return Math.abs(reference) > 1e-12 ? (100 * difference) / Math.abs(reference) : null;
}

function formatNumber(value: number, decimals: number): string {
  const text = value.toFixed(decimals);
  return /^-0\.?0*$/.test(text) ? text.slice(1) : text;
}

function changeText(change: MeasureChange, decimals: number): string {
  const sign = change.relativeDifferencePercent > 0 ? '+' : '';
  return `${change.label} ${sign}${change.relativeDifferencePercent.toFixed(0)}% ` +
    `(${formatNumber(change.reference, decimals)} -> ${formatNumber(change.value, decimals)} ${change.unit})`;
}

function designHelps(measures: readonly ComparisonMeasure[], names: readonly string[], reference: string): DesignHelp[] {
  const focus = measures.filter((measure) => measure.focus && measure.ranked);
  const decimalsOf = new Map(measures.map((measure) => [measure.key, measure.decimals]));
  const helps: DesignHelp[] = [];
  for (let d = 1; d < names.length; d++) {
    const changes: MeasureChange[] = [];
    let sum = 0;
    let count = 0;
    for (const measure of focus) {
      const percent = measure.relativeDifferencesPercent[d];
      if (percent === null) continue;
      sum += percent;
      count++;
      changes.push({
        key: measure.key,
        label: measure.label,
        unit: measure.unit,
        reference: measure.values[0],
        value: measure.values[d],
        difference: measure.differences[d],
        relativeDifferencePercent: percent,
      });
    }
    const lowered = changes.filter((change) => change.relativeDifferencePercent <= -HELP_THRESHOLD_PERCENT);
    const raised = changes.filter((change) => change.relativeDifferencePercent >= HELP_THRESHOLD_PERCENT);
    lowered.sort((a, b) => a.relativeDifferencePercent - b.relativeDifferencePercent);
    raised.sort((a, b) => b.relativeDifferencePercent - a.relativeDifferencePercent);
    const describe = (list: readonly MeasureChange[]): string =>
      list.slice(0, 3).map((change) => changeText(change, decimalsOf.get(change.key) ?? 2)).join('; ') + (list.length > 3 ? `; and ${list.length - 3} more` : '');
    let text = `${names[d]}: `;
    text += lowered.length > 0 ? `lower ${describe(lowered)}` : `no focus measure ${HELP_THRESHOLD_PERCENT}% or more below ${reference}`;
    if (raised.length > 0) text += `; but higher ${describe(raised)}`;
    helps.push({ design: names[d], index: d, meanChangePercent: count > 0 ? sum / count : 0, helps: lowered, costs: raised, text });
  }
  // Lowest mean change first; ties keep the request's order.
  return helps.sort((a, b) => a.meanChangePercent - b.meanChangePercent || a.index - b.index);
}

function bestByMeasure(measures: readonly ComparisonMeasure[], names: readonly string[]): MeasureBest[] {
  return measures
    .filter((measure) => measure.focus && measure.ranked)
    .map((measure) => {
      let best = 0;
      for (let d = 1; d < measure.values.length; d++) if (measure.values[d] < measure.values[best]) best = d;
      let runnerUp = best === 0 ? 1 : 0;
      for (let d = 0; d < measure.values.length; d++) if (d !== best && measure.values[d] < measure.values[runnerUp]) runnerUp = d;
      const value = measure.values[best];
      const runnerUpValue = measure.values[runnerUp];
      return {
        key: measure.key,
        label: measure.label,
        unit: measure.unit,
        design: names[best],
        designIndex: best,
        value,
        relativeDifferencePercent: measure.relativeDifferencesPercent[best],
        runnerUp: names[runnerUp],
        runnerUpValue,
        marginPercent: Math.abs(runnerUpValue) > 1e-12 ? (100 * (runnerUpValue - value)) / Math.abs(runnerUpValue) : 0,
      };
    });
}

function designStrengths(best: readonly MeasureBest[], measures: readonly ComparisonMeasure[], names: readonly string[]): DesignStrength[] {
  const decimalsOf = new Map(measures.map((measure) => [measure.key, measure.decimals]));
  const strengths = names.map((design, index): DesignStrength => {
    // A design listed twice ties with itself: margin 0, lowest in nothing.
    const lowest = best
      .filter((entry) => entry.designIndex === index && entry.marginPercent >= HELP_THRESHOLD_PERCENT)
      .sort((a, b) => b.marginPercent - a.marginPercent);
    const shown = lowest.slice(0, 3).map((entry) => {
      const decimals = decimalsOf.get(entry.key) ?? 2;
      return `${entry.label} (${formatNumber(entry.value, decimals)} ${entry.unit}, ${entry.marginPercent.toFixed(0)}% below ${entry.runnerUp})`;
    });
    const text =
      lowest.length === 0
        ? `${design}: lowest in no focus measure by ${HELP_THRESHOLD_PERCENT}% or more`
        : `${design}: lowest in ${lowest.length} of ${best.length} focus measures, most clearly ${shown.join('; ')}` +
          (lowest.length > 3 ? `; and ${lowest.length - 3} more` : '');
    return { design, index, lowest, focusCount: best.length, text };
  });
  return strengths.sort((a, b) => b.lowest.length - a.lowest.length || a.index - b.index);
}

/** The designs side by side over the same stance phase, with where each helps. */
export function compareFootwear(request: FootwearCompareRequest): FootwearComparison {
  if (request === null || typeof request !== 'object') {
    throw new KinechainError('MALFORMED_INPUT', 'a footwear comparison request is an object { footwear: [...], impairments?, subject? }');
  }
  const choices: unknown = request.footwear;
  if (!Array.isArray(choices) || choices.length < MIN_DESIGNS || choices.length > MAX_DESIGNS) {
    const count = Array.isArray(choices) ? `${choices.length}` : 'no list';
    throw new KinechainError(
      'MALFORMED_INPUT',
      `compare ${MIN_DESIGNS} to ${MAX_DESIGNS} footwear designs (got ${count}), e.g. ["healing-sole", "flat-sandal"]; the first is the reference`,
    );
  }
  const resolved = (choices as unknown[]).map((choice, index) => resolveFootwearChoice(choice, `footwear ${index + 1}`));
  const person = resolveStancePerson(request);
  const massKg = person.subject.massKg;
  const designs: ComparedDesign[] = [];
  let bodyWeightN = 0;
  let trialSource = '';
  request.onProgress?.(0, resolved.length);
  resolved.forEach(({ design, fromCatalogue }, index) => {
    const result = runStancePhase(person.model, design, person.instants);
    const series = stanceTimeSeries(result, massKg);
    bodyWeightN = result.bodyWeightN;
    trialSource = result.trialSource;
    designs.push({
      footwear: footwearInfo(design, fromCatalogue),
      summary: stanceSummary(result, massKg),
      curves: {
        stancePercent: series.stancePercent,
        verticalForceBW: series.verticalForceBW,
        plantarFasciaForceBW: series.plantarFasciaForceBW,
        mtp1DorsiflexionDeg: series.mtp1DorsiflexionDeg,
        l5s1CompressionBW: series.l5s1CompressionBW,
      },
    });
    request.onProgress?.(index + 1, resolved.length);
  });

  const focus = focusKeys(person.impairments);
  const measures: ComparisonMeasure[] = MEASURES.map((definition) => {
    const values = designs.map((design) => definition.value(design.summary));
    const differences = values.map((value) => value - values[0]);
    return {
      key: definition.key,
      label: definition.label,
      unit: definition.unit,
      group: definition.group,
      decimals: definition.decimals,
      ranked: definition.ranked,
      focus: definition.ranked && focus.has(definition.key),
      values,
      differences,
      relativeDifferencesPercent: differences.map((difference) => relative(difference, values[0])),
    };
  });
  const names = designs.map((design) => design.footwear.name);
  const best = bestByMeasure(measures, names);
  const impairmentFocus = person.impairments.map((impairment) => {
    const entry = IMPAIRMENT_FOCUS[impairment.name];
    return { impairment: impairment.name, measures: entry?.measures ?? [], why: entry?.why ?? 'no measure of the stance phase is tied to it' };
  });
  return {
    designs,
    reference: names[0],
    subject: person.subject,
    bodyWeightN,
    impairments: person.impairments,
    mechanicalImpairments: person.mechanicalImpairments,
    focus: impairmentFocus,
    trialSource,
    instants: person.instants,
    measures,
    strengths: designStrengths(best, measures, names),
    helps: designHelps(measures, names, names[0]),
    bestByMeasure: best,
    notes: [...STANCE_NOTES, ...impairmentNotes(person)],
  };
}

// ---------------------------------------------------------------------------------
// Figure
// ---------------------------------------------------------------------------------

/** The comparison figure: a plantar-pressure map per design on one colour scale, and curves over stance. */
export function footwearComparisonSvg(comparison: FootwearComparison): string {
  const maps: PressureMapInput[] = comparison.designs.map((design) => ({
    label: design.footwear.name,
    peakPressureKPa: pressureMapRegions(design.summary.peakPressureKPa),
  }));
  const curve = (title: string, unit: string, pick: (curves: ComparedCurves) => readonly number[]): CurvePanel => ({
    title,
    unit,
    series: comparison.designs.map((design) => ({ label: design.footwear.name, x: design.curves.stancePercent, y: pick(design.curves) })),
  });
  const panels: CurvePanel[] = [
    curve('Vertical ground reaction force', 'BW', (c) => c.verticalForceBW),
    curve('Plantar fascia force', 'BW', (c) => c.plantarFasciaForceBW),
    curve('First MTP dorsiflexion', 'deg', (c) => c.mtp1DorsiflexionDeg),
    curve('L5/S1 compression', 'BW', (c) => c.l5s1CompressionBW),
  ];
  const impairments = comparison.impairments.map((impairment) => `${impairment.name} ${impairment.severity} ${impairment.unit}`).join(', ');
  return comparisonFigureSvg({
    title: `Footwear over the stance phase of walking: ${comparison.designs.map((design) => design.footwear.name).join(' vs ')}`,
    subtitle:
      `Peak plantar pressure per region (common scale) and curves over stance; ${comparison.subject.sex}, ` +
      `${comparison.subject.heightM} m, ${comparison.subject.massKg} kg${impairments !== '' ? `; ${impairments}` : ''}. Model predictions.`,
    shape: defaultPlantarShape(),
    maps,
    panels,
    notesTitle: comparison.impairments.length > 0 ? 'Where each design helps (measures the impairments load)' : 'Where each design helps (load measures)',
    notes: comparison.strengths.map((strength, i) => `${i + 1}. ${strength.text}`),
  });
}
