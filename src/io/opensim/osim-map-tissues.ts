/**
 * OpenSim path forces -> kinechain tissues: muscles (Hill law), ligaments and path
 * springs (passive law), with their path points and cylinder wraps.
 *
 * Muscles: max_isometric_force, optimal_fiber_length, tendon_slack_length, pennation at
 * optimal length and max_contraction_velocity map one to one; the strains at one
 * normalised force (Thelen FmaxTendonStrain / FmaxMuscleStrain, Millard and DeGroote
 * curve parameters) become tendonStrainAtF0 / passiveStrainAtF0. kinechain evaluates
 * every muscle with its Thelen 2003 curves (hill-muscle.ts), so curve shapes of other
 * classes and Thelen shape factors different from kinechain's are approximations,
 * reported once per muscle class.
 *
 * Ligament: F = pcsa_force * curve(strain), strain = L / resting_length - 1. kinechain's
 * passive law is a quadratic toe then a straight line, F = k (e - e_toe / 2) beyond
 * e_toe (passive-law.ts); OpenSim's default ligament curve is exactly that with k =
 * pcsa_force and e_toe = 0.06. Any curve is fitted by the straight line through its last
 * two knots (slope k / pcsa_force, e_toe = twice its strain intercept) and accepted if
 * the law stays within 2% of the curve's largest value on [0, last knot]; otherwise it
 * is UNSUPPORTED.
 *
 * PathSpring: F = stiffness (L - resting_length) for L > resting_length is the passive
 * law with k = stiffness * resting_length, no toe; its velocity term (dissipation) is
 * multiplicative in OpenSim and has no kinechain equivalent, so nonzero dissipation is
 * UNSUPPORTED.
 *
 * Conditional (via) and moving path points map exactly: a ConditionalPathPoint becomes a
 * point with activeRange (OpenSim's [min, max] widened by its 1e-5 tolerance), a
 * MovingPathPoint a point with movingLocation (its location functions, evaluated by
 * kinechain at the coordinate clamped to its range as OpenSim does). Wrap segments are
 * chosen on the path as it is in the default pose and given on the point before the
 * segment (wrapsOnExactPath). With freezePathPointsAtDefaultPose they are instead fixed
 * at the default pose: a conditional point kept as a fixed point if active there
 * (dropped otherwise), a moving point fixed at its default-pose location; each is listed
 * in report.frozenPathPoints.
 */
import type {
  MuscleLawSpec,
  PassiveLawSpec,
  PathPointSpec,
  TissueSpec,
  Vec3Tuple,
  WrapSpec,
} from '../../spec/schema.js';
import type { ImportReport } from './osim-import-report.js';
import type { DefaultPose } from './osim-default-pose.js';
import { evaluateFunctionSpec, functionEvaluator, mapFunction } from './osim-map-functions.js';
import { malformedAt, unsupportedAt } from './osim-map-skeleton.js';
import {
  clearance,
  cylinderInBody,
  cylinderInGround,
  rangeInKeptPoints,
  ellipsoidWrapSpec,
  ellipsoidWrapsInPose,
  wrapSign,
  wrapSpec,
  wrapsInDefaultPose,
} from './osim-map-wraps.js';
import type { OsimForce, OsimGeometryPath, OsimModel, OsimPathPoint, OsimSource, OsimWrapObject } from './osim-model.js';
import { GROUND } from './osim-read-skeleton.js';

export interface MapTissueOptions {
  ignoreUnsupportedWrapping: boolean;
  freezePathPointsAtDefaultPose: boolean;
}

type PathForce = Extract<OsimForce, { kind: 'muscle' | 'ligament' | 'pathSpring' }>;

interface Context {
  osim: OsimModel;
  pose: DefaultPose;
  options: MapTissueOptions;
  report: ImportReport;
  bodies: Set<string>;
  /** Coordinate ranges by name and wrap objects by name (the first of a name, as a search in document order finds). */
  coordinateRanges: Map<string, readonly number[]>;
  wrapObjects: Map<string, OsimWrapObject>;
}

function firstByName<T extends { name: string }>(items: readonly T[]): Map<string, T> {
  const byName = new Map<string, T>();
  for (const item of items) if (!byName.has(item.name)) byName.set(item.name, item);
  return byName;
}

