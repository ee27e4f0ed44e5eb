/**
 * The footwear panel's standing numbers, computed in the worker: both feet in quiet
 * standing on a sole (analyses/static-foot-loading.ts) with the plantar pressure map and its
 * heel-to-toe profile. The walking numbers (the stance phase) come from runSimulation, as
 * the API gives them (footwear-walking.ts).
 */
import { solveStandingOnBothFeet, type StaticFootLoadingResult } from '../../src/analyses/static-foot-loading.js';
import { defaultModel, type SubjectInput } from '../../src/app/default-model.js';
import { KinechainError } from '../../src/core/errors.js';
import { footwearByName } from '../../src/library/footwear.js';

/** One foot standing on a sole: totals, regions and the pressure map (plain arrays). */
export interface StandingFootPressure {
  readonly loadN: number;
  readonly peakPressureKPa: number;
  readonly contactAreaCm2: number;
  /** Centre of pressure ahead of the back of the heel / foot length. */
  readonly centerOfPressureFromHeel: number;
  readonly plantarFasciaStrain: number | null;
  readonly regions: Readonly<Record<string, { readonly forceN: number; readonly loadShare: number; readonly peakPressureKPa: number }>>;
  /** Cells: position along the foot from the back of the heel (cm), across (cm, + lateral for the right foot), pressure (kPa). */
  readonly cells: { readonly alongCm: readonly number[]; readonly acrossCm: readonly number[]; readonly pressureKPa: readonly number[] };
  /** Peak pressure in 1 cm bands from heel to toe (kPa). */
  readonly profile: { readonly alongCm: readonly number[]; readonly peakPressureKPa: readonly number[] };
}

export interface StandingFootwearResult {
  readonly analysis: 'stance';
  readonly footwear: string;
  readonly bodyWeightN: number;
  readonly feet: { readonly r: StandingFootPressure; readonly l: StandingFootPressure };
  readonly notes: readonly string[];
}

const STANDING_NOTES: readonly string[] = [
  'Quiet standing on the sole, each foot carrying half the body weight with the centre of pressure where standing puts it: ' +
    'a model prediction of the plantar pressure (elastic-foundation contact of the heel, arch and forefoot pads with the ' +
    'sole layers), not a measurement.',
];

function footPressure(result: StaticFootLoadingResult): StandingFootPressure {
  const { footX, footZ, pressureKPa } = result.cells;
  let heel = Number.POSITIVE_INFINITY;
  for (let i = 0; i < footX.length; i++) heel = Math.min(heel, footX[i]);
  const alongCm: number[] = [];
  const acrossCm: number[] = [];
  const pressure: number[] = [];
  const bands = new Map<number, number>();
  for (let i = 0; i < footX.length; i++) {
    const along = (footX[i] - heel) * 100;
    alongCm.push(along);
    acrossCm.push(footZ[i] * 100);
    pressure.push(pressureKPa[i]);
    const band = Math.floor(along);
    bands.set(band, Math.max(bands.get(band) ?? 0, pressureKPa[i]));
  }
  const bandKeys = [...bands.keys()].sort((a, b) => a - b);
  const regions: Record<string, { forceN: number; loadShare: number; peakPressureKPa: number }> = {};
  for (const [name, region] of Object.entries(result.regions)) {
    regions[name] = { forceN: region.forceN, loadShare: region.loadShare, peakPressureKPa: region.peakPressureKPa };
  }
  return {
    loadN: result.verticalLoadN,
    peakPressureKPa: result.peakPressureKPa,
    contactAreaCm2: result.contactAreaM2 * 1e4,
    centerOfPressureFromHeel: result.centerOfPressureFromHeel,
    plantarFasciaStrain: result.plantarFasciaStrain,
    regions,
    cells: { alongCm, acrossCm, pressureKPa: pressure },
    profile: { alongCm: bandKeys.map((band) => band + 0.5), peakPressureKPa: bandKeys.map((band) => bands.get(band) ?? 0) },
  };
}

/** Both feet in quiet standing on a catalogue sole. */
export function standingOnFootwear(request: { readonly footwear?: string; readonly subject?: SubjectInput }): StandingFootwearResult {
  if (request.footwear === undefined) {
    throw new KinechainError('MALFORMED_INPUT', 'the stance analysis needs a footwear name, e.g. "healing-sole"');
  }
  const model = defaultModel(request.subject);
  const footwear = footwearByName(request.footwear);
  const feet = solveStandingOnBothFeet(model, { footwear });
  const gravity = Math.hypot(model.gravity[0], model.gravity[1], model.gravity[2]);
  return {
    analysis: 'stance',
    footwear: request.footwear,
    bodyWeightN: model.totalMass * gravity,
    feet: { r: footPressure(feet.r), l: footPressure(feet.l) },
    notes: STANDING_NOTES,
  };
}
