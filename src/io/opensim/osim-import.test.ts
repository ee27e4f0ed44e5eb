/**
 * importOsim on the two-segment-leg fixtures (the same model written in the OpenSim 2.x
 * and 4.x layouts) and on variants of them: layouts agree, couplers fold in exactly,
 * conditional and moving path points import exactly (or freeze as reported), and every unsupported or malformed element is named
 * with its line.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { isKinechainError, type KinechainError } from '../../core/errors.js';
import { forwardKinematics } from '../../core/kinematics/forward-kinematics.js';
import { makeData } from '../../core/model/make-data.js';
import type { Model } from '../../core/model/model.js';
import { pathLength } from '../../core/paths/path-length.js';
import { compile } from '../../spec/compile.js';
import type { FunctionSpec } from '../../spec/schema.js';
import { importOsim } from './osim-import.js';
import { evaluateFunctionSpec } from './osim-map-functions.js';

const fixture = (name: string) => readFileSync(fileURLToPath(new URL(`./fixtures/${name}`, import.meta.url)), 'utf8');
const LEGACY = fixture('two-segment-leg-2x.osim');
const MODERN = fixture('two-segment-leg-4x.osim');

function thrown(action: () => unknown): KinechainError {
  try {
    action();
  } catch (error) {
    if (isKinechainError(error)) return error;
    throw error;
  }
  throw new Error('expected a KinechainError');
}

/** 1-based line of the first occurrence of `needle` in `text`. */
function lineOf(text: string, needle: string): number {
  const index = text.indexOf(needle);
  if (index < 0) throw new Error(`fixture has no "${needle}"`);
  return text.slice(0, index).split('\n').length;
}

function replaceOnce(text: string, from: string, to: string): string {
  if (!text.includes(from)) throw new Error(`fixture has no "${from}"`);
  return text.replace(from, to);
}

/** Body poses [R(9), p(3)] per body and path lengths at q (by coordinate name). */
function poseAt(model: Model, q: Record<string, number>): { bodies: number[]; lengths: number[] } {
  const data = makeData(model);
  const values = Float64Array.from(model.coordinateDefault);
  for (const [name, value] of Object.entries(q)) values[model.coordinateIndex.get(name) as number] = value;
  forwardKinematics(model, data, values);
  pathLength(model, data);
  return { bodies: [...data.bodyRotation, ...data.bodyPosition], lengths: [...data.tissueLength] };
}

function largestDifference(a: number[], b: number[]): number {
  expect(a.length).toBe(b.length);
  return a.reduce((largest, value, i) => Math.max(largest, Math.abs(value - b[i])), 0);
}

const POSES: Record<string, number>[] = [
  {},
  { hip_flexion: 0.7, hip_adduction: -0.2, knee_angle: -1.3 },
  { hip_flexion: -0.9, hip_adduction: 0.4, knee_angle: 0.1 },
  { knee_angle: -2.4 }, // beyond the splines' knots: linear extrapolation
];

