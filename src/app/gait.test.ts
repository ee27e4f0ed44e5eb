/**
 * The gait analysis on OpenSim's gait10dof18musc walking trial (shared reference, or
 * KINECHAIN_OPENSIM_REFERENCE), copied to a temporary folder: physical invariants of
 * the imported model's static optimisation, the default body's loads and the gait events.
 */
import { cpSync, existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { KinechainError } from '../core/errors.js';
import { gaitAnalysis, stanceIntervals, type GaitAnalysis } from './gait.js';
import { importedStaticOptimization } from './gait-imported-model.js';
import { defaultBodyGait, type DefaultBodyGait } from './gait-default-body.js';
import { analyzeStancePhase } from '../analyses/stance-phase.js';
import { buildBody } from '../library/default-body.js';
import { FOOTWEAR_CATALOGUE } from '../library/footwear.js';
import { WALKING_FOOT_MECHANICS } from '../library/walking-reference.js';
import { WALKING_LUMBAR_PEAK_COMPRESSION_BW } from '../library/validation-ranges.js';
import { compile } from '../spec/compile.js';
import { loadGaitTrial, parseGaitActuators, type GaitTrial } from './gait-trial.js';

const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));
const REFERENCE_DIR = process.env.KINECHAIN_OPENSIM_REFERENCE ?? resolve(REPO_ROOT, '../shared/reference/opensim');

function copyReference(name: string): string {
  const source = join(REFERENCE_DIR, name);
  if (!existsSync(source)) throw new Error(`OpenSim reference folder ${source} is missing (set KINECHAIN_OPENSIM_REFERENCE to the folder)`);
  const target = join(mkdtempSync(join(tmpdir(), 'kinechain-gait-')), name);
  cpSync(source, target, { recursive: true });
  return target;
}

async function failure(work: () => Promise<unknown>): Promise<KinechainError> {
  try {
    await work();
  } catch (error) {
    if (error instanceof KinechainError) return error;
    throw error;
  }
  throw new Error('expected a KinechainError');
}

describe('stanceIntervals', () => {
  it('finds the loaded spans above the threshold', () => {
    const time = [0, 1, 2, 3, 4, 5];
    expect(stanceIntervals(time, [0, 50, 60, 0, 0, 30])).toEqual([
      { startS: 1, endS: 2 },
      { startS: 5, endS: 5 },
    ]);
  });
});

describe('parseGaitActuators', () => {
  it('reads CoordinateActuators and lists point and torque actuators it leaves out', () => {
    const text =
      '<OpenSimDocument><ForceSet><objects>' +
      '<PointActuator name="FX"><isDisabled>false</isDisabled></PointActuator>' +
      '<CoordinateActuator name="hip_reserve"><coordinate>hip_flexion_r</coordinate><optimal_force>2</optimal_force><min_control>-5</min_control><max_control>5</max_control></CoordinateActuator>' +
      '<CoordinateActuator name="off"><isDisabled>true</isDisabled><coordinate>knee_angle_r</coordinate></CoordinateActuator>' +
      '</objects></ForceSet></OpenSimDocument>';
    const read = parseGaitActuators(text, 'reserves.xml');
    expect(read.actuators).toEqual([{ name: 'hip_reserve', coordinate: 'hip_flexion_r', optimalForce: 2, maxControl: 5 }]);
    expect(read.leftOut).toEqual(['PointActuator "FX"']);
  });
});

