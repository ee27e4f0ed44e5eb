/**
 * gaitAnalysis(request): the kinetic chain over a walking trial recorded on an OpenSim
 * model. Inverse dynamics and static optimisation run over the trial (app/gait-trial.ts,
 * app/gait-imported-model.ts), then the gait cycle is reported two ways:
 *
 * (a) the imported model: its muscle forces (static optimisation) read as the default
 *     body's tissues and line tracks by name and role (library/opensim-muscle-mapping.ts);
 *     what the model lacks (e.g. plantar fascia, lumbar muscles in gait10dof18musc) is
 *     listed as not represented, never filled in;
 * (b) the default body driven by the trial (app/gait-default-body.ts): its own muscles,
 *     line tensions, plantar fascia and L5/S1 loads. These are model predictions of the
 *     default body under the trial's motion and ground reactions.
 *
 * Gait events: a foot is in stance while its vertical ground reaction exceeds
 * STANCE_FORCE_THRESHOLD_N; the gait cycle runs from one right heel strike to the next,
 * and peaks are timed in seconds and, inside a complete cycle, in % of it.
 * The result is plain JSON (arrays of numbers, no typed arrays).
 */
import { KinechainError } from '../core/errors.js';
import { STANCE_FORCE_THRESHOLD_N, WALKING_FOOT_MECHANICS } from '../library/walking-reference.js';
import { WALKING_LUMBAR_PEAK_COMPRESSION_BW } from '../library/validation-ranges.js';
import { defaultBodyGait, type L5S1PeakBreakdown } from './gait-default-body.js';
import { importedStaticOptimization, tissueCorrespondence, unmappedMuscles } from './gait-imported-model.js';
import { loadGaitTrial, type GaitTrialRequest, type GaitTrialSources } from './gait-trial.js';

export interface GaitRequest extends GaitTrialRequest {
  /** Sex for the default body's anthropometry (default male); height and mass default to the trial's subject. */
  readonly sex?: 'male' | 'female';
  /** Whether the trial's trunk angles drive the default body's spine (default 'trial'; see gait-default-body.ts). */
  readonly trunk?: 'trial' | 'reference';
  /** The default body's hip flexors: psoas and iliacus apart (default) or the lumped iliopsoas (see gait-default-body.ts). */
  readonly hipFlexors?: 'iliopsoas' | 'psoas-iliacus';
  readonly heightM?: number;
  readonly massKg?: number;
  /** Called as frames are solved (done, total). */
  readonly onProgress?: (done: number, total: number) => void;
}

export interface GaitPeak {
  readonly value: number;
  readonly timeS: number;
  /** % of the gait cycle (right heel strike to right heel strike) or null outside a complete cycle. */
  readonly cyclePercent: number | null;
}

export interface GaitSeries {
  readonly values: number[];
  readonly peak: GaitPeak;
}

export interface StanceInterval {
  readonly startS: number;
  readonly endS: number;
}

export interface GaitTrack {
  readonly tissue: string;
  /** Imported model: the muscles standing for the track; empty when not represented. */
  readonly opensimMuscles?: readonly string[];
  readonly lumped?: boolean;
  /** null when the imported model does not represent the tissue. */
  readonly tensionN: GaitSeries | null;
}

export interface GaitLine {
  readonly line: string;
  readonly family: string;
  readonly side: string;
  readonly tracks: readonly GaitTrack[];
}

export interface GaitUnavailable {
  readonly available: false;
  readonly reason: string;
}

