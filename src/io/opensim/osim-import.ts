/**
 * importOsim(text, options) -> { spec, report }: an OpenSim model document (.osim, 1.x to
 * 4.x) as a kinechain ModelSpec, with an ImportReport of how every part was mapped.
 *
 * Mapping (details in osim-map-skeleton.ts, osim-map-tissues.ts, osim-map-wraps.ts):
 * - bodies: mass, mass_center, inertia about the centre of mass in body axes
 *   [Ixx Iyy Izz Ixy Ixz Iyz]; joints with their parent and child offset frames;
 * - coordinates keep their OpenSim names one to one (except a coupled dependent
 *   coordinate folded into its joint: report.couplings), with range, default value and
 *   lock; clamping and motion type are in report.coordinates;
 * - muscles (Thelen2003, Millard2012 equilibrium/acceleration, Schutte1993, Delp1990,
 *   RigidTendon, DeGrooteFregly2016), ligaments and path springs become tissues, their
 *   conditional and moving path points exact (activeRange, movingLocation);
 *   CoordinateActuators become spec.actuators; point and torque actuators,
 *   coordinate limit forces and markers are listed in the report.
 *
 * Anything that would change the mechanics and cannot be represented is a
 * KinechainError('UNSUPPORTED') naming the element and its line; the options below
 * turn specific cases into reported approximations instead. Markers, display
 * geometry, contact geometry, controllers, probes and disabled forces carry no
 * mechanics here and are listed in report.skipped. Malformed documents give
 * MALFORMED_INPUT with the line.
 */
import type { ActuatorSpec, ModelSpec, Vec3Tuple } from '../../spec/schema.js';
import { parseSpec } from '../../spec/compile.js';
import type { ImportReport } from './osim-import-report.js';
import { defaultPose } from './osim-default-pose.js';
import { malformedAt, mapSkeleton, unsupportedAt } from './osim-map-skeleton.js';
import { mapTissues } from './osim-map-tissues.js';
import type { OsimModel } from './osim-model.js';
import { readOsim } from './osim-reader.js';

export interface ImportOsimOptions {
  /** Named in messages, the report and tissue sources. */
  fileName?: string;
  /**
   * Leave out wraps kinechain cannot represent (WrapEllipsoid, WrapSphere, WrapTorus,
   * obstacle-set wraps, cylinders constrained along their axis, a second wrap on one
   * path segment) instead of failing; each is listed in report.droppedWraps.
   */
  ignoreUnsupportedWrapping?: boolean;
  /**
   * Fix ConditionalPathPoints (kept if active in the default pose, else left out) and
   * MovingPathPoints (at their default-pose location) instead of importing them exactly
   * (activeRange / movingLocation path points, the default); each is listed in
   * report.frozenPathPoints. Exact import fails only for a point that follows a
   * coordinate a coupler folded into its joint; freezing accepts that case too.
   */
  freezePathPointsAtDefaultPose?: boolean;
  /**
   * Keep the dependent coordinate of a CoordinateCouplerConstraint that cannot be folded
   * into its joint (e.g. it drives another joint than the independent one) as a free
   * coordinate instead of failing; the coupling is in report.couplings (mapping "kept")
   * for solvers to enforce.
   */
  keepUncomposableCouplers?: boolean;
}

export interface ImportOsimResult {
  /** Validated, defaults filled: ready for compile(). */
  spec: ModelSpec;
  report: ImportReport;
}

function emptyReport(osim: OsimModel): ImportReport {
  return {
    fileName: osim.fileName,
    modelName: osim.name,
    version: osim.version,
    format: osim.format,
    counts: { bodies: 0, joints: 0, coordinates: 0, muscles: 0, passiveTissues: 0, actuators: 0, markers: 0 },
    joints: [],
    coordinates: [],
    tissues: [],
    couplings: [],
    actuators: [],
    coordinateLimitForces: [],
    markers: osim.markers,
    droppedWraps: [],
    frozenPathPoints: [],
    approximations: [],
    warnings: [],
    skipped: osim.skipped.map((entry) => ({ ...entry })),
  };
}