describe('gait analysis of gait10dof18musc walking (walk_Setup_ID.xml)', () => {
  let folder: string;
  let trial: GaitTrial;
  let analysis: GaitAnalysis;
  beforeAll(async () => {
    folder = copyReference('gait10dof18musc');
    const request = {
      setupPath: join(folder, 'ID/walk_Setup_ID.xml'),
      actuatorsPaths: [join(folder, 'gait10dof_Reserve_Actuators.xml')],
    };
    trial = await loadGaitTrial(request);
    analysis = await gaitAnalysis(request);
  }, 120_000);

  it('static optimisation of the imported model reproduces the inverse-dynamics generalised forces at every frame', () => {
    const so = importedStaticOptimization(trial);
    const nq = trial.model.nq;
    expect(so.infeasibleFrames).toEqual([]);
    for (let frame = 0; frame < trial.time.length; frame++) {
      for (let j = 0; j < nq; j++) {
        const tau = trial.generalizedForce[frame * nq + j];
        const produced = so.tissueGeneralizedForce[frame * nq + j] + so.actuatorGeneralizedForce[frame * nq + j];
        expect(Math.abs(produced - tau)).toBeLessThanOrEqual(1e-9 * Math.max(1, Math.abs(tau)));
      }
    }
    // The muscle-driven coordinates (hips, knees, ankles) are carried by the muscles: the 1 N m reserves take
    // hundredths of a N m where the joint moments reach 50-130 N m.
    for (const name of ['hip_flexion_r', 'knee_angle_r', 'ankle_angle_r', 'hip_flexion_l', 'knee_angle_l', 'ankle_angle_l']) {
      const j = trial.model.coordinateIndex.get(name) as number;
      for (let frame = 0; frame < trial.time.length; frame++) {
        const tau = Math.abs(trial.generalizedForce[frame * nq + j]);
        expect(Math.abs(so.actuatorGeneralizedForce[frame * nq + j])).toBeLessThanOrEqual(1e-3 * tau + 0.05);
      }
    }
  });

  it('muscle forces and line tensions are never negative', () => {
    for (const series of Object.values(analysis.importedModel.muscleForceN)) for (const value of series.values) expect(value).toBeGreaterThanOrEqual(0);
    for (const line of [...analysis.defaultBody.lines, ...analysis.importedModel.lines]) {
      for (const track of line.tracks) for (const value of track.tensionN?.values ?? []) expect(value).toBeGreaterThanOrEqual(-1e-9);
    }
    for (const value of [...analysis.defaultBody.plantarFasciaN.r.values, ...analysis.defaultBody.plantarFasciaN.l.values]) expect(value).toBeGreaterThanOrEqual(0);
  });

  it('left and right stance phases alternate, and each foot is unloaded between its stances', () => {
    const strikes = [
      ...analysis.gaitCycle.stance.r.map((interval) => ({ side: 'r', t: interval.startS })),
      ...analysis.gaitCycle.stance.l.map((interval) => ({ side: 'l', t: interval.startS })),
    ].sort((a, b) => a.t - b.t);
    expect(strikes.length).toBeGreaterThanOrEqual(4);
    for (let k = 1; k < strikes.length; k++) expect(strikes[k].side).not.toBe(strikes[k - 1].side);
    expect(analysis.gaitCycle.cycleS).not.toBeNull();
    // Double support: the stances overlap (walking, not running).
    const [start, end] = analysis.gaitCycle.cycleS as [number, number];
    const both = analysis.timeS.filter((t, i) => t >= start && t <= end && analysis.gaitCycle.verticalForceN.r[i] > 20 && analysis.gaitCycle.verticalForceN.l[i] > 20);
    expect(both.length).toBeGreaterThan(0);
  });

  it('maps the muscles it can by name and role and says what it cannot', () => {
    const unmapped = analysis.importedModel.mapping.unmappedMuscles.map((entry) => entry.muscle).sort();
    expect(unmapped).toEqual(['bifemsh_l', 'bifemsh_r']);
    const hamstrings = analysis.importedModel.mapping.tissues.find((entry) => entry.tissue === 'biceps_femoris_long_r');
    expect(hamstrings).toEqual({ tissue: 'biceps_femoris_long_r', opensimMuscles: ['hamstrings_r'], lumped: true });
    expect(analysis.importedModel.regions.plantarFascia.available).toBe(false);
    expect(analysis.importedModel.regions.l5s1.reason).toMatch(/no muscles crossing its lumbar joint/);
    // Achilles = gastroc + soleus, frame by frame.
    const achilles = analysis.importedModel.regions.achillesN.r;
    expect(achilles).not.toBeNull();
    achilles?.values.forEach((value, i) => {
      const sum = analysis.importedModel.muscleForceN.gastroc_r.values[i] + analysis.importedModel.muscleForceN.soleus_r.values[i];
      expect(value).toBeCloseTo(sum, 9);
    });
    // The superficial back line's plantar fascia track is not represented in the imported model.
    const sbl = analysis.importedModel.lines.find((line) => line.line === 'superficial_back_line_r');
    expect(sbl?.tracks[0]).toMatchObject({ tissue: 'plantar_fascia_r', opensimMuscles: [], tensionN: null });
  });

  it('the default body is the subject\'s mass, and its plantar fascia is loaded in stance, not in swing', () => {
    const model = trial.model;
    let mass = 0;
    for (let b = 1; b < model.nbody; b++) mass += model.bodyMass[b];
    expect(analysis.defaultBody.subject.massKg).toBeCloseTo(mass, 9);
    const peak = analysis.defaultBody.plantarFasciaN.r.peak;
    const i = analysis.timeS.indexOf(peak.timeS);
    expect(analysis.gaitCycle.verticalForceN.r[i]).toBeGreaterThan(20);
    expect(analysis.defaultBody.modelPrediction).toBe(true);
    for (const value of analysis.defaultBody.maxEquationResidual) expect(value).toBeLessThan(1e-6);
  });

  it('is plain JSON', () => {
    expect(JSON.parse(JSON.stringify(analysis)).timeS).toEqual(analysis.timeS);
  });

  it('bad input is a KinechainError with a fix', async () => {
    const both = await failure(() => gaitAnalysis({ setupPath: join(folder, 'ID/walk_Setup_ID.xml'), modelPath: join(folder, 'subject01.osim') }));
    expect(both.code).toBe('MALFORMED_INPUT');
    const none = await failure(() => gaitAnalysis({ modelPath: join(folder, 'subject01.osim') }));
    expect(none.message).toMatch(/--coordinates/);
    const missing = await failure(() => gaitAnalysis({ modelPath: join(folder, 'nope.osim'), coordinatesPath: join(folder, 'IK/subject01_walk_IK.mot') }));
    expect(missing.code).toBe('FILE_NOT_FOUND');
  });
});

