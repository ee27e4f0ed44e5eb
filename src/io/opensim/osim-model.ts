/**
 * The intermediate, typed description of an OpenSim model document (.osim) that
 * readOsim produces and importOsim maps onto kinechain's spec.
 *
 * It is a faithful, format-neutral reading: OpenSim 4.x (JointSet, PhysicalOffsetFrames,
 * sockets), 3.x and 2.x/1.x (joints inside bodies, parent_body, location_in_parent ...)
 * all come out in the same shape, with every joint's parent and child frames resolved
 * to a body plus a fixed offset. Nothing is dropped silently: what the reader does not
 * interpret is kept as an `unsupported` entry or listed in `skipped`, each with the
 * element name and line, and the importer decides what is an error.
 *
 * Units are OpenSim's SI (m, kg, rad, N). Rotations are OpenSim's body-fixed X-Y-Z
 * angle triples; matrices are row-major with R_a_b mapping frame b to frame a.
 */

export type OsimVec3 = [number, number, number];

/** Where something came from: its element name, its name attribute, its line. */
export interface OsimSource {
  element: string;
  name: string;
  line: number;
}

/** Document layout, by the OpenSimDocument Version attribute. */
export type OsimFormat = '4.x' | '3.x' | '2.x' | '1.x';

export type OsimFunction = OsimSource &
  (
    | { type: 'Constant'; value: number }
    | { type: 'LinearFunction'; slope: number; intercept: number }
    | { type: 'SimmSpline' | 'NaturalCubicSpline' | 'PiecewiseLinearFunction'; x: number[]; y: number[] }
    | { type: 'MultiplierFunction'; scale: number; inner: OsimFunction }
    /** Any other function element (GCVSpline, PolynomialFunction, StepFunction, ...). */
    | { type: 'unsupported' }
  );

/** A frame fixed in a body: R_body_frame (row-major 3x3) and the frame origin in the body (m). */
export interface OsimBodyFrame {
  body: string;
  rotation: number[];
  origin: OsimVec3;
  /** OpenSim body-fixed X-Y-Z angles equivalent to `rotation` (as written when there was one offset). */
  orientation: OsimVec3;
  /** Names of the offset frames chained to reach the body (empty when the frame is the body itself). */
  via: string[];
}

export interface OsimCoordinate extends OsimSource {
  defaultValue: number;
  range: [number, number];
  clamped: boolean;
  locked: boolean;
  prescribed: boolean;
  /** Declared motion type (3.x and older); undefined in 4.x, where OpenSim derives it. */
  motionType: 'rotational' | 'translational' | 'coupled' | undefined;
}

export interface OsimTransformAxis extends OsimSource {
  /** rotation1..3 or translation1..3. */
  kind: 'rotation' | 'translation';
  axis: OsimVec3;
  /** Coordinates listed on the axis (OpenSim allows several; one is usual). */
  coordinates: string[];
  function: OsimFunction;
}

export type OsimJointType =
  | 'CustomJoint'
  | 'PinJoint'
  | 'WeldJoint'
  | 'UniversalJoint'
  | 'BallJoint'
  | 'GimbalJoint'
  | 'FreeJoint'
  | 'PlanarJoint'
  | 'SliderJoint';

export interface OsimJoint extends OsimSource {
  /** The joint element name, e.g. "PinJoint"; known types are typed, others kept as written. */
  type: OsimJointType | 'unsupported';
  parent: OsimBodyFrame;
  child: OsimBodyFrame;
  coordinates: OsimCoordinate[];
  /** CustomJoint only: its SpatialTransform axes in document order. */
  spatialTransform: OsimTransformAxis[];
  /** Legacy `reverse` flag (joint defined child -> parent). */
  reverse: boolean;
}

export interface OsimBody extends OsimSource {
  mass: number;
  massCenter: OsimVec3;
  /** About the centre of mass, body axes: [Ixx, Iyy, Izz, Ixy, Ixz, Iyz] (kg m^2). */
  inertia: [number, number, number, number, number, number];
}

/** A wrap object fixed in a body (WrapCylinder, WrapEllipsoid, ...). */
export interface OsimWrapObject extends OsimSource {
  body: string;
  /** Body-fixed X-Y-Z angles of the wrap frame in the body, and its origin (m). */
  rotation: OsimVec3;
  translation: OsimVec3;
  active: boolean;
  /** "all", "+x", "-x", "+y", "-y", "+z", "-z" (normalised: "x" becomes "+x"). */
  quadrant: string;
  /** WrapCylinder only. */
  radius?: number;
  length?: number;
  /** WrapEllipsoid only: semi-axes along the wrap frame X, Y, Z (m). */
  dimensions?: OsimVec3;
}

