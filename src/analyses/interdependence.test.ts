import { beforeAll, describe, expect, it } from 'vitest';
import type { Model } from '../core/model/model.js';
import { parseXml } from '../io/xml/parse-xml.js';
import type { XmlElement } from '../io/xml/xml-element.js';
import { buildBody, DEFAULT_SUBJECT } from '../library/default-body.js';
import {
  achillesTendinitis,
  impairmentCatalogue,
  legLengthDifference,
  painfulHeel,
  tightHeelCord,
  tightPlantarFascia,
} from '../library/impairments.js';
import { baselineScenario, nominalParameters } from '../library/scenario.js';
import { scaleMaxIsometricForce, scaleSlackLength, scaleStiffness } from '../library/spec-edits.js';
import { compile } from '../spec/compile.js';
import type { ModelSpec } from '../spec/schema.js';
import {
  anchorBodies,
  applyParameter,
  evaluateMapRow,
  interdependenceHeatmap,
  interdependenceMap,
  mapColumns,
  mapParameters,
  referenceSeverity,
  RegionalEvaluator,
  sampleBodies,
  sampledBodySpec,
  severityAt,
  writeLawEdits,
  type InterdependenceMap,
  type MapRowSetting,
} from './interdependence.js';
import { enableMapThreads, mapWorkerDeliveredRows, mapWorkerReady, splitMapRows } from './interdependence-parallel.js';
import { makeTissueParameterView, type TissueParameterArrays } from './stretch-tension.js';

const spec = buildBody(DEFAULT_SUBJECT);
const base = baselineScenario(spec);
const LONG = 600_000;

const LAW_ARRAYS = [
  'passiveStiffness',
  'passiveSlackLength',
  'passiveToeStrain',
  'muscleMaxIsometricForce',
  'muscleTendonSlackLength',
  'musclePassiveStrainAtF0',
  'muscleOptimalFiberLength',
  'junctionStiffness',
] as const;

function cell(map: InterdependenceMap, rowKey: string, columnKey: string): number {
  const row = map.rows.find((candidate) => candidate.parameter.key === rowKey);
  const column = map.columns.findIndex((candidate) => candidate.key === columnKey);
  if (row === undefined || column < 0) throw new Error(`no cell ${rowKey} x ${columnKey}`);
  return row.cells[column].value;
}

describe('map parameters', () => {
  const parameters = mapParameters(spec);

  it('cover every tissue of the body with a stiffness row, every impairment on both sides, with unique keys', () => {
    const keys = parameters.map((p) => p.key);
    expect(new Set(keys).size).toBe(keys.length);
    const stiffened = new Set(parameters.filter((p) => p.kind === 'stiffness').flatMap((p) => p.tissues));
    for (const tissue of spec.tissues) expect(stiffened.has(tissue.name), tissue.name).toBe(true);
    for (const side of ['r', 'l'] as const) {
      for (const modifier of impairmentCatalogue(side)) expect(keys).toContain(`${modifier.name}.severity.${side}`);
    }
    // The heel cord merges the triceps surae with its series tendon; both sides by default.
    const heelCord = parameters.find((p) => p.key === 'heel-cord.stiffness.both');
    expect(heelCord?.tissues).toEqual(
      expect.arrayContaining(['gastrocnemius_medial_r', 'soleus_l', 'achilles_tendon_r', 'achilles_tendon_l', 'gastrocnemius_lateral_l']),
    );
    // Slack length rows only for passive tissues acting on the skeleton (not for a series tendon).
    expect(keys).toContain('plantar-fascia.slack-length.both');
    expect(keys).not.toContain('heel-cord.slack-length.both');
    expect(parameters.find((p) => p.key === 'heel-cord.max-force.both')?.tissues).not.toContain('achilles_tendon_r');
  });

  it('per side: every sided row has its mirror, on the other side', () => {
    const perSide = mapParameters(spec, { sides: 'per-side' });
    const byKey = new Map(perSide.map((p) => [p.key, p]));
    for (const parameter of perSide) {
      if (parameter.side === 'midline') {
        expect(parameter.mirrorKey).toBeNull();
        continue;
      }
      const mirror = byKey.get(parameter.mirrorKey as string);
      expect(mirror, parameter.key).toBeDefined();
      expect(mirror?.side).toBe(parameter.side === 'r' ? 'l' : 'r');
      if (parameter.kind !== 'severity') {
        expect(mirror?.tissues.map((name) => name.replace(/_[rl]$/, ''))).toEqual(parameter.tissues.map((name) => name.replace(/_[rl]$/, '')));
      }
    }
  });

  it('differentiate impairments around a severity on their scale, away from neutral', () => {
    for (const modifier of impairmentCatalogue('r')) {
      const reference = referenceSeverity(modifier);
      expect(reference, modifier.name).not.toBe(modifier.severity.neutral);
      expect(reference).toBeGreaterThanOrEqual(modifier.severity.min);
      expect(reference).toBeLessThanOrEqual(modifier.severity.max);
      expect(severityAt(modifier, 0)).toBe(reference);
      expect(severityAt(modifier, -1)).toBe(modifier.severity.neutral);
    }
  });

  it('apply a change of exactly nothing as no change at all', () => {
    for (const parameter of parameters.filter((p) => p.kind !== 'severity')) {
      expect(applyParameter(parameter, base, 0), parameter.key).toBe(base);
    }
    expect(() => applyParameter(parameters[0], base, 1)).toThrow(/\(-1, 1\)/);
  });
});