describe('default body loads over the gait10dof18musc walk: plantar fascia and L5/S1', () => {
  let folder: string;
  let trial: GaitTrial;
  let analysis: GaitAnalysis;
  let midStanceFrame: number;
  let reference: DefaultBodyGait;
  let lumped: DefaultBodyGait;
  let withBreakdown: DefaultBodyGait;
  beforeAll(async () => {
    folder = copyReference('gait10dof18musc');
    const request = {
      setupPath: join(folder, 'ID/walk_Setup_ID.xml'),
      actuatorsPaths: [join(folder, 'gait10dof_Reserve_Actuators.xml')],
    };
    trial = await loadGaitTrial(request);
    analysis = await gaitAnalysis(request);
    // Right mid-stance: the middle of the right foot's single support inside the gait cycle.
    const [start, end] = analysis.gaitCycle.cycleS as [number, number];
    const single = analysis.timeS
      .map((t, i) => ({ t, i }))
      .filter(({ t, i }) => t >= start && t <= end && analysis.gaitCycle.verticalForceN.r[i] > 20 && analysis.gaitCycle.verticalForceN.l[i] <= 20)
      .map(({ i }) => i);
    midStanceFrame = single[Math.floor(single.length / 2)];
    withBreakdown = defaultBodyGait(trial, { breakdownFrames: [midStanceFrame] });
    reference = defaultBodyGait(trial, { trunk: 'reference', breakdownFrames: [midStanceFrame] });
    lumped = defaultBodyGait(trial, { hipFlexors: 'iliopsoas' });
  }, 180_000);

  it('the plantar fascia peak lies in the published walking range and within a factor 1.5 of the stance-phase analysis on the same trial', () => {
    const bodyWeight = analysis.bodyWeightN;
    const published = WALKING_FOOT_MECHANICS.plantarFasciaPeakForceBW;
    const peakR = analysis.defaultBody.plantarFasciaPeakBW.r;
    const peakL = analysis.defaultBody.plantarFasciaPeakBW.l;
    for (const peak of [peakR, peakL]) {
      expect(peak).toBeGreaterThanOrEqual(published.low as number);
      expect(peak).toBeLessThanOrEqual(published.high as number);
    }
    const subject = analysis.defaultBody.subject;
    const model = compile(buildBody({ heightM: subject.heightM, massKg: subject.massKg, sex: subject.sex }));
    const stance = analyzeStancePhase(model, { footwear: FOOTWEAR_CATALOGUE.barefoot, instants: 50 });
    const ratio = peakR / stance.summary.plantarFasciaPeakForceBW;
    expect(ratio).toBeGreaterThan(1 / 1.5);
    expect(ratio).toBeLessThan(1.5);
    expect(analysis.defaultBody.plantarFasciaN.r.peak.value / bodyWeight).toBeCloseTo(peakR, 12);
  });

  it('the arch balance: fascia, ligaments and stop carry the moment the ties must carry, and nothing when it does not flatten the arch', () => {
    const balance = analysis.defaultBody.archBalance;
    let ligamentsLoaded = 0;
    for (const side of ['r', 'l'] as const) {
      balance.tieMomentNm[side].forEach((tie, i) => {
        const carried = balance.fasciaMomentNm[side][i] + balance.ligamentMomentNm[side][i] + balance.stopMomentNm[side][i];
        if (tie > 0) expect(Math.abs(carried - tie)).toBeLessThanOrEqual(1e-4 * Math.max(1, tie));
        else expect(carried).toBe(0);
        expect(balance.stopMomentNm[side][i]).toBeGreaterThanOrEqual(0);
        if (balance.ligamentMomentNm[side][i] > 1) ligamentsLoaded++;
      });
    }
    // The ligaments share the arch load (the fascia is not the arch's only tie).
    expect(ligamentsLoaded).toBeGreaterThan(10);
  });

  it('L5/S1: the joint reaction equals the sum of the forces across the cut (gravity, d\'Alembert forces, each tissue)', () => {
    const breakdowns = [analysis.defaultBody.l5s1PeakBreakdown, ...withBreakdown.l5s1Breakdowns, ...reference.l5s1Breakdowns];
    for (const breakdown of breakdowns) {
      expect(breakdown).not.toBeNull();
      if (breakdown === null) continue;
      const scale = Math.max(1, Math.abs(breakdown.compressionN));
      const tissueSum = breakdown.tissues.reduce((sum, share) => sum + share.compressionN, 0);
      const shearSum = breakdown.tissues.reduce((sum, share) => sum + share.anteriorShearN, 0);
      expect(Math.abs(tissueSum - breakdown.tissuesTotal.compressionN)).toBeLessThanOrEqual(1e-9 * scale);
      expect(Math.abs(shearSum - breakdown.tissuesTotal.anteriorShearN)).toBeLessThanOrEqual(1e-9 * scale);
      const parts = breakdown.gravity.compressionN + breakdown.external.compressionN + breakdown.tissuesTotal.compressionN;
      expect(Math.abs(parts - breakdown.compressionN)).toBeLessThanOrEqual(1e-9 * scale);
      const shear = breakdown.gravity.anteriorShearN + breakdown.external.anteriorShearN + breakdown.tissuesTotal.anteriorShearN;
      expect(Math.abs(shear - breakdown.anteriorShearN)).toBeLessThanOrEqual(1e-9 * scale);
    }
    const peak = analysis.defaultBody.l5s1PeakBreakdown;
    expect(peak?.compressionN).toBeCloseTo(analysis.defaultBody.l5s1CompressionN.peak.value, 9);
    // The per-frame tissue share matches the breakdown at the mid-stance frame.
    const mid = withBreakdown.l5s1Breakdowns[0];
    expect(withBreakdown.l5s1TissueCompression[midStanceFrame]).toBeCloseTo(mid.tissuesTotal.compressionN, 9);
  });

  it('L5/S1 compression peak: within the published walking range with the trunk at its reference, at most 1.5 times its upper end with the trial\'s trunk flexion', () => {
    const published = WALKING_LUMBAR_PEAK_COMPRESSION_BW;
    const bodyWeight = analysis.bodyWeightN;
    const peakOf = (values: Float64Array) => values.reduce((a, b) => Math.max(a, b), -Infinity);
    const upright = peakOf(reference.l5s1Compression) / bodyWeight;
    expect(upright).toBeGreaterThanOrEqual(published.low as number);
    expect(upright).toBeLessThanOrEqual(published.high as number);
    const flexed = analysis.defaultBody.l5s1PeakCompressionBW.value;
    expect(flexed).toBeGreaterThanOrEqual(published.low as number);
    expect(flexed).toBeLessThanOrEqual(1.5 * (published.high as number));
    if (flexed > (published.high as number)) expect(analysis.defaultBody.notes.some((note) => /above the published model estimates/.test(note))).toBe(true);
    // Splitting the iliopsoas (only the psoas crosses L5/S1) lowers the peak: the lumped one is all on the spine.
    expect(peakOf(lumped.l5s1Compression)).toBeGreaterThan(peakOf(reference.l5s1Compression));
    expect(peakOf(lumped.l5s1Compression) / bodyWeight).toBeGreaterThan(flexed);
  });

  it('at mid-stance the trunk muscles carry little beyond the net L5/S1 moment: no co-contraction', () => {
    const trunkMuscles = /^(erector_spinae|multifidus|quadratus_lumborum|rectus_abdominis|external_oblique|internal_oblique|latissimus_dorsi)/;
    // Erector spinae lever arm at L5/S1 of about 5 cm (assumption; 5-6 cm in MRI studies of adults).
    const lever = 0.05;
    const bodyWeight = analysis.bodyWeightN;
    for (const body of [withBreakdown, reference]) {
      const mid = body.l5s1Breakdowns[0];
      expect(mid.frame).toBe(midStanceFrame);
      const share = mid.tissues.filter((entry) => trunkMuscles.test(entry.tissue)).reduce((sum, entry) => sum + entry.compressionN, 0);
      const needed = Math.abs(mid.netMomentNm.lumbar_extension) / lever;
      expect(share).toBeLessThanOrEqual(1.5 * needed + 0.1 * bodyWeight);
    }
    // Upright, the trunk muscles' share is small.
    const upright = reference.l5s1Breakdowns[0];
    const uprightShare = upright.tissues.filter((entry) => trunkMuscles.test(entry.tissue)).reduce((sum, entry) => sum + entry.compressionN, 0);
    expect(uprightShare).toBeLessThan(0.3 * bodyWeight);
  });
});