function note(report: ImportReport, kind: 'approximations' | 'warnings', source: OsimSource, message: string): void {
  report[kind].push({ element: source.element, name: source.name, line: source.line, message });
}

/** "r", "l" or "midline" from OpenSim naming (suffix _r/_l, or r_/l_ prefixes of the bodies crossed). */
function sideOf(name: string, bodies: string[]): TissueSpec['side'] {
  const lower = name.toLowerCase();
  if (/_r$/.test(lower)) return 'r';
  if (/_l$/.test(lower)) return 'l';
  const sides = new Set(
    bodies
      .map((body) => body.toLowerCase())
      .map((body) => (/(_r$|^r_)/.test(body) ? 'r' : /(_l$|^l_)/.test(body) ? 'l' : ''))
      .filter((side) => side !== ''),
  );
  return sides.size === 1 ? ([...sides][0] as 'r' | 'l') : 'midline';
}

// ---------------------------------------------------------------------------------
// Path points
// ---------------------------------------------------------------------------------

function coordinateValue(context: Context, point: OsimPathPoint, coordinate: string): number {
  const value = context.pose.coordinateValue(coordinate);
  if (value === undefined) {
    throw malformedAt(point, context.osim.fileName, `names coordinate "${coordinate}", which is not a coordinate of the model`);
  }
  return value;
}

/** OpenSim's ConditionalPathPoint::isActive accepts the coordinate within this much of its range. */
const CONDITIONAL_RANGE_TOLERANCE = 1e-5;

type MovingOsimPoint = Extract<OsimPathPoint, { type: 'moving' }>;

/**
 * A moving point's body-frame location at the default pose (`evaluate` = true) or, for the
 * exact mapping, its fixed components (the components without a coordinate: OpenSim
 * evaluates their function at 0; without a function, the point's <location>).
 */
function movingComponents(point: MovingOsimPoint, context: Context, atDefaultPose: boolean): Vec3Tuple {
  const fileName = context.osim.fileName;
  const component = (coordinate: string | null, fn: typeof point.xFunction, fallback: number): number => {
    if (!fn) return fallback;
    const spec = mapFunction(fn, fileName, `location of moving point "${point.name}"`);
    if (coordinate === null) return evaluateFunctionSpec(spec, 0)[0];
    return atDefaultPose ? evaluateFunctionSpec(spec, clampedDefault(context, point, coordinate))[0] : fallback;
  };
  return [
    component(point.xCoordinate, point.xFunction, point.location[0]),
    component(point.yCoordinate, point.yFunction, point.location[1]),
    component(point.zCoordinate, point.zFunction, point.location[2]),
  ];
}

/** The default value of a moving point's coordinate, clamped to its range as OpenSim evaluates the location. */
function clampedDefault(context: Context, point: OsimPathPoint, coordinate: string): number {
  const value = coordinateValue(context, point, coordinate);
  const range = context.coordinateRanges.get(coordinate);
  return range ? Math.min(Math.max(value, range[0]), range[1]) : value;
}

/**
 * The path in the default pose: active points only, moving points at their default-pose
 * location, and for each its index in the OpenSim PathPointSet. Wrap segments are chosen
 * on it; with freezePathPointsAtDefaultPose it is the imported path (each conditional or
 * moving point reported in report.frozenPathPoints).
 */