describe('tissue-law edits written into a parameter view', () => {
  const compiled: Model = compile(spec);
  const { parameters } = makeTissueParameterView(compiled);

  function expectCompiledEqual(edited: ModelSpec, view: TissueParameterArrays): void {
    const reference = compile(edited);
    for (const name of LAW_ARRAYS) expect(Array.from(view[name]), name).toEqual(Array.from(reference[name]));
  }

  const heelCord = tightHeelCord('r');
  const plantar = tightPlantarFascia('l');
  const edits: [string, ModelSpec][] = [
    ['stiffness of muscles and tendons', scaleStiffness(spec, { pattern: /^(soleus|achilles_tendon|plantar_fascia)_/ }, 1.1)],
    ['slack length of passive tissues', scaleSlackLength(spec, ['plantar_fascia_r', 'sacrotuberous_ligament_l'], 0.97, compiled)],
    ['maximum force', scaleMaxIsometricForce(spec, { pattern: /^gluteus_maximus_/ }, 0.9)],
    ['a sampled body (low corner)', sampledBodySpec(spec, sampleBodies(2)[1])],
    ['a sampled body (high corner)', sampledBodySpec(spec, sampleBodies(2)[2])],
    ['tight heel cord', heelCord.apply(base, -5, nominalParameters(heelCord)).spec],
    ['tight plantar fascia', plantar.apply(base, 2, nominalParameters(plantar)).spec],
  ];
  for (const [what, edited] of edits) {
    it(`gives exactly what compile gives: ${what}`, () => {
      expect(edited).not.toBe(spec);
      expect(writeLawEdits(spec, edited, compiled, parameters)).toBe(true);
      expectCompiledEqual(edited, parameters);
    });
  }

  it('refuses a change of geometry and leaves the view at the base body', () => {
    const shorter = legLengthDifference('r');
    const edited = shorter.apply(base, 2, {}).spec;
    expect(writeLawEdits(spec, edited, compiled, parameters)).toBe(false);
    for (const name of LAW_ARRAYS) expect(Array.from(parameters[name]), name).toEqual(Array.from(compiled[name]));
  });

  it('samples stiffness and anchorage at the ends of their ranges', () => {
    const [nominal, low, high] = sampleBodies(2);
    expect(sampledBodySpec(spec, nominal)).toBe(spec);
    const lowSpec = sampledBodySpec(spec, low);
    const highSpec = sampledBodySpec(spec, high);
    const fascia = (s: ModelSpec): number => {
      const law = s.tissues.find((t) => t.name === 'plantar_fascia_r')?.law;
      return law?.type === 'passive' ? law.stiffnessN : NaN;
    };
    expect(fascia(lowSpec)).toBeLessThan(fascia(spec));
    expect(fascia(highSpec)).toBeGreaterThan(fascia(spec));
    const junction = (s: ModelSpec) => s.lines?.[0].junctions[0].anchorageStiffnessNPerM;
    expect(junction(lowSpec)?.nominal).toBe(junction(spec)?.low);
    expect(junction(highSpec)?.nominal).toBe(junction(spec)?.high);
    // Muscles carry no stiffness range: unchanged.
    expect(lowSpec.tissues.find((t) => t.name === 'soleus_r')).toBe(spec.tissues.find((t) => t.name === 'soleus_r'));
  });
});