function mapActuatorsAndOtherForces(osim: OsimModel, coordinates: Set<string>, report: ImportReport): ActuatorSpec[] {
  const fileName = osim.fileName;
  const actuators: ActuatorSpec[] = [];
  const composed = new Set(report.couplings.filter((c) => c.mapping === 'composed').map((c) => c.dependent));
  for (const force of osim.forces) {
    const source = { element: force.element, name: force.name, line: force.line };
    switch (force.kind) {
      case 'muscle':
      case 'ligament':
      case 'pathSpring':
        break;
      case 'unsupported':
        if (!force.appliesForce) {
          report.skipped.push({ ...source, reason: 'force disabled (appliesForce false / isDisabled true)' });
          break;
        }
        throw unsupportedAt(force, fileName, `force type ${force.element} is not supported by kinechain`);
      case 'coordinateActuator': {
        if (!force.appliesForce) {
          report.skipped.push({ ...source, reason: 'actuator disabled (appliesForce false / isDisabled true)' });
          break;
        }
        if (!coordinates.has(force.coordinate)) {
          if (composed.has(force.coordinate)) {
            throw unsupportedAt(force, fileName, `acts on "${force.coordinate}", a coupled coordinate folded into its joint`);
          }
          throw malformedAt(force, fileName, `acts on "${force.coordinate}", which is not a coordinate of the model`);
        }
        if (!(force.optimalForce > 0)) throw malformedAt(force, fileName, `optimal_force must be positive, got ${force.optimalForce}`);
        const actuator: ActuatorSpec = { name: force.name, type: 'coordinate', coordinate: force.coordinate, optimalForce: force.optimalForce };
        if (Number.isFinite(force.minControl)) actuator.minControl = force.minControl;
        if (Number.isFinite(force.maxControl)) actuator.maxControl = force.maxControl;
        actuators.push(actuator);
        report.actuators.push({
          ...source,
          type: 'coordinate',
          inSpec: true,
          coordinate: force.coordinate,
          optimalForce: force.optimalForce,
          minControl: force.minControl,
          maxControl: force.maxControl,
        });
        break;
      }
      case 'pointActuator':
      case 'torqueActuator':
        if (!force.appliesForce) {
          report.skipped.push({ ...source, reason: 'actuator disabled (appliesForce false / isDisabled true)' });
          break;
        }
        report.actuators.push({
          ...source,
          type: force.kind === 'pointActuator' ? 'point' : 'torque',
          inSpec: false,
          optimalForce: force.optimalForce,
          minControl: force.minControl,
          maxControl: force.maxControl,
          properties: force.properties,
        });
        report.warnings.push({ ...source, message: `${force.element} is listed in report.actuators only: the spec holds coordinate actuators` });
        break;
      case 'coordinateLimitForce':
        if (!force.appliesForce) {
          report.skipped.push({ ...source, reason: 'force disabled (appliesForce false / isDisabled true)' });
          break;
        }
        if (!coordinates.has(force.coordinate)) {
          throw malformedAt(force, fileName, `acts on "${force.coordinate}", which is not a coordinate of the model`);
        }
        report.coordinateLimitForces.push({ ...source, coordinate: force.coordinate, properties: force.properties });
        report.warnings.push({
          ...source,
          message: `passive limit moments on "${force.coordinate}" are not in the spec (report.coordinateLimitForces); solvers must add them`,
        });
        break;
    }
  }
  return actuators;
}

function checkUnits(osim: OsimModel, report: ImportReport): void {
  const length = osim.lengthUnits.toLowerCase();
  const force = osim.forceUnits.toLowerCase();
  if (!['meters', 'meter', 'm', ''].includes(length) || !['n', 'newtons', 'newton', ''].includes(force)) {
    report.warnings.push({
      element: 'Model',
      name: osim.name,
      line: 0,
      message: `the model states length units "${osim.lengthUnits}" and force units "${osim.forceUnits}"; OpenSim computes in m and N regardless, and so does the import`,
    });
  }
}

/** Maps an already read OsimModel (readOsim) onto a kinechain spec. */
export function importOsimModel(osim: OsimModel, options: ImportOsimOptions = {}): ImportOsimResult {
  const report = emptyReport(osim);
  checkUnits(osim, report);
  const bodies = mapSkeleton(osim, { keepUncomposableCouplers: options.keepUncomposableCouplers ?? false }, report);
  const gravity: Vec3Tuple | undefined = osim.gravity ? [...osim.gravity] : undefined;
  const pose = defaultPose(osim.name, gravity, bodies, report);
  const tissues = mapTissues(
    osim,
    pose,
    {
      ignoreUnsupportedWrapping: options.ignoreUnsupportedWrapping ?? false,
      freezePathPointsAtDefaultPose: options.freezePathPointsAtDefaultPose ?? false,
    },
    report,
  );
  const coordinates = new Set(report.coordinates.map((coordinate) => coordinate.name));
  const actuators = mapActuatorsAndOtherForces(osim, coordinates, report);
  if (tissues.some((tissue) => tissue.path.wraps.length > 0)) {
    report.approximations.push({
      element: 'WrapCylinder',
      name: '',
      line: 0,
      message:
        'kinechain cylinders are infinitely long and wrap a segment only when it crosses them on the chosen side; ' +
        "OpenSim's are finite (their length) and a quadrant-constrained one also wraps a path passing on the other side",
    });
  }

  const spec = parseSpec({
    name: osim.name || osim.fileName || 'opensim-model',
    ...(gravity ? { gravity } : {}),
    bodies,
    tissues,
    ...(actuators.length > 0 ? { actuators } : {}),
    source: `OpenSim model${osim.fileName ? ` ${osim.fileName}` : ''} (Version ${osim.version}, ${osim.format} format)`,
  });
  report.counts = {
    bodies: bodies.length,
    joints: report.joints.length,
    coordinates: report.coordinates.length,
    muscles: tissues.filter((tissue) => tissue.kind === 'muscle').length,
    passiveTissues: tissues.filter((tissue) => tissue.kind !== 'muscle').length,
    actuators: report.actuators.length,
    markers: osim.markers.length,
  };
  return { spec, report };
}

/** Reads and imports an OpenSim model document. */
export function importOsim(text: string, options: ImportOsimOptions = {}): ImportOsimResult {
  return importOsimModel(readOsim(text, { fileName: options.fileName }), options);
}

export type { ImportReport } from './osim-import-report.js';
