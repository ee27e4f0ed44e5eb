/**
 * The description of a sole design (a shoe, sandal, insole or barefoot): the editable,
 * JSON-serialisable document that footwear files, the API and the catalogue exchange.
 * SI units inside (m, Pa, rad, N m/rad); every field has a description with its unit.
 *
 * Geometry of a sole (the contact model, core/contact/elastic-foundation.ts, uses it so):
 * - The sole lies under the foot with its heel end heelMarginM behind the back of the
 *   heel. "Sole coordinates": s along the sole from its heel end, w across it (lateral
 *   positive), height above the sole's base (the plane its flat bottom rests on).
 * - Layers are listed from the TOP (the foot side: insole, footbed) to the BOTTOM (the
 *   floor side: outsole). Each layer's thickness is given at four stations fixed to the
 *   foot (THICKNESS_STATIONS: under the heel centre, the arch, the metatarsal heads and
 *   the toes, as fractions of foot length from the back of the heel) and varies linearly
 *   between them (constant behind the heel station and ahead of the toe station). The
 *   top surface is the stack's height; a heel-to-toe drop tilts the foot.
 * - Each layer is an elastic foundation (Winkler bed): a column of it of thickness t
 *   compresses by p t / E under a pressure p, E being the material's compressive
 *   (foundation) modulus. Layers are in series, and in series with the foot's soft tissue.
 * - A rocker shapes the bottom: behind the heel bevel and ahead of the apex the bottom
 *   curves up along circular arcs that leave the floor at the given angles at the sole's
 *   ends. The curved part is cut out of the bottom layers (outsole first); the top surface
 *   is unchanged. The sole's base is rigid in bending: standing, it rests on its flat part
 *   and rolls on its arcs when the centre of pressure moves past them.
 * - An arch support raises the top under the medial arch; a conforming insole (heel cup)
 *   follows the unloaded shape of the heel fat pad; both add material on top of the top
 *   layer (the arch support of its own material, the heel cup of the top layer's).
 * - A heel zone replaces, inside an ellipse under the heel, the material of one layer: a
 *   soft inner heel in a firm outer rim (or the reverse).
 * An empty layer list is barefoot.
 *
 * parseFootwear(input) validates a document and fills its defaults, throwing a
 * KinechainError whose message names each bad field, what it means and why it is wrong.
 */
import { z } from 'zod';
import { KinechainError, type KinechainErrorCode } from '../core/errors.js';

export const FOOTWEAR_VERSION = 1;

/** Where the layer thickness profile is given: fractions of foot length from the back of the heel. */
export const THICKNESS_STATIONS = Object.freeze({ heel: 0.1, arch: 0.42, forefoot: 0.68, toe: 0.9 });

export const MaterialSchema = z
  .object({
    name: z.string().min(1).describe('material name, e.g. "EVA foam, midsole grade"'),
    compressiveModulusPa: z
      .number()
      .min(1e4)
      .max(1e9)
      .describe('compressive (elastic-foundation) modulus E (Pa): a column of thickness t compresses by p t / E under pressure p'),
    modulusRangePa: z
      .tuple([z.number().min(1e4).max(1e9), z.number().min(1e4).max(1e9)])
      .describe('[low, high] plausible range of the modulus (Pa), for sensitivity analyses'),
    source: z.string().min(1).describe('where the modulus comes from (authors, year) or "assumption: ..."'),
  })
  .strict()
  .superRefine((material, context) => {
    const [low, high] = material.modulusRangePa;
    if (!(low <= material.compressiveModulusPa && material.compressiveModulusPa <= high)) {
      context.addIssue({
        code: 'custom',
        path: ['modulusRangePa'],
        message: `the range [${low}, ${high}] Pa must contain compressiveModulusPa (${material.compressiveModulusPa} Pa)`,
      });
    }
  });
export type Material = z.infer<typeof MaterialSchema>;

const layerThickness = (where: string) =>
  z.number().min(0).max(0.08).describe(`thickness of the layer ${where} (m), 0 to 0.08`);

export const ThicknessProfileSchema = z
  .object({
    heelM: layerThickness(`under the heel centre (${THICKNESS_STATIONS.heel} of foot length from the heel)`),
    archM: layerThickness(`under the arch (${THICKNESS_STATIONS.arch} of foot length)`),
    forefootM: layerThickness(`under the metatarsal heads (${THICKNESS_STATIONS.forefoot} of foot length)`),
    toeM: layerThickness(`under the toes (${THICKNESS_STATIONS.toe} of foot length)`),
  })
  .strict();