describe('2.x and 4.x layouts of the same model', () => {
  const legacy = importOsim(LEGACY, { fileName: 'two-segment-leg-2x.osim' });
  const modern = importOsim(MODERN, { fileName: 'two-segment-leg-4x.osim' });
  const legacyModel = compile(legacy.spec);
  const modernModel = compile(modern.spec);

  it('are read by their Version attribute', () => {
    expect(legacy.report.format).toBe('2.x');
    expect(legacy.report.version).toBe(20303);
    expect(modern.report.format).toBe('4.x');
  });

  it('give the same bodies, coordinates, muscle and markers', () => {
    for (const model of [legacyModel, modernModel]) {
      expect(model.bodyName).toEqual(['ground', 'thigh', 'shank']);
      expect(model.coordinateName).toEqual(['hip_flexion', 'hip_adduction', 'knee_angle']);
      expect(model.totalMass).toBeCloseTo(12.2, 14);
      expect([...model.bodyInertia.slice(9, 18)]).toEqual([0.13, 0.001, -0.002, 0.001, 0.035, 0.003, -0.002, 0.003, 0.14]);
      expect(model.muscleMaxIsometricForce[0]).toBe(1200);
      expect(model.muscleTendonStrainAtF0[0]).toBe(0.033);
    }
    expect(legacy.report.markers).toEqual([{ element: 'Marker', name: 'lateral_malleolus', line: lineOf(LEGACY, '<Marker name'), body: 'shank', location: [0, -0.42, 0.05], fixed: false }]);
    expect(modern.report.markers[0]).toMatchObject({ body: 'shank', location: [0, -0.42, 0.05] });
  });

  it('compose the 4.x chain of offset frames into the 2.x location and orientation in parent', () => {
    const joint = modern.spec.bodies[1].joint;
    joint.locationInParent.forEach((value, i) => expect(value).toBeCloseTo([0, -0.4, 0.015][i], 15));
    joint.orientationInParent.forEach((value, i) => expect(value).toBeCloseTo([0, 0, 0.1][i], 15));
  });

  it('give the same forward kinematics and path lengths in every pose', () => {
    for (const q of POSES) {
      const a = poseAt(legacyModel, q);
      const b = poseAt(modernModel, q);
      expect(largestDifference(a.bodies, b.bodies)).toBeLessThan(1e-14);
      expect(largestDifference(a.lengths, b.lengths)).toBeLessThan(1e-14);
    }
  });

  it('place the condyle cylinder on the thigh-to-shank segment, on its +x (anterior) side', () => {
    for (const spec of [legacy.spec, modern.spec]) {
      const [wrap] = spec.tissues[0].path.wraps;
      // Going down the front of the knee (direction -y) around a cylinder on the +x side is a
      // clockwise turn seen from +z: sign -1.
      expect(wrap).toMatchObject({ name: 'condyles', body: 'thigh', between: [1, 2], sign: -1, radiusM: 0.03 });
      if (wrap.type !== 'cylinder') throw new Error('expected a cylinder wrap');
      wrap.axis.forEach((value, i) => expect(value).toBeCloseTo([0, 0, 1][i], 15));
    }
    const data = makeData(modernModel);
    const wraps = [0.1, -0.5].map((knee) => {
      const q = Float64Array.from(modernModel.coordinateDefault);
      q[2] = knee;
      forwardKinematics(modernModel, data, q);
      pathLength(modernModel, data);
      return data.wrapActive[0];
    });
    expect(wraps).toEqual([0, 1]);
  });
});

