/**
 * Timing and results of the standing posture solver on the cases that dominate the
 * interdependence map and the posture intervals: (1) cold and warm baseline solves, (2) the
 * map's hard standing solves (severity and slack-length rows on the sampled bodies, each
 * warm-started from its body's anchor as the map does), (3) the map itself with 1 and 2
 * threads, (4) the posture use-case with tight-heel-cord:r=-5 and 200 samples.
 *
 *   npx tsx scripts/posture-solver-bench.ts [--root DIR] [--skip map,interval] [--json FILE]
 *
 * --root points at another copy of src/ (e.g. an older version of the solver) so two
 * versions can be timed side by side; --json writes every solve's posture variables and
 * forces for a comparison of results.
 */
import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type * as PostureModule from '../src/analyses/standing-posture.js';
import type * as InterModule from '../src/analyses/interdependence.js';
import type * as CompileModule from '../src/spec/compile.js';
import type * as BodyModule from '../src/library/default-body.js';
import type * as ScenarioModule from '../src/library/scenario.js';
import type * as LiteratureModule from '../src/library/literature-value.js';
import type * as PostureUseCase from '../src/app/posture.js';

const args = process.argv.slice(2);
const option = (name: string): string | undefined => {
  const at = args.indexOf(name);
  return at >= 0 ? args[at + 1] : undefined;
};
const root = resolve(option('--root') ?? 'src');
const skip = new Set((option('--skip') ?? '').split(',').filter((s) => s !== ''));
const jsonOut = option('--json');
const load = async <T>(path: string): Promise<T> => (await import(pathToFileURL(resolve(root, path)).href)) as T;

type Posture = typeof PostureModule;
type Inter = typeof InterModule;
const posture = await load<Posture>('analyses/standing-posture.ts');
const inter = await load<Inter>('analyses/interdependence.ts');
const { compile } = await load<typeof CompileModule>('spec/compile.ts');
const { buildBody, DEFAULT_SUBJECT } = await load<typeof BodyModule>('library/default-body.ts');
const { baselineScenario } = await load<typeof ScenarioModule>('library/scenario.ts');
const { literatureAt } = await load<typeof LiteratureModule>('library/literature-value.ts');
const { postureAnalysis } = await load<typeof PostureUseCase>('app/posture.ts');

const now = (): number => performance.now();
const median = (values: number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
};
const record: Record<string, unknown> = {};
type Result = ReturnType<Posture['solveStandingPosture']>;
const summary = (r: Result): Record<string, unknown> => ({
  status: r.status,
  iterations: r.solver.iterations,
  qpIterations: r.solver.qpIterations,
  stop: r.solver.stoppingReason,
  objective: r.solver.objective,
  theta: r.postureVariables,
  force: r.tissueForceN,
  bodyWeightN: r.bodyWeightN,
});

const spec = buildBody(DEFAULT_SUBJECT);
const base = baselineScenario(spec);
const model = compile(spec);

// (1) cold and warm baseline solves.
{
  const solver = posture.makeStandingPostureSolver(model);
  const cold: number[] = [];
  const warm: number[] = [];
  let coldResult: Result | null = null;
  for (let k = 0; k < 15; k++) {
    const t0 = now();
    coldResult = posture.solveStandingPosture(solver, base, { coldStart: true });
    cold.push(now() - t0);
    const t1 = now();
    posture.solveStandingPosture(solver, base);
    warm.push(now() - t1);
  }
  const r = coldResult as Result;
  console.log(
    `(1) baseline cold median ${median(cold).toFixed(2)} ms (${r.solver.iterations} it, ${r.solver.qpIterations} qp, ${r.solver.stoppingReason}), warm median ${median(warm).toFixed(2)} ms`,
  );
  record.baseline = summary(r);
}

