import { describe, expect, it } from 'vitest';
import { LineSchema } from '../spec/schema.js';
import {
  ANCHORAGE_STIFFNESS,
  KRAUSE_2016_LINE_EVIDENCE,
  LINE_FAMILIES,
  WILKE_2016_LINE_EVIDENCE,
  buildLine,
  buildLines,
  findLineFamily,
  groupLinesByFamily,
  lineFamilyNames,
} from './myofascial-lines.js';
import { literatureRange } from './literature-value.js';

/** The default body's tissue names (sided ones without their suffix), as the body's naming contract lists them. */
const SIDED_TISSUES = [
  'plantar_fascia', 'flexor_digitorum_brevis', 'flexor_hallucis_longus', 'tibialis_posterior', 'tibialis_anterior',
  'peroneus_longus', 'extensor_digitorum_longus', 'gastrocnemius_medial', 'gastrocnemius_lateral', 'soleus',
  'achilles_tendon', 'biceps_femoris_long', 'semitendinosus', 'semimembranosus', 'rectus_femoris', 'vastus_lateralis',
  'vastus_medialis', 'vastus_intermedius', 'patellar_tendon', 'tensor_fasciae_latae', 'iliotibial_tract',
  'adductor_longus', 'adductor_magnus', 'sartorius', 'gluteus_maximus', 'gluteus_medius', 'iliopsoas',
  'sacrotuberous_ligament', 'erector_spinae_lumbar', 'erector_spinae_thoracic', 'multifidus', 'quadratus_lumborum',
  'rectus_abdominis', 'external_oblique', 'internal_oblique', 'latissimus_dorsi', 'thoracolumbar_fascia_posterior',
  'thoracolumbar_fascia_crossing', 'pectoralis_major', 'pectoralis_minor', 'trapezius_upper', 'rhomboid', 'deltoid',
  'infraspinatus', 'biceps_brachii', 'triceps_brachii', 'wrist_flexors', 'wrist_extensors', 'splenius_capitis',
  'semispinalis_capitis', 'sternocleidomastoid',
];
const MIDLINE_TISSUES = ['nuchal_ligament', 'epicranial_fascia'];
const DEFAULT_BODY_TISSUES = new Set([
  ...SIDED_TISSUES.flatMap((name) => [`${name}_r`, `${name}_l`]),
  ...MIDLINE_TISSUES,
]);
const SIDED_BODIES = ['femur', 'tibia', 'talus', 'calcn', 'forefoot', 'toes', 'humerus', 'forearm', 'hand'];
const DEFAULT_BODY_BODIES = new Set([
  'ground', 'pelvis', 'lumbar', 'thorax', 'neck', 'head',
  ...SIDED_BODIES.flatMap((name) => [`${name}_r`, `${name}_l`]),
]);

const TWELVE_FAMILIES = [
  'superficial back line',
  'superficial front line',
  'lateral line',
  'spiral line',
  'deep front line',
  'superficial front arm line',
  'deep front arm line',
  'superficial back arm line',
  'deep back arm line',
  'front functional line',
  'back functional line',
  'ipsilateral functional line',
];

const lines = buildLines();
const byName = new Map(lines.map((line) => [line.name, line]));

function tissueSide(name: string): string {
  return name.endsWith('_r') ? 'r' : name.endsWith('_l') ? 'l' : 'midline';
}

