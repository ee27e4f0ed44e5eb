import { buildBody, DEFAULT_SUBJECT } from './src/library/default-body.js';
import { compile } from './src/spec/compile.js';
import { baselineScenario } from './src/library/scenario.js';
import { makeStandingPostureSolver, solveStandingPosture, useModel } from './src/analyses/standing-posture.js';
import { makeTissueParameterView } from './src/analyses/stretch-tension.js';
const spec = buildBody(DEFAULT_SUBJECT);
const model = compile(spec);
const scenario = baselineScenario(spec);
let t = performance.now();
const solver = makeStandingPostureSolver(model);
let r = solveStandingPosture(solver, scenario, { coldStart: true });
console.log('cold ms', performance.now() - t, r.status, r.solver);
console.log(r.lumbosacral, r.plantarFasciaN, r.achillesTendonN, r.hamstringsN, r.cervicothoracic, r.thoracolumbarFasciaN, r.postureVariables);
const { view, parameters } = makeTissueParameterView(model);
useModel(solver, view);
const pf = model.tissueIndex.get('plantar_fascia_r')!;
t = performance.now();
for (let i = 0; i < 20; i++) {
  parameters.passiveStiffness[pf] = model.passiveStiffness[pf] * (1 + (i % 2 ? 0.1 : -0.1));
  r = solveStandingPosture(solver, scenario);
}
console.log('warm ms', (performance.now() - t) / 20, r.solver);
for (const k of ['knee_r','hip_r','sacrum']) {}
const forces = Object.entries(r.tissueForceN).filter(([,v]) => v > 1).map(([k,v]) => `${k}:${v.toFixed(0)}`);
console.log(forces.join(' '));