function defaultPosePoints(force: PathForce, path: OsimGeometryPath, context: Context, report: boolean): { points: PathPointSpec[]; originalIndex: number[] } {
  const points: PathPointSpec[] = [];
  const originalIndex: number[] = [];
  path.points.forEach((point, index) => {
    if (point.type === 'fixed') {
      points.push({ body: point.body, location: [...point.location], label: point.name });
      originalIndex.push(index);
      return;
    }
    const frozen = { element: point.element, name: point.name, line: point.line, tissue: force.name, body: point.body };
    if (point.type === 'conditional') {
      const value = coordinateValue(context, point, point.coordinate);
      const active = value >= point.range[0] - CONDITIONAL_RANGE_TOLERANCE && value <= point.range[1] + CONDITIONAL_RANGE_TOLERANCE;
      if (report) context.report.frozenPathPoints.push({ ...frozen, action: active ? 'kept' : 'dropped', location: [...point.location] });
      if (active) {
        points.push({ body: point.body, location: [...point.location], label: point.name });
        originalIndex.push(index);
      }
      return;
    }
    const location = movingComponents(point, context, true);
    if (report) context.report.frozenPathPoints.push({ ...frozen, action: 'frozen', location });
    points.push({ body: point.body, location, label: point.name });
    originalIndex.push(index);
  });
  if (points.length < 2) {
    throw unsupportedAt(force, context.osim.fileName, `has ${points.length} path point(s) in the default pose; a path needs at least 2`);
  }
  return { points, originalIndex };
}

/**
 * Every point of the PathPointSet as kinechain path points: a ConditionalPathPoint with
 * activeRange (OpenSim's range widened by its 1e-5 tolerance), a MovingPathPoint with
 * movingLocation components for the coordinates it names.
 */
function exactPoints(path: OsimGeometryPath, context: Context): PathPointSpec[] {
  const fileName = context.osim.fileName;
  // A coordinate that a coupler folded into its joint is no coordinate of the imported skeleton.
  const checkCoordinate = (point: OsimPathPoint, coordinate: string): void => {
    coordinateValue(context, point, coordinate);
    const coupling = context.report.couplings.find((candidate) => candidate.dependent === coordinate && candidate.mapping === 'composed');
    if (coupling) {
      throw unsupportedAt(
        point,
        fileName,
        `follows coordinate "${coordinate}", which a coupler folded into its joint as a function of "${coupling.independent}"; ` +
          'import with { freezePathPointsAtDefaultPose: true } to fix the point at its default-pose state (reported)',
      );
    }
  };
  return path.points.map((point): PathPointSpec => {
    const base = { body: point.body, label: point.name };
    if (point.type === 'fixed') return { ...base, location: [...point.location] };
    if (point.type === 'conditional') {
      checkCoordinate(point, point.coordinate);
      return {
        ...base,
        location: [...point.location],
        activeRange: {
          coordinate: point.coordinate,
          min: point.range[0] - CONDITIONAL_RANGE_TOLERANCE,
          max: point.range[1] + CONDITIONAL_RANGE_TOLERANCE,
        },
      };
    }
    const movingLocation: NonNullable<PathPointSpec['movingLocation']> = {};
    const components = [
      ['x', point.xCoordinate, point.xFunction],
      ['y', point.yCoordinate, point.yFunction],
      ['z', point.zCoordinate, point.zFunction],
    ] as const;
    for (const [axis, coordinate, fn] of components) {
      if (coordinate === null || !fn) continue;
      checkCoordinate(point, coordinate);
      movingLocation[axis] = { coordinate, function: mapFunction(fn, fileName, `location of moving point "${point.name}"`) };
    }
    return { ...base, location: movingComponents(point, context, false), movingLocation };
  });
}

/**
 * The imported points, and the path in the default pose on which wrap segments are chosen
 * (see defaultPosePoints). Exact unless freezePathPointsAtDefaultPose.
 */
function mapPoints(
  force: PathForce,
  path: OsimGeometryPath,
  context: Context,
): { points: PathPointSpec[]; defaultPose: { points: PathPointSpec[]; originalIndex: number[] } } {
  path.points.forEach((point) => {
    if (point.body !== GROUND && !context.bodies.has(point.body)) {
      throw malformedAt(point, context.osim.fileName, `is on "${point.body}", which is not a body of the model`);
    }
  });
  const freeze = context.options.freezePathPointsAtDefaultPose;
  const defaultPose = defaultPosePoints(force, path, context, freeze);
  return { points: freeze ? defaultPose.points : exactPoints(path, context), defaultPose };
}

/**
 * Wraps chosen on the default-pose path, moved onto the exact path: segment [a, a + 1] of
 * the default-pose path runs between PathPointSet points originalIndex[a] and
 * originalIndex[a + 1] with only inactive conditional points between, so the wrap is
 * given on [originalIndex[a], originalIndex[a] + 1] and acts on the segment between the
 * active points around it (path-length.ts).
 */
