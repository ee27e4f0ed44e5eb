/**
 * The foot-to-back commands in-process (runCli with buffered output): the shape of the
 * JSON each prints, its tables, and its messages for bad input. Sample counts stay small;
 * the spawned tests (analyses-cli.e2e.test.ts) check exit codes and physical invariants as
 * a user runs them.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { interdependenceMap } from '../analyses/interdependence.js';
import { interdependenceReport, type InterdependenceReport } from '../app/interdependence.js';
import { subjectScenario } from '../app/modifiers.js';
import { renderInterdependenceReport } from './commands/interdependence-command.js';
import { bufferIo } from './io.js';
import { EXIT_OK, EXIT_USAGE, runCli } from './run.js';

const SLOW_MS = 300_000;
const scratch = mkdtempSync(join(tmpdir(), 'kinechain-analyses-cli-'));

async function run(...argv: string[]) {
  const io = bufferIo();
  const code = await runCli(argv, io, {});
  return { code, stdout: io.stdout(), stderr: io.stderr() };
}

/** Exit 2, one `kinechain: ...` line on stderr matching `pattern`, nothing on stdout, no stack trace. */
function expectUsageError(result: { code: number; stdout: string; stderr: string }, pattern: RegExp): void {
  expect(result.code).toBe(EXIT_USAGE);
  expect(result.stdout).toBe('');
  expect(result.stderr.startsWith('kinechain: ')).toBe(true);
  expect(result.stderr.trim().split('\n')).toHaveLength(1);
  expect(result.stderr).toMatch(pattern);
}

/** Relative closeness for quantities the solvers compute by mirrored arithmetic. */
function expectMirrored(r: number, l: number): void {
  expect(Math.abs(r - l)).toBeLessThanOrEqual(1e-8 * Math.max(1, Math.abs(r), Math.abs(l)));
}

const LOAD_FIELDS = [
  'status',
  'l5s1CompressionN',
  'l5s1ShearN',
  'erectorSpinaeForceN',
  'thoracolumbarFasciaTensionN',
  'plantarFasciaForceN',
  'achillesForceN',
  'hamstringForceN',
  'neckCompressionN',
  'footLoadN',
  'centerOfPressure',
  'jointAnglesDeg',
  'equilibriumResidual',
];
const INTERVAL_FIELDS = [
  'l5s1CompressionInterval',
  'l5s1ShearInterval',
  'erectorSpinaeForceInterval',
  'thoracolumbarFasciaTensionInterval',
  'neckCompressionInterval',
  'plantarFasciaForceInterval',
  'achillesForceInterval',
  'hamstringForceInterval',
];