describe('RegionalEvaluator', () => {
  it(
    'sets reach tolerances in place exactly as a toe-touch solver built for the scenario does',
    () => {
      const heel = painfulHeel('r');
      const achilles = achillesTendinitis('l');
      const impaired = achilles.apply(heel.apply(base, 0.8, nominalParameters(heel)), 0.9, nominalParameters(achilles));
      expect(impaired.spec).toBe(base.spec);
      const evaluator = new RegionalEvaluator(base, { analyses: ['toe-touch'] });
      const unimpaired = evaluator.evaluate(base);
      const shared = evaluator.evaluate(impaired);
      // The limits change the toe-touch (otherwise this test would compare nothing).
      expect(Array.from(shared)).not.toEqual(Array.from(unimpaired));
      const own = new RegionalEvaluator(impaired, { analyses: ['toe-touch'] }).evaluate(impaired);
      const columns = mapColumns(['toe-touch']);
      columns.forEach((column, c) => {
        expect(Math.abs(shared[c] - own[c]), column.key).toBeLessThanOrEqual(1e-9 * Math.max(1, Math.abs(own[c])));
      });
    },
    LONG,
  );
});

describe('interdependence map on the default body', () => {
  let map: InterdependenceMap;
  const progress: [number, number][] = [];

  beforeAll(() => {
    map = interdependenceMap(base, {
      parameterKeys: [
        'plantar-fascia.stiffness.both',
        'plantar-fascia.slack-length.both',
        'heel-cord.stiffness.both',
        'hamstrings.stiffness.both',
        'tight-heel-cord.severity.r',
      ],
      samples: 2,
      explain: 3,
      onProgress: (done, total) => progress.push([done, total]),
    });
  }, LONG);

  it('reports progress once per evaluation, up to the total', () => {
    expect(progress.length).toBe(map.evaluations);
    progress.forEach(([done, total], i) => {
      expect(done).toBe(i + 1);
      expect(total).toBe(map.evaluations);
    });
  });

  it('gets the signs the mechanics demand', () => {
    // A stiffer or shorter plantar fascia carries more force at the end of the toe-touch.
    expect(cell(map, 'plantar-fascia.stiffness.both', 'toe-touch.plantar_fascia_r')).toBeGreaterThan(0);
    expect(cell(map, 'plantar-fascia.slack-length.both', 'toe-touch.plantar_fascia_r')).toBeGreaterThan(0);
    // At a fixed foot pose the fascia's force is E*A x strain: 10% stiffer, 10% more force, exactly.
    expect(cell(map, 'plantar-fascia.stiffness.both', 'toe-touch.plantar_fascia_l')).toBeCloseTo(10, 9);
    // A tighter heel cord or stiffer hamstrings shorten the reach.
    expect(cell(map, 'heel-cord.stiffness.both', 'toe-touch.reach')).toBeLessThan(0);
    expect(cell(map, 'tight-heel-cord.severity.r', 'toe-touch.reach')).toBeLessThan(0);
    expect(cell(map, 'hamstrings.stiffness.both', 'toe-touch.reach')).toBeLessThan(0);
  });

  it('gives each cell an interval that contains its nominal value and one sensitivity per body', () => {
    for (const row of map.rows) {
      for (const entry of row.cells) {
        expect(entry.bodies).toHaveLength(3);
        if (Number.isNaN(entry.value)) continue;
        expect(entry.bodies[0]).toBe(entry.value);
        expect(entry.low).toBeLessThanOrEqual(entry.value);
        expect(entry.high).toBeGreaterThanOrEqual(entry.value);
      }
    }
  });

  it('ranks statements by size and explains the top ones through joints and tissues', () => {
    expect(map.statements.length).toBeGreaterThan(0);
    for (let i = 1; i < map.statements.length; i++) {
      expect(Math.abs(map.statements[i - 1].value)).toBeGreaterThanOrEqual(Math.abs(map.statements[i].value));
    }
    for (const statement of map.statements) expect(statement.text).toMatch(/^10% (stiffer|shorter|stronger)|more severe/);
    const reach = map.reachStatements.find((s) => map.rows[s.row].parameter.key === 'heel-cord.stiffness.both');
    expect(reach?.text).toMatch(/^10% stiffer heel cord .*: toe-touch reach -\d/);
    expect(map.explanations).toHaveLength(Math.min(3, map.statements.length));
    for (const explanation of map.explanations) {
      expect(explanation.text).toContain(explanation.statement.text);
      expect(explanation.tissues.length + explanation.joints.length).toBeGreaterThan(0);
    }
  });

  it('draws one heatmap cell per entry', () => {
    const root = parseXml(interdependenceHeatmap(map));
    const cells: XmlElement[] = [];
    const visit = (element: XmlElement): void => {
      if (element.name === 'g' && element.attributes.class === 'cell') cells.push(element);
      element.children.forEach(visit);
    };
    visit(root);
    expect(cells).toHaveLength(map.rows.length * map.columns.length);
    expect(map.columns).toEqual(mapColumns());
  });
});