function wrapsOnExactPath(wraps: WrapSpec[], originalIndex: number[]): WrapSpec[] {
  return wraps.map((wrap) => {
    const first = originalIndex[wrap.between[0]];
    return { ...wrap, between: [first, first + 1] };
  });
}

// ---------------------------------------------------------------------------------
// Wraps
// ---------------------------------------------------------------------------------

interface SegmentChoice {
  segment: number;
  sign: 1 | -1;
  /** Sampled poses (default pose, then each coordinate sweep) and how many of them wrap the choice. */
  poses: number;
  wrapping: number;
  ambiguous: boolean;
}

/**
 * The segment and side to wrap: the (segment, sign) that wraps in the most poses of the
 * default pose and sweeps of the coordinates moving the segment's bodies relative to the
 * cylinder's body (earlier segments win ties, as OpenSim takes the first segment that
 * cuts the cylinder); if none ever wraps, the segment passing closest in the default pose.
 */
function chooseSegment(free: number[], points: PathPointSpec[], object: OsimWrapObject, context: Context): SegmentChoice {
  let best: SegmentChoice | null = null;
  const local = cylinderInBody(object);
  for (const segment of free) {
    const bodies = [points[segment].body, points[segment + 1].body, object.body];
    const poses = [context.pose, ...context.pose.sweeps(bodies)];
    const counts = new Map<1 | -1, number>([
      [1, 0],
      [-1, 0],
    ]);
    let ambiguous = 0;
    for (const pose of poses) {
      const start = pose.pointInGround(points[segment].body, points[segment].location);
      const end = pose.pointInGround(points[segment + 1].body, points[segment + 1].location);
      const cylinder = cylinderInGround(object, pose, local);
      const side = wrapSign(start, end, cylinder);
      if (side.ambiguous) ambiguous++;
      if (wrapsInDefaultPose(start, end, cylinder, side.sign)) counts.set(side.sign, (counts.get(side.sign) ?? 0) + 1);
    }
    const sign: 1 | -1 = (counts.get(-1) ?? 0) > (counts.get(1) ?? 0) ? -1 : 1;
    const wrapping = counts.get(sign) ?? 0;
    if (!best || wrapping > best.wrapping) best = { segment, sign, poses: poses.length, wrapping, ambiguous: ambiguous === poses.length };
  }
  if (best && best.wrapping > 0) return best;
  // Never wraps in the sampled poses: the segment passing closest in the default pose, its side there.
  const world = points.map((point) => context.pose.pointInGround(point.body, point.location));
  const cylinder = cylinderInGround(object, context.pose);
  const segment = free.reduce((closest, candidate) =>
    clearance(world[candidate], world[candidate + 1], cylinder) < clearance(world[closest], world[closest + 1], cylinder) ? candidate : closest,
  );
  const side = wrapSign(world[segment], world[segment + 1], cylinder);
  return { segment, sign: side.sign, poses: best?.poses ?? 1, wrapping: 0, ambiguous: side.ambiguous };
}

/**
 * The segment an ellipsoid wraps: the one that wraps in the most of the default pose and the
 * sweeps of the coordinates moving it relative to the ellipsoid (earlier segments win ties,
 * as OpenSim takes the first segment that cuts the ellipsoid); the first free segment if
 * none ever wraps.
 */
function chooseEllipsoidSegment(free: number[], points: PathPointSpec[], object: OsimWrapObject, context: Context): { segment: number; poses: number; wrapping: number } {
  let best = { segment: free[0], poses: 1, wrapping: 0 };
  for (const segment of free) {
    const poses = [context.pose, ...context.pose.sweeps([points[segment].body, points[segment + 1].body, object.body])];
    let wrapping = 0;
    for (const pose of poses) {
      const start = pose.pointInGround(points[segment].body, points[segment].location);
      const end = pose.pointInGround(points[segment + 1].body, points[segment + 1].location);
      if (ellipsoidWrapsInPose(start, end, object, pose)) wrapping++;
    }
    if (wrapping > best.wrapping || segment === free[0]) best = { segment, poses: poses.length, wrapping };
  }
  return best;
}