describe('kinechain posture', () => {
  let baselineOnly: Record<string, unknown> & { baseline: Record<string, never> };
  beforeAll(async () => {
    const result = await run('posture', '--json');
    expect(result.code).toBe(EXIT_OK);
    baselineOnly = JSON.parse(result.stdout);
  }, SLOW_MS);

  it('--json without impairments prints the baseline loads only, mirrored left and right', () => {
    expect(Object.keys(baselineOnly.baseline)).toEqual(expect.arrayContaining(LOAD_FIELDS));
    expect(baselineOnly).not.toHaveProperty('impaired');
    expect(baselineOnly).not.toHaveProperty('change');
    expect(baselineOnly).not.toHaveProperty('path');
    const baseline = baselineOnly.baseline as unknown as {
      plantarFasciaForceN: { r: number; l: number };
      achillesForceN: { r: number; l: number };
      hamstringForceN: { r: number; l: number };
      footLoadN: { r: number; l: number };
      l5s1CompressionN: number;
      jointAnglesDeg: Record<string, number>;
    };
    for (const pair of [baseline.plantarFasciaForceN, baseline.achillesForceN, baseline.hamstringForceN, baseline.footLoadN]) {
      expectMirrored(pair.r, pair.l);
    }
    expect(baseline.l5s1CompressionN).toBeGreaterThan(0);
    expect(baseline.jointAnglesDeg).toHaveProperty('lumbar_extension');
    // Both feet carry the whole body weight.
    expect(baseline.footLoadN.r + baseline.footLoadN.l).toBeCloseTo(baselineOnly.bodyWeightN as number, 6);
    expect((baselineOnly.notes as string[]).join(' ')).toMatch(/model prediction/);
    expect(baselineOnly.equilibriumResidual as number).toBeLessThan(1e-6);
  });

  it(
    'impairments at their neutral severity give impaired loads with intervals and a change of exactly zero',
    async () => {
      const result = await run('posture', '--impairment', 'tight-heel-cord=30', '--impairment', 'painful-heel:both=0', '--samples', '5', '--json');
      expect(result.code).toBe(EXIT_OK);
      const analysis = JSON.parse(result.stdout);
      expect(Object.keys(analysis.impaired)).toEqual(expect.arrayContaining([...LOAD_FIELDS, ...INTERVAL_FIELDS]));
      expect(Object.keys(analysis.change)).toEqual(expect.arrayContaining(INTERVAL_FIELDS));
      expect(analysis.impairments.map((entry: { name: string; side: string }) => `${entry.name}:${entry.side}`)).toEqual([
        'tight-heel-cord:r',
        'painful-heel:both',
      ]);
      expect(analysis.change.l5s1CompressionN).toBe(0);
      expect(analysis.change.l5s1CompressionInterval).toEqual([0, 0]);
      expect(analysis.change.plantarFasciaForceN).toEqual({ r: 0, l: 0 });
      expect(analysis.change.achillesForceInterval).toEqual({ r: [0, 0], l: [0, 0] });
      expect(Object.values(analysis.change.jointAnglesDeg).every((value) => value === 0)).toBe(true);
      expect(analysis.impaired.l5s1CompressionN).toBe(analysis.baseline.l5s1CompressionN);
      expect(analysis.path.joints).toEqual([]);
      expect(typeof analysis.path.text).toBe('string');
      expect(analysis.uncertainty).toMatchObject({ samples: 5, seed: 1, level: 0.95, solves: 1 });
    },
    SLOW_MS,
  );

  it(
    'prints tables without --json',
    async () => {
      const result = await run('posture', '--impairment', 'walking-boot=0');
      expect(result.code).toBe(EXIT_OK);
      for (const part of ['Standing posture of the default body', 'Impairments', 'walking-boot', 'Loads', 'L5/S1 compression (N)', 'change interval', 'Posture (deg', 'What carried the change', 'What is a model prediction']) {
        expect(result.stdout).toContain(part);
      }
      expect(() => JSON.parse(result.stdout)).toThrow();
    },
    SLOW_MS,
  );

  it.each([
    [['--impairment', 'tight-heelcord'], /unknown impairment "tight-heelcord" \(did you mean "tight-heel-cord"\?\)/],
    [['--impairment', 'plantar-release-ball'], /is an intervention, not an impairment/],
    [['--impairment', 'tight-heel-cord=99'], /severity 99 deg of "tight-heel-cord" is outside its scale \[-20, 30\] deg/],
    [['--impairment', 'tight-heel-cord=NaN'], /severity of impairment "tight-heel-cord" must be a number in deg/],
    [['--impairment', 'tight-heel-cord:middle'], /side "middle" .* must be r, l or both/],
    [['--samples', '0'], /number of samples must be a whole number from 1 to 5000, got 0/],
    [['--samples', '100000'], /from 1 to 5000, got 100000/],
    [['--samples', 'many'], /samples must be a whole number, e.g. 200/],
    [['--seed', '1.5'], /seed must be a whole number/],
  ])('rejects %j before solving anything', async (options, pattern) => {
    expectUsageError(await run('posture', ...options), pattern);
  });
});