// (2) the map's hard standing solves.
{
  const hardKeys = [
    'forefoot-fracture.severity.r',
    'forefoot-fracture.severity.l',
    'walking-boot.severity.r',
    'walking-boot.severity.l',
    'tight-heel-cord.severity.r',
    'tight-heel-cord.severity.l',
    'iliotibial-tract.slack-length.both',
    'plantar-fascia.stiffness.both',
    'erector-spinae.max-force.both',
  ];
  const parameters = inter.mapParameters(spec).filter((p) => hardKeys.includes(p.key));
  const bodies = inter.sampleBodies(2);
  const solver0 = posture.makeStandingPostureSolver(model);
  let solver = solver0;
  const rows: Record<string, unknown>[] = [];
  let total = 0;
  let anchorStart: ReturnType<Posture['savePostureStart']> | null = null;
  for (const body of bodies) {
    const bodySpec = inter.sampledBodySpec(spec, body);
    const bodyScenario = { ...base, spec: bodySpec };
    solver = posture.useModel(solver, compile(bodySpec));
    if (anchorStart !== null) posture.restorePostureStart(solver, anchorStart);
    posture.solveStandingPosture(solver, bodyScenario, { coldStart: anchorStart === null });
    anchorStart = posture.savePostureStart(solver);
    for (const parameter of parameters) {
      const h = parameter.kind === 'slack-length' ? 0.01 : 0.1;
      const modifierParameters =
        parameter.modifier === undefined
          ? undefined
          : Object.fromEntries(
              Object.entries(parameter.modifier.parameters).map(([key, entry]) => [
                key,
                body.stiffnessPosition === null ? entry.value : literatureAt(entry, body.stiffnessPosition),
              ]),
            );
      for (const t of [-h, h]) {
        let scenario;
        try {
          scenario = inter.applyParameter(parameter, bodyScenario, t, modifierParameters, model);
        } catch {
          continue;
        }
        solver = posture.useModel(solver, compile(scenario.spec));
        posture.restorePostureStart(solver, anchorStart);
        const t0 = now();
        const r = posture.solveStandingPosture(solver, scenario);
        const ms = now() - t0;
        total += ms;
        rows.push({ body: body.label, key: parameter.key, t, ms, ...summary(r) });
        console.log(
          `(2) ${body.label.padEnd(48)} ${parameter.key.padEnd(36)} t=${t.toFixed(2).padStart(5)} ${ms.toFixed(1).padStart(8)} ms  it ${String(r.solver.iterations).padStart(3)} qp ${String(r.solver.qpIterations).padStart(6)} ${r.solver.stoppingReason} ${r.status}`,
        );
      }
    }
  }
  console.log(`(2) hard solves total ${total.toFixed(0)} ms`);
  record.hard = rows;
}

// (3) the map with 1 and 2 threads.
if (!skip.has('map')) {
  for (const threads of [1, 2]) {
    const t0 = now();
    const map = inter.interdependenceMap(baselineScenario(spec), { threads });
    console.log(`(3) interdependenceMap threads ${threads}: ${(now() - t0).toFixed(0)} ms (${map.rows.length} rows)`);
    if (threads === 1) record.map = map.rows.map((row) => ({ key: row.parameter.key, cells: row.cells.map((c) => c.value) }));
  }
}

// (4) the posture interval.
if (!skip.has('interval')) {
  const t0 = now();
  const cpu0 = process.cpuUsage();
  const analysis = postureAnalysis({ impairments: ['tight-heel-cord:r=-5'], samples: 200 });
  const cpu = process.cpuUsage(cpu0);
  console.log(
    `(4) postureAnalysis tight-heel-cord:r=-5 x200: ${(now() - t0).toFixed(0)} ms wall, ${((cpu.user + cpu.system) / 1000).toFixed(0)} ms CPU; unconverged ${analysis.uncertainty?.unconvergedSamples}, failed ${analysis.uncertainty?.failedSamples}`,
  );
  record.interval = { impaired: analysis.impaired, change: analysis.change };
}
if (jsonOut !== undefined) writeFileSync(jsonOut, JSON.stringify(record, null, 1));
