/**
 * The editable, JSON-serialisable description of a body model (the "spec").
 *
 * Files, the API, the web UI and the OpenSim importer all exchange this document;
 * `compile(spec)` turns it into a frozen, flat `Model` for the algorithms. Every
 * field carries a description and its unit. SI units throughout (m, kg, rad, N).
 *
 * Frames follow OpenSim: X forward, Y up, Z to the right. A body's frame is fixed in
 * the body; its joint connects a frame fixed in the parent ("parent offset frame") to a
 * frame fixed in the child ("child offset frame"), exactly as an OpenSim Joint does.
 */
import { z } from 'zod';

export const SPEC_VERSION = 1;

export const Vec3Schema = z
  .tuple([z.number(), z.number(), z.number()])
  .describe('3-vector [x, y, z]');
export type Vec3Tuple = z.infer<typeof Vec3Schema>;

// ---------------------------------------------------------------------------------
// Functions of one coordinate (OpenSim: Constant, LinearFunction, NaturalCubicSpline,
// SimmSpline, MultiplierFunction). Used by custom joints' transform axes.
// ---------------------------------------------------------------------------------

export type FunctionSpec =
  | { type: 'constant'; value: number }
  | { type: 'linear'; slope: number; intercept: number }
  | { type: 'naturalCubicSpline'; x: number[]; y: number[] }
  | { type: 'piecewiseLinear'; x: number[]; y: number[] }
  | { type: 'multiplier'; scale: number; function: FunctionSpec }
  | { type: 'simmSpline'; x: number[]; y: number[] };

export const FunctionSchema: z.ZodType<FunctionSpec> = z.lazy(() =>
  z.discriminatedUnion('type', [
    z.object({ type: z.literal('constant'), value: z.number().describe('constant value') }),
    z.object({
      type: z.literal('linear'),
      slope: z.number().describe('d value / d coordinate'),
      intercept: z.number().describe('value at coordinate = 0'),
    }),
    z.object({
      type: z.literal('naturalCubicSpline'),
      x: z.array(z.number()).min(2).describe('knots, strictly increasing (coordinate units)'),
      y: z.array(z.number()).min(2).describe('values at the knots'),
    }),
    z.object({
      type: z.literal('piecewiseLinear'),
      x: z.array(z.number()).min(2).describe('knots, strictly increasing (coordinate units)'),
      y: z.array(z.number()).min(2).describe('values at the knots'),
    }),
    z.object({
      type: z.literal('multiplier'),
      scale: z.number().describe('factor applied to the inner function'),
      function: FunctionSchema,
    }),
    z.object({
      type: z.literal('simmSpline'),
      x: z.array(z.number()).min(2).describe('knots, strictly increasing (coordinate units)'),
      y: z.array(z.number()).min(2).describe('values at the knots'),
    }).describe(
      "OpenSim's SimmSpline: an interpolating cubic spline whose end third derivatives match the cubics through the " +
        'first and last four knots (not natural end conditions)',
    ),
  ]),
);

// ---------------------------------------------------------------------------------
// Coordinates and joints
// ---------------------------------------------------------------------------------

export const CoordinateSchema = z.object({
  name: z.string().min(1).describe('unique coordinate name, e.g. "knee_angle_r" (OpenSim naming)'),
  kind: z.enum(['rotational', 'translational']).describe('rotational (rad) or translational (m)'),
  range: z
    .tuple([z.number(), z.number()])
    .describe('allowed interval [min, max] (rad or m); values outside are rejected at the edges'),
  defaultValue: z.number().default(0).describe('value in the reference (anatomical standing) pose'),
  locked: z.boolean().default(false).describe('held at its default value by solvers'),
  description: z.string().optional().describe('what positive motion means, e.g. "flexion positive"'),
});
export type CoordinateSpec = z.infer<typeof CoordinateSchema>;

/**
 * One axis of a custom joint's spatial transform (OpenSim TransformAxis).
 * Rotation axes are applied in order as body-fixed rotations; translation axes are
 * expressed in the parent offset frame. The axis value is `function(coordinate)`.
 */
