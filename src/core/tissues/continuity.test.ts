import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { compile } from '../../spec/compile.js';
import { makeData } from '../model/make-data.js';
import type { Data, Model } from '../model/model.js';
import { forwardKinematics } from '../kinematics/forward-kinematics.js';
import { pathLength } from '../paths/path-length.js';
import {
  checkContinuityOptions,
  elasticTendonTrackLaw,
  makeLineContinuityResult,
  rigidTendonTrackLaw,
  solveLineContinuity,
  type ContinuityOptions,
  type TrackForceLaw,
} from './continuity.js';
import { linearTrackLaw, threeTrackLine, threeTrackSpec } from '../../../test/fixtures/three-track-line.js';

const LINE = 0;

/** The fixture compiled, with path lengths of the reference pose in data. */
function setUp(junctionStiffness = 1e4): { model: Model; data: Data } {
  const model = compile(threeTrackSpec({ junctionStiffness }));
  const data = makeData(model);
  forwardKinematics(model, data, model.coordinateDefault);
  pathLength(model, data);
  return { model, data };
}

/** The tension a track would carry on its own at its path length (no junction slides). */
function ownTension(model: Model, data: Data, track: number, law: TrackForceLaw = rigidTendonTrackLaw): number {
  const tissue = model.trackTissue[track];
  const out = new Float64Array(2);
  law(model, tissue, data.tissueLength[tissue], data.tissueActivation[tissue], out);
  return out[0];
}

/** |T_k+1 - T_k - K_k s_k| for every junction of the line, with K from `stiffness`. */
function junctionResiduals(model: Model, data: Data, stiffness: ArrayLike<number>): number[] {
  const residuals: number[] = [];
  const first = model.lineTrackAdr[LINE];
  for (let k = 0; k < model.lineTrackNum[LINE] - 1; k++) {
    const junction = model.lineJunctionAdr[LINE] + k;
    const anchorage = stiffness[junction] * data.junctionDisplacement[junction];
    residuals.push(Math.abs(data.trackTension[first + k + 1] - data.trackTension[first + k] - anchorage));
  }
  return residuals;
}

/** Elastic energy W(e1) - W(e0) = integral of the law's tension from e0 to e1 (Gauss-Legendre, 5 points x 16 panels). */
function workAlong(model: Model, tissue: number, activation: number, from: number, to: number, law: TrackForceLaw): number {
  const nodes = [-0.9061798459386640, -0.5384693101056831, 0, 0.5384693101056831, 0.9061798459386640];
  const weights = [0.2369268850561891, 0.4786286704993665, 0.5688888888888889, 0.4786286704993665, 0.2369268850561891];
  const panels = 16;
  const width = (to - from) / panels;
  const out = new Float64Array(2);
  let sum = 0;
  for (let p = 0; p < panels; p++) {
    const centre = from + (p + 0.5) * width;
    for (let i = 0; i < 5; i++) {
      law(model, tissue, centre + 0.5 * width * nodes[i], activation, out);
      sum += weights[i] * out[0] * 0.5 * width;
    }
  }
  return sum;
}

/** Energy change when the line's slides go from `from` to `to` (tracks' elastic energy + anchorage springs). */
function energyChange(
  model: Model,
  data: Data,
  from: readonly number[],
  to: readonly number[],
  stiffness: ArrayLike<number>,
  law: TrackForceLaw,
): number {
  const first = model.lineTrackAdr[LINE];
  const count = model.lineTrackNum[LINE];
  const firstJunction = model.lineJunctionAdr[LINE];
  const effective = (slides: readonly number[], k: number) =>
    data.tissueLength[model.trackTissue[first + k]] + (k < count - 1 ? slides[k] : 0) - (k > 0 ? slides[k - 1] : 0);
  let change = 0;
  for (let k = 0; k < count; k++) {
    const tissue = model.trackTissue[first + k];
    change += workAlong(model, tissue, data.tissueActivation[tissue], effective(from, k), effective(to, k), law);
  }
  for (let k = 0; k < count - 1; k++) {
    const K = stiffness[firstJunction + k];
    change += 0.5 * K * (to[k] * to[k] - from[k] * from[k]);
  }
  return change;
}