export interface GaitAnalysis {
  readonly sources: GaitTrialSources;
  readonly timeS: number[];
  readonly bodyWeightN: number;
  readonly gaitCycle: {
    readonly stanceThresholdN: number;
    readonly verticalForceN: { readonly r: number[]; readonly l: number[] };
    readonly stance: { readonly r: StanceInterval[]; readonly l: StanceInterval[] };
    readonly rightHeelStrikesS: number[];
    /** [start, end] of the first complete cycle, or null. */
    readonly cycleS: [number, number] | null;
  };
  readonly importedModel: {
    readonly name: string;
    readonly muscles: readonly string[];
    readonly inverseDynamics: Record<string, GaitSeries>;
    readonly muscleForceN: Record<string, GaitSeries>;
    readonly activation: Record<string, number[]>;
    /** Reserve / residual generalised force by coordinate (N m or N). */
    readonly actuatorForce: Record<string, GaitSeries>;
    /** Largest equation residual of the optimisation at each frame (N m or N). */
    readonly maxEquationResidual: number[];
    readonly infeasibleFrames: number;
    readonly mapping: {
      readonly tissues: readonly { tissue: string; opensimMuscles: readonly string[]; lumped: boolean }[];
      readonly unmappedMuscles: readonly { muscle: string; reason: string }[];
    };
    readonly lines: readonly GaitLine[];
    readonly regions: {
      readonly plantarFascia: GaitUnavailable | { available: true; r: GaitSeries; l: GaitSeries };
      readonly l5s1: GaitUnavailable;
      readonly achillesN: { r: GaitSeries | null; l: GaitSeries | null };
      readonly hamstringsN: { r: GaitSeries | null; l: GaitSeries | null };
    };
    readonly notes: readonly string[];
  };
  readonly defaultBody: {
    readonly modelPrediction: true;
    readonly subject: { heightM: number; massKg: number; sex: 'male' | 'female'; basis: string };
    readonly drivenCoordinates: readonly string[];
    readonly unmappedTrialCoordinates: readonly string[];
    readonly lines: readonly GaitLine[];
    readonly plantarFasciaN: { r: GaitSeries; l: GaitSeries };
    /** Peak plantar fascia force in body weights, with the published range for comparison. */
    readonly plantarFasciaPeakBW: { r: number; l: number; published: { value: number; range: readonly [number, number]; source: string } };
    readonly archMomentNm: { r: number[]; l: number[] };
    /** The arch balance (gait-arch-balance.ts): the moment the ties carry (N m, > 0 flattens) and its shares. */
    readonly archBalance: {
      readonly tieMomentNm: { r: number[]; l: number[] };
      readonly fasciaMomentNm: { r: number[]; l: number[] };
      readonly ligamentMomentNm: { r: number[]; l: number[] };
      readonly stopMomentNm: { r: number[]; l: number[] };
      readonly midtarsalAngleDeg: { r: number[]; l: number[] };
    };
    readonly l5s1CompressionN: GaitSeries;
    /** Peak L5/S1 compression in body weights, with the published walking range for comparison. */
    readonly l5s1PeakCompressionBW: { value: number; published: { value: number; range: readonly [number, number]; source: string } };
    readonly l5s1AnteriorShearN: GaitSeries;
    readonly achillesN: { r: GaitSeries; l: GaitSeries };
    readonly hamstringsN: { r: GaitSeries; l: GaitSeries };
    readonly maxResidual: GaitSeries;
    readonly maxReserveNm: GaitSeries;
    readonly maxEquationResidual: number[];
    readonly unconvergedLineFrames: number;
    /** At the frame of peak L5/S1 compression: the largest tensions crossing L5/S1 (N). */
    readonly l5s1PeakTissues: readonly { readonly tissue: string; readonly tensionN: number }[];
    /** At the frame of peak L5/S1 compression: compression and shear part by part (gravity, d'Alembert, each tissue). */
    readonly l5s1PeakBreakdown: L5S1PeakBreakdown | null;
    readonly notes: readonly string[];
  };
  readonly warnings: readonly string[];
  readonly approximations: readonly string[];
}

/** Stance intervals of a foot from its vertical force (s). */
export function stanceIntervals(time: ArrayLike<number>, verticalForce: ArrayLike<number>, threshold = STANCE_FORCE_THRESHOLD_N): StanceInterval[] {
  const intervals: StanceInterval[] = [];
  let start = -1;
  for (let i = 0; i < time.length; i++) {
    const loaded = verticalForce[i] > threshold;
    if (loaded && start < 0) start = i;
    if (!loaded && start >= 0) {
      intervals.push({ startS: time[start], endS: time[i - 1] });
      start = -1;
    }
  }
  if (start >= 0) intervals.push({ startS: time[start], endS: time[time.length - 1] });
  return intervals;
}

function seriesOf(values: ArrayLike<number>, time: ArrayLike<number>, cycle: [number, number] | null, stride = 1, offset = 0): GaitSeries {
  const out: number[] = [];
  let best = 0;
  for (let i = 0; i < time.length; i++) {
    const value = values[i * stride + offset];
    out.push(value);
    if (Math.abs(value) > Math.abs(out[best])) best = i;
  }
  const t = time[best];
  const cyclePercent = cycle !== null && t >= cycle[0] && t <= cycle[1] ? (100 * (t - cycle[0])) / (cycle[1] - cycle[0]) : null;
  return { values: out, peak: { value: out[best] ?? 0, timeS: t ?? 0, cyclePercent } };
}