describe('CoordinateCouplerConstraint', () => {
  // knee_beta drives the knee's x translation; the coupler makes knee_beta = 0.5 (-knee + 0.2).
  const free = replaceOnce(
    replaceOnce(
      MODERN,
      '<coordinates>knee_angle</coordinates>\n\t\t\t\t\t\t\t<axis>1 0 0</axis>',
      '<coordinates>knee_beta</coordinates>\n\t\t\t\t\t\t\t<axis>1 0 0</axis>',
    ),
    '</Coordinate>\n\t\t\t\t\t</coordinates>\n\t\t\t\t\t<frames>\n\t\t\t\t\t\t<PhysicalOffsetFrame name="thigh_knee_base">',
    '</Coordinate>\n\t\t\t\t\t\t<Coordinate name="knee_beta"><range>-3 3</range></Coordinate>\n\t\t\t\t\t</coordinates>\n\t\t\t\t\t<frames>\n\t\t\t\t\t\t<PhysicalOffsetFrame name="thigh_knee_base">',
  );
  const coupler = (independent: string, dependent: string) => `<CoordinateCouplerConstraint name="knee_coupling">
						<isEnforced>true</isEnforced>
						<coupled_coordinates_function>
							<LinearFunction><coefficients> -1 0.2</coefficients></LinearFunction>
						</coupled_coordinates_function>
						<independent_coordinate_names>${independent}</independent_coordinate_names>
						<dependent_coordinate_name>${dependent}</dependent_coordinate_name>
						<scale_factor>0.5</scale_factor>
					</CoordinateCouplerConstraint>`;
  const withConstraint = (text: string, constraint: string) =>
    replaceOnce(text, '<ConstraintSet name="constraintset">\n\t\t\t<objects />', `<ConstraintSet name="constraintset">\n\t\t\t<objects>${constraint}</objects>`);
  const coupled = withConstraint(free, coupler('knee_angle', 'knee_beta'));

  it('folds a dependent coordinate of the same joint into its axes exactly', () => {
    const { spec, report } = importOsim(coupled);
    const model = compile(spec);
    expect(model.coordinateName).toEqual(['hip_flexion', 'hip_adduction', 'knee_angle']);
    expect(report.couplings).toEqual([
      {
        element: 'CoordinateCouplerConstraint',
        name: 'knee_coupling',
        line: lineOf(coupled, '<CoordinateCouplerConstraint'),
        dependent: 'knee_beta',
        independent: 'knee_angle',
        function: { type: 'multiplier', scale: 0.5, function: { type: 'linear', slope: -1, intercept: 0.2 } },
        mapping: 'composed',
      },
    ]);
    const uncoupled = compile(importOsim(free).spec);
    for (const knee of [-2.3, -1.1, -0.3, 0.05]) {
      const a = poseAt(model, { knee_angle: knee, hip_flexion: 0.2 });
      const b = poseAt(uncoupled, { knee_angle: knee, hip_flexion: 0.2, knee_beta: 0.5 * (-knee + 0.2) });
      expect(largestDifference(a.bodies, b.bodies)).toBeLessThan(1e-15);
      expect(largestDifference(a.lengths, b.lengths)).toBeLessThan(1e-15);
    }
  });

  it('rejects a coupling across two joints, naming the constraint and its line, unless kept', () => {
    const across = withConstraint(MODERN, coupler('knee_angle', 'hip_adduction'));
    const error = thrown(() => importOsim(across, { fileName: 'leg.osim' }));
    expect(error.code).toBe('UNSUPPORTED');
    expect(error.message).toMatch(
      new RegExp(`^<CoordinateCouplerConstraint name="knee_coupling"> at line ${lineOf(across, '<CoordinateCouplerConstraint')} of leg\\.osim: dependent coordinate "hip_adduction"`),
    );
    const { spec, report } = importOsim(across, { keepUncomposableCouplers: true });
    expect(compile(spec).coordinateName).toContain('hip_adduction');
    expect(report.couplings[0]).toMatchObject({ dependent: 'hip_adduction', independent: 'knee_angle', mapping: 'kept' });
  });
});