describe('interdependence map invariants', () => {
  it(
    'a change of zero gives a sensitivity of exactly zero everywhere',
    () => {
      const map = interdependenceMap(base, {
        parameterKeys: ['heel-cord.stiffness.both', 'plantar-fascia.slack-length.both', 'tight-heel-cord.severity.r'],
        step: 0,
        slackLengthStep: 0,
        samples: 2,
        explain: 0,
      });
      for (const row of map.rows) {
        for (const entry of row.cells) {
          expect(entry.value).toBe(0);
          expect(entry.low).toBe(0);
          expect(entry.high).toBe(0);
        }
      }
      expect(map.statements).toHaveLength(0);
    },
    LONG,
  );

  it(
    'a parameter no output depends on gives a zero row: in standing, the epicranial fascia spans no joint and stays slack',
    () => {
      // (In the toe-touch it does matter a little: the superficial back line's junction at the occiput slides.)
      // A shorter fascia is under tension but pulls on the skull alone: zero up to rounding in the posture search.
      const map = interdependenceMap(base, {
        parameterKeys: ['epicranial-fascia.stiffness.midline', 'epicranial-fascia.slack-length.midline'],
        analyses: ['standing'],
        samples: 2,
        explain: 0,
      });
      for (const row of map.rows) {
        for (const [c, entry] of row.cells.entries()) {
          const what = `${row.parameter.key} ${map.columns[c].key}`;
          expect(Math.abs(entry.value), what).toBeLessThan(1e-9);
          expect(Math.abs(entry.low), what).toBeLessThan(1e-9);
          expect(Math.abs(entry.high), what).toBeLessThan(1e-9);
        }
      }
    },
    LONG,
  );

  it(
    'a symmetric body: the right and left versions of a parameter give mirror sensitivities',
    () => {
      const map = interdependenceMap(base, {
        sides: 'per-side',
        parameterKeys: ['heel-cord.stiffness.r', 'heel-cord.stiffness.l', 'tight-heel-cord.severity.r', 'tight-heel-cord.severity.l'],
        samples: 0,
        explain: 0,
      });
      const index = new Map(map.columns.map((column, i) => [column.key, i]));
      for (const [right, left] of [
        ['heel-cord.stiffness.r', 'heel-cord.stiffness.l'],
        ['tight-heel-cord.severity.r', 'tight-heel-cord.severity.l'],
      ]) {
        const r = map.rows.find((row) => row.parameter.key === right);
        const l = map.rows.find((row) => row.parameter.key === left);
        map.columns.forEach((column, c) => {
          const mirror = index.get(`${column.analysis}.${column.output.mirrorKey}`) as number;
          const a = r?.cells[c].value ?? NaN;
          const b = l?.cells[mirror].value ?? NaN;
          expect(Math.abs(a - b), `${right} ${column.key}: ${a} vs ${b}`).toBeLessThanOrEqual(1e-3 * Math.max(1, Math.abs(a)));
        });
      }
    },
    LONG,
  );

  it(
    'finite differences agree between step sizes (the outputs are smooth in the parameter)',
    () => {
      const options = { parameterKeys: ['heel-cord.stiffness.both'], samples: 0 as const, explain: 0 };
      const coarse = interdependenceMap(base, { ...options, step: 1e-2 });
      const fine = interdependenceMap(base, { ...options, step: 5e-3 });
      for (const key of ['toe-touch.reach', 'standing.l5s1', 'standing.achilles_r', 'standing.knee_r']) {
        const a = cell(coarse, 'heel-cord.stiffness.both', key);
        const b = cell(fine, 'heel-cord.stiffness.both', key);
        expect(Math.abs(a - b), `${key}: ${a} vs ${b}`).toBeLessThanOrEqual(0.05 * Math.max(Math.abs(a), Math.abs(b)) + 1e-3);
      }
    },
    LONG,
  );

  it('rejects unknown parameters, steps off their range and sample counts not in the design', () => {
    expect(() => interdependenceMap(base, { parameterKeys: ['heel-cords.stiffness.both'] })).toThrow(/heel-cords/);
    expect(() => interdependenceMap(base, { step: 0.6 })).toThrow(/step/);
    expect(() => interdependenceMap(base, { step: -0.1 })).toThrow(/step/);
    expect(() => interdependenceMap(base, { samples: 3 as 2 })).toThrow(/samples/);
    expect(() => interdependenceMap(base, { analyses: [] })).toThrow(/analyses/);
  });
});