export type ThicknessProfile = z.infer<typeof ThicknessProfileSchema>;

export const LayerSchema = z
  .object({
    name: z.string().min(1).describe('unique layer name, e.g. "midsole"'),
    material: MaterialSchema,
    thickness: ThicknessProfileSchema.describe('thickness profile along the foot (m)'),
  })
  .strict();
export type Layer = z.infer<typeof LayerSchema>;

export const SoleLengthSchema = z.discriminatedUnion('unit', [
  z
    .object({
      unit: z.literal('footLength').describe('length as a fraction of the wearer\'s foot length'),
      value: z.number().min(0.8).max(1.5).describe('sole length / foot length, 0.8 to 1.5'),
    })
    .strict(),
  z
    .object({
      unit: z.literal('m').describe('absolute length'),
      value: z.number().min(0.1).max(0.45).describe('sole length (m), 0.1 to 0.45'),
    })
    .strict(),
]);

export const SoleWidthSchema = z.discriminatedUnion('unit', [
  z
    .object({
      unit: z.literal('footLength').describe('width as a fraction of the wearer\'s foot length'),
      value: z.number().min(0.2).max(0.7).describe('sole width at the ball / foot length, 0.2 to 0.7'),
    })
    .strict(),
  z
    .object({
      unit: z.literal('m').describe('absolute width'),
      value: z.number().min(0.04).max(0.2).describe('sole width at the ball (m), 0.04 to 0.2'),
    })
    .strict(),
]);

export const RockerSchema = z
  .object({
    apexFraction: z
      .number()
      .min(0.4)
      .max(0.85)
      .describe('rocker apex, where the bottom starts to curve up towards the toe, as a fraction of sole length from the heel end'),
    toeRockerAngleRad: z
      .number()
      .min(0)
      .max(0.6)
      .describe('angle (rad) between the floor and the bottom at the toe end while the flat part rests on the floor (toe spring)'),
    heelBevelFraction: z
      .number()
      .min(0)
      .max(0.35)
      .default(0)
      .describe('where the heel bevel starts, as a fraction of sole length from the heel end (0 = no bevel)'),
    heelBevelAngleRad: z
      .number()
      .min(0)
      .max(0.5)
      .default(0)
      .describe('angle (rad) between the floor and the bottom at the heel end (heel bevel)'),
  })
  .strict()
  .superRefine((rocker, context) => {
    if (rocker.heelBevelFraction >= rocker.apexFraction) {
      context.addIssue({
        code: 'custom',
        path: ['heelBevelFraction'],
        message: `the heel bevel (${rocker.heelBevelFraction}) must start behind the apex (${rocker.apexFraction})`,
      });
    }
    if ((rocker.heelBevelFraction > 0) !== (rocker.heelBevelAngleRad > 0)) {
      context.addIssue({
        code: 'custom',
        path: ['heelBevelAngleRad'],
        message: 'give both heelBevelFraction and heelBevelAngleRad (a bevel needs a length and an angle), or neither',
      });
    }
  });
export type Rocker = z.infer<typeof RockerSchema>;

export const ArchSupportSchema = z
  .object({
    heightM: z
      .number()
      .min(0)
      .max(0.04)
      .describe('height of the support above the flat top at its highest point, the medial border under the apex (m)'),
    startFraction: z.number().min(0.05).max(0.5).default(0.18).describe('where it starts to rise (fraction of foot length from the heel)'),
    peakFraction: z.number().min(0.2).max(0.7).default(0.42).describe('where it is highest (fraction of foot length)'),
    endFraction: z.number().min(0.3).max(0.8).default(0.66).describe('where it ends (fraction of foot length)'),
    lateralOnsetFraction: z
      .number()
      .min(0)
      .max(0.95)
      .default(0.35)
      .describe('across the sole, from the lateral edge (0) to the medial edge (1): where the support starts to rise'),
    medialFullFraction: z
      .number()
      .min(0.05)
      .max(1)
      .default(1)
      .describe('across the sole, from the lateral edge (0): where the support reaches its full height (1 = medial edge)'),
    material: MaterialSchema.describe('material of the support (its compressive stiffness)'),
  })
  .strict()
  .superRefine((support, context) => {
    if (!(support.startFraction < support.peakFraction && support.peakFraction < support.endFraction)) {
      context.addIssue({
        code: 'custom',
        path: ['peakFraction'],
        message: `need startFraction < peakFraction < endFraction, got ${support.startFraction}, ${support.peakFraction}, ${support.endFraction}`,
      });
    }
    if (!(support.lateralOnsetFraction < support.medialFullFraction)) {
      context.addIssue({
        code: 'custom',
        path: ['medialFullFraction'],
        message: `medialFullFraction (${support.medialFullFraction}) must exceed lateralOnsetFraction (${support.lateralOnsetFraction})`,
      });
    }
  });