describe('kinechain toe-touch', () => {
  it(
    '--json without an intervention prints "before" only: reach, limiting tissue and the back line station by station',
    async () => {
      const result = await run('toe-touch', '--json');
      expect(result.code).toBe(EXIT_OK);
      const analysis = JSON.parse(result.stdout);
      expect(analysis.test).toBe('toe-touch');
      expect(Object.keys(analysis.before)).toEqual(
        expect.arrayContaining(['fingertipToFloorCm', 'reachCm', 'limitingTissue', 'lineTensions', 'endedBy', 'tissues', 'bend']),
      );
      expect(analysis.before.reachCm).toBe(-analysis.before.fingertipToFloorCm);
      expect(analysis).not.toHaveProperty('after');
      expect(analysis).not.toHaveProperty('change');
      expect(analysis).not.toHaveProperty('uncertainty');
      expect(analysis.before.lineTensions.r).toHaveLength(8);
      expect(analysis.before.lineTensions.r[0]).toMatchObject({ track: 'plantar_fascia_r', station: 'calcn_r' });
      expect(Object.keys(analysis.before.limitingTissue)).toEqual(expect.arrayContaining(['name', 'label', 'tensionN', 'toleratedTensionN']));
      // Symmetric body: both back lines carry the same tensions.
      analysis.before.lineTensions.r.forEach((station: { tensionN: number }, k: number) =>
        expectMirrored(station.tensionN, analysis.before.lineTensions.l[k].tensionN),
      );
    },
    SLOW_MS,
  );

  it(
    'with an intervention prints after and the change split into effect and repeat test, which add up',
    async () => {
      const result = await run('toe-touch', '--intervention', 'plantar-release-ball:both', '--samples', '20', '--seed', '4', '--json');
      expect(result.code).toBe(EXIT_OK);
      const analysis = JSON.parse(result.stdout);
      expect(Object.keys(analysis.after)).toEqual(expect.arrayContaining(['fingertipToFloorCm', 'reachCm', 'limitingTissue', 'lineTensions']));
      const change = analysis.change;
      expect(Object.keys(change)).toEqual(expect.arrayContaining(['meanCm', 'lowCm', 'highCm', 'repeatTestCm', 'interventionEffectCm']));
      expect(Object.keys(change.interventionEffectCm)).toEqual(expect.arrayContaining(['nominal', 'mean', 'low', 'high']));
      expect(change.meanCm).toBeCloseTo(change.interventionEffectCm.mean + change.repeatTestCm.mean, 9);
      expect(change.lowCm).toBeLessThanOrEqual(change.meanCm);
      expect(change.meanCm).toBeLessThanOrEqual(change.highCm);
      // The nominal effect is the nominal after minus before.
      expect(change.interventionEffectCm.nominal).toBeCloseTo(analysis.after.reachCm - analysis.before.reachCm, 9);
      expect(change.repeatTestCm.mean).toBeGreaterThan(0);
      expect(analysis.uncertainty).toMatchObject({ samples: 20, seed: 4 });
      expect(analysis.interventions[0]).toMatchObject({ name: 'plantar-release-ball', side: 'both', severity: 1 });
      expect(analysis.notes.join(' ')).toMatch(/Burk et al\. 2020/);
    },
    SLOW_MS,
  );

  it(
    '--seated runs the sit-and-reach, read on the box as well',
    async () => {
      const result = await run('toe-touch', '--seated', '--json');
      expect(result.code).toBe(EXIT_OK);
      const analysis = JSON.parse(result.stdout);
      expect(analysis.test).toBe('sit-and-reach');
      expect(analysis.before).not.toHaveProperty('fingertipToFloorCm');
      expect(analysis.before.boxReadingCm).toBeCloseTo(analysis.before.reachCm + 26, 12);
    },
    SLOW_MS,
  );

  it(
    'prints tables without --json',
    async () => {
      const result = await run('toe-touch', '--impairment', 'tight-heel-cord', '--intervention', 'calf-stretch', '--samples', '3');
      expect(result.code).toBe(EXIT_OK);
      for (const part of ['Standing toe-touch', 'Impairments', 'Interventions', 'Reach', 'unimpaired', 'Change on re-testing', 'Superficial back line (right)', 'Most stretched tissues', 'What is a model prediction']) {
        expect(result.stdout).toContain(part);
      }
    },
    SLOW_MS,
  );

  it.each([
    [['--intervention', 'plantar-release'], /unknown intervention "plantar-release" \(did you mean "plantar-release-ball"\?\)/],
    [['--intervention', 'tight-heel-cord'], /is an impairment, not an intervention/],
    [['--intervention', 'calf-stretch=2'], /outside its scale \[0, 1\]/],
    [['--impairment', 'painful-heel=abc'], /must be a number in fraction/],
    [['--samples', '-5'], /from 1 to 5000, got -5/],
  ])('rejects %j', async (options, pattern) => {
    expectUsageError(await run('toe-touch', ...options), pattern);
  });
});