export const TransformAxisSchema = z.object({
  kind: z.enum(['rotation', 'translation']),
  axis: Vec3Schema.describe('unit direction (normalised on compile)'),
  coordinate: z
    .string()
    .nullable()
    .describe('name of the coordinate driving this axis; null for a constant function'),
  function: FunctionSchema.describe('axis value (rad or m) as a function of the coordinate'),
});
export type TransformAxisSpec = z.infer<typeof TransformAxisSchema>;

const JointFrameFields = {
  name: z.string().min(1).describe('unique joint name, e.g. "hip_r"'),
  locationInParent: Vec3Schema.default([0, 0, 0]).describe('parent offset frame origin in the parent body frame (m)'),
  orientationInParent: Vec3Schema.default([0, 0, 0]).describe(
    'parent offset frame orientation: body-fixed X-Y-Z rotation angles (rad), as OpenSim',
  ),
  locationInChild: Vec3Schema.default([0, 0, 0]).describe('child offset frame origin in the child body frame (m)'),
  orientationInChild: Vec3Schema.default([0, 0, 0]).describe(
    'child offset frame orientation: body-fixed X-Y-Z rotation angles (rad)',
  ),
};

export const JointSchema = z.discriminatedUnion('type', [
  z.object({ ...JointFrameFields, type: z.literal('weld') }),
  z.object({
    ...JointFrameFields,
    type: z.literal('revolute'),
    axis: Vec3Schema.default([0, 0, 1]).describe('rotation axis in the parent offset frame (OpenSim PinJoint: Z)'),
    coordinates: z.array(CoordinateSchema).length(1),
  }),
  z.object({
    ...JointFrameFields,
    type: z.literal('universal'),
    axes: z
      .tuple([Vec3Schema, Vec3Schema])
      .default([
        [1, 0, 0],
        [0, 1, 0],
      ])
      .describe('two body-fixed rotation axes, applied in order (OpenSim UniversalJoint: X then Y)'),
    coordinates: z.array(CoordinateSchema).length(2),
  }),
  z.object({
    ...JointFrameFields,
    type: z.literal('ball'),
    // Three coordinates as body-fixed X-Y-Z rotations (as OpenSim reports a BallJoint).
    coordinates: z.array(CoordinateSchema).length(3),
  }),
  z.object({
    ...JointFrameFields,
    type: z.literal('free'),
    // Coordinates: three body-fixed rotations (Z, X, Y order as OpenSim's gait models:
    // tilt, list, rotation) then three translations (x, y, z) in the parent frame.
    coordinates: z.array(CoordinateSchema).length(6),
  }),
  z.object({
    ...JointFrameFields,
    type: z.literal('custom'),
    coordinates: z.array(CoordinateSchema).max(6),
    spatialTransform: z
      .array(TransformAxisSchema)
      .max(6)
      .describe('up to 3 rotation axes then up to 3 translation axes (OpenSim SpatialTransform)'),
  }),
]);
export type JointSpec = z.infer<typeof JointSchema>;

export const BodySchema = z.object({
  name: z.string().min(1).describe('unique body name, e.g. "femur_r"'),
  parent: z.string().describe('parent body name, or "ground"'),
  massKg: z.number().nonnegative().describe('mass (kg)'),
  centerOfMass: Vec3Schema.describe('centre of mass in the body frame (m)'),
  inertia: z
    .tuple([z.number(), z.number(), z.number(), z.number(), z.number(), z.number()])
    .describe('inertia about the centre of mass in body axes [Ixx, Iyy, Izz, Ixy, Ixz, Iyz] (kg m^2)'),
  joint: JointSchema.describe('the joint connecting this body to its parent'),
  lengthM: z.number().positive().optional().describe('segment length used for scaling and drawing (m)'),
  description: z.string().optional(),
});
export type BodySpec = z.infer<typeof BodySchema>;

// ---------------------------------------------------------------------------------
// Tissues: path + force law
// ---------------------------------------------------------------------------------