export type ArchSupport = z.infer<typeof ArchSupportSchema>;

export const HeelZoneSchema = z
  .object({
    layer: z.string().min(1).describe('name of the layer whose material is replaced inside the inner zone'),
    centerFraction: z
      .number()
      .min(0.03)
      .max(0.35)
      .default(0.1)
      .describe('centre of the inner zone along the foot (fraction of foot length from the heel); it sits on the foot\'s midline'),
    innerHalfLengthM: z.number().min(0.005).max(0.06).describe('half-length of the elliptic inner zone along the foot (m)'),
    innerHalfWidthM: z.number().min(0.005).max(0.05).describe('half-width of the elliptic inner zone across the foot (m)'),
    innerMaterial: MaterialSchema.describe('material inside the zone; the layer\'s own material forms the outer rim'),
  })
  .strict();
export type HeelZone = z.infer<typeof HeelZoneSchema>;

export const InsoleSchema = z.discriminatedUnion('shape', [
  z.object({ shape: z.literal('flat').describe('flat top surface (apart from an arch support)') }).strict(),
  z
    .object({
      shape: z.literal('conforming').describe('a heel cup that follows the unloaded heel fat pad, spreading its load'),
      heelCupDepthM: z.number().min(0).max(0.03).describe('largest depth of the cup (m): the contour is capped at this height'),
      conformity: z
        .number()
        .min(0)
        .max(1)
        .describe('how closely the cup follows the heel: 1 = the heel\'s exact unloaded shape, 0 = flat'),
      cupLengthFraction: z
        .number()
        .min(0.15)
        .max(0.45)
        .default(0.3)
        .describe('how far forward the cup reaches (fraction of foot length from the heel)'),
    })
    .strict(),
]);
export type Insole = z.infer<typeof InsoleSchema>;

export const FootwearSchema = z
  .object({
    version: z.literal(FOOTWEAR_VERSION).default(FOOTWEAR_VERSION).describe('footwear document version'),
    name: z.string().min(1).max(80).describe('short name, e.g. "rocker-shoe"'),
    description: z.string().min(1).describe('what the design is'),
    source: z.string().min(1).describe('where its dimensions come from (authors, year) or "assumption: ..."'),
    length: SoleLengthSchema.default({ unit: 'footLength', value: 1.04 }).describe('sole length'),
    width: SoleWidthSchema.default({ unit: 'footLength', value: 0.4 }).describe('sole width at the ball'),
    heelMarginM: z
      .number()
      .min(0)
      .max(0.03)
      .default(0.008)
      .describe('distance of the sole\'s heel end behind the back of the heel (m)'),
    layers: z
      .array(LayerSchema)
      .max(8)
      .default([])
      .describe('layers from the top (foot side) to the bottom (floor side); empty = barefoot'),
    rocker: RockerSchema.optional().describe('rocker bottom; absent = flat bottom'),
    archSupport: ArchSupportSchema.optional().describe('contoured medial arch support; absent = none'),
    heelZone: HeelZoneSchema.optional().describe('inner heel zone of another material; absent = none'),
    insole: InsoleSchema.default({ shape: 'flat' }).describe('shape of the top surface under the heel'),
    forefootBendingStiffnessNmPerRad: z
      .number()
      .min(0)
      .max(100)
      .default(0)
      .describe(
        'resistance of the sole to bending at the metatarsal break (N m/rad), for stance analyses; ' +
          'the static contact treats the sole\'s base as rigid',
      ),
  })
  .strict()
  .superRefine((footwear, context) => {
    const barefoot = footwear.layers.length === 0;
    const needsSole: [keyof typeof footwear, boolean][] = [
      ['rocker', footwear.rocker !== undefined],
      ['archSupport', footwear.archSupport !== undefined],
      ['heelZone', footwear.heelZone !== undefined],
      ['insole', footwear.insole.shape !== 'flat'],
    ];
    for (const [field, present] of needsSole) {
      if (barefoot && present) {
        context.addIssue({
          code: 'custom',
          path: [field],
          message: 'needs a sole: add at least one layer (an empty layer list means barefoot)',
        });
      }
    }
    const names = new Set<string>();
    footwear.layers.forEach((layer, index) => {
      if (names.has(layer.name)) {
        context.addIssue({ code: 'custom', path: ['layers', index, 'name'], message: `layer name "${layer.name}" is used twice` });
      }
      names.add(layer.name);
    });
    if (!barefoot) {
      const total = (key: keyof ThicknessProfile) => footwear.layers.reduce((sum, layer) => sum + layer.thickness[key], 0);
      for (const key of ['heelM', 'archM', 'forefootM', 'toeM'] as const) {
        if (!(total(key) > 0)) {
          context.addIssue({
            code: 'custom',
            path: ['layers'],
            message: `the layers add up to zero thickness at thickness.${key}: a sole needs material everywhere under the foot`,
          });
        }
      }
    }
    if (footwear.heelZone !== undefined && !names.has(footwear.heelZone.layer)) {
      context.addIssue({
        code: 'custom',
        path: ['heelZone', 'layer'],
        message: `there is no layer named "${footwear.heelZone.layer}"; layers: ${[...names].join(', ') || '(none)'}`,
      });
    }
  });