describe('myofascial line catalogue', () => {
  it('has the 12 Anatomy Trains families, each on both sides (24 instances)', () => {
    expect(lineFamilyNames().sort()).toEqual([...TWELVE_FAMILIES].sort());
    expect(lines.length).toBeGreaterThanOrEqual(24);
    const groups = groupLinesByFamily(lines);
    expect(groups.size).toBe(12);
    for (const [family, instances] of groups) {
      expect(instances.map((line) => line.side).sort(), family).toEqual(['l', 'r']);
    }
    expect(new Set(lines.map((line) => line.name)).size).toBe(lines.length);
    expect(byName.has('superficial_back_line_r')).toBe(true);
    expect(byName.has('ipsilateral_functional_line_l')).toBe(true);
  });

  it('produces spec entries the schema accepts, with tracks.length - 1 junctions', () => {
    for (const line of lines) {
      const parsed = LineSchema.safeParse(line);
      expect(parsed.success, line.name).toBe(true);
      expect(line.junctions.length, line.name).toBe(line.tracks.length - 1);
      expect(line.description?.length ?? 0).toBeGreaterThan(50);
      expect(line.source).toMatch(/Myers/);
    }
  });

  it('names only tissues and bodies of the default body', () => {
    for (const line of lines) {
      for (const track of line.tracks) expect(DEFAULT_BODY_TISSUES.has(track.tissue), `${line.name}: ${track.tissue}`).toBe(true);
      for (const junction of line.junctions) {
        expect(DEFAULT_BODY_BODIES.has(junction.station), `${line.name}: ${junction.station}`).toBe(true);
      }
    }
  });

  it('mirrors left and right instances', () => {
    for (const family of LINE_FAMILIES) {
      const right = byName.get(`${family.key}_r`)!;
      const left = byName.get(`${family.key}_l`)!;
      const mirror = (name: string) => name.replace(/_r$/, '_X').replace(/_l$/, '_r').replace(/_X$/, '_l');
      expect(left.tracks.map((track) => track.tissue)).toEqual(right.tracks.map((track) => mirror(track.tissue)));
      expect(left.junctions.map((junction) => junction.station)).toEqual(
        right.junctions.map((junction) => mirror(junction.station)),
      );
    }
  });

  it('grades every superficial back line, back and front functional line transition (Wilke 2016, Krause 2016)', () => {
    const strongLines = ['superficial back line', 'back functional line', 'front functional line'];
    for (const family of strongLines) {
      const template = findLineFamily(family)!;
      const graded = template.junctions.filter((junction) => junction.transition !== undefined);
      const transitions = new Set(graded.map((junction) => junction.transition));
      expect(transitions.size, family).toBe(WILKE_2016_LINE_EVIDENCE[family].transitions);
      for (const side of ['r', 'l'] as const) {
        const line = byName.get(`${template.key}_${side}`)!;
        template.junctions.forEach((junction, k) => {
          if (junction.transition === undefined) return;
          expect(line.junctions[k].evidence).toBe('strong');
          expect(line.junctions[k].studies).toBe(WILKE_2016_LINE_EVIDENCE[family].studies);
          expect(line.junctions[k].forceTransmission).not.toBe('not-studied');
        });
      }
    }
    // Krause 2016 (its own transitions): moderate transfer at all 3 SBL transitions, 1 of 2 BFL transitions, none for the FFL.
    const transferByTransition = (family: string) => {
      const grades = new Map<string, string>();
      for (const junction of findLineFamily(family)!.junctions) {
        if (junction.transferTransition) grades.set(junction.transferTransition, junction.forceTransmission);
      }
      return [...grades.values()];
    };
    expect(transferByTransition('superficial back line')).toEqual(['moderate', 'moderate', 'moderate']);
    const backFunctional = transferByTransition('back functional line');
    expect(backFunctional.length).toBe(KRAUSE_2016_LINE_EVIDENCE['back functional line'].transitionsExamined);
    expect(backFunctional.filter((grade) => grade === 'moderate').length).toBe(
      KRAUSE_2016_LINE_EVIDENCE['back functional line'].transitionsWithTransfer,
    );
    for (const junction of byName.get('front_functional_line_r')!.junctions) expect(junction.forceTransmission).toBe('none');
    // The superficial front line has no verified transition.
    for (const junction of byName.get('superficial_front_line_r')!.junctions) expect(junction.evidence).not.toBe('strong');
  });

  it('back functional lines run from one latissimus dorsi across the midline to the other side\'s gluteus maximus', () => {
    for (const side of ['r', 'l'] as const) {
      const other = side === 'r' ? 'l' : 'r';
      const line = byName.get(`back_functional_line_${side}`)!;
      const tissues = line.tracks.map((track) => track.tissue);
      expect(tissues).toEqual([
        `patellar_tendon_${other}`,
        `vastus_lateralis_${other}`,
        `gluteus_maximus_${other}`,
        `thoracolumbar_fascia_crossing_${side}`,
        `latissimus_dorsi_${side}`,
      ]);
      const latissimus = tissues.find((name) => name.startsWith('latissimus_dorsi'))!;
      const gluteus = tissues.find((name) => name.startsWith('gluteus_maximus'))!;
      expect(tissueSide(latissimus)).not.toBe(tissueSide(gluteus));
      expect(line.side).toBe(side);
    }
  });

  it('front functional lines run from one pectoralis major to the other side\'s adductor longus', () => {
    for (const side of ['r', 'l'] as const) {
      const other = side === 'r' ? 'l' : 'r';
      const tissues = byName.get(`front_functional_line_${side}`)!.tracks.map((track) => track.tissue);
      expect(tissues).toEqual([`adductor_longus_${other}`, `rectus_abdominis_${side}`, `pectoralis_major_${side}`]);
    }
  });

  it('starts leg-based lines at the foot and spiral lines cross the midline twice', () => {
    expect(byName.get('superficial_back_line_r')!.tracks[0].tissue).toBe('plantar_fascia_r');
    expect(byName.get('superficial_back_line_r')!.tracks.at(-1)!.tissue).toBe('epicranial_fascia');
    expect(byName.get('superficial_front_line_l')!.tracks[0].tissue).toBe('extensor_digitorum_longus_l');
    expect(byName.get('deep_front_line_r')!.tracks[0].tissue).toBe('tibialis_posterior_r');
    const spiral = byName.get('spiral_line_r')!.tracks.map((track) => tissueSide(track.tissue));
    const crossings = spiral.slice(1).filter((side, k) => side !== spiral[k]).length;
    expect(crossings).toBe(2);
  });

  it('gives every junction the stated anchorage assumption with a range of at least 10x each way', () => {
    const [low, high] = literatureRange(ANCHORAGE_STIFFNESS);
    expect(ANCHORAGE_STIFFNESS.source).toMatch(/^assumption/);
    expect(ANCHORAGE_STIFFNESS.value / low).toBeGreaterThanOrEqual(10);
    expect(high / ANCHORAGE_STIFFNESS.value).toBeGreaterThanOrEqual(10);
    for (const line of lines) {
      expect(line.description).toMatch(/assumption/);
      for (const junction of line.junctions) {
        const stiffness = junction.anchorageStiffnessNPerM;
        expect(stiffness).toEqual({ nominal: ANCHORAGE_STIFFNESS.value, low, high });
      }
    }
  });

  it('marks every junction it cannot grade as not-studied, with no study count', () => {
    for (const line of lines) {
      for (const junction of line.junctions) {
        if (junction.evidence === 'not-studied') expect(junction.studies).toBe(0);
        else expect(junction.studies).toBeGreaterThan(0);
      }
    }
    for (const family of ['deep front line', 'superficial front arm line', 'ipsilateral functional line']) {
      const line = buildLine(findLineFamily(family)!, 'r');
      expect(line.junctions.every((junction) => junction.evidence === 'not-studied')).toBe(true);
      expect(line.description).toMatch(/not-studied/);
    }
  });

  it('builds a selection of families and sides, and rejects unknown families', () => {
    const selected = buildLines({ families: ['spiral_line', 'lateral line'], sides: ['l'] });
    expect(selected.map((line) => line.name)).toEqual(['spiral_line_l', 'lateral_line_l']);
    const stiff = buildLines({ families: ['superficial back line'], anchorageStiffness: { nominal: 5, low: 1, high: 9 } });
    expect(stiff[0].junctions[0].anchorageStiffnessNPerM).toEqual({ nominal: 5, low: 1, high: 9 });
    expect(() => buildLines({ families: ['superficial bak line'] })).toThrow(/unknown myofascial line family/);
  });
});
