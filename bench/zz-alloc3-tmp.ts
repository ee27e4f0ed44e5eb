import { makeBoundedQpWorkspace, solveBoundedQp, type BoundedQpProblem } from '../src/core/math/zz-qp-copy.ts';
import { seededRandom } from '../test/fixtures/joint-chain.ts';
const random = seededRandom(1);
const nq = 45, nm = 80, nr = 45, n = nm + nr, m = nq;
const p: BoundedQpProblem = { n, m, hessianKind: 'diagonal', hessian: new Float64Array(n).fill(2), gradient: new Float64Array(n),
  equalityMatrix: new Float64Array(m*n), equalityTarget: new Float64Array(m), lower: new Float64Array(n), upper: new Float64Array(n) };
for (let j = 0; j < nm; j++) { const first = Math.floor(random() * (nq - 3)); const count = 1 + Math.floor(random() * 4);
  for (let c = first; c < Math.min(nq, first + count); c++) p.equalityMatrix[c * n + j] = (random() * 2 - 1) * 60; p.lower[j] = 0; p.upper[j] = 1; }
for (let r = 0; r < nr; r++) { p.equalityMatrix[r * n + nm + r] = 1; p.lower[nm + r] = -Infinity; p.upper[nm + r] = Infinity; }
for (let c = 0; c < m; c++) p.equalityTarget[c] = (random() * 2 - 1) * 40;
const ws = makeBoundedQpWorkspace(n, m, { denseHessian: false });
const warm = { warmStart: true };
for (let k = 0; k < 3000; k++) solveBoundedQp(p, ws, warm);
(globalThis as any).gc(); const before = process.memoryUsage().heapUsed;
for (let k = 0; k < 2000; k++) { solveBoundedQp(p, ws, warm); }
console.log(process.argv[2], 'bytes per solve', (process.memoryUsage().heapUsed - before) / 2000);