/** "-26.1 .. -14.5 deg" from the default body's note on the trial's lumbar_extension, or "not reported". */
function trunkFlexionText(notes: readonly string[]): string {
  for (const note of notes) {
    const match = /lumbar_extension spans (\S+ \.\. \S+ deg)/.exec(note);
    if (match !== null) return match[1];
  }
  return 'not reported';
}

export async function gaitAnalysis(request: GaitRequest): Promise<GaitAnalysis> {
  const trial = await loadGaitTrial(request);
  const { model, time } = trial;
  const nframe = time.length;
  const nq = model.nq;
  if (nframe < 2) throw new KinechainError('OUT_OF_RANGE', `the trial has ${nframe} frame(s) in its time range; the gait analysis needs at least two`);
  const total = 2 * nframe;
  request.onProgress?.(0, total);

  // Gait events from the vertical ground reaction on each side.
  const vertical = { r: new Float64Array(nframe), l: new Float64Array(nframe) };
  for (let frame = 0; frame < nframe; frame++) {
    for (let b = 1; b < model.nbody; b++) {
      const side = /_([rl])$/.exec(model.bodyName[b])?.[1] as 'r' | 'l' | undefined;
      if (side !== undefined) vertical[side][frame] += trial.externalWrench[(frame * model.nbody + b) * 6 + 4];
    }
  }
  const stance = { r: stanceIntervals(time, vertical.r), l: stanceIntervals(time, vertical.l) };
  const rightHeelStrikesS = stance.r.filter((interval) => interval.startS > time[0]).map((interval) => interval.startS);
  const cycle: [number, number] | null = rightHeelStrikesS.length >= 2 ? [rightHeelStrikesS[0], rightHeelStrikesS[1]] : null;
  const series = (values: ArrayLike<number>, stride = 1, offset = 0) => seriesOf(values, time, cycle, stride, offset);
  /** A [nframe*2] right-then-left array as plain per-side arrays. */
  const sided = (values: ArrayLike<number>, scale = 1) => ({
    r: Array.from({ length: nframe }, (_, frame) => scale * values[2 * frame]),
    l: Array.from({ length: nframe }, (_, frame) => scale * values[2 * frame + 1]),
  });

  // (a) The imported model.
  const so = importedStaticOptimization(trial, request.approximations, (frame) => request.onProgress?.(frame + 1, total));
  const nmuscle = so.muscles.length;
  const muscleForceN: Record<string, GaitSeries> = {};
  const activation: Record<string, number[]> = {};
  so.muscles.forEach((muscle, k) => {
    muscleForceN[muscle] = series(so.muscleForce, nmuscle, k);
    activation[muscle] = Array.from({ length: nframe }, (_, frame) => so.activation[frame * nmuscle + k]);
  });
  const inverseDynamics: Record<string, GaitSeries> = {};
  trial.generalizedForceLabels.forEach((label, j) => (inverseDynamics[label] = series(trial.generalizedForce, nq, j)));
  const actuatorForce: Record<string, GaitSeries> = {};
  for (const name of so.actuatedCoordinates) {
    const j = model.coordinateIndex.get(name) as number;
    actuatorForce[name] = series(so.actuatorGeneralizedForce, nq, j);
  }
  const summed = (muscles: readonly string[]): GaitSeries | null => {
    if (muscles.length === 0) return null;
    const values = new Float64Array(nframe);
    for (const muscle of muscles) {
      const k = so.muscles.indexOf(muscle);
      for (let frame = 0; frame < nframe; frame++) values[frame] += so.muscleForce[frame * nmuscle + k];
    }
    return series(values);
  };

  // (b) The default body driven by the trial.
  const body = defaultBodyGait(trial, {
    sex: request.sex,
    trunk: request.trunk,
    hipFlexors: request.hipFlexors,
    heightM: request.heightM,
    massKg: request.massKg,
    onFrame: (frame) => request.onProgress?.(nframe + frame + 1, total),
  });
  const bodyModel = body.model;
  const linesOf = (track: (tissue: string, index: number) => GaitTrack): GaitLine[] =>
    Array.from({ length: bodyModel.nline }, (_, line) => ({
      line: bodyModel.lineName[line],
      family: bodyModel.lineFamily[line],
      side: bodyModel.lineSide[line],
      tracks: Array.from({ length: bodyModel.lineTrackNum[line] }, (_, k) => {
        const index = bodyModel.lineTrackAdr[line] + k;
        return track(bodyModel.tissueName[bodyModel.trackTissue[index]], index);
      }),
    }));
  const importedLines = linesOf((tissue) => {
    const correspondence = tissueCorrespondence(tissue, so.muscles);
    return { tissue, opensimMuscles: correspondence.opensimMuscles, lumped: correspondence.lumped, tensionN: summed(correspondence.opensimMuscles) };
  });
  const defaultLines = linesOf((tissue, index) => ({ tissue, tensionN: series(body.trackTension, bodyModel.ntrack, index) }));
  const mappedTissues = bodyModel.tissueName
    .map((tissue) => tissueCorrespondence(tissue, so.muscles))
    .filter((entry) => entry.opensimMuscles.length > 0)
    .map((entry) => ({ tissue: entry.tissue, opensimMuscles: entry.opensimMuscles, lumped: entry.lumped }));
  const lumbarTissues = ['erector_spinae_lumbar', 'multifidus', 'quadratus_lumborum', 'rectus_abdominis', 'external_oblique', 'internal_oblique'];
  const hasLumbarMuscles = mappedTissues.some((entry) => lumbarTissues.includes(entry.tissue.replace(/_[rl]$/, '')));
  const correspondenceSeries = (tissue: string) => summed(tissueCorrespondence(tissue, so.muscles).opensimMuscles);

  const bodyWeightN = body.subject.massKg * 9.80665;
  const fasciaR = series(body.plantarFascia, 2, 0);
  const fasciaL = series(body.plantarFascia, 2, 1);
  const published = WALKING_FOOT_MECHANICS.plantarFasciaPeakForceBW;
  const fasciaPeakBW = Math.max(fasciaR.peak.value, fasciaL.peak.value) / bodyWeightN;
  const fasciaComparison =
    fasciaPeakBW > (published.high ?? Infinity)
      ? `plantar fascia peak ${fasciaPeakBW.toFixed(2)} BW is above the published range (${published.low}-${published.high} BW)`
      : fasciaPeakBW < (published.low ?? 0)
        ? `plantar fascia peak ${fasciaPeakBW.toFixed(2)} BW is below the published range (${published.low}-${published.high} BW)`
        : `plantar fascia peak ${fasciaPeakBW.toFixed(2)} BW (published range ${published.low}-${published.high} BW)`;
  const lumbar = WALKING_LUMBAR_PEAK_COMPRESSION_BW;
  const l5s1Series = series(body.l5s1Compression);
  const l5s1PeakBW = l5s1Series.peak.value / bodyWeightN;
  const breakdown = body.l5s1PeakBreakdown;
  const l5s1Comparison =
    l5s1PeakBW > (lumbar.high ?? Infinity)
      ? `L5/S1 compression peak ${l5s1PeakBW.toFixed(2)} BW is above the published model estimates for walking (${lumbar.low}-${lumbar.high} BW: ${lumbar.source})` +
        (breakdown === null
          ? ''
          : `; at its peak (${breakdown.timeS.toFixed(3)} s) gravity gives ${breakdown.gravity.compressionN.toFixed(0)} N, the d'Alembert forces ${breakdown.external.compressionN.toFixed(0)} N and the tissues ${breakdown.tissuesTotal.compressionN.toFixed(0)} N ` +
            `(largest: ${breakdown.tissues
              .slice(0, 4)
              .map((share) => `${share.tissue} ${share.compressionN.toFixed(0)} N`)
              .join(', ')}). The known causes left: the trial's trunk flexion on the pelvis (its lumbar_extension is ${trunkFlexionText(body.notes)}), which the spine's extensors must hold against gravity, ` +
            "and the psoas's lumbar moments (flexion, bending and rotation), which the static optimisation balances with the erector spinae and multifidus in the absence of the trunk's deep stabilisers and intra-abdominal pressure; run with trunk 'reference' to see the share of the trunk posture")
      : `L5/S1 compression peak ${l5s1PeakBW.toFixed(2)} BW (published model estimates for walking ${lumbar.low}-${lumbar.high} BW: ${lumbar.source})`;
  const importedNotes = [...so.notes];
  if (so.infeasibleFrames.length > 0) {
    importedNotes.push(`the muscles and actuators could not produce the generalised forces at ${so.infeasibleFrames.length} frames; the rest is in the equation residual`);
  }
  return {
    sources: trial.sources,
    timeS: Array.from(time),
    bodyWeightN,
    gaitCycle: {
      stanceThresholdN: STANCE_FORCE_THRESHOLD_N,
      verticalForceN: { r: Array.from(vertical.r), l: Array.from(vertical.l) },
      stance,
      rightHeelStrikesS,
      cycleS: cycle,
    },
    importedModel: {
      name: trial.loaded.osim.name,
      muscles: so.muscles,
      inverseDynamics,
      muscleForceN,
      activation,
      actuatorForce,
      maxEquationResidual: Array.from(so.maxEquationResidual),
      infeasibleFrames: so.infeasibleFrames.length,
      mapping: { tissues: mappedTissues, unmappedMuscles: unmappedMuscles(so.muscles) },
      lines: importedLines,
      regions: {
        plantarFascia: { available: false, reason: 'the imported model has no plantar fascia (no tissue maps to plantar_fascia); see the default body' },
        l5s1: hasLumbarMuscles
          ? { available: false, reason: 'joint reactions of imported models are not computed by the gait analysis; see the default body' }
          : {
              available: false,
              reason: 'the imported model has no muscles crossing its lumbar joint: its lumbar moment is carried by a reserve actuator, which has no line of action, so no compression or shear follows; see the default body',
            },
        achillesN: { r: correspondenceSeries('achilles_tendon_r'), l: correspondenceSeries('achilles_tendon_l') },
        hamstringsN: {
          r: summed([...new Set(['biceps_femoris_long_r', 'semitendinosus_r', 'semimembranosus_r'].flatMap((t) => tissueCorrespondence(t, so.muscles).opensimMuscles))]),
          l: summed([...new Set(['biceps_femoris_long_l', 'semitendinosus_l', 'semimembranosus_l'].flatMap((t) => tissueCorrespondence(t, so.muscles).opensimMuscles))]),
        },
      },
      notes: importedNotes,
    },
    defaultBody: {
      modelPrediction: true,
      subject: body.subject,
      drivenCoordinates: body.drivenCoordinates,
      unmappedTrialCoordinates: body.unmappedTrialCoordinates,
      lines: defaultLines,
      plantarFasciaN: { r: fasciaR, l: fasciaL },
      plantarFasciaPeakBW: {
        r: fasciaR.peak.value / bodyWeightN,
        l: fasciaL.peak.value / bodyWeightN,
        published: { value: published.value, range: [published.low ?? published.value, published.high ?? published.value], source: published.source },
      },
      archMomentNm: sided(body.archMoment),
      archBalance: {
        tieMomentNm: sided(body.archTieMoment),
        fasciaMomentNm: sided(body.archFasciaMoment),
        ligamentMomentNm: sided(body.archLigamentMoment),
        stopMomentNm: sided(body.archStopMoment),
        midtarsalAngleDeg: sided(body.midtarsalAngle, 180 / Math.PI),
      },
      l5s1CompressionN: l5s1Series,
      l5s1PeakCompressionBW: {
        value: l5s1PeakBW,
        published: { value: lumbar.value, range: [lumbar.low ?? lumbar.value, lumbar.high ?? lumbar.value], source: lumbar.source },
      },
      l5s1AnteriorShearN: series(body.l5s1AnteriorShear),
      achillesN: { r: series(body.achilles, 2, 0), l: series(body.achilles, 2, 1) },
      hamstringsN: { r: series(body.hamstrings, 2, 0), l: series(body.hamstrings, 2, 1) },
      maxResidual: series(body.maxResidual),
      maxReserveNm: series(body.maxReserve),
      maxEquationResidual: Array.from(body.maxEquationResidual),
      unconvergedLineFrames: body.unconvergedLineFrames,
      l5s1PeakTissues: body.l5s1PeakTissues,
      l5s1PeakBreakdown: breakdown,
      notes: [
        'every quantity of the default body is a model prediction: its own muscles, tissues and lines under the trial\'s motion and ground reactions',
        'plantar fascia: the arch as a truss tied by the fascia and the long plantar, short plantar and spring ligaments, balanced as in the stance-phase analysis (intrinsic foot muscles not in the balance, so an upper estimate of the ties\' shares)',
        "L5/S1: joint reaction from gravity, the optimised tissue forces and the bodies' d'Alembert forces (rotational inertia left out)",
        fasciaComparison,
        l5s1Comparison,
        'line tensions: the continuity solve of each line at the pose with the optimised activations',
        ...body.notes,
      ],
    },
    warnings: trial.warnings,
    approximations: trial.approximations,
  };
}