describe('evaluations that do not depend on their order: cache, restored solver state, worker thread', () => {
  const rowKeys = ['heel-cord.stiffness.both', 'hamstrings.max-force.both', 'tight-plantar-fascia.severity.r', 'sacrotuberous-ligament.slack-length.both'];
  const parameters = mapParameters(spec).filter((p) => rowKeys.includes(p.key));
  const bodies = sampleBodies(2);
  const setting: MapRowSetting = { bodies, step: 0.1, slackLengthStep: 0.01, ncolumn: mapColumns().length };

  it(
    'never returns a stale evaluation: a result depends on its scenario and anchor alone, not on what was evaluated before',
    () => {
      const heelCord = parameters.find((p) => p.key === 'heel-cord.stiffness.both');
      if (heelCord === undefined) throw new Error('no row');
      const stiffer = applyParameter(heelCord, base, 0.1);
      const softer = applyParameter(heelCord, base, -0.1);
      const evaluator = new RegionalEvaluator(base);
      anchorBodies(evaluator, base, bodies.slice(0, 1));
      const first = Array.from(evaluator.evaluate(stiffer));
      const other = Array.from(evaluator.evaluate(softer));
      // The parameter changed, so the result must too (the cache keys on the body's numbers).
      expect(other).not.toEqual(first);
      expect(Array.from(evaluator.evaluate(stiffer))).toEqual(first);
      // The same numbers in another spec object are the same scenario; a tiny change is another one.
      expect(Array.from(evaluator.evaluate(applyParameter(heelCord, base, 0.1)))).toEqual(first);
      expect(Array.from(evaluator.evaluate(applyParameter(heelCord, base, 0.1 + 1e-6)))).not.toEqual(first);
      // Back to the unchanged body: exactly the anchor.
      expect(Array.from(evaluator.evaluate(base))).toEqual(Array.from(evaluator.anchorValues(0)));
      // Many scenarios in one order and in the other, on two evaluators: bit for bit the same
      // (the solvers' iterative state is restored to the anchor's before every solve).
      const scenarios = mapParameters(spec)
        .filter((p) => p.kind === 'stiffness')
        .slice(0, 10)
        .flatMap((p) => [applyParameter(p, base, -0.1), applyParameter(p, base, 0.1)]);
      const forward = scenarios.map((scenario) => Array.from(evaluator.evaluate(scenario)));
      const reversed = new RegionalEvaluator(base);
      anchorBodies(reversed, base, bodies.slice(0, 1));
      const backward = [...scenarios].reverse().map((scenario) => Array.from(reversed.evaluate(scenario))).reverse();
      expect(backward).toEqual(forward);
      expect(Array.from(reversed.evaluate(softer))).toEqual(other);
      expect(Array.from(reversed.evaluate(stiffer))).toEqual(first);
    },
    LONG,
  );

  it(
    'rows split with the worker thread equal a straightforward evaluation of each row on an evaluator of its own',
    async () => {
      // Straightforward: every row alone, on a fresh evaluator, rows in reverse order.
      const alone = [...parameters].reverse().map((parameter) => {
        const evaluator = new RegionalEvaluator(base);
        return { key: parameter.key, row: evaluateMapRow(evaluator, setting, anchorBodies(evaluator, base, bodies), parameter) };
      });
      // All rows on one evaluator, in map order (the serial map).
      const serial = new RegionalEvaluator(base);
      const serialScenarios = anchorBodies(serial, base, bodies);
      const serialRows = parameters.map((parameter) => evaluateMapRow(serial, setting, serialScenarios, parameter));
      // Every row by the worker thread.
      expect(await mapWorkerReady()).toBe(true);
      const deliveredBefore = mapWorkerDeliveredRows();
      const evaluator = new RegionalEvaluator(base);
      const bodyScenarios = anchorBodies(evaluator, base, bodies);
      const split = splitMapRows(evaluator, setting, bodyScenarios, parameters, {}, () => undefined, { mainThreadRows: false });
      expect(split).not.toBeNull();
      expect(mapWorkerDeliveredRows() - deliveredBefore).toBe(parameters.length);
      parameters.forEach((parameter, r) => {
        const reference = alone.find((entry) => entry.key === parameter.key)?.row;
        for (const candidate of [serialRows[r], split?.[r]]) {
          expect(candidate?.minus.map((values) => Array.from(values)), parameter.key).toEqual(reference?.minus.map((values) => Array.from(values)));
          expect(candidate?.plus.map((values) => Array.from(values)), parameter.key).toEqual(reference?.plus.map((values) => Array.from(values)));
          expect(candidate?.reference === null ? null : Array.from(candidate?.reference ?? []), parameter.key).toEqual(
            reference?.reference === null ? null : Array.from(reference?.reference ?? []),
          );
          expect(candidate?.failure).toBe(reference?.failure);
        }
      });
      // The rows changed the outputs (otherwise the comparison would be empty).
      expect(serialRows[0].plus[0]).not.toEqual(serialRows[0].minus[0]);
    },
    LONG,
  );

  it(
    'the map with two threads equals the serial map, cells, statements and counts; a custom catalogue stays serial',
    async () => {
      enableMapThreads();
      expect(await mapWorkerReady()).toBe(true);
      const options = { parameterKeys: rowKeys, samples: 2 as const, explain: 2 };
      const serial = interdependenceMap(base, { ...options, threads: 1 });
      const parallel = interdependenceMap(base, { ...options, threads: 2 });
      const strip = (map: InterdependenceMap) => JSON.stringify(map, (key, value: unknown) => (key === 'modifier' ? undefined : typeof value === 'number' && !Number.isFinite(value) ? String(value) : value));
      expect(strip(parallel)).toBe(strip(serial));
      const catalogue = { r: [tightPlantarFascia('r')], l: [tightPlantarFascia('l')] };
      const custom = interdependenceMap(base, { ...options, impairmentCatalogues: catalogue, threads: 2 });
      expect(strip(custom)).toBe(strip(serial));
    },
    LONG,
  );
});
