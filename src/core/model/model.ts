/**
 * The compiled Model and the per-run Data (the MuJoCo mjModel/mjData split).
 *
 * Model: frozen after `compile(spec)`; flat typed arrays, bodies in topological order
 * (parent index < child index), variable-length things addressed by `adr`/`num` pairs.
 * Data: every scratch buffer an algorithm needs, allocated once by `makeData(model)`.
 * Algorithms are free functions `(model, data, ...) => void` that write into Data and
 * allocate nothing in their hot loops.
 *
 * Array comments state shape and layout. Matrices are row-major. A rotation matrix
 * `R_a_b` maps vectors expressed in frame b to frame a.
 *
 * Generalised coordinates are OpenSim's coordinates (Euler angles for ball and free
 * joints), so nq == nv and `q` is what a clinician reads: `hip_flexion_r` in rad.
 */
import type { ModelSpec } from '../../spec/schema.js';

/** Joint types, stored in `Model.jointType`. All are compiled to the same transform-axis kernel. */
export const JointType = {
  weld: 0,
  revolute: 1,
  universal: 2,
  ball: 3,
  free: 4,
  custom: 5,
} as const;
export type JointTypeCode = (typeof JointType)[keyof typeof JointType];
export const JOINT_TYPE_NAMES = ['weld', 'revolute', 'universal', 'ball', 'free', 'custom'] as const;

/** Transform-axis kinds (`Model.axisKind`). */
export const AxisKind = { rotation: 0, translation: 1 } as const;

/** Function types (`Model.functionType`) for transform axes. */
export const FunctionType = {
  constant: 0,
  linear: 1,
  naturalCubicSpline: 2,
  piecewiseLinear: 3,
  multiplier: 4,
  simmSpline: 5,
} as const;

export const CoordinateKind = { rotational: 0, translational: 1 } as const;

/** Tissue kinds (`Model.tissueKind`). */
export const TissueKind = { muscle: 0, tendon: 1, ligament: 2, fascia: 3 } as const;
export const TISSUE_KIND_NAMES = ['muscle', 'tendon', 'ligament', 'fascia'] as const;

/** Force-law types (`Model.tissueLaw`). */
export const LawType = { passive: 0, muscle: 1 } as const;

/** Wrap obstacle shapes (model.wrapKind). */
export const WrapKind = { cylinder: 0, ellipsoid: 1 } as const;

export interface SkeletonModel {
  readonly name: string;
  /** Number of bodies including ground (index 0). */
  readonly nbody: number;
  /** Number of generalised coordinates (== number of velocities). */
  readonly nq: number;
  /** [3] gravity in ground (m/s^2). */
  readonly gravity: Float64Array;
  readonly totalMass: number;

  // ---- bodies [nbody], ground first, then parent-before-child ----
  readonly bodyName: readonly string[];
  readonly bodyIndex: ReadonlyMap<string, number>;
  /** [nbody] parent body index; -1 for ground. */
  readonly bodyParent: Int32Array;
  /** [nbody] mass (kg). */
  readonly bodyMass: Float64Array;
  /** [nbody*3] centre of mass in the body frame (m). */
  readonly bodyCom: Float64Array;
  /** [nbody*9] rotational inertia about the centre of mass, body axes, row-major (kg m^2). */
  readonly bodyInertia: Float64Array;
  /** [nbody] segment length for drawing and scaling (m); 0 if unknown. */
  readonly bodyLength: Float64Array;

  // ---- joints: joint b connects bodyParent[b] to body b; ground has a weld ----
  readonly jointName: readonly string[];
  readonly jointIndex: ReadonlyMap<string, number>;
  /** [nbody] JointType code. */
  readonly jointType: Int32Array;
  /** [nbody*12] parent offset frame in the parent body: R (9, row-major, offset->parent) then origin (3). */
  readonly jointParentFrame: Float64Array;
  /** [nbody*12] child offset frame in the child body: R (9, offset->child) then origin (3). */
  readonly jointChildFrame: Float64Array;
  /** [nbody] first coordinate of the joint, and how many. */
  readonly jointCoordAdr: Int32Array;
  readonly jointCoordNum: Int32Array;
  /** [nbody] first transform axis of the joint, and how many. */
  readonly jointAxisAdr: Int32Array;
  readonly jointAxisNum: Int32Array;

