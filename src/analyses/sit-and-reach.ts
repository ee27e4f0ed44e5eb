/**
 * Seated sit-and-reach: how far past the soles the fingertips reach in long sitting, legs
 * straight, feet against the box with the ankles at 0 deg, reaching forward as far as the
 * tissues allow.
 *
 * Postures: seated-reach-kinematics.ts, set by the spinal flexion (a fraction of the
 * standing rhythm's end values) and the hip flexion (the pelvis turning on the hips).
 * Tensions, tolerances and the effective-tolerance rule are those of the toe-touch
 * (stretch-test-solver.ts).
 *
 * End point: the person is told to reach as far as possible, so the end point is the
 * posture of greatest reach among those in which no tissue is past its tolerance. No
 * order of spine and hip motion is assumed. For a spinal flexion fraction the largest
 * tolerated hip flexion is found by regula falsi (tensions grow with hip flexion); the reach
 * along that boundary is maximised over the spinal fraction by a grid and a
 * golden-section refinement. The search starts from the most relaxed posture, the pelvis
 * rolled back to LONG_SITTING_MIN_HIP_FLEXION_DEG with the spine neutral: a tissue already
 * past its tolerance there limits the reach only once it is stretched further.
 *
 * Reach convention: centimetres past the plane of the soles (the face of the box),
 * positive past the toes. A box reading is this plus the box's mark at the soles: 23 cm
 * (President's Challenge), 26 cm (Canadian, CSEP), 15 cm (Eurofit), 38.1 cm (YMCA
 * yardstick); see library/flexibility-norms.ts.
 */
import { KinechainError } from '../core/errors.js';
import type { Data, Model } from '../core/model/model.js';
import { LONG_SITTING_MIN_HIP_FLEXION_DEG } from '../library/forward-bend-rhythm.js';
import type { Scenario } from '../library/scenario.js';
import { SeatedReachKinematics, type SeatedReachOptions } from './seated-reach-kinematics.js';
import type { StretchEndPoint } from './stretch-end-point.js';
import {
  StretchTestSolver,
  type BackLineStation,
  type StretchMovement,
  type StretchTestOptions,
  type TissueTensionReport,
} from './stretch-test-solver.js';
import type { LimitingTissue } from './toe-touch.js';

const DEG = Math.PI / 180;
const DEGREES = 180 / Math.PI;
/** Grid intervals of the spinal fraction, golden-section steps. */
const SPINE_GRID = 8;
const GOLDEN_STEPS = 14;
/** Hip-limit search: iterations at most, bracket width (rad) and |ratio - 1| at which it stops. */
const HIP_ITERATIONS = 60;
const HIP_TOLERANCE = 1e-10;
const RATIO_TOLERANCE = 1e-10;
const GOLDEN = (Math.sqrt(5) - 1) / 2;

export interface SitAndReachOptions extends StretchTestOptions {
  readonly kinematics?: SeatedReachOptions;
  /** Hip flexion of the most relaxed posture (deg); LONG_SITTING_MIN_HIP_FLEXION_DEG by default. */
  readonly minHipFlexionDeg?: number;
}

export interface SitAndReachResult {
  /** Fingertip distance past the plane of the soles (cm); positive = past the toes. Add the box's foot mark for a box reading. */
  readonly reachCm: number;
  /** 'tissue': a tissue at its tolerance bounds the reach; 'start': one is past it already when relaxed; 'range': the hip's range does. */
  readonly endedBy: StretchEndPoint['reason'];
  readonly limitingTissue: LimitingTissue | null;
  readonly tensionToToleranceRatio: number;
  readonly bend: {
    readonly hipFlexionDeg: number;
    /** Spinal flexion as a fraction of the standing rhythm's end values. */
    readonly spineFraction: number;
    readonly lumbarFlexionDeg: number;
    readonly thoracicFlexionDeg: number;
    readonly neckFlexionDeg: number;
  };
  readonly tissues: readonly TissueTensionReport[];
  readonly superficialBackLine: { readonly r: readonly BackLineStation[]; readonly l: readonly BackLineStation[] };
  readonly evaluations: number;
}

