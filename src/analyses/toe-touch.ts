/**
 * Standing toe-touch: how far the fingertips reach when a person bends forward with the
 * knees straight until the first tissue reaches the tension it tolerates.
 *
 * Movement: forward-bend-kinematics.ts (knees extended, feet flat at their reference
 * placement, Esola's lumbopelvic rhythm, arms hanging, centre of mass held over the feet
 * by shifting the hips back). Tensions: stretch-tension.ts (superficial back line tracks
 * from the continuity solve, other tissues from their own laws). Tolerances:
 * tolerated-tension.ts x scenario.stretchToleranceScale, capped by pain-limited forces.
 * End point: stretch-end-point.ts (bracket on s, then bisection).
 *
 * The reach is the signed vertical distance of the fingertip (tip of the middle finger,
 * library/reach-landmarks.ts) from the floor plane through the soles: positive above,
 * negative below. Fingertips cannot pass a real floor, so a reach below it is what the
 * test measures with the person standing on a box or step (Kippers & Parker 1987); the
 * model extrapolates the floor plane. With both sides reaching equally (a symmetric body)
 * the reported reach is that of the lower fingertip.
 *
 * ToeTouchSolver compiles the scenario once; solveEndPoint() allocates nothing, so many
 * solves (tolerance and stiffness samples, edited through `toleratedTension` and
 * `parameters`) reuse the same model and buffers. analyseToeTouch() is the one-shot form.
 */
import type { Data, Model } from '../core/model/model.js';
import type { Scenario } from '../library/scenario.js';
import { ForwardBendKinematics, forwardBendCoordinates, type ForwardBendOptions } from './forward-bend-kinematics.js';
import type { StretchEndPoint } from './stretch-end-point.js';
import {
  StretchTestSolver,
  type BackLineStation,
  type StretchMovement,
  type StretchTestOptions,
  type TissueTensionReport,
} from './stretch-test-solver.js';

const DEGREES = 180 / Math.PI;

/**
 * Largest reserve (N m) the static hold of a normal toe-touch end pose may need
 * (analyses/regional-outputs.ts toeTouchRegionalOutputs), and only off the trunk: the
 * lumbar and thoracic joints are held by the passive tissues (flexion-relaxation) and the
 * trunk muscles without any reserve. What remains elsewhere is small and has known causes
 * outside the spine:
 * - the hanging head is pulled back by the passive splenius and semispinalis capitis
 *   (about 3.5 N m at the atlanto-occipital joint with the head flexed 10 deg on a neck
 *   flexed 30 deg, FORWARD_BEND_RHYTHM). The deep neck flexors (longus colli and capitis,
 *   tissues/deep-neck-flexors.ts) now hold the cervicothoracic joint and take about
 *   1.6 N m of it at full activation; they are small muscles (a bilateral peak of the
 *   order of 0.5-2 N m), so about 1.9 N m is left as a reserve;
 * - the straight elbows rest at their bony extension stop, which the hold does not carry
 *   (the standing equilibrium's locks are two-sided and the hold locks only the foot
 *   joints), against the passive pull of the stretched triceps (about 3.3 N m at the
 *   elbow). The flexor that replaces the stop, biceps, also rotates the humerus
 *   internally (moment arm about 1.9 cm against 0.4 cm for infraspinatus, the only
 *   external rotator of the catalogue), which is the shoulder rotation reserve (about
 *   4.2 N m) and most of the shoulder flexion reserve (about 0.7 N m). The triceps's pull
 *   is large because the catalogue's triceps is the three heads summed (2047 N) on the
 *   long head's path, so all of it is stretched by shoulder flexion.
 */
export const TOE_TOUCH_HOLD_RESERVE_THRESHOLD_NM = 5;

/** Coordinates of the trunk joints, on which the toe-touch hold needs no reserve. */
export const TOE_TOUCH_TRUNK_COORDINATES: readonly string[] = Object.freeze([
  'lumbar_extension',
  'lumbar_bending',
  'lumbar_rotation',
  'thoracic_extension',
  'thoracic_bending',
  'thoracic_rotation',
]);

export interface ToeTouchOptions extends StretchTestOptions {
  /** Rhythm and fingertip settings of the forward bend. */
  readonly kinematics?: ForwardBendOptions;
}

export interface LimitingTissue {
  readonly name: string;
  /** Anatomical label, e.g. "hamstrings: biceps femoris long, right (superficial back line track: hamstrings)". */
  readonly label: string;
  readonly group: string | null;
  readonly tensionN: number;
  readonly toleratedTensionN: number;
}