function mapWraps(force: PathForce, path: OsimGeometryPath, points: PathPointSpec[], originalIndex: number[], context: Context): WrapSpec[] {
  const fileName = context.osim.fileName;
  const wraps: WrapSpec[] = [];
  const taken = new Set<number>();

  for (const pathWrap of path.wraps) {
    const object = context.wrapObjects.get(pathWrap.wrapObject);
    if (!object) throw malformedAt(pathWrap, fileName, `of "${force.name}" names wrap object "${pathWrap.wrapObject}", which no body holds`);
    const name = `${pathWrap.wrapObject}`;
    const drop = (reason: string) => {
      if (!context.options.ignoreUnsupportedWrapping) {
        throw unsupportedAt(
          object,
          fileName,
          `${reason} (used by <${pathWrap.element}> of "${force.name}" at line ${pathWrap.line}). ` +
            'Import with { ignoreUnsupportedWrapping: true } to leave such wraps out (reported)',
        );
      }
      context.report.droppedWraps.push({
        element: pathWrap.element,
        name: pathWrap.name,
        line: pathWrap.line,
        tissue: force.name,
        wrapObject: object.name,
        wrapObjectType: object.element,
        reason,
      });
    };
    if (!object.active) {
      context.report.skipped.push({ element: object.element, name: object.name, line: object.line, reason: `inactive wrap object (on "${force.name}")` });
      continue;
    }
    if (object.element === 'WrapEllipsoid') {
      mapEllipsoidWrap(force, pathWrap, object, path, points, originalIndex, taken, wraps, drop, context);
      continue;
    }
    if (object.element !== 'WrapCylinder') {
      drop(`${object.element} wrapping is not supported (kinechain wraps over cylinders and ellipsoids only)`);
      continue;
    }
    if (object.quadrant[1] === 'z') {
      drop(`a cylinder constrained along its own axis (quadrant ${object.quadrant}) is not supported`);
      continue;
    }
    if (!((object.radius ?? 0) > 0)) throw malformedAt(object, fileName, `radius must be positive, got ${object.radius}`);

    const segments = wrapSegments(force, pathWrap, object, path, originalIndex, taken, drop, context);
    if (segments === null) continue;
    const { candidates, free } = segments;
    const choice = chooseSegment(free, points, object, context);
    taken.add(choice.segment);
    wraps.push(wrapSpec(name, object, choice.segment, choice.sign));

    const source = { element: pathWrap.element, name: `${force.name}/${object.name}`, line: pathWrap.line };
    const tally = `wraps in ${choice.wrapping} of ${choice.poses} sampled poses`;
    if (candidates.length > 1) {
      note(
        context.report,
        'approximations',
        source,
        `range covers points ${candidates[0]}..${candidates[candidates.length - 1] + 1} of the imported path (${candidates.length} segments); kinechain wraps one ` +
          `fixed segment: ${choice.segment}-${choice.segment + 1}, the one that ${choice.wrapping > 0 ? tally : 'passes closest to the cylinder in the default pose'}`,
      );
    }
    if (object.quadrant === 'all') {
      note(
        context.report,
        'approximations',
        source,
        `unconstrained cylinder (quadrant all): the path always passes it on one side (sign ${choice.sign}, ${choice.wrapping > 0 ? tally : 'its side in the default pose'})`,
      );
    }
    if (choice.ambiguous) {
      note(context.report, 'warnings', source, `the sampled poses do not decide the wrap side; sign ${choice.sign} was assumed`);
    }
  }
  return wraps;
}

/**
 * The path segments a wrap's point range covers (candidates) and those of them no earlier
 * wrap holds (free). Returns null, after reporting why, when the range holds no segment in
 * the default pose (skipped) or every segment already wraps (dropped).
 */
