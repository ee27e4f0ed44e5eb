/**
 * Seated sit-and-reach: how far past the soles the fingertips reach in long sitting, legs
 * straight, feet against the box with the ankles at 0 deg, bending forward until the first
 * tissue reaches the tension it tolerates.
 *
 * Movement: seated-reach-kinematics.ts (spine first, then the pelvis turning forward on
 * the hips). Tensions, tolerances and the end-point search are those of the toe-touch
 * (stretch-test-solver.ts). Tissues already at or past their tolerance in upright long
 * sitting (the hamstrings of a stiff body, whose hips start at 90 deg of flexion) limit
 * the reach only once the movement stretches them further.
 *
 * Reach convention: centimetres past the plane of the soles (the face of the box),
 * positive past the toes. A box reading is this plus the box's mark at the soles: 23 cm
 * (President's Challenge), 26 cm (Canadian, CSEP), 15 cm (Eurofit), 38.1 cm (YMCA
 * yardstick); see library/flexibility-norms.ts.
 */
import type { Data, Model } from '../core/model/model.js';
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

const DEGREES = 180 / Math.PI;

export interface SitAndReachOptions extends StretchTestOptions {
  readonly kinematics?: SeatedReachOptions;
}

export interface SitAndReachResult {
  /** Fingertip distance past the plane of the soles (cm); positive = past the toes. Add the box's foot mark for a box reading. */
  readonly reachCm: number;
  readonly endedBy: StretchEndPoint['reason'];
  readonly limitingTissue: LimitingTissue | null;
  readonly s: number;
  readonly tensionToToleranceRatio: number;
  readonly bend: {
    readonly hipFlexionDeg: number;
    readonly pelvisForwardRotationDeg: number;
    readonly lumbarFlexionDeg: number;
    readonly thoracicFlexionDeg: number;
    readonly neckFlexionDeg: number;
  };
  readonly tissues: readonly TissueTensionReport[];
  readonly superficialBackLine: { readonly r: readonly BackLineStation[]; readonly l: readonly BackLineStation[] };
  readonly evaluations: number;
}

class SeatedReachMovement implements StretchMovement {
  readonly kinematics: SeatedReachKinematics;
  constructor(model: Model, data: Data, options: SeatedReachOptions | undefined) {
    this.kinematics = new SeatedReachKinematics(model, data, options);
  }
  pose(s: number): void {
    this.kinematics.pose(s);
  }
}

/** Sit-and-reach solves on one compiled scenario. */
export class SitAndReachSolver extends StretchTestSolver<SeatedReachMovement> {
  constructor(scenario: Scenario, options: SitAndReachOptions = {}) {
    super(scenario, (model, data) => new SeatedReachMovement(model, data, options.kinematics), options);
  }

  get kinematics(): SeatedReachKinematics {
    return this.movement.kinematics;
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
      s: end.s,
      tensionToToleranceRatio: end.ratio,
      bend: {
        hipFlexionDeg: state.hipFlexion * DEGREES,
        pelvisForwardRotationDeg: state.pelvisForwardRotation * DEGREES,
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
