/**
 * bodyReport(model): everything the default report shows, as data — the subject, the
 * degrees of freedom, where the mass is, the tissues of each region, the myofascial
 * lines with the evidence behind each junction, and the line tensions standing and in
 * a standing forward bend (knees extended).
 */
import type { Model } from '../core/model/model.js';
import { analyseChain, type ChainAnalysis } from './analyse-chain.js';
import { describeModel, type ModelDescription } from './describe-model.js';
import { STANDING_FORWARD_BEND_DEG } from './example-poses.js';
import { parsePose, standingPose } from './pose.js';

export interface RegionTissues {
  readonly region: string;
  readonly muscle: number;
  readonly tendon: number;
  readonly ligament: number;
  readonly fascia: number;
  readonly total: number;
}

export interface SegmentMass {
  /** Segment group: a midline body, or a left/right pair ("femur_r + femur_l"). */
  readonly segment: string;
  readonly bodies: readonly string[];
  readonly massKg: number;
  /** Fraction of the total mass, 0..1. */
  readonly massFraction: number;
}

export interface LineFamilySummary {
  readonly family: string;
  readonly lines: readonly string[];
  readonly tracks: number;
  /** The junctions of the first instance (left and right share their grades). */
  readonly junctions: ModelDescription['lines'][number]['junctions'];
}

export interface BodyReport {
  readonly description: ModelDescription;
  readonly massDistribution: readonly SegmentMass[];
  readonly tissuesPerRegion: readonly RegionTissues[];
  readonly lineFamilies: readonly LineFamilySummary[];
  readonly standing: ChainAnalysis;
  /** The forward bend pose in degrees, as a user would write it. */
  readonly forwardBendPoseDeg: Readonly<Record<string, number>>;
  /** Chain tensions in the forward bend, relative to standing. */
  readonly forwardBend: ChainAnalysis;
}

/** "femur_r" -> "femur" (sided bodies pair up in the mass table); midline names unchanged. */
function segmentName(body: string): string {
  return body.replace(/_[rl]$/, '');
}

export function bodyReport(model: Model): BodyReport {
  const description = describeModel(model);

  const segments = new Map<string, { bodies: string[]; massKg: number }>();
  for (const body of description.bodies) {
    const key = segmentName(body.name);
    const entry = segments.get(key) ?? { bodies: [], massKg: 0 };
    entry.bodies.push(body.name);
    entry.massKg += body.massKg;
    segments.set(key, entry);
  }
  const massDistribution: SegmentMass[] = [...segments.entries()].map(([segment, entry]) => ({
    segment: entry.bodies.length > 1 ? entry.bodies.join(' + ') : segment,
    bodies: entry.bodies,
    massKg: entry.massKg,
    massFraction: description.totalMassKg > 0 ? entry.massKg / description.totalMassKg : 0,
  }));

  const regions = new Map<string, { muscle: number; tendon: number; ligament: number; fascia: number }>();
  for (const tissue of description.tissues) {
    const entry = regions.get(tissue.region) ?? { muscle: 0, tendon: 0, ligament: 0, fascia: 0 };
    entry[tissue.kind] += 1;
    regions.set(tissue.region, entry);
  }
  const tissuesPerRegion: RegionTissues[] = [...regions.entries()].map(([region, counts]) => ({
    region,
    ...counts,
    total: counts.muscle + counts.tendon + counts.ligament + counts.fascia,
  }));

  const families = new Map<string, LineFamilySummary>();
  for (const line of description.lines) {
    const existing = families.get(line.family);
    if (existing) {
      families.set(line.family, { ...existing, lines: [...existing.lines, line.name] });
    } else {
      families.set(line.family, { family: line.family, lines: [line.name], tracks: line.tracks.length, junctions: line.junctions });
    }
  }

  const standing = analyseChain(model, standingPose(model));
  const bendValues: Record<string, number> = {};
  for (const [name, value] of Object.entries(STANDING_FORWARD_BEND_DEG)) {
    if (model.coordinateIndex.has(name)) bendValues[name] = value;
  }
  const bend = parsePose(bendValues, model, { degrees: true, source: 'standing forward bend' });
  const forwardBend = analyseChain(model, bend, { relativeTo: 'standing' });

  return {
    description,
    massDistribution,
    tissuesPerRegion,
    lineFamilies: [...families.values()],
    standing,
    forwardBendPoseDeg: bendValues,
    forwardBend,
  };
}