function wrapSegments(
  force: PathForce,
  pathWrap: OsimGeometryPath['wraps'][number],
  object: OsimWrapObject,
  path: OsimGeometryPath,
  originalIndex: number[],
  taken: Set<number>,
  drop: (reason: string) => void,
  context: Context,
): { readonly candidates: number[]; readonly free: number[] } | null {
  const [first, last] = rangeInKeptPoints(pathWrap, originalIndex, path.points.length);
  const candidates: number[] = [];
  for (let segment = first; segment < last; segment++) candidates.push(segment);
  if (candidates.length === 0) {
    context.report.skipped.push({
      element: pathWrap.element,
      name: pathWrap.name,
      line: pathWrap.line,
      reason: `wrap over "${object.name}" of "${force.name}": its range holds no segment in the default pose`,
    });
    return null;
  }
  const free = candidates.filter((segment) => !taken.has(segment));
  if (free.length === 0) {
    drop(`a second wrap on the same path segment is not supported (segment ${candidates[0]}-${candidates[0] + 1} already wraps)`);
    return null;
  }
  return { candidates, free };
}

function mapEllipsoidWrap(
  force: PathForce,
  pathWrap: OsimGeometryPath['wraps'][number],
  object: OsimWrapObject,
  path: OsimGeometryPath,
  points: PathPointSpec[],
  originalIndex: number[],
  taken: Set<number>,
  wraps: WrapSpec[],
  drop: (reason: string) => void,
  context: Context,
): void {
  const dimensions = object.dimensions ?? [1, 1, 1];
  if (!dimensions.every((value) => value > 0)) {
    throw malformedAt(object, context.osim.fileName, `dimensions must be three positive semi-axes, got [${dimensions.join(', ')}]`);
  }
  const segments = wrapSegments(force, pathWrap, object, path, originalIndex, taken, drop, context);
  if (segments === null) return;
  const { candidates, free } = segments;
  const choice = chooseEllipsoidSegment(free, points, object, context);
  taken.add(choice.segment);
  wraps.push(ellipsoidWrapSpec(object.name, object, choice.segment));
  const source = { element: pathWrap.element, name: `${force.name}/${object.name}`, line: pathWrap.line };
  if (candidates.length > 1) {
    note(
      context.report,
      'approximations',
      source,
      `range covers points ${candidates[0]}..${candidates[candidates.length - 1] + 1} of the imported path (${candidates.length} segments); kinechain wraps one ` +
        `fixed segment: ${choice.segment}-${choice.segment + 1}, the one that wraps in ${choice.wrapping} of ${choice.poses} sampled poses`,
    );
  }
  if (pathWrap.method.toLowerCase() !== 'hybrid') {
    note(
      context.report,
      'approximations',
      source,
      `wrap method "${pathWrap.method}": kinechain places the ellipsoid's wrapping plane by OpenSim's default "hybrid" method`,
    );
  }
}

// ---------------------------------------------------------------------------------
// Laws
// ---------------------------------------------------------------------------------

function muscleLaw(force: Extract<PathForce, { kind: 'muscle' }>, fileName: string): MuscleLawSpec {
  const m = force.muscle;
  const positive: [string, number][] = [
    ['max_isometric_force', m.maxIsometricForce],
    ['optimal_fiber_length', m.optimalFiberLength],
    ['tendon_slack_length', m.tendonSlackLength],
    ['max_contraction_velocity', m.maxContractionVelocity],
  ];
  for (const [property, value] of positive) {
    if (!(value > 0) || !Number.isFinite(value)) throw malformedAt(force, fileName, `${property} must be positive, got ${value}`);
  }
  if (!(m.pennationAngle >= 0 && m.pennationAngle <= 1.2)) {
    throw unsupportedAt(force, fileName, `pennation at optimal fibre length ${m.pennationAngle} rad is outside kinechain's [0, 1.2] rad`);
  }
  const law: MuscleLawSpec = {
    type: 'muscle',
    maxIsometricForceN: m.maxIsometricForce,
    optimalFiberLengthM: m.optimalFiberLength,
    tendonSlackLengthM: m.tendonSlackLength,
    referenceFiberLengthRatio: 1,
    pennationAngleRad: m.pennationAngle,
    maxContractionVelocity: m.maxContractionVelocity,
    passiveStrainAtF0: 0.6,
    tendonStrainAtF0: 0.033,
  };
  if (m.passiveFiberStrainAtOneNormForce !== undefined) law.passiveStrainAtF0 = m.passiveFiberStrainAtOneNormForce;
  if (m.tendonStrainAtOneNormForce !== undefined) law.tendonStrainAtF0 = m.tendonStrainAtOneNormForce;
  if (!(law.passiveStrainAtF0 > 0) || !(law.tendonStrainAtF0 > 0)) {
    throw malformedAt(force, fileName, `strains at one normalised force must be positive (passive ${law.passiveStrainAtF0}, tendon ${law.tendonStrainAtF0})`);
  }
  return law;
}