/** One location component of a moving path point: value (m, body frame) = function(coordinate). */
export const PathPointComponentSchema = z.object({
  coordinate: z.string().min(1).describe('name of the coordinate the component follows'),
  function: FunctionSchema.describe(
    'component value (m) as a function of the coordinate, evaluated with the coordinate clamped to its range (as OpenSim)',
  ),
});
export type PathPointComponentSpec = z.infer<typeof PathPointComponentSchema>;

export const PathPointSchema = z.object({
  body: z.string().describe('body the point is fixed in'),
  location: Vec3Schema.describe('point in the body frame (m); for a moving point, the components not in movingLocation'),
  label: z.string().optional().describe('anatomical landmark, e.g. "calcaneal tuberosity"'),
  activeRange: z
    .object({
      coordinate: z.string().min(1).describe('name of the coordinate that switches the point'),
      min: z.number().describe('lowest coordinate value at which the point is active (rad or m)'),
      max: z.number().describe('highest coordinate value at which the point is active (rad or m)'),
    })
    .optional()
    .describe(
      'conditional point (OpenSim ConditionalPathPoint): part of the path only while the coordinate lies in [min, max]; ' +
        'otherwise the path runs straight from the previous to the next active point',
    ),
  movingLocation: z
    .object({
      x: PathPointComponentSchema.optional(),
      y: PathPointComponentSchema.optional(),
      z: PathPointComponentSchema.optional(),
    })
    .optional()
    .describe('moving point (OpenSim MovingPathPoint): location components (body frame) that are functions of coordinates'),
});
export type PathPointSpec = z.infer<typeof PathPointSchema>;

export const WrapCylinderSchema = z.object({
  type: z.literal('cylinder'),
  name: z.string().min(1),
  body: z.string().describe('body the cylinder is fixed in'),
  center: Vec3Schema.describe('a point on the cylinder axis, body frame (m)'),
  axis: Vec3Schema.describe('cylinder axis direction, body frame (normalised on compile)'),
  radiusM: z.number().positive().describe('radius (m)'),
  /**
   * Which side the path passes: the path wraps only when the straight segment would
   * cut the cylinder. `sign` picks the wrap direction about the axis (+1 or -1, right-hand rule).
   */
  sign: z.union([z.literal(1), z.literal(-1)]).default(1),
  between: z
    .tuple([z.number().int(), z.number().int()])
    .describe('indices of the two consecutive path points whose segment may wrap'),
});
export type WrapCylinderSpec = z.infer<typeof WrapCylinderSchema>;

/**
 * Ellipsoid wrap (OpenSim WrapEllipsoid): the ellipsoid's own frame sits in `body` at
 * `center` with orientation `rotation` (R_body_ellipsoid, row-major 3x3); its semi-axes
 * along its own X, Y, Z are `radiiM`. The segment wraps only when its straight line cuts
 * the ellipsoid (src/core/paths/ellipsoid-wrap.ts). `side` constrains the wrap to one half
 * of the ellipsoid as OpenSim's quadrant "+x", "-y", ... (ellipsoid frame); null = "all".
 */
export const WrapEllipsoidSchema = z.object({
  type: z.literal('ellipsoid'),
  name: z.string().min(1),
  body: z.string().describe('body the ellipsoid is fixed in'),
  center: Vec3Schema.describe('ellipsoid centre, body frame (m)'),
  rotation: z
    .array(z.number())
    .length(9)
    .default([1, 0, 0, 0, 1, 0, 0, 0, 1])
    .describe('R_body_ellipsoid, row-major 3x3 rotation (orthonormal, det +1)'),
  radiiM: Vec3Schema.describe('semi-axes [a, b, c] along the ellipsoid frame X, Y, Z (m), all positive'),
  side: z
    .object({ axis: z.enum(['x', 'y', 'z']), sign: z.union([z.literal(1), z.literal(-1)]) })
    .nullable()
    .default(null)
    .describe('half of the ellipsoid the path must pass over (OpenSim quadrant), null for all'),
  between: z
    .tuple([z.number().int(), z.number().int()])
    .describe('indices of the two consecutive path points whose segment may wrap'),
});
export type WrapEllipsoidSpec = z.infer<typeof WrapEllipsoidSchema>;

