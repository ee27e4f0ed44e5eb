/**
 * ImportReport: what importOsim did with each part of an OpenSim model, so that a user
 * (or a later tool: inverse kinematics, inverse dynamics, static optimisation) can see
 * exactly how the kinechain spec relates to the file. Every entry carries the element
 * name and line it came from.
 */
import type { FunctionSpec, JointSpec, TissueSpec } from '../../spec/schema.js';
import type { OsimFormat, OsimMarker } from './osim-model.js';

export interface ReportSource {
  /** Element name, e.g. "Millard2012EquilibriumMuscle". */
  element: string;
  /** The element's name attribute ("" when it has none). */
  name: string;
  line: number;
}

export interface ReportJoint extends ReportSource {
  /** kinechain joint type it became. */
  mappedAs: JointSpec['type'];
  parent: string;
  child: string;
}

export interface ReportCoordinate extends ReportSource {
  joint: string;
  /** OpenSim motion type: declared (3.x and older) or derived from the axes it drives. */
  motionType: 'rotational' | 'translational' | 'coupled';
  range: [number, number];
  defaultValue: number;
  /** OpenSim `clamped`: whether OpenSim enforces the range (kinechain solvers always do). */
  clamped: boolean;
  locked: boolean;
}

export interface ReportTissue extends ReportSource {
  kind: TissueSpec['kind'];
}

export interface ReportCoupling extends ReportSource {
  dependent: string;
  independent: string;
  /** dependent = function(independent), scale factor included. */
  function: FunctionSpec;
  /**
   * composed: the dependent coordinate was removed and its joint axes now use
   * function(independent) (exact). kept: the dependent coordinate is still a coordinate
   * of its own joint, and tools must hold it at function(independent) (inverse
   * kinematics) and add the chain rule to the independent's generalised force.
   */
  mapping: 'composed' | 'kept';
}

export interface ReportActuator extends ReportSource {
  type: 'coordinate' | 'point' | 'torque';
  /** Whether it is in spec.actuators (coordinate actuators only). */
  inSpec: boolean;
  coordinate?: string;
  optimalForce: number;
  /** May be -Infinity / Infinity (unbounded). */
  minControl: number;
  maxControl: number;
  /** Point and torque actuators: their other properties as written. */
  properties?: Record<string, string>;
}

export interface ReportCoordinateLimitForce extends ReportSource {
  coordinate: string;
  /** upper_stiffness, upper_limit, lower_stiffness, lower_limit, damping, transition ... as written. */
  properties: Record<string, number>;
}

export interface ReportDroppedWrap extends ReportSource {
  tissue: string;
  wrapObject: string;
  wrapObjectType: string;
  reason: string;
}

export interface ReportFrozenPoint extends ReportSource {
  tissue: string;
  /** kept: a conditional point active in the default pose, now fixed; dropped: inactive there; frozen: a moving point fixed at its default-pose location. */
  action: 'kept' | 'dropped' | 'frozen';
  body: string;
  location: [number, number, number];
}

export interface ReportNote extends ReportSource {
  message: string;
}

export interface ImportReport {
  fileName: string;
  modelName: string;
  version: number;
  format: OsimFormat;
  counts: {
    bodies: number;
    joints: number;
    coordinates: number;
    muscles: number;
    passiveTissues: number;
    actuators: number;
    markers: number;
  };
  joints: ReportJoint[];
  coordinates: ReportCoordinate[];
  tissues: ReportTissue[];
  couplings: ReportCoupling[];
  actuators: ReportActuator[];
  /** CoordinateLimitForces: passive joint-limit moments that kinechain's spec cannot hold; tools must add them. */
  coordinateLimitForces: ReportCoordinateLimitForce[];
  /** Markers (body-frame locations, m) for inverse kinematics. */
  markers: OsimMarker[];
  /** Wraps left out under ignoreUnsupportedWrapping. */
  droppedWraps: ReportDroppedWrap[];
  /** Conditional and moving path points fixed under freezePathPointsAtDefaultPose. */
  frozenPathPoints: ReportFrozenPoint[];
  /** Where kinechain's mechanics differ from OpenSim's, and how. */
  approximations: ReportNote[];
  /** Things worth knowing that are not approximations (units, clamping ...). */
  warnings: ReportNote[];
  /** Elements left out that carry no mechanics (markers, display, controllers, probes, disabled forces ...). */
  skipped: (ReportSource & { reason: string })[];
}