export interface ToeTouchResult {
  /** Signed vertical distance of the fingertip from the floor plane (cm); negative = below the floor (past the soles, on a box). */
  readonly fingertipToFloorCm: number;
  /** What ended the bend: a tissue at its tolerance, a tissue already past it standing, or the end of the joint ranges. */
  readonly endedBy: StretchEndPoint['reason'];
  /** The tissue that reached its tolerance first (null when the bend ended at the joint ranges). */
  readonly limitingTissue: LimitingTissue | null;
  /** Bend parameter of the end point and the limiting ratio (1 at a tissue end point). */
  readonly s: number;
  readonly tensionToToleranceRatio: number;
  /** The bend reached (deg; flexion positive). */
  readonly bend: {
    readonly hipFlexionDeg: number;
    readonly lumbarFlexionDeg: number;
    readonly thoracicFlexionDeg: number;
    readonly neckFlexionDeg: number;
    readonly headFlexionDeg: number;
    /** OpenSim pelvis tilt (anterior negative). */
    readonly pelvisTiltDeg: number;
    /** Ankle angle (dorsiflexion positive). */
    readonly ankleAngleDeg: number;
    /** How far the hips moved back from standing (cm). */
    readonly hipShiftBackCm: number;
  };
  /** Every monitored tissue at the end point, largest tension / tolerance first. */
  readonly tissues: readonly TissueTensionReport[];
  /** The superficial back line, station by station from the foot up, each side. */
  readonly superficialBackLine: { readonly r: readonly BackLineStation[]; readonly l: readonly BackLineStation[] };
  /** Coordinates of the end pose that differ from the reference pose (rad or m). */
  readonly pose: Readonly<Record<string, number>>;
  readonly evaluations: number;
  /** |centre of mass x - its standing x| at the end pose (m). */
  readonly postureResidualM: number;
}

class ForwardBendMovement implements StretchMovement {
  readonly kinematics: ForwardBendKinematics;
  constructor(model: Model, data: Data, options: ForwardBendOptions | undefined) {
    this.kinematics = new ForwardBendKinematics(model, data, options);
  }
  pose(s: number): void {
    this.kinematics.pose(s);
  }
}

/** Toe-touch solves on one compiled scenario. */
export class ToeTouchSolver extends StretchTestSolver<ForwardBendMovement> {
  constructor(scenario: Scenario, options: ToeTouchOptions = {}) {
    super(scenario, (model, data) => new ForwardBendMovement(model, data, options.kinematics), options);
  }

  get kinematics(): ForwardBendKinematics {
    return this.movement.kinematics;
  }

  /** Fingertip-to-floor distance of the current posture (m). */
  fingertipToFloorM(): number {
    return this.kinematics.fingertipHeightM();
  }

  /** Solves the end point and builds the full report. */
  solve(): ToeTouchResult {
    this.solveEndPoint();
    return this.report();
  }

  /** The report of the current end point (call after solveEndPoint). */
  report(): ToeTouchResult {
    const end = this.endPoint;
    const kinematics = this.kinematics;
    const state = kinematics.state;
    const model = this.model;
    const pelvisX = kinematics.q[model.coordinateIndex.get('pelvis_tx') ?? 0];
    const limiting = end.limitingTissue;
    return {
      fingertipToFloorCm: kinematics.fingertipHeightM() * 100,
      endedBy: end.reason,
      limitingTissue:
        limiting < 0
          ? null
          : {
              name: model.tissueName[limiting],
              label: this.tissueLabel(limiting),
              group: this.tissueReports().find((report) => report.name === model.tissueName[limiting])?.group ?? null,
              tensionN: this.monitor.tension[limiting],
              toleratedTensionN: this.effectiveTolerance[limiting],
            },
      s: end.s,
      tensionToToleranceRatio: end.ratio,
      bend: {
        hipFlexionDeg: state.hipFlexion * DEGREES,
        lumbarFlexionDeg: state.lumbarFlexion * DEGREES,
        thoracicFlexionDeg: state.thoracicFlexion * DEGREES,
        neckFlexionDeg: state.neckFlexion * DEGREES,
        headFlexionDeg: state.headFlexion * DEGREES,
        pelvisTiltDeg: state.pelvisTilt * DEGREES,
        ankleAngleDeg: state.ankleAngleRight * DEGREES,
        hipShiftBackCm: (model.coordinateDefault[model.coordinateIndex.get('pelvis_tx') ?? 0] - pelvisX) * 100,
      },
      tissues: this.tissueReports(),
      superficialBackLine: { r: this.backLineProfile('r'), l: this.backLineProfile('l') },
      pose: forwardBendCoordinates(kinematics),
      evaluations: end.evaluations,
      postureResidualM: state.residualM,
    };
  }
}

/** One toe-touch solve of a scenario (compiles it; use ToeTouchSolver for repeated solves). */
export function analyseToeTouch(scenario: Scenario, options: ToeTouchOptions = {}): ToeTouchResult {
  return new ToeTouchSolver(scenario, options).solve();
}