/** A validated sole design with its defaults filled in. */
export type Footwear = z.infer<typeof FootwearSchema>;
/** A sole design as written by a user (defaults not yet filled in). */
export type FootwearInput = z.input<typeof FootwearSchema>;

// ---------------------------------------------------------------------------------
// Validation messages that name the field, say what it means and why it is wrong.
// ---------------------------------------------------------------------------------

interface SchemaNode {
  readonly description?: string;
  readonly _zod: { readonly def: Record<string, unknown> & { readonly type: string } };
}

const WRAPPERS = new Set(['optional', 'default', 'nullable', 'readonly', 'prefault', 'catch']);

/** Follows `path` through the schema (and the document, to pick union branches); returns the field's description. */
function describeField(root: SchemaNode, input: unknown, path: readonly PropertyKey[]): string | undefined {
  let node: SchemaNode | undefined = root;
  let value: unknown = input;
  let description: string | undefined;
  const unwrap = () => {
    while (node !== undefined) {
      if (node.description !== undefined) description = node.description;
      const def: SchemaNode['_zod']['def'] = node._zod.def;
      if (WRAPPERS.has(def.type)) node = def.innerType as SchemaNode;
      else if (def.type === 'pipe') node = def.in as SchemaNode;
      else if (def.type === 'union' && Array.isArray(def.options)) {
        const key = def.discriminator as string | undefined;
        const tag = key !== undefined && value !== null && typeof value === 'object' ? (value as Record<string, unknown>)[key] : undefined;
        const options = def.options as SchemaNode[];
        const match = options.find((option) => {
          const shape = option._zod.def.shape as Record<string, SchemaNode> | undefined;
          const literal = key !== undefined ? shape?.[key]?._zod.def : undefined;
          return Array.isArray(literal?.values) && (literal.values as unknown[]).includes(tag);
        });
        if (match === undefined) return;
        node = match;
      } else return;
    }
  };
  unwrap();
  for (const key of path) {
    if (node === undefined) return description;
    description = undefined;
    const def: SchemaNode['_zod']['def'] = node._zod.def;
    if (def.type === 'object') node = (def.shape as Record<string, SchemaNode>)[String(key)];
    else if (def.type === 'array') node = def.element as SchemaNode;
    else if (def.type === 'tuple') node = (def.items as SchemaNode[])[Number(key)];
    else return undefined;
    value = value !== null && typeof value === 'object' ? (value as Record<string, unknown>)[String(key)] : undefined;
    unwrap();
  }
  return description;
}