describe('conditional and moving path points', () => {
  const variant = replaceOnce(
    replaceOnce(
      MODERN,
      `<PathPoint name="vastus-P3">
									<socket_parent_frame>/bodyset/shank</socket_parent_frame>
									<location>0.05 -0.06 0.0</location>
								</PathPoint>`,
      `<ConditionalPathPoint name="vastus-via">
									<socket_parent_frame>/bodyset/thigh</socket_parent_frame>
									<location>0.04 -0.36 0.0</location>
									<socket_coordinate>/jointset/knee/knee_angle</socket_coordinate>
									<range>-2.5 -1.0</range>
								</ConditionalPathPoint>
								<ConditionalPathPoint name="vastus-via-extended">
									<socket_parent_frame>/bodyset/thigh</socket_parent_frame>
									<location>0.045 -0.37 0.0</location>
									<socket_coordinate>/jointset/knee/knee_angle</socket_coordinate>
									<range>-0.5 0.5</range>
								</ConditionalPathPoint>
								<MovingPathPoint name="vastus-P3">
									<socket_parent_frame>/bodyset/shank</socket_parent_frame>
									<socket_x_coordinate>/jointset/knee/knee_angle</socket_x_coordinate>
									<socket_y_coordinate>/jointset/hip/hip_flexion</socket_y_coordinate>
									<x_location>
										<SimmSpline>
											<x> -2 -1 0 0.2</x>
											<y> 0.02 0.04 0.05 0.051</y>
										</SimmSpline>
									</x_location>
									<y_location>
										<LinearFunction><coefficients> 0.1 -0.06</coefficients></LinearFunction>
									</y_location>
								</MovingPathPoint>`,
    ),
    '<range>2 3</range>',
    '<range>2 5</range>',
  );

  it('import exactly by default: conditional points with their range, moving points with their functions', () => {
    const { spec, report } = importOsim(variant, { fileName: 'leg.osim' });
    expect(report.frozenPathPoints).toEqual([]);
    const points = spec.tissues[0].path.points;
    expect(points.map((point) => point.label)).toEqual(['vastus-P1', 'vastus-P2', 'vastus-via', 'vastus-via-extended', 'vastus-P3']);
    // OpenSim's ConditionalPathPoint::isActive accepts 1e-5 beyond the range.
    expect(points[2].activeRange).toEqual({ coordinate: 'knee_angle', min: -2.5 - 1e-5, max: -1.0 + 1e-5 });
    expect(points[3].activeRange).toEqual({ coordinate: 'knee_angle', min: -0.5 - 1e-5, max: 0.5 + 1e-5 });
    expect(points[4].movingLocation).toEqual({
      x: { coordinate: 'knee_angle', function: { type: 'simmSpline', x: [-2, -1, 0, 0.2], y: [0.02, 0.04, 0.05, 0.051] } },
      y: { coordinate: 'hip_flexion', function: { type: 'linear', slope: 0.1, intercept: -0.06 } },
    });
    expect(points[4].location[2]).toBe(0);
    // The wrap is chosen on the default-pose path (via-extended active, via not) and given on
    // the point before its segment: default-pose segment 1-2 is PathPointSet 1-3, i.e. [1, 2];
    // segment 2-3 is 3-4.
    expect([[1, 2], [3, 4]]).toContainEqual(spec.tissues[0].path.wraps[0].between);
    const model = compile(spec);
    // In the default pose the exact path is the frozen one.
    const frozen = compile(importOsim(variant, { freezePathPointsAtDefaultPose: true }).spec);
    const exactLength = poseAt(model, {}).lengths[0];
    expect(Math.abs(exactLength - poseAt(frozen, {}).lengths[0])).toBeLessThan(1e-15);
    // Elsewhere it is not.
    expect(Math.abs(poseAt(model, { knee_angle: -1.5 }).lengths[0] - poseAt(frozen, { knee_angle: -1.5 }).lengths[0])).toBeGreaterThan(1e-4);
  });

  it('freeze at the default pose when asked: active via points kept, inactive dropped, moving points fixed', () => {
    const { spec, report } = importOsim(variant, { freezePathPointsAtDefaultPose: true });
    const points = spec.tissues[0].path.points;
    expect(points.map((point) => point.label)).toEqual(['vastus-P1', 'vastus-P2', 'vastus-via-extended', 'vastus-P3']);
    // Moving point at knee 0, hip flexion 0.1 (defaults): x = spline(0) = 0.05, y = 0.1 * 0.1 - 0.06, z = 0.
    expect(points[3].location[0]).toBeCloseTo(0.05, 15);
    expect(points[3].location[1]).toBeCloseTo(0.1 * 0.1 - 0.06, 15);
    expect(points[3].location[2]).toBe(0);
    expect(report.frozenPathPoints.map((point) => [point.name, point.action])).toEqual([
      ['vastus-via', 'dropped'],
      ['vastus-via-extended', 'kept'],
      ['vastus-P3', 'frozen'],
    ]);
    // OpenSim's range 2..5 names original points 2..5; without the dropped one the wrap may use segments 1-2 and 2-3.
    expect([[1, 2], [2, 3]]).toContainEqual(spec.tissues[0].path.wraps[0].between);
    expect(compile(spec).ntissue).toBe(1);
  });

  // The same points in the 3.x / 2.x layout: <body>, <coordinate>, <x_coordinate> names.
  const legacyVariant = replaceOnce(
    LEGACY,
    `<PathPoint name="vastus-P3">
									<location> 0.05 -0.06 0.0</location>
									<body>shank</body>
								</PathPoint>`,
    `<ConditionalPathPoint name="vastus-via">
									<location> 0.04 -0.36 0.0</location>
									<body>thigh</body>
									<coordinate>knee_angle</coordinate>
									<range> -2.5 -1.0</range>
								</ConditionalPathPoint>
								<MuscleViaPoint name="vastus-via-extended">
									<location> 0.045 -0.37 0.0</location>
									<body>thigh</body>
									<coordinate>knee_angle</coordinate>
									<range> -0.5 0.5</range>
								</MuscleViaPoint>
								<MovingPathPoint name="vastus-P3">
									<body>shank</body>
									<x_coordinate>knee_angle</x_coordinate>
									<y_coordinate>hip_flexion</y_coordinate>
									<x_location>
										<SimmSpline>
											<x> -2 -1 0 0.2</x>
											<y> 0.02 0.04 0.05 0.051</y>
										</SimmSpline>
									</x_location>
									<y_location>
										<LinearFunction>
											<coefficients> 0.1 -0.06</coefficients>
										</LinearFunction>
									</y_location>
								</MovingPathPoint>`,
  );

  it('read alike from the 3.x/2.x layout', () => {
    const legacy = importOsim(legacyVariant, { fileName: 'leg.osim' }).spec.tissues[0].path;
    const modern = importOsim(variant, { fileName: 'leg.osim' }).spec.tissues[0].path;
    expect(legacy.points).toEqual(modern.points);
  });

  it('give the path length of a hand computation in poses on both sides of the switches', () => {
    let checked = 0;
    // Without the condyle wrap, so that the path is its straight segments in every pose.
    const withoutWrap = (text: string) => text.replace(/<PathWrapSet>[\s\S]*?<\/PathWrapSet>/, '<PathWrapSet><objects /></PathWrapSet>');
    for (const document of [withoutWrap(variant), withoutWrap(legacyVariant)]) {
      const model = compile(importOsim(document, { fileName: 'leg.osim' }).spec);
      expect(model.nwrap).toBe(0);
      const data = makeData(model);
      for (const [knee, hip] of [
        [-1.5, 0.3],
        [-0.2, -0.4],
        [-0.8, 0.6],
        [-2.3, 1.1],
      ]) {
        const q = Float64Array.from(model.coordinateDefault);
        q[model.coordinateIndex.get('knee_angle') as number] = knee;
        q[model.coordinateIndex.get('hip_flexion') as number] = hip;
        forwardKinematics(model, data, q);
        pathLength(model, data);
        const inGround = (body: string, local: readonly number[]): number[] => {
          const b = model.bodyIndex.get(body) as number;
          return [0, 1, 2].map(
            (i) => data.bodyRotation[9 * b + 3 * i] * local[0] + data.bodyRotation[9 * b + 3 * i + 1] * local[1] + data.bodyRotation[9 * b + 3 * i + 2] * local[2] + data.bodyPosition[3 * b + i],
          );
        };
        const spline: FunctionSpec = { type: 'simmSpline', x: [-2, -1, 0, 0.2], y: [0.02, 0.04, 0.05, 0.051] };
        // The moving point's coordinate is clamped to the knee's range [-2.0944, 0.17] (knee -2.3 is beyond it).
        const insertion = [evaluateFunctionSpec(spline, Math.max(knee, -2.0944))[0], 0.1 * hip - 0.06, 0];
        const path = [
          inGround('thigh', [0.03, -0.2, 0.02]),
          inGround('thigh', [0.035, -0.32, 0.01]),
          ...(knee >= -2.5 - 1e-5 && knee <= -1.0 + 1e-5 ? [inGround('thigh', [0.04, -0.36, 0])] : []),
          ...(knee >= -0.5 - 1e-5 && knee <= 0.5 + 1e-5 ? [inGround('thigh', [0.045, -0.37, 0])] : []),
          inGround('shank', insertion),
        ];
        let length = 0;
        for (let k = 1; k < path.length; k++) length += Math.hypot(path[k][0] - path[k - 1][0], path[k][1] - path[k - 1][1], path[k][2] - path[k - 1][2]);
        expect(Math.abs(data.tissueLength[0] - length), `knee ${knee}, hip ${hip}`).toBeLessThan(1e-14);
        checked++;
      }
    }
    expect(checked).toBe(8);
  });
});