export type OsimPathPoint = OsimSource & { body: string; location: OsimVec3 } & (
    | { type: 'fixed' }
    /** Active only while `coordinate` lies in [range[0], range[1]]. */
    | { type: 'conditional'; coordinate: string; range: [number, number] }
    /** Location components are functions of coordinates (a constant where no coordinate is named). */
    | {
        type: 'moving';
        xCoordinate: string | null;
        yCoordinate: string | null;
        zCoordinate: string | null;
        xFunction: OsimFunction | null;
        yFunction: OsimFunction | null;
        zFunction: OsimFunction | null;
      }
  );

export interface OsimPathWrap extends OsimSource {
  wrapObject: string;
  method: string;
  /** 1-based first and last path points that may wrap; values < 1 mean the path's ends. */
  range: [number, number];
}

export interface OsimGeometryPath {
  points: OsimPathPoint[];
  wraps: OsimPathWrap[];
  line: number;
}

export interface OsimMuscleParameters {
  maxIsometricForce: number;
  optimalFiberLength: number;
  tendonSlackLength: number;
  pennationAngle: number;
  maxContractionVelocity: number;
  /** Tendon strain at one normalised force (Thelen FmaxTendonStrain, Millard/DeGroote curves); undefined if not given. */
  tendonStrainAtOneNormForce: number | undefined;
  /** Passive fibre strain at one normalised force (Thelen FmaxMuscleStrain, ...); undefined if not given. */
  passiveFiberStrainAtOneNormForce: number | undefined;
  /** Thelen2003Muscle curve shape factors (file values, else the defaults of the file's OpenSim version); undefined for other muscle types. */
  thelenCurves?: OsimThelenCurves;
}

/** Shape factors of a Thelen2003Muscle's curves, as OpenSim reads them. */
export interface OsimThelenCurves {
  /** KshapeActive: width of the Gaussian active force-length curve. */
  activeShape: number;
  /** KshapePassive: exponential shape factor of the passive fibre curve. */
  passiveShape: number;
  /** Af: force-velocity shape factor. */
  forceVelocityShape: number;
  /** Flen: largest normalised lengthening force. */
  maxLengtheningForce: number;
  /** fv_linear_extrap_threshold (OpenSim 3+): fraction of Flen beyond which force-velocity is extrapolated linearly. */
  forceVelocityExtrapolationThreshold: number;
}

export type OsimForce = OsimSource & { appliesForce: boolean } & (
    | { kind: 'muscle'; path: OsimGeometryPath; muscle: OsimMuscleParameters }
    | { kind: 'ligament'; path: OsimGeometryPath; restingLength: number; pcsaForce: number; forceLengthCurve: OsimFunction }
    | { kind: 'pathSpring'; path: OsimGeometryPath; restingLength: number; stiffness: number; dissipation: number }
    | { kind: 'coordinateActuator'; coordinate: string; optimalForce: number; minControl: number; maxControl: number }
    | {
        kind: 'pointActuator' | 'torqueActuator';
        optimalForce: number;
        minControl: number;
        maxControl: number;
        /** Remaining properties as written (body, point, direction, axis ...). */
        properties: Record<string, string>;
      }
    | { kind: 'coordinateLimitForce'; coordinate: string; properties: Record<string, number> }
    /** Any other force element: the importer reports it as unsupported. */
    | { kind: 'unsupported' }
  );

export type OsimConstraint = OsimSource & { enforced: boolean } & (
    | {
        kind: 'coordinateCoupler';
        independentCoordinates: string[];
        dependentCoordinate: string;
        function: OsimFunction;
        scaleFactor: number;
      }
    | { kind: 'unsupported' }
  );

export interface OsimMarker extends OsimSource {
  body: string;
  location: OsimVec3;
  fixed: boolean;
}

/** An element the reader saw and left out on purpose (display, markers, probes ...). */
export interface OsimSkipped extends OsimSource {
  reason: string;
}

export interface OsimModel {
  fileName: string;
  version: number;
  format: OsimFormat;
  name: string;
  /** Gravity in ground (m/s^2); undefined when the document gives none. */
  gravity: OsimVec3 | undefined;
  credits: string;
  publications: string;
  lengthUnits: string;
  forceUnits: string;
  /** Bodies other than ground. */
  bodies: OsimBody[];
  joints: OsimJoint[];
  wrapObjects: OsimWrapObject[];
  forces: OsimForce[];
  constraints: OsimConstraint[];
  markers: OsimMarker[];
  skipped: OsimSkipped[];
}