/** The spine-only path at the most relaxed hip flexion (what the base class's one-parameter interface sees). */
class SeatedReachMovement implements StretchMovement {
  readonly kinematics: SeatedReachKinematics;
  hipFlexion = 0;
  constructor(model: Model, data: Data, options: SeatedReachOptions | undefined) {
    this.kinematics = new SeatedReachKinematics(model, data, options);
  }
  pose(s: number): void {
    this.kinematics.pose(s, this.hipFlexion);
  }
}

/** Sit-and-reach solves on one compiled scenario. */
export class SitAndReachSolver extends StretchTestSolver<SeatedReachMovement> {
  /** Hip flexion of the most relaxed posture (rad). */
  readonly minHipFlexion: number;
  private evaluations = 0;
  private argmax = -1;
  private bestHip = 0;

  constructor(scenario: Scenario, options: SitAndReachOptions = {}) {
    super(scenario, (model, data) => new SeatedReachMovement(model, data, options.kinematics), options);
    const minimum = options.minHipFlexionDeg ?? LONG_SITTING_MIN_HIP_FLEXION_DEG.value;
    const maximum = this.kinematics.maxHipFlexion / DEG;
    if (!(Number.isFinite(minimum) && minimum >= 0 && minimum < maximum)) {
      throw new KinechainError('OUT_OF_RANGE', `minHipFlexionDeg must lie in [0, ${maximum}) deg, got ${String(minimum)}`);
    }
    this.minHipFlexion = minimum * DEG;
    this.movement.hipFlexion = this.minHipFlexion;
  }

  get kinematics(): SeatedReachKinematics {
    return this.movement.kinematics;
  }

  /** Largest tension / effective tolerance at (spine, hip); the arg-max tissue in this.argmax. */
  private ratio(spine: number, hip: number): number {
    this.evaluations++;
    this.kinematics.pose(spine, hip);
    this.monitor.evaluate();
    let best = -1;
    for (const tissue of this.monitored) {
      const ratio = this.monitor.tension[tissue] / this.effectiveTolerance[tissue];
      if (ratio > best) {
        best = ratio;
        this.argmax = tissue;
      }
    }
    return best;
  }

  /**
   * Largest tolerated hip flexion at a spinal fraction, or NaN when even the lowest hip
   * flexion is past a tolerance. The root of ratio(hip) = 1 is bracketed and refined by
   * regula falsi with the Illinois modification (the ratio is smooth in the hip angle),
   * keeping the tolerated (ratio < 1) end of the bracket.
   */
  private hipLimit(spine: number): number {
    let low = this.minHipFlexion;
    let high = this.kinematics.maxHipFlexion;
    let rLow = this.ratio(spine, low) - 1;
    if (rLow >= 0) return Number.NaN;
    let rHigh = this.ratio(spine, high) - 1;
    if (rHigh < 0) return high;
    let side = 0;
    for (let k = 0; k < HIP_ITERATIONS && high - low > HIP_TOLERANCE; k++) {
      let middle = high - (rHigh * (high - low)) / (rHigh - rLow);
      if (!(middle > low && middle < high)) middle = 0.5 * (low + high);
      const r = this.ratio(spine, middle) - 1;
      if (Math.abs(r) < RATIO_TOLERANCE && r < 0) return middle;
      if (r < 0) {
        low = middle;
        rLow = r;
        if (side === -1) rHigh *= 0.5;
        side = -1;
      } else {
        high = middle;
        rHigh = r;
        if (side === 1) rLow *= 0.5;
        side = 1;
      }
    }
    return low;
  }

  /** Reach (m) at the boundary for a spinal fraction; -Infinity when infeasible. Leaves the hip in bestHip candidates. */
  private boundaryReach(spine: number): { reach: number; hip: number } {
    const hip = this.hipLimit(spine);
    if (Number.isNaN(hip)) return { reach: Number.NEGATIVE_INFINITY, hip };
    this.kinematics.pose(spine, hip);
    return { reach: this.kinematics.reachM(), hip };
  }