describe('unsupported and malformed documents', () => {
  it('malformed XML is MALFORMED_INPUT with its line', () => {
    const broken = replaceOnce(MODERN, '</mass_center>', '</mass_centre>');
    const error = thrown(() => importOsim(broken, { fileName: 'broken.osim' }));
    expect(error.code).toBe('MALFORMED_INPUT');
    expect(error.details?.line).toBe(lineOf(broken, '</mass_centre>'));
    expect(error.message).toMatch(/^malformed XML at broken\.osim, line \d+/);
  });

  it('documents that are not OpenSim models, or lack a Version, are MALFORMED_INPUT', () => {
    expect(thrown(() => importOsim('<Model name="x"/>')).code).toBe('MALFORMED_INPUT');
    expect(thrown(() => importOsim(replaceOnce(MODERN, ' Version="40000"', ''))).message).toMatch(/no Version attribute/);
    const badNumber = replaceOnce(MODERN, '<mass>8.5</mass>', '<mass>heavy</mass>');
    const error = thrown(() => importOsim(badNumber, { fileName: 'leg.osim' }));
    expect(error.code).toBe('MALFORMED_INPUT');
    expect(error.message).toBe(`<mass> at line ${lineOf(badNumber, '<mass>heavy')} of leg.osim: <mass> has "heavy", which is not a number`);
    const unknownFrame = replaceOnce(MODERN, '<socket_parent>/bodyset/shank</socket_parent>', '<socket_parent>/bodyset/foot</socket_parent>');
    expect(thrown(() => importOsim(unknownFrame)).message).toMatch(/frame "\/bodyset\/shank"|"\/bodyset\/foot"/);
  });

  const unsupported: [string, string, string, RegExp][] = [
    ['a force type', '<Thelen2003Muscle name="vastus">', '<HuntCrossleyForce name="contact"><appliesForce>true</appliesForce></HuntCrossleyForce>\n\t\t\t\t<Thelen2003Muscle name="vastus">', /^<HuntCrossleyForce name="contact"> at line (\d+).*force type HuntCrossleyForce/],
    ['a joint type', '<CustomJoint name="knee">', '<EllipsoidJoint name="knee">', /^<EllipsoidJoint name="knee"> at line (\d+).*joint type EllipsoidJoint/],
    ['a function type', '<SimmSpline name="function">', '<GCVSpline name="function"><half_order>3</half_order>', /^<GCVSpline> at line (\d+).*translation1 of joint "knee"/],
    ['a constraint type', '<ConstraintSet name="constraintset">\n\t\t\t<objects />', '<ConstraintSet name="constraintset">\n\t\t\t<objects><PointOnLineConstraint name="line"/></objects>', /^<PointOnLineConstraint name="line"> at line (\d+)/],
    ['a wrap object type', '<WrapCylinder name="condyles">', '<WrapSphere name="condyles">', /^<WrapSphere name="condyles"> at line (\d+).*WrapSphere wrapping is not supported/],
  ];
  for (const [what, from, to, pattern] of unsupported) {
    it(`${what} kinechain lacks is UNSUPPORTED, naming the element and its line`, () => {
      let text = replaceOnce(MODERN, from, to);
      if (what === 'a joint type') text = replaceOnce(text, '</CustomJoint>\n\t\t\t</objects>', '</EllipsoidJoint>\n\t\t\t</objects>');
      if (what === 'a function type') text = replaceOnce(text, '</SimmSpline>\n\t\t\t\t\t\t</TransformAxis>', '</GCVSpline>\n\t\t\t\t\t\t</TransformAxis>');
      if (what === 'a wrap object type') text = replaceOnce(text, '</WrapCylinder>', '</WrapSphere>');
      const error = thrown(() => importOsim(text));
      expect(error.code).toBe('UNSUPPORTED');
      const match = pattern.exec(error.message);
      expect(match, error.message).not.toBeNull();
      const element = /^<(\w+)/.exec(error.message)?.[1] as string;
      expect(Number(match?.[1])).toBe(lineOf(text, `<${element}`));
      expect(error.details).toMatchObject({ element, line: Number(match?.[1]) });
    });
  }

  it('drops a sphere wrap under ignoreUnsupportedWrapping and lists it', () => {
    const text = replaceOnce(replaceOnce(MODERN, '<WrapCylinder name="condyles">', '<WrapSphere name="condyles">'), '</WrapCylinder>', '</WrapSphere>');
    const { spec, report } = importOsim(text, { ignoreUnsupportedWrapping: true });
    expect(spec.tissues[0].path.wraps).toEqual([]);
    expect(report.droppedWraps).toMatchObject([{ tissue: 'vastus', wrapObject: 'condyles', wrapObjectType: 'WrapSphere', line: lineOf(text, '<PathWrap ') }]);
  });

  it('disabled forces, markers and controllers are skipped and listed; actuators and limit forces reported', () => {
    const text = replaceOnce(
      replaceOnce(MODERN, '<appliesForce>true</appliesForce>', '<appliesForce>false</appliesForce>'),
      '</Thelen2003Muscle>',
      `</Thelen2003Muscle>
				<CoordinateActuator name="knee_reserve"><coordinate>knee_angle</coordinate><optimal_force>50</optimal_force><min_control>-1</min_control><max_control>1</max_control></CoordinateActuator>
				<CoordinateLimitForce name="knee_limit"><coordinate>knee_angle</coordinate><upper_stiffness>10</upper_stiffness><upper_limit>5</upper_limit><lower_stiffness>10</lower_stiffness><lower_limit>-100</lower_limit><damping>0.01</damping><transition>2</transition></CoordinateLimitForce>
				<TorqueActuator name="trunk_torque"><bodyA>thigh</bodyA><bodyB>shank</bodyB><axis>0 0 1</axis><optimal_force>20</optimal_force></TorqueActuator>`,
    );
    const { spec, report } = importOsim(text);
    expect(spec.tissues).toEqual([]);
    expect(report.skipped.map((entry) => [entry.element, entry.name])).toEqual(
      expect.arrayContaining([
        ['Thelen2003Muscle', 'vastus'],
        ['Marker', 'lateral_malleolus'],
      ]),
    );
    expect(spec.actuators).toEqual([{ name: 'knee_reserve', type: 'coordinate', coordinate: 'knee_angle', optimalForce: 50, minControl: -1, maxControl: 1 }]);
    expect(report.actuators.map((actuator) => [actuator.name, actuator.type, actuator.inSpec])).toEqual([
      ['knee_reserve', 'coordinate', true],
      ['trunk_torque', 'torque', false],
    ]);
    expect(report.coordinateLimitForces).toMatchObject([{ name: 'knee_limit', coordinate: 'knee_angle', properties: { upper_stiffness: 10, lower_limit: -100, transition: 2 } }]);
    expect(report.warnings.map((warning) => warning.name)).toEqual(['knee_limit', 'trunk_torque']);
  });
});