function ligamentLaw(force: Extract<PathForce, { kind: 'ligament' }>, fileName: string, report: ImportReport): PassiveLawSpec {
  if (!(force.restingLength > 0)) throw malformedAt(force, fileName, `resting_length must be positive, got ${force.restingLength}`);
  if (!(force.pcsaForce > 0)) throw malformedAt(force, fileName, `pcsa_force must be positive, got ${force.pcsaForce}`);
  const curve = force.forceLengthCurve;
  const spec = mapFunction(curve, fileName, `force_length_curve of ligament "${force.name}"`);
  const knots = 'x' in curve ? curve.x : [];
  const unsupportedCurve = (why: string) =>
    unsupportedAt(curve, fileName, `force_length_curve of ligament "${force.name}": ${why}; kinechain's passive law is a quadratic toe then a straight line`);
  if (knots.length < 2) throw unsupportedCurve('a knotted curve (spline or piecewise linear) is needed to fit the law');
  const lastStrain = knots[knots.length - 1];
  const beforeLast = knots[knots.length - 2];
  const evaluateCurve = functionEvaluator(spec);
  const [fLast] = evaluateCurve(lastStrain);
  const [fBefore] = evaluateCurve(beforeLast);
  const slope = (fLast - fBefore) / (lastStrain - beforeLast);
  const intercept = lastStrain - fLast / slope;
  if (!(slope > 0) || !(lastStrain > 0) || !(intercept >= 0)) throw unsupportedCurve('its last segment does not rise from a non-negative strain');
  const toeStrain = 2 * intercept;
  const law = (strain: number) =>
    strain <= 0 ? 0 : strain < toeStrain ? (slope * strain * strain) / (2 * toeStrain) : slope * (strain - 0.5 * toeStrain);
  let largest = 0;
  let deviation = 0;
  const firstStrain = Math.min(knots[0], 0);
  for (let k = 0; k <= 400; k++) {
    const strain = firstStrain + ((lastStrain - firstStrain) * k) / 400;
    const [value] = evaluateCurve(strain);
    largest = Math.max(largest, Math.abs(value));
    deviation = Math.max(deviation, Math.abs(value - law(strain)));
  }
  if (deviation > 0.02 * largest) {
    throw unsupportedCurve(`the closest such law (toe strain ${toeStrain.toPrecision(3)}) departs from it by ${((100 * deviation) / largest).toFixed(1)}% of its largest value`);
  }
  if (deviation > 1e-9 * largest) {
    note(report, 'approximations', { element: curve.element, name: force.name, line: curve.line }, `ligament curve fitted by kinechain's passive law (toe strain ${toeStrain.toPrecision(4)}, stiffness ${(slope * force.pcsaForce).toPrecision(4)} N); largest difference ${((100 * deviation) / largest).toPrecision(2)}% of the curve's largest value`);
  }
  return {
    type: 'passive',
    stiffnessN: slope * force.pcsaForce,
    toeStrain,
    slackLengthM: force.restingLength,
    referenceStrain: 0,
    dampingNsPerM: 0,
  };
}

function pathSpringLaw(force: Extract<PathForce, { kind: 'pathSpring' }>, fileName: string): PassiveLawSpec {
  if (!(force.restingLength > 0)) throw malformedAt(force, fileName, `resting_length must be positive, got ${force.restingLength}`);
  if (!(force.stiffness > 0)) throw malformedAt(force, fileName, `stiffness must be positive, got ${force.stiffness}`);
  if (force.dissipation !== 0) {
    throw unsupportedAt(force, fileName, `dissipation ${force.dissipation}: OpenSim's tension (1 + dissipation * speed) factor has no kinechain equivalent; set it to 0`);
  }
  return { type: 'passive', stiffnessN: force.stiffness * force.restingLength, toeStrain: 0, slackLengthM: force.restingLength, referenceStrain: 0, dampingNsPerM: 0 };
}