/** A wrapping obstacle on one path segment. */
export const WrapSchema = z.discriminatedUnion('type', [WrapCylinderSchema, WrapEllipsoidSchema]);
export type WrapSpec = z.infer<typeof WrapSchema>;

/** Tension-only passive law: slack, nonlinear toe region, then linear (tendon, ligament, fascia). */
export const PassiveLawSchema = z.object({
  type: z.literal('passive'),
  stiffnessN: z
    .number()
    .positive()
    .describe('axial rigidity E*A (N per unit strain) in the linear region'),
  toeStrain: z
    .number()
    .nonnegative()
    .default(0.03)
    .describe('strain at which the toe region ends and the law becomes linear'),
  slackLengthM: z
    .number()
    .positive()
    .optional()
    .describe('slack length (m); if absent, computed from referenceStrain at the reference pose'),
  referenceStrain: z
    .number()
    .default(0)
    .describe('strain in the reference (standing) pose, used when slackLengthM is absent'),
  dampingNsPerM: z.number().nonnegative().default(0).describe('viscous damping (N s/m)'),
});
export type PassiveLawSpec = z.infer<typeof PassiveLawSchema>;

/** Hill-type muscle (rigid or elastic tendon; Thelen 2003 style curves). */
export const MuscleLawSchema = z.object({
  type: z.literal('muscle'),
  maxIsometricForceN: z.number().positive().describe('F0: maximum isometric force (N)'),
  optimalFiberLengthM: z.number().positive().describe('L0: optimal fibre length (m)'),
  tendonSlackLengthM: z
    .number()
    .positive()
    .optional()
    .describe('tendon slack length (m); if absent, set so the fibre is at referenceFiberLengthRatio*L0 in the reference pose'),
  referenceFiberLengthRatio: z
    .number()
    .positive()
    .default(1)
    .describe('normalised fibre length in the reference pose, used when tendonSlackLengthM is absent'),
  pennationAngleRad: z.number().min(0).max(1.2).default(0).describe('pennation at optimal fibre length (rad)'),
  maxContractionVelocity: z.number().positive().default(10).describe('in optimal fibre lengths per second'),
  passiveStrainAtF0: z
    .number()
    .positive()
    .default(0.6)
    .describe('fibre strain at which passive force reaches F0 (Thelen 2003: 0.6)'),
  tendonStrainAtF0: z.number().positive().default(0.033).describe('tendon strain at F0 (Thelen 2003: 0.033)'),
});
export type MuscleLawSpec = z.infer<typeof MuscleLawSchema>;

export const TissueSchema = z.object({
  name: z.string().min(1).describe('unique tissue name, e.g. "gastrocnemius_medial_r"'),
  kind: z.enum(['muscle', 'tendon', 'ligament', 'fascia']),
  region: z
    .string()
    .describe('regional label used by analyses: foot, ankle, knee, hip, pelvis, lumbar, thoracic, neck, shoulder, arm'),
  side: z.enum(['r', 'l', 'midline']),
  path: z.object({
    points: z.array(PathPointSchema).min(2).describe('origin, via points, insertion'),
    wraps: z.array(WrapSchema).default([]),
  }),
  law: z.discriminatedUnion('type', [PassiveLawSchema, MuscleLawSchema]),
  seriesOf: z
    .array(z.string())
    .default([])
    .describe(
      'muscles this tendon is in series with (e.g. the Achilles tendon of gastrocnemius and soleus): ' +
        'its force is the sum of theirs and it adds no force of its own to the skeleton; its law gives its strain',
    ),
  source: z.string().describe('where the parameters come from (authors, year) or "assumption: ..."'),
  description: z.string().optional(),
});
export type TissueSpec = z.infer<typeof TissueSchema>;

// ---------------------------------------------------------------------------------
// Myofascial lines (Anatomy Trains): ordered tracks joined by continuity junctions
// ---------------------------------------------------------------------------------

export const EvidenceGradeSchema = z
  .enum(['strong', 'moderate', 'limited', 'conflicting', 'none', 'not-studied'])
  .describe('Wilke et al. 2016 grade for the anatomical continuity of a transition');