describe('function composition used for couplers', () => {
  it('equals g(s f(x)) wherever it is representable', async () => {
    const { composeFunctions } = await import('./osim-map-functions.js');
    const spline: FunctionSpec = { type: 'simmSpline', x: [-1, -0.2, 0.5, 1.4, 2], y: [0.3, -0.1, 0.2, 0.25, -0.4] };
    const linear: FunctionSpec = { type: 'linear', slope: -0.8, intercept: 0.3 };
    const cases: [FunctionSpec, FunctionSpec, number][] = [
      [spline, linear, 1.3],
      [linear, spline, 0.7],
      [{ type: 'multiplier', scale: 2, function: spline }, { type: 'multiplier', scale: -1.5, function: linear }, 1],
      [{ type: 'piecewiseLinear', x: [0, 1, 3], y: [0, 2, 1] }, { type: 'linear', slope: 2, intercept: -1 }, 1],
      [spline, { type: 'constant', value: 0.4 }, 2],
    ];
    for (const [g, f, s] of cases) {
      const h = composeFunctions(g, f, s);
      expect(h).not.toBeNull();
      for (const x of [-2.5, -0.9, 0, 0.37, 1.1, 3]) {
        const expected = evaluateFunctionSpec(g, s * evaluateFunctionSpec(f, x)[0])[0];
        expect(Math.abs(evaluateFunctionSpec(h as FunctionSpec, x)[0] - expected)).toBeLessThan(1e-12);
      }
    }
    expect(composeFunctions(spline, spline, 1)).toBeNull();
  });
});