  // ---- transform axes [naxis]: rotations first (applied in order, body-fixed), then translations ----
  readonly naxis: number;
  /** [naxis] AxisKind code. */
  readonly axisKind: Int32Array;
  /** [naxis*3] unit axis in the joint's parent offset frame (rotations: in the frame rotated by the previous axes). */
  readonly axisDirection: Float64Array;
  /** [naxis] driving coordinate index, or -1 when the function is constant. */
  readonly axisCoordinate: Int32Array;
  /** [naxis] index into the function table. */
  readonly axisFunction: Int32Array;

  // ---- functions of one coordinate [nfunction] ----
  readonly nfunction: number;
  /** [nfunction] FunctionType code. */
  readonly functionType: Int32Array;
  /** [nfunction] adr/num into functionParams (layout documented in core/math/functions.ts). */
  readonly functionParamAdr: Int32Array;
  readonly functionParamNum: Int32Array;
  /** [nfunction] inner function for a multiplier, else -1. */
  readonly functionInner: Int32Array;
  readonly functionParams: Float64Array;

  // ---- coordinates [nq] ----
  readonly coordinateName: readonly string[];
  readonly coordinateIndex: ReadonlyMap<string, number>;
  /** [nq] CoordinateKind code. */
  readonly coordinateKind: Int32Array;
  /** [nq*2] [min, max] (rad or m). */
  readonly coordinateRange: Float64Array;
  /** [nq] value in the reference pose. */
  readonly coordinateDefault: Float64Array;
  /** [nq] 1 if locked. */
  readonly coordinateLocked: Uint8Array;
  /** [nq] body whose joint owns the coordinate. */
  readonly coordinateBody: Int32Array;
  /** [nbody*nq] 1 if coordinate j moves body b (j's joint is b's joint or an ancestor's). */
  readonly bodyCoordinateSupport: Uint8Array;
}

export interface TissueModel {
  readonly ntissue: number;
  readonly tissueName: readonly string[];
  readonly tissueIndex: ReadonlyMap<string, number>;
  /** [ntissue] TissueKind code. */
  readonly tissueKind: Int32Array;
  readonly tissueRegion: readonly string[];
  readonly tissueSide: readonly ('r' | 'l' | 'midline')[];
  readonly tissueSource: readonly string[];

  // ---- path points [npoint] ----
  readonly npoint: number;
  /** [ntissue] first path point and count. */
  readonly tissuePointAdr: Int32Array;
  readonly tissuePointNum: Int32Array;
  /** [npoint] body index. */
  readonly pointBody: Int32Array;
  /** [npoint*3] location in the body frame (m). */
  readonly pointLocation: Float64Array;
  readonly pointLabel: readonly string[];
  /**
   * [npoint] conditional points (OpenSim ConditionalPathPoint): the coordinate whose value
   * decides whether the point is part of the path, or -1 for a point that always is.
   */
  readonly pointActiveCoordinate: Int32Array;
  /** [npoint*2] [min, max] of that coordinate over which the point is active (rad or m). */
  readonly pointActiveRange: Float64Array;
  /**
   * [npoint*3] moving points (OpenSim MovingPathPoint): for location component k (body
   * frame x, y, z) the coordinate it follows, or -1 when the component is pointLocation's.
   */
  readonly pointMovingCoordinate: Int32Array;
  /** [npoint*3] index into pathFunctions of component k's function of that coordinate (-1 if fixed). */
  readonly pointMovingFunction: Int32Array;
  /**
   * [npoint*6] [min, max] of the coordinate of component k (its coordinateRange, copied at
   * compile): the function is evaluated at the coordinate clamped to it, as OpenSim does.
   */
  readonly pointMovingRange: Float64Array;
  /** [ntissue] 1 if the tissue's path has a conditional or moving point (paths without take the fixed-point fast path). */
  readonly tissueHasVariablePoints: Uint8Array;
  /** Function table of the moving points' location functions (layout in core/math/functions.ts). */
  readonly pathFunctions: Pick<
    SkeletonModel,
    'nfunction' | 'functionType' | 'functionParamAdr' | 'functionParamNum' | 'functionInner' | 'functionParams'
  >;