function slides(data: Data): number[] {
  return Array.from(data.junctionDisplacement);
}

describe('solveLineContinuity on the three-track fixture', () => {
  it('satisfies T_k+1 - T_k - K_k s_k = 0 at every junction to 1e-8 N', () => {
    for (const stiffness of [0, 1, 1e2, 1e4, 1e6]) {
      const { model, data } = setUp(stiffness);
      const result = solveLineContinuity(model, data, LINE);
      expect(result.converged).toBe(true);
      for (const residual of junctionResiduals(model, data, model.junctionStiffness)) expect(residual).toBeLessThan(1e-8);
      // The anchorage force is K s.
      for (let j = 0; j < model.njunction; j++) {
        expect(data.junctionAnchorageForce[j]).toBeCloseTo(model.junctionStiffness[j] * data.junctionDisplacement[j], 12);
      }
    }
  });

  it('very stiff anchorage: each track carries its own tension and the junctions barely move', () => {
    const { model, data } = setUp();
    const own = [0, 1, 2].map((track) => ownTension(model, data, track));
    const override = new Float64Array(model.njunction).fill(1e9);
    const result = solveLineContinuity(model, data, LINE, { stiffnessOverride: override });
    expect(result.converged).toBe(true);
    for (let track = 0; track < 3; track++) {
      expect(Math.abs(data.trackTension[track] - own[track]) / own[track]).toBeLessThan(1e-4);
    }
    for (let j = 0; j < model.njunction; j++) expect(Math.abs(data.junctionDisplacement[j])).toBeLessThan(1e-6);
    // The tensions differ from track to track: the test would fail if the line acted as a cable.
    expect(Math.abs(own[0] - own[1])).toBeGreaterThan(1);
  });

  it('infinite anchorage pins the junctions exactly: s = 0, tensions are the tracks\' own, anchorage takes the difference', () => {
    const { model, data } = setUp();
    const own = [0, 1, 2].map((track) => ownTension(model, data, track));
    const override = new Float64Array(model.njunction).fill(Infinity);
    const result = solveLineContinuity(model, data, LINE, { stiffnessOverride: override });
    expect(result.converged).toBe(true);
    expect(result.iterations).toBe(0);
    expect(Array.from(data.trackTension)).toEqual(own);
    expect(slides(data)).toEqual([0, 0]);
    expect(data.junctionAnchorageForce[0]).toBe(own[1] - own[0]);
    expect(data.junctionAnchorageForce[1]).toBe(own[2] - own[1]);
  });

  it('zero anchorage: one cable, equal tension in every taut track, total stretch conserved', () => {
    const { model, data } = setUp(0);
    const totalPath = [0, 1, 2].reduce((sum, track) => sum + data.tissueLength[model.trackTissue[track]], 0);
    const result = solveLineContinuity(model, data, LINE);
    expect(result.converged).toBe(true);
    const tension = data.trackTension[0];
    expect(tension).toBeGreaterThan(1);
    for (let track = 1; track < 3; track++) expect(Math.abs(data.trackTension[track] - tension)).toBeLessThan(1e-8);
    const totalEffective = data.trackLength[0] + data.trackLength[1] + data.trackLength[2];
    expect(Math.abs(totalEffective - totalPath)).toBeLessThan(1e-14);
    for (let j = 0; j < model.njunction; j++) expect(Math.abs(data.junctionAnchorageForce[j])).toBe(0);
  });

  it('the solution minimises the total energy: perturbing any slide raises it, and its gradient vanishes', () => {
    for (const law of [rigidTendonTrackLaw, elasticTendonTrackLaw]) {
      const { model, data } = setUp(3e3);
      data.tissueActivation[model.tissueIndex.get('middle_muscle')!] = 0.2;
      solveLineContinuity(model, data, LINE, { law });
      const solution = slides(data);
      for (let k = 0; k < solution.length; k++) {
        for (const delta of [1e-5, 1e-4, 1e-3]) {
          const up = solution.slice();
          const down = solution.slice();
          up[k] += delta;
          down[k] -= delta;
          const rise = energyChange(model, data, solution, up, model.junctionStiffness, law);
          const fall = energyChange(model, data, solution, down, model.junctionStiffness, law);
          expect(rise).toBeGreaterThan(0);
          expect(fall).toBeGreaterThan(0);
          // Central difference of E is -r_k: zero at equilibrium (to quadrature and O(delta^2) error).
          if (delta === 1e-5) expect(Math.abs((rise - fall) / (2 * delta))).toBeLessThan(1e-5);
        }
      }
      // A point off the solution is not stationary: the same check must be able to fail.
      const off = solution.map((value) => value + 2e-3);
      const offUp = off.slice();
      offUp[0] += 1e-5;
      const offDown = off.slice();
      offDown[0] -= 1e-5;
      const gradient =
        (energyChange(model, data, off, offUp, model.junctionStiffness, law) -
          energyChange(model, data, off, offDown, model.junctionStiffness, law)) /
        2e-5;
      expect(Math.abs(gradient)).toBeGreaterThan(1e-2);
    }
  });

  it('stretching one track raises the tension of its neighbours when the anchorage is finite', () => {
    const { model, data } = setUp(1e4);
    const lowerTissue = model.trackTissue[0];
    let previous = [-Infinity, -Infinity, -Infinity];
    const base = data.tissueLength[lowerTissue];
    for (let step = 0; step <= 5; step++) {
      data.tissueLength[lowerTissue] = base + step * 2e-3;
      solveLineContinuity(model, data, LINE);
      const tensions = Array.from(data.trackTension);
      for (let track = 0; track < 3; track++) expect(tensions[track]).toBeGreaterThan(previous[track]);
      previous = tensions;
    }
    // Pinned junctions: the neighbours do not feel it.
    const pinned = new Float64Array(model.njunction).fill(Infinity);
    data.tissueLength[lowerTissue] = base;
    solveLineContinuity(model, data, LINE, { stiffnessOverride: pinned });
    const upperBefore = data.trackTension[2];
    data.tissueLength[lowerTissue] = base + 1e-2;
    solveLineContinuity(model, data, LINE, { stiffnessOverride: pinned });
    expect(data.trackTension[2]).toBe(upperBefore);
  });

  it('transfers less of a stretch across stiffer anchorage', () => {
    const { model, data } = setUp();
    const lowerTissue = model.trackTissue[0];
    const base = data.tissueLength[lowerTissue];
    let previousGain = Infinity;
    for (const stiffness of [0, 1e2, 1e4, 1e6]) {
      const override = new Float64Array(model.njunction).fill(stiffness);
      data.tissueLength[lowerTissue] = base;
      solveLineContinuity(model, data, LINE, { stiffnessOverride: override });
      const before = data.trackTension[2];
      data.tissueLength[lowerTissue] = base + 1e-3;
      solveLineContinuity(model, data, LINE, { stiffnessOverride: override });
      const gain = data.trackTension[2] - before;
      expect(gain).toBeGreaterThan(0);
      expect(gain).toBeLessThan(previousGain);
      previousGain = gain;
    }
  });

  it('activating the muscle track raises the tension along the whole line', () => {
    const { model, data } = setUp();
    solveLineContinuity(model, data, LINE);
    const passive = Array.from(data.trackTension);
    data.tissueActivation[model.tissueIndex.get('middle_muscle')!] = 0.5;
    solveLineContinuity(model, data, LINE);
    for (let track = 0; track < 3; track++) expect(data.trackTension[track]).toBeGreaterThan(passive[track]);
    expect(data.trackTension[1] - passive[1]).toBeGreaterThan(100);
  });

  it('handles slack tracks: exact residuals with a finite anchorage, a single slack cable with none', () => {
    const { model, data } = setUp(1e4);
    const muscle = model.trackTissue[1];
    // Shorten the muscle's path far below its slack: on its own it carries nothing.
    data.tissueLength[muscle] = 0.1;
    expect(ownTension(model, data, 1)).toBe(0);
    let result = solveLineContinuity(model, data, LINE);
    expect(result.converged).toBe(true);
    for (const residual of junctionResiduals(model, data, model.junctionStiffness)) expect(residual).toBeLessThan(1e-8);
    expect(data.trackTension[1]).toBe(0);

    // No anchorage, total path shorter than the sum of slack lengths: the whole cable goes
    // slack (to the residual tolerance: what remains is below 1e-9 N).
    const zero = new Float64Array(model.njunction);
    result = solveLineContinuity(model, data, LINE, { stiffnessOverride: zero });
    expect(result.converged).toBe(true);
    for (let track = 0; track < 3; track++) expect(data.trackTension[track]).toBeLessThan(1e-9);
  });

  it('a track slack on its own is pulled taut by its neighbours when the cable is long enough', () => {
    const { model, data } = setUp(0);
    const muscle = model.trackTissue[1];
    const fascia = model.trackTissue[0];
    // The muscle 3 cm below its unloaded length, the fascia 6 cm above: the cable as a whole is stretched.
    data.tissueLength[muscle] -= 0.03 + 0.02;
    data.tissueLength[fascia] += 0.06;
    expect(ownTension(model, data, 1)).toBe(0);
    const result = solveLineContinuity(model, data, LINE);
    expect(result.converged).toBe(true);
    const tension = data.trackTension[0];
    expect(tension).toBeGreaterThan(1);
    for (let track = 1; track < 3; track++) expect(Math.abs(data.trackTension[track] - tension)).toBeLessThan(1e-8);
  });

  it('matches the closed-form solution for linear springs (a 2x2 linear system)', () => {
    const { model, data } = setUp();
    const stiffness = [3000, 800, 12000];
    const slack = [0.29, 0.27, 0.195];
    const law = linearTrackLaw(stiffness, slack);
    const K = [500, 2000];
    const override = Float64Array.from(K);
    solveLineContinuity(model, data, LINE, { law, stiffnessOverride: override });
    // Stretches x_k = L_k - slack_k (all taut); r1 = k2(x2 - s1 + s2) - k1(x1 + s1) - K1 s1, r2 = k3(x3 - s2) - k2(x2 - s1 + s2) - K2 s2.
    const x = [0, 1, 2].map((k) => data.tissueLength[model.trackTissue[k]] - slack[k]);
    const [k1, k2, k3] = stiffness;
    const a11 = k1 + k2 + K[0];
    const a12 = -k2;
    const a22 = k2 + k3 + K[1];
    const b1 = k2 * x[1] - k1 * x[0];
    const b2 = k3 * x[2] - k2 * x[1];
    const det = a11 * a22 - a12 * a12;
    const s1 = (b1 * a22 - a12 * b2) / det;
    const s2 = (a11 * b2 - a12 * b1) / det;
    expect(Math.abs(data.junctionDisplacement[0] - s1)).toBeLessThan(1e-12 * Math.max(1, Math.abs(s1)) + 1e-15);
    expect(Math.abs(data.junctionDisplacement[1] - s2)).toBeLessThan(1e-12 * Math.max(1, Math.abs(s2)) + 1e-15);
  });

  it('honours anchorageScale and warm starts', () => {
    const { model, data } = setUp(1e4);
    solveLineContinuity(model, data, LINE, { anchorageScale: 0 });
    const cable = Array.from(data.trackTension);
    expect(Math.abs(cable[0] - cable[2])).toBeLessThan(1e-8);
    const result = makeLineContinuityResult();
    solveLineContinuity(model, data, LINE, { anchorageScale: 2.5 }, result);
    const scaled = slides(data);
    const override = Float64Array.from(model.junctionStiffness, (value) => value * 2.5);
    solveLineContinuity(model, data, LINE, { stiffnessOverride: override });
    expect(slides(data)).toEqual(scaled);
    // Starting from the solution takes no iteration.
    solveLineContinuity(model, data, LINE, { anchorageScale: 2.5, warmStart: true }, result);
    expect(result.iterations).toBe(0);
    expect(result.converged).toBe(true);
  });

  it('reports NaN path lengths and bad options as KinechainErrors', () => {
    const { model, data } = setUp();
    data.tissueLength[model.trackTissue[1]] = Number.NaN;
    expect(() => solveLineContinuity(model, data, LINE)).toThrow(/test_line.*middle_muscle/);
    expect(() => checkContinuityOptions(model, { anchorageScale: -1 })).toThrow(/anchorageScale/);
    expect(() => checkContinuityOptions(model, { anchorageScale: Number.NaN })).toThrow(/anchorageScale/);
    expect(() => checkContinuityOptions(model, { stiffnessOverride: new Float64Array(3) })).toThrow(/2 junctions/);
    expect(() => checkContinuityOptions(model, { stiffnessOverride: Float64Array.of(1, Number.NaN) })).toThrow(
      /stiffnessOverride\[1\]/,
    );
    expect(() => checkContinuityOptions(model, { stiffnessOverride: Float64Array.of(1, Infinity) })).not.toThrow();
  });

  it('converges with conserved junction forces for random lengths, anchorages and activations (property)', () => {
    const { model, data } = setUp();
    const reference = Float64Array.from(data.tissueLength);
    const muscle = model.tissueIndex.get('middle_muscle')!;
    fc.assert(
      fc.property(
        fc.array(fc.double({ min: -0.08, max: 0.08, noNaN: true }), { minLength: 3, maxLength: 3 }),
        fc.array(fc.double({ min: -2, max: 8, noNaN: true }), { minLength: 2, maxLength: 2 }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        fc.boolean(),
        (stretches, logStiffness, activation, zeroFirst) => {
          for (let t = 0; t < 3; t++) data.tissueLength[t] = reference[t] + stretches[t];
          data.tissueActivation[muscle] = activation;
          const override = Float64Array.from(logStiffness, (value) => 10 ** value);
          if (zeroFirst) override[0] = 0;
          const options: ContinuityOptions = { stiffnessOverride: override };
          const result = solveLineContinuity(model, data, LINE, options);
          expect(result.converged).toBe(true);
          for (const residual of junctionResiduals(model, data, override)) expect(residual).toBeLessThan(1e-8);
          for (let track = 0; track < 3; track++) expect(data.trackTension[track]).toBeGreaterThanOrEqual(0);
        },
      ),
      { numRuns: 300, seed: 20240601 },
    );
  });
});

describe('a line of one track', () => {
  it('carries the track\'s own tension and has no junctions', () => {
    const oneTrack = { ...threeTrackLine(), name: 'one_track', tracks: [{ tissue: 'upper_ligament', label: 'ligament' }], junctions: [] };
    const model = compile(threeTrackSpec({ lines: [oneTrack] }));
    const data = makeData(model);
    forwardKinematics(model, data, model.coordinateDefault);
    pathLength(model, data);
    expect(model.njunction).toBe(0);
    const result = solveLineContinuity(model, data, 0);
    expect(result).toEqual({ converged: true, iterations: 0, maxResidualN: 0 });
    expect(data.trackTension[0]).toBe(ownTension(model, data, 0));
    expect(data.trackTension[0]).toBeGreaterThan(0);
    expect(data.trackLength[0]).toBe(data.tissueLength[model.trackTissue[0]]);
  });
});

describe('track force laws', () => {
  it('report slopes that match central differences of their tensions', () => {
    const { model } = setUp();
    const out = new Float64Array(2);
    const plus = new Float64Array(2);
    const minus = new Float64Array(2);
    const h = 1e-7;
    for (const law of [rigidTendonTrackLaw, elasticTendonTrackLaw]) {
      for (let tissue = 0; tissue < model.ntissue; tissue++) {
        for (const scale of [0.97, 1.0, 1.04, 1.1]) {
          for (const activation of [0, 0.3, 1]) {
            const length = model.tissueReferenceLength[tissue] * scale;
            law(model, tissue, length, activation, out);
            law(model, tissue, length + h, activation, plus);
            law(model, tissue, length - h, activation, minus);
            const difference = (plus[0] - minus[0]) / (2 * h);
            expect(Math.abs(out[1] - difference)).toBeLessThan(1e-4 * Math.max(1, Math.abs(difference)));
          }
        }
      }
    }
  });
});