describe('built-in OpenSim joint types', () => {
  type M3 = number[][];
  const mul = (a: M3, b: M3): M3 => a.map((row) => [0, 1, 2].map((j) => row[0] * b[0][j] + row[1] * b[1][j] + row[2] * b[2][j]));
  const rot = (axis: 0 | 1 | 2, angle: number): M3 => {
    const c = Math.cos(angle);
    const s = Math.sin(angle);
    const [i, j] = axis === 0 ? [1, 2] : axis === 1 ? [2, 0] : [0, 1];
    const m: M3 = [[1, 0, 0], [0, 1, 0], [0, 0, 1]];
    m[i][i] = c;
    m[j][j] = c;
    m[i][j] = -s;
    m[j][i] = s;
    return m;
  };
  const xyz = (a: number[]) => mul(mul(rot(0, a[0]), rot(1, a[1])), rot(2, a[2]));
  const apply = (m: M3, v: number[]) => m.map((row) => row[0] * v[0] + row[1] * v[1] + row[2] * v[2]);

  /** Joint transform (R_F_M, p_F_M) from the coordinates, as OpenSim 4 defines each type. */
  const JOINTS: [string, number, (q: number[]) => { r: M3; p: number[] }][] = [
    ['PinJoint', 1, (q) => ({ r: rot(2, q[0]), p: [0, 0, 0] })],
    ['UniversalJoint', 2, (q) => ({ r: mul(rot(0, q[0]), rot(1, q[1])), p: [0, 0, 0] })],
    ['BallJoint', 3, (q) => ({ r: xyz(q), p: [0, 0, 0] })],
    ['GimbalJoint', 3, (q) => ({ r: xyz(q), p: [0, 0, 0] })],
    ['FreeJoint', 6, (q) => ({ r: xyz(q), p: q.slice(3) })],
    ['PlanarJoint', 3, (q) => ({ r: rot(2, q[0]), p: [q[1], q[2], 0] })],
    ['SliderJoint', 1, (q) => ({ r: rot(2, 0), p: [q[0], 0, 0] })],
    ['WeldJoint', 0, () => ({ r: rot(2, 0), p: [0, 0, 0] })],
  ];
  const OFFSET = { translation: [0.02, -0.3, 0.01], orientation: [0.1, 0.2, 0.3] };

  const document = `<OpenSimDocument Version="40000"><Model name="chain"><Ground name="ground"/>
<BodySet name="bodyset"><objects>${JOINTS.map((_, i) => `<Body name="b${i}"><mass>1</mass><mass_center>0 0 0</mass_center><inertia>1 1 1 0 0 0</inertia></Body>`).join('')}</objects></BodySet>
<JointSet name="jointset"><objects>${JOINTS.map(
    ([type, n], i) => `<${type} name="j${i}"><socket_parent_frame>p${i}</socket_parent_frame><socket_child_frame>/bodyset/b${i}</socket_child_frame>
<coordinates>${Array.from({ length: n }, (_, k) => `<Coordinate name="j${i}_q${k}"><range>-3 3</range></Coordinate>`).join('')}</coordinates>
<frames><PhysicalOffsetFrame name="p${i}"><socket_parent>${i === 0 ? '/ground' : `/bodyset/b${i - 1}`}</socket_parent><translation>${OFFSET.translation.join(' ')}</translation><orientation>${OFFSET.orientation.join(' ')}</orientation></PhysicalOffsetFrame></frames></${type}>`,
  ).join('\n')}</objects></JointSet></Model></OpenSimDocument>`;

  it('map to kinechain joints whose forward kinematics follows OpenSim 4 coordinate conventions', () => {
    const { spec, report } = importOsim(document);
    expect(report.joints.map((joint) => joint.mappedAs)).toEqual(['revolute', 'universal', 'ball', 'ball', 'custom', 'custom', 'custom', 'weld']);
    const model = compile(spec);
    const q = model.coordinateName.map((_, j) => 0.3 * Math.sin(1.7 * j + 0.4) + 0.05 * j);
    const data = makeData(model);
    forwardKinematics(model, data, Float64Array.from(q));
    let r: M3 = [[1, 0, 0], [0, 1, 0], [0, 0, 1]];
    let p = [0, 0, 0];
    let j = 0;
    JOINTS.forEach(([, n, transform], i) => {
      const offset = xyz(OFFSET.orientation);
      const joint = transform(q.slice(j, j + n));
      j += n;
      const origin = apply(r, OFFSET.translation).map((value, k) => value + p[k]);
      const frame = mul(r, offset);
      p = apply(frame, joint.p).map((value, k) => value + origin[k]);
      r = mul(frame, joint.r);
      const b = model.bodyIndex.get(`b${i}`) as number;
      for (let row = 0; row < 3; row++) {
        expect(data.bodyPosition[3 * b + row]).toBeCloseTo(p[row], 14);
        for (let col = 0; col < 3; col++) expect(data.bodyRotation[9 * b + 3 * row + col]).toBeCloseTo(r[row][col], 14);
      }
    });
  });
});
