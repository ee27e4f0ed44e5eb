import { compile } from '../src/spec/compile.js';
import { CLI_FIXTURE_SPEC } from '../test/fixtures/cli-fixture.js';
import { makeData } from '../src/core/model/make-data.js';
import { forwardKinematics } from '../src/core/kinematics/forward-kinematics.js';
import { rnea, rneaWithCurrentKinematics } from '../src/core/dynamics/rnea.js';
import { createMujocoPeer } from './mujoco-peer.js';
const model = compile(CLI_FIXTURE_SPEC);
const data = makeData(model);
const q = Float64Array.from(model.coordinateDefault);
const qd = Float64Array.from({ length: model.nq }, (_, i) => 0.1 * Math.sin(i));
const qdd = Float64Array.from({ length: model.nq }, (_, i) => 0.3 * Math.cos(i));
const peer = await createMujocoPeer(model as never);
peer.setState(q, qd, qdd);
const N = 200_000;
const best: Record<string, number> = { fk: 1e9, rnea: 1e9, mj: 1e9, passes: 1e9 };
for (let round = 0; round < 15; round++) {
  let t = performance.now();
  for (let i = 0; i < N; i++) { q[0] = (i & 1) * 1e-9; forwardKinematics(model, data, q); }
  best.fk = Math.min(best.fk, (performance.now() - t) * 1000 / N);
  t = performance.now();
  for (let i = 0; i < N; i++) { q[0] = (i & 1) * 1e-9; rnea(model, data, q, qd, qdd); }
  best.rnea = Math.min(best.rnea, (performance.now() - t) * 1000 / N);
  t = performance.now();
  for (let i = 0; i < N; i++) { qd[0] = (i & 1) * 1e-9; rneaWithCurrentKinematics(model, data, qd, qdd); }
  best.passes = Math.min(best.passes, (performance.now() - t) * 1000 / N);
  t = performance.now();
  for (let i = 0; i < N; i++) peer.mujoco.mj_inverse(peer.model, peer.data);
  best.mj = Math.min(best.mj, (performance.now() - t) * 1000 / N);
}
console.log(Object.entries(best).map(([k, v]) => `${k} ${v.toFixed(3)}`).join('  '), ' ratio', (best.rnea / best.mj).toFixed(3));