function formatPath(path: readonly PropertyKey[]): string {
  let text = '';
  for (const key of path) text += typeof key === 'number' ? `[${key}]` : text === '' ? String(key) : `.${String(key)}`;
  return text === '' ? '(document)' : text;
}

function valueAt(input: unknown, path: readonly PropertyKey[]): unknown {
  let value = input;
  for (const key of path) {
    if (value === null || typeof value !== 'object') return undefined;
    value = (value as Record<string, unknown>)[String(key)];
  }
  return value;
}

interface IssueReport {
  /** OUT_OF_RANGE for a number out of its range, INVALID_SPEC for a structural fault, null for a broken rule between fields. */
  readonly code: KinechainErrorCode | null;
  readonly path: string[];
  readonly message: string;
}

function reportIssue(issue: z.core.$ZodIssue, input: unknown): IssueReport {
  const where = formatPath(issue.path);
  const meaning = describeField(FootwearSchema as unknown as SchemaNode, input, issue.path);
  const about = meaning !== undefined ? ` (${meaning})` : '';
  const path = issue.path.map(String);
  switch (issue.code) {
    case 'too_big':
    case 'too_small': {
      const value = valueAt(input, issue.path);
      const bound = issue.code === 'too_big' ? issue.maximum : issue.minimum;
      const relation =
        issue.code === 'too_big' ? (issue.inclusive ? 'at most' : 'below') : issue.inclusive ? 'at least' : 'above';
      const what = issue.origin === 'array' ? 'entries' : issue.origin === 'string' ? 'characters' : '';
      const shown = Array.isArray(value) ? `${value.length} ${what}` : typeof value === 'string' ? `${value.length} ${what}` : String(value);
      return {
        code: issue.origin === 'number' ? 'OUT_OF_RANGE' : 'INVALID_SPEC',
        path,
        message: `${where} = ${shown} is out of range: must be ${relation} ${String(bound)}${what ? ` ${what}` : ''}${about}`,
      };
    }
    case 'unrecognized_keys': {
      const container = describeField(FootwearSchema as unknown as SchemaNode, input, issue.path);
      const fields = issue.keys.map((key) => `"${key}"`).join(', ');
      return {
        code: 'INVALID_SPEC',
        path,
        message: `${where}: unknown field${issue.keys.length > 1 ? 's' : ''} ${fields}${container ? ` in ${container}` : ''}; ` +
          'check the spelling (footwear-schema.ts lists the fields)',
      };
    }
    case 'invalid_type': {
      const value = valueAt(input, issue.path);
      const got = value === undefined ? 'nothing (the field is missing)' : `${Array.isArray(value) ? 'an array' : typeof value} ${JSON.stringify(value)}`;
      return { code: 'INVALID_SPEC', path, message: `${where}: expected ${issue.expected}, got ${got}${about}` };
    }
    case 'invalid_union':
    case 'invalid_value':
      return { code: 'INVALID_SPEC', path, message: `${where}: ${issue.message}${about}` };
    case 'custom':
      return { code: null, path, message: `${where}: ${issue.message}${about}` };
    default:
      return { code: 'INVALID_SPEC', path, message: `${where}: ${issue.message}${about}` };
  }
}

/**
 * Validates a footwear document (unknown input from a file or request) and fills its
 * defaults. Throws OUT_OF_RANGE when the problems are numbers out of their ranges (and
 * rules between fields), INVALID_SPEC when any is structural (unknown field, wrong type)
 * or a rule alone is broken; the message lists every problem with the field's path and meaning, and
 * `details.issues` holds them for front ends. `what` names the document in messages.
 */
export function parseFootwear(input: unknown, what = 'footwear'): Footwear {
  const result = FootwearSchema.safeParse(input);
  if (result.success) return result.data;
  const reports = result.error.issues.map((issue) => reportIssue(issue, input));
  const code: KinechainErrorCode =
    reports.some((report) => report.code === 'OUT_OF_RANGE') && !reports.some((report) => report.code === 'INVALID_SPEC')
      ? 'OUT_OF_RANGE'
      : 'INVALID_SPEC';
  const listed = reports.slice(0, 8).map((report) => report.message);
  const more = reports.length > listed.length ? `; and ${reports.length - listed.length} more` : '';
  throw new KinechainError(code, `invalid ${what}: ${listed.join('; ')}${more}`, {
    issues: reports.map((report) => ({ path: report.path, message: report.message })),
  });
}