describe('kinechain yoga', () => {
  it('--json prints what the pose lengthens, ranked, with notes', async () => {
    const result = await run('yoga', 'downward_dog', '--json');
    expect(result.code).toBe(EXIT_OK);
    const analysis = JSON.parse(result.stdout);
    expect(Object.keys(analysis)).toEqual(
      expect.arrayContaining(['pose', 'tissues', 'lines', 'lengthenedTissues', 'lengthenedLines', 'targets', 'notes', 'converged']),
    );
    expect(analysis.pose.key).toBe('downward_dog');
    const names = analysis.lengthenedLines.map((line: { name: string }) => line.name);
    expect(names).toContain('superficial_back_line_r');
    expect(names).toContain('superficial_back_line_l');
    for (let k = 1; k < analysis.tissues.length; k++) {
      expect(analysis.tissues[k - 1].lengthChangePercent).toBeGreaterThanOrEqual(analysis.tissues[k].lengthChangePercent);
    }
  });

  it('accepts the English and Sanskrit names in any case, with spaces or hyphens', async () => {
    for (const name of ['Downward-Facing Dog', 'adho mukha svanasana', 'DOWNWARD-DOG']) {
      const result = await run('yoga', name, '--json');
      expect(result.code).toBe(EXIT_OK);
      expect(JSON.parse(result.stdout).pose.key).toBe('downward_dog');
    }
  });

  it('prints tables, and --list the catalogue', async () => {
    const tables = await run('yoga', 'childs_pose');
    expect(tables.code).toBe(EXIT_OK);
    expect(tables.stdout).toContain("Yoga pose childs_pose: child's pose (balasana)");
    expect(tables.stdout).toContain('Myofascial lines lengthened');
    expect(tables.stdout).toContain('Tissues lengthened');
    const list = await run('yoga', '--list', '--json');
    expect(list.code).toBe(EXIT_OK);
    const poses = JSON.parse(list.stdout);
    expect(poses.map((pose: { key: string }) => pose.key)).toContain('low_lunge');
    for (const pose of poses) expect(Object.keys(pose)).toEqual(expect.arrayContaining(['key', 'name', 'sanskrit', 'targets']));
    expect((await run('yoga', '--list')).stdout).toContain('standing_forward_fold');
  });

  it.each([
    [['downward_dgo'], /unknown yoga pose "downward_dgo" \(did you mean "downward_dog"\?\); known poses: downward_dog/],
    [[], /give a yoga pose, e.g. "kinechain yoga downward_dog", or list them with --list/],
    [['downward_dog', 'extra'], /too many arguments/],
  ])('rejects %j', async (argv, pattern) => {
    expectUsageError(await run('yoga', ...argv), pattern);
  });
});

describe('kinechain interdependence', () => {
  let report: InterdependenceReport;
  beforeAll(() => {
    // A small map (two rows, the nominal body) keeps this fast; the spawned test runs a whole one.
    const map = interdependenceMap(subjectScenario(), {
      analyses: ['toe-touch'],
      parameterKeys: ['heel-cord.stiffness.both', 'tight-hamstrings.severity.r'],
      samples: 0,
      explain: 1,
    });
    report = interdependenceReport(map);
  }, SLOW_MS);

  it('reports the matrix as plain data: columns with units and baselines, a cell per column in every row', () => {
    expect(report.analyses).toEqual(['toe-touch']);
    expect(report.columns[0]).toMatchObject({ key: 'toe-touch.reach', unit: 'cm', cellUnit: 'cm per 10%' });
    for (const column of report.columns) expect(Number.isFinite(column.baseline)).toBe(true);
    expect(report.rows.map((row) => row.key)).toEqual(['heel-cord.stiffness.both', 'tight-hamstrings.severity.r']);
    for (const row of report.rows) {
      expect(row.cells).toHaveLength(report.columns.length);
      for (const cell of row.cells) expect(cell.value === null || Number.isFinite(cell.value)).toBe(true);
    }
    for (const statement of [...report.statements, ...report.reachStatements]) {
      expect(report.rows.some((row) => row.key === statement.row)).toBe(true);
      expect(report.columns.some((column) => column.key === statement.column)).toBe(true);
    }
    // Round-trips through JSON unchanged: no NaN, no functions.
    expect(JSON.parse(JSON.stringify(report))).toEqual(report);
    expect(report.notes.join(' ')).toMatch(/model prediction/);
  });

  it('prints the strongest effects and each parameter\'s largest effect as tables', () => {
    const text = renderInterdependenceReport(report, 'map.svg');
    for (const part of ['Regional interdependence map (toe-touch)', 'Outputs of the unchanged body', 'Strongest effects', 'Largest effect of each parameter', 'map.svg', 'What is a model prediction']) {
      expect(text).toContain(part);
    }
  });

  it.each([
    [['--svg', join(scratch, 'missing-directory', 'map.svg')], /cannot write the heatmap to .*map\.svg: its directory .*missing-directory does not exist/],
    [['--svg', scratch], /cannot write the heatmap to .*: it is a directory/],
    [['--analysis', 'sideways'], /--analysis/],
  ])('rejects %j at once, before computing the map', async (options, pattern) => {
    expectUsageError(await run('interdependence', ...options), pattern);
  });
});