  // ---- wrapping cylinders [nwrap] ----
  readonly nwrap: number;
  /** [ntissue] first wrap and count. */
  readonly tissueWrapAdr: Int32Array;
  readonly tissueWrapNum: Int32Array;
  readonly wrapBody: Int32Array;
  /** [nwrap*3] point on the axis, body frame. */
  readonly wrapCenter: Float64Array;
  /** [nwrap*3] unit axis, body frame. */
  readonly wrapAxis: Float64Array;
  readonly wrapRadius: Float64Array;
  /** [nwrap] +1 / -1 wrap direction. */
  readonly wrapSign: Float64Array;
  /** [nwrap] global index of the first point of the segment that may wrap (the second is +1). */
  readonly wrapFirstPoint: Int32Array;
  /** [nwrap] WrapKind: 0 cylinder, 1 ellipsoid. */
  readonly wrapKind: Uint8Array;
  /** [nwrap*9] ellipsoids: R_body_ellipsoid row-major (cylinders: identity); wrapCenter is the centre. */
  readonly wrapRotation: Float64Array;
  /** [nwrap*3] ellipsoids: semi-axes along the ellipsoid frame X, Y, Z (m) (cylinders: 0). */
  readonly wrapRadii: Float64Array;
  /** [nwrap] ellipsoids: constrained half, ellipsoid-frame axis 0/1/2 (side = wrapSign), or -1 for none. */
  readonly wrapSideAxis: Int8Array;

  // ---- force laws [ntissue] ----
  /** [ntissue] LawType code. */
  readonly tissueLaw: Int32Array;
  /** Passive law: E*A (N/unit strain), toe strain, slack length (m), damping (N s/m). 0 for muscles. */
  readonly passiveStiffness: Float64Array;
  readonly passiveToeStrain: Float64Array;
  readonly passiveSlackLength: Float64Array;
  readonly passiveDamping: Float64Array;
  /** Muscle law (0 for passive tissues). */
  readonly muscleMaxIsometricForce: Float64Array;
  readonly muscleOptimalFiberLength: Float64Array;
  readonly muscleTendonSlackLength: Float64Array;
  readonly musclePennation: Float64Array;
  readonly muscleMaxContractionVelocity: Float64Array;
  readonly musclePassiveStrainAtF0: Float64Array;
  readonly muscleTendonStrainAtF0: Float64Array;
  /** [ntissue] first entry in seriesMuscle and count: the muscles a series tendon carries (0 for others). */
  readonly tissueSeriesAdr: Int32Array;
  readonly tissueSeriesNum: Int32Array;
  /** [nseries] muscle tissue indices. */
  readonly seriesMuscle: Int32Array;
  /** [ntissue] 1 if the tissue applies force to the skeleton (0 for series tendons, whose force is their muscles'). */
  readonly tissueActsOnSkeleton: Uint8Array;
  /** [ntissue] path length in the reference pose (m), computed at compile. */
  readonly tissueReferenceLength: Float64Array;
}

export interface LineModel {
  readonly nline: number;
  readonly lineName: readonly string[];
  readonly lineIndex: ReadonlyMap<string, number>;
  readonly lineFamily: readonly string[];
  readonly lineSide: readonly ('r' | 'l' | 'midline')[];
  readonly lineSource: readonly string[];
  /** [nline] first track and count; line l has lineTrackNum[l]-1 junctions starting at lineJunctionAdr[l]. */
  readonly lineTrackAdr: Int32Array;
  readonly lineTrackNum: Int32Array;
  readonly lineJunctionAdr: Int32Array;
  // ---- tracks [ntrack] ----
  readonly ntrack: number;
  /** [ntrack] tissue index. */
  readonly trackTissue: Int32Array;
  readonly trackLabel: readonly string[];
  // ---- junctions [njunction] ----
  readonly njunction: number;
  /** [njunction] station body index. */
  readonly junctionStation: Int32Array;
  readonly junctionStationLabel: readonly string[];
  readonly junctionEvidence: readonly string[];
  readonly junctionStudies: Int32Array;
  readonly junctionForceTransmission: readonly string[];
  /** [njunction] anchorage stiffness (N/m): nominal, low, high. */
  readonly junctionStiffness: Float64Array;
  readonly junctionStiffnessLow: Float64Array;
  readonly junctionStiffnessHigh: Float64Array;
}