// ---------------------------------------------------------------------------------

const CURVE_NOTES: Record<string, string> = {
  Thelen2003Muscle: "kinechain's Thelen 2003 curves use fixed shape factors (KshapeActive 0.45, KshapePassive 4, Af 0.25, Flen 1.4); other values in the file are not used",
  Thelen2003Muscle_Deprecated: "kinechain's Thelen 2003 curves use fixed shape factors (KshapeActive 0.45, KshapePassive 4, Af 0.25, Flen 1.4); other values in the file are not used",
  Millard2012EquilibriumMuscle: "Millard 2012 curves (quintic Bezier) are represented by kinechain's Thelen 2003 curves with the same tendon and passive fibre strains at one normalised force",
  Millard2012AccelerationMuscle: "Millard 2012 curves (quintic Bezier) are represented by kinechain's Thelen 2003 curves with the same tendon and passive fibre strains at one normalised force",
  DeGrooteFregly2016Muscle: "De Groote-Fregly 2016 curves are represented by kinechain's Thelen 2003 curves with the same tendon and passive fibre strains at one normalised force",
  RigidTendonMuscle: "the rigid-tendon muscle's curves are represented by kinechain's Thelen 2003 curves; use kinechain's rigid-tendon evaluation for it",
};

/** Tissues of the model's enabled path forces, in document order. */
export function mapTissues(osim: OsimModel, pose: DefaultPose, options: MapTissueOptions, report: ImportReport): TissueSpec[] {
  const coordinates = firstByName(osim.joints.flatMap((joint) => joint.coordinates));
  const context: Context = {
    osim,
    pose,
    options,
    report,
    bodies: new Set(osim.bodies.map((body) => body.name)),
    coordinateRanges: new Map([...coordinates].map(([name, coordinate]) => [name, coordinate.range])),
    wrapObjects: firstByName(osim.wrapObjects),
  };
  const fileName = osim.fileName;
  const noted = new Set<string>();
  const tissues: TissueSpec[] = [];
  for (const force of osim.forces) {
    if (force.kind !== 'muscle' && force.kind !== 'ligament' && force.kind !== 'pathSpring') continue;
    if (!force.appliesForce) {
      report.skipped.push({ element: force.element, name: force.name, line: force.line, reason: 'force disabled (appliesForce false / isDisabled true)' });
      continue;
    }
    const { points, defaultPose } = mapPoints(force, force.path, context);
    const defaultPoseWraps = mapWraps(force, force.path, defaultPose.points, defaultPose.originalIndex, context);
    const wraps = context.options.freezePathPointsAtDefaultPose ? defaultPoseWraps : wrapsOnExactPath(defaultPoseWraps, defaultPose.originalIndex);
    const kind: TissueSpec['kind'] = force.kind === 'muscle' ? 'muscle' : 'ligament';
    const law = force.kind === 'muscle' ? muscleLaw(force, fileName) : force.kind === 'ligament' ? ligamentLaw(force, fileName, report) : pathSpringLaw(force, fileName);
    const curveNote = CURVE_NOTES[force.element] ?? (force.kind === 'muscle' ? `${force.element} curves are represented by kinechain's Thelen 2003 curves` : undefined);
    if (curveNote && !noted.has(force.element)) {
      noted.add(force.element);
      note(report, 'approximations', { element: force.element, name: '', line: force.line }, curveNote);
    }
    const insertion = points[points.length - 1].body;
    tissues.push({
      name: force.name,
      kind,
      region: insertion,
      side: sideOf(force.name, points.map((point) => point.body)),
      path: { points, wraps },
      law,
      seriesOf: [],
      source: `OpenSim ${force.element} "${force.name}" (${fileName || osim.name}, line ${force.line})`,
      description: force.kind === 'pathSpring' ? 'OpenSim PathSpring' : undefined,
    });
    report.tissues.push({ element: force.element, name: force.name, line: force.line, kind });
  }
  return tissues;
}
