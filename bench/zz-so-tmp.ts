import { defaultModel } from '../src/app/default-model.ts';
import { makeData } from '../src/core/model/make-data.ts';
import { rnea } from '../src/core/dynamics/rnea.ts';
import { LawType } from '../src/core/model/model.ts';
import { makeStaticOptimization, solveStaticOptimization, solveStaticOptimizationAtPose } from '../src/core/solvers/static-optimization.ts';
import { forwardKinematics } from '../src/core/kinematics/forward-kinematics.ts';
import { pathLength } from '../src/core/paths/path-length.ts';
import { momentArms } from '../src/core/paths/moment-arm.ts';
const model = defaultModel();
const data = makeData(model);
let muscles = 0; for (let t = 0; t < model.ntissue; t++) if (model.tissueLaw[t] === LawType.muscle) muscles++;
let unlocked = 0; for (let j = 0; j < model.nq; j++) if (!model.coordinateLocked[j]) unlocked++;
console.log('nq', model.nq, 'unlocked', unlocked, 'tissues', model.ntissue, 'muscles', muscles);
const q = Float64Array.from(model.coordinateDefault);
const zero = new Float64Array(model.nq);
rnea(model, data, q, zero, zero);
const tau = Float64Array.from(data.generalizedForce);
forwardKinematics(model, data, q); pathLength(model, data); momentArms(model, data); data.tissueVelocity.fill(0);
// which coordinates have no muscle?
const crossed = new Uint8Array(model.nq);
for (let t = 0; t < model.ntissue; t++) for (let j = 0; j < model.nq; j++) if (model.tissueLaw[t] === LawType.muscle && Math.abs(data.tissueMomentArm[t*model.nq+j]) > 1e-9) crossed[j] = 1;
console.log('uncrossed', model.coordinateName.filter((_, j) => !crossed[j]).join(' '));
for (const p of [2, 3]) {
  const solver = makeStaticOptimization(model, { reserves: { optimalForce: 1 }, residuals: { optimalForce: 1 }, activationExponent: p });
  let r = solveStaticOptimization(solver, model, data, tau, { warmStart: false });
  console.log('p', p, r.status, 'qpIt', r.qpIterations, 'solves', r.qpSolves, 'maxres', r.maxEquationResidual, 'obj', r.objective, 'n', solver.problem.n, 'm', solver.problem.m);
  const N = 50;
  let t0 = performance.now();
  for (let k = 0; k < N; k++) solveStaticOptimization(solver, model, data, tau, { warmStart: false });
  console.log(' cold ms', (performance.now() - t0) / N);
  t0 = performance.now();
  for (let k = 0; k < N; k++) { tau[k % model.nq] += 0.01; solveStaticOptimization(solver, model, data, tau); }
  console.log(' warm ms', (performance.now() - t0) / N, solver.result.qpIterations);
  t0 = performance.now();
  for (let k = 0; k < N; k++) solveStaticOptimizationAtPose(solver, model, data, q, undefined, tau);
  console.log(' at pose warm ms', (performance.now() - t0) / N);
  const acts = Array.from(solver.result.activation).map((a, i) => [model.tissueName[solver.muscleTissue[i]], a] as const).filter(x => x[1] > 0.01).sort((a,b)=>b[1]-a[1]).slice(0,8);
  console.log(acts.map(([n,a]) => `${n}=${a.toFixed(3)}`).join(' '));
  const big = Array.from(solver.result.actuatorForce).map((f,i)=>[model.coordinateName[solver.actuatorCoordinate[i]], f] as const).filter(x=>Math.abs(x[1])>1).map(([n,f])=>`${n}=${f.toFixed(1)}`);
  console.log('actuators > 1', big.join(' '));
}