export interface Model extends SkeletonModel, TissueModel, LineModel {
  /** The spec the model was compiled from (validated, defaults filled). */
  readonly spec: ModelSpec;
}

export interface SkeletonData {
  /** [nq] coordinates, velocities, accelerations. */
  readonly q: Float64Array;
  readonly qd: Float64Array;
  readonly qdd: Float64Array;
  /** [nbody*9] R_ground_body, row-major (filled by forwardKinematics). */
  readonly bodyRotation: Float64Array;
  /** [nbody*3] body frame origin in ground (m). */
  readonly bodyPosition: Float64Array;
  /**
   * [nq*6] world-frame spatial axis of each coordinate, [angular(3), linear(3)] with the
   * linear part taken at the ground origin (a column of the space jacobian). A point p on
   * a body moved by coordinate j has velocity contribution (v_j + w_j x p) * qd_j.
   */
  readonly coordinateMotion: Float64Array;
  /** [3] whole-body centre of mass in ground (m), filled by centerOfMass. */
  readonly comPosition: Float64Array;
  /** [nq] generalised forces from rnea (N m or N). */
  readonly generalizedForce: Float64Array;
  /** [nq*nq] joint-space mass matrix from crba, row-major. */
  readonly massMatrix: Float64Array;
  /** Algorithm-private scratch, allocated once (see each algorithm's file). */
  readonly scratch: Record<string, Float64Array>;
}

export interface TissueData {
  /** [ntissue] path length (m) and lengthening velocity (m/s). */
  readonly tissueLength: Float64Array;
  readonly tissueVelocity: Float64Array;
  /** [ntissue] tension (N), >= 0. */
  readonly tissueForce: Float64Array;
  /** [ntissue] muscle activation in [0, 1] (ignored for passive tissues). */
  readonly tissueActivation: Float64Array;
  /** [ntissue*nq] moment arm r = -dL/dq (m for rotational coordinates). */
  readonly tissueMomentArm: Float64Array;
  /** [npoint*3] path points in ground, after pathLength (for drawing). */
  readonly pointWorld: Float64Array;
  /** [npoint] 1 if the point was part of its path at the last pathLength (conditional points may not be), else 0. */
  readonly pointActive: Uint8Array;
  /**
   * [npoint*3] d(location component k)/d(its coordinate) in the body frame at the last
   * pathLength, for moving points' components (0 for fixed components).
   */
  readonly pointLocationRate: Float64Array;
  /**
   * [nwrap] the points (global indices) that bound each wrap's segment at the last
   * pathLength: the last active point at or before the wrap's first point and the first
   * active point after it; -1 when the wrap was not evaluated (another wrap already holds
   * that segment, or the path has no such points).
   */
  readonly wrapSegmentStart: Int32Array;
  readonly wrapSegmentEnd: Int32Array;
  /** [nwrap] 1 if the wrap was active (its segment wrapped) at the last pathLength, else 0. */
  readonly wrapActive: Uint8Array;
  /** [nwrap*6] tangent points T1 then T2 in ground of each active wrap, after pathLength (moment arms, drawing). */
  readonly wrapPointWorld: Float64Array;
}

export interface LineData {
  /** [ntrack] tension in each line track after the continuity solve (N). */
  readonly trackTension: Float64Array;
  /** [ntrack] effective track length including junction slides (m). */
  readonly trackLength: Float64Array;
  /** [njunction] slide of the junction node relative to its station, + towards the upper track (m). */
  readonly junctionDisplacement: Float64Array;
  /** [njunction] force carried by the anchorage: K * displacement (N). */
  readonly junctionAnchorageForce: Float64Array;
  /** [maxTracksPerLine*LINE_SCRATCH_SLOTS] scratch of the continuity solve (layout in core/tissues/continuity.ts). */
  readonly lineScratch: Float64Array;
}

export interface Data extends SkeletonData, TissueData, LineData {}