  /** Searches the posture of greatest tolerated reach; leaves the model there. */
  override solveEndPoint(): StretchEndPoint {
    this.evaluations = 0;
    // Effective tolerances from the most relaxed posture.
    this.kinematics.pose(0, this.minHipFlexion);
    this.monitor.evaluate();
    this.evaluations++;
    for (const tissue of this.monitored) {
      const start = this.monitor.tension[tissue];
      const tolerated = this.toleratedTension[tissue];
      this.effectiveTolerance[tissue] = start >= tolerated ? start * (1 + 1e-9) + 1e-9 : tolerated;
    }
    let bestSpine = 0;
    let best = { reach: Number.NEGATIVE_INFINITY, hip: this.minHipFlexion };
    let feasibleEnd = 1;
    for (let k = 0; k <= SPINE_GRID; k++) {
      const spine = k / SPINE_GRID;
      const candidate = this.boundaryReach(spine);
      if (candidate.reach === Number.NEGATIVE_INFINITY) {
        feasibleEnd = (k - 1) / SPINE_GRID;
        break;
      }
      if (candidate.reach > best.reach) {
        best = candidate;
        bestSpine = spine;
      }
    }
    // Golden-section refinement around the best grid point (reach along the boundary is taken as unimodal there).
    let a = Math.max(0, bestSpine - 1 / SPINE_GRID);
    let b = Math.min(Math.max(feasibleEnd, 0), bestSpine + 1 / SPINE_GRID);
    if (b > a) {
      let c = b - GOLDEN * (b - a);
      let d = a + GOLDEN * (b - a);
      let fc = this.boundaryReach(c);
      let fd = this.boundaryReach(d);
      for (let k = 0; k < GOLDEN_STEPS; k++) {
        if (fc.reach > fd.reach) {
          b = d;
          d = c;
          fd = fc;
          c = b - GOLDEN * (b - a);
          fc = this.boundaryReach(c);
        } else {
          a = c;
          c = d;
          fc = fd;
          d = a + GOLDEN * (b - a);
          fd = this.boundaryReach(d);
        }
      }
      if (fc.reach > best.reach) {
        best = fc;
        bestSpine = c;
      }
      if (fd.reach > best.reach) {
        best = fd;
        bestSpine = d;
      }
    }
    this.bestHip = best.hip;
    const end = this.endPoint;
    if (best.reach === Number.NEGATIVE_INFINITY) {
      // Unreachable in practice: the relaxed posture defines the effective tolerances.
      throw new KinechainError('INTERNAL', 'no sit-and-reach posture within the tolerances was found, not even the relaxed one');
    }
    const ratio = this.ratio(bestSpine, best.hip);
    end.s = bestSpine;
    end.ratio = ratio;
    end.evaluations = this.evaluations;
    if (best.hip >= this.kinematics.maxHipFlexion) {
      end.reason = 'range';
      end.limitingTissue = -1;
    } else {
      end.reason = 'tissue';
      end.limitingTissue = this.argmax;
    }
    return end;
  }

  solve(): SitAndReachResult {
    this.solveEndPoint();
    return this.report();
  }

  report(): SitAndReachResult {
    const end = this.endPoint;
    const state = this.kinematics.state;
    const model = this.model;
    const limiting = end.limitingTissue;
    const reports = this.tissueReports();
    return {
      reachCm: this.kinematics.reachM() * 100,
      endedBy: end.reason,
      limitingTissue:
        limiting < 0
          ? null
          : {
              name: model.tissueName[limiting],
              label: this.tissueLabel(limiting),
              group: reports.find((report) => report.name === model.tissueName[limiting])?.group ?? null,
              tensionN: this.monitor.tension[limiting],
              toleratedTensionN: this.effectiveTolerance[limiting],
            },
      tensionToToleranceRatio: end.ratio,
      bend: {
        hipFlexionDeg: this.bestHip * DEGREES,
        spineFraction: state.spine,
        lumbarFlexionDeg: state.lumbarFlexion * DEGREES,
        thoracicFlexionDeg: state.thoracicFlexion * DEGREES,
        neckFlexionDeg: state.neckFlexion * DEGREES,
      },
      tissues: reports,
      superficialBackLine: { r: this.backLineProfile('r'), l: this.backLineProfile('l') },
      evaluations: end.evaluations,
    };
  }
}

/** One sit-and-reach solve of a scenario (compiles it; use SitAndReachSolver for repeated solves). */
export function analyseSitAndReach(scenario: Scenario, options: SitAndReachOptions = {}): SitAndReachResult {
  return new SitAndReachSolver(scenario, options).solve();
}