export const LineTrackSchema = z.object({
  tissue: z.string().describe('tissue name in the model'),
  label: z.string().describe('anatomical name of the track, e.g. "plantar fascia and short toe flexors"'),
});

export const LineJunctionSchema = z.object({
  station: z.string().describe('body carrying the bony station, e.g. "calcn_r"'),
  stationLabel: z.string().describe('anatomical name of the station, e.g. "calcaneus"'),
  evidence: EvidenceGradeSchema,
  studies: z.number().int().nonnegative().describe('number of dissection studies behind the grade'),
  forceTransmission: EvidenceGradeSchema.describe('Krause et al. 2016 grade for force transmission'),
  anchorageStiffnessNPerM: z
    .object({
      nominal: z.number().nonnegative(),
      low: z.number().nonnegative(),
      high: z.number().nonnegative(),
    })
    .describe('stiffness (N/m) tying the junction to its bony station; 0 = free cable, very large = independent tracks'),
});

export const LineSchema = z.object({
  name: z.string().min(1).describe('unique line instance name, e.g. "superficial_back_line_r"'),
  family: z
    .string()
    .describe('Anatomy Trains line, e.g. "superficial back line" (left and right instances share a family)'),
  side: z.enum(['r', 'l', 'midline']),
  tracks: z.array(LineTrackSchema).min(1).describe('tracks from the lower/distal end to the upper/proximal end'),
  junctions: z
    .array(LineJunctionSchema)
    .describe('junctions between consecutive tracks: exactly tracks.length - 1 entries'),
  source: z.string(),
  description: z.string().optional(),
});
export type LineSpec = z.infer<typeof LineSchema>;
export type LineJunctionSpec = z.infer<typeof LineJunctionSchema>;

// ---------------------------------------------------------------------------------
// Actuators: ideal generalised-force generators (e.g. reserve actuators used by static
// optimisation; OpenSim CoordinateActuator). They are not tissues: they have no path.
// ---------------------------------------------------------------------------------

export const CoordinateActuatorSchema = z.object({
  name: z.string().min(1).describe('unique actuator name, e.g. "reserve_hip_flexion_r"'),
  type: z.literal('coordinate'),
  coordinate: z.string().min(1).describe('name of the coordinate the generalised force acts on'),
  optimalForce: z
    .number()
    .positive()
    .describe('generalised force at control 1 (N m for a rotational coordinate, N for a translational one)'),
  minControl: z.number().optional().describe('lowest control value; absent = unbounded'),
  maxControl: z.number().optional().describe('highest control value; absent = unbounded'),
});
export type CoordinateActuatorSpec = z.infer<typeof CoordinateActuatorSchema>;

export const ActuatorSchema = z.discriminatedUnion('type', [CoordinateActuatorSchema]);
export type ActuatorSpec = z.infer<typeof ActuatorSchema>;

// ---------------------------------------------------------------------------------
// The whole model
// ---------------------------------------------------------------------------------

export const ModelSpecSchema = z.object({
  version: z.literal(SPEC_VERSION).default(SPEC_VERSION),
  name: z.string().min(1),
  gravity: Vec3Schema.default([0, -9.80665, 0]).describe('gravity in the ground frame (m/s^2)'),
  bodies: z.array(BodySchema).min(1).describe('bodies in any order; compile sorts them parent-first. The root body\'s parent is "ground"'),
  tissues: z.array(TissueSchema).default([]),
  lines: z.array(LineSchema).default([]),
  actuators: z
    .array(ActuatorSchema)
    .optional()
    .describe('ideal actuators (e.g. reserves for static optimisation); compile() does not use them'),
  subject: z
    .object({
      heightM: z.number().positive(),
      massKg: z.number().positive(),
      sex: z.enum(['male', 'female']),
    })
    .optional()
    .describe('the subject the model was scaled to, if any'),
  source: z.string().optional(),
});
export type ModelSpec = z.infer<typeof ModelSpecSchema>;
/** The spec as written by a user (defaults not yet filled in). */
export type ModelSpecInput = z.input<typeof ModelSpecSchema>;
