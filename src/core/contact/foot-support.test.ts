import { describe, expect, it } from 'vitest';
import {
  addContactGeneralizedForce,
  centreOfPressure,
  checkFootLoadingLimits,
  contactEdgeColumn,
  contactForcesFromEdges,
  distanceInsidePolygon,
  floorGap,
  makeFootSupport,
  normalLoad,
  PYRAMID_EDGES,
  supportPolygon,
  updateFootSupport,
} from './foot-support.js';
import { compile } from '../../spec/compile.js';
import { makeData } from '../model/make-data.js';
import { forwardKinematics } from '../kinematics/forward-kinematics.js';
import { isKinechainError } from '../errors.js';
import { buildBody, DEFAULT_SUBJECT } from '../../library/default-body.js';
import { defaultFootContactPoints, FOOT_CONTACT_LAYOUT, FOOT_FLOOR_FRICTION } from '../../library/foot-contact.js';
import { seededRandom } from '../../../test/fixtures/joint-chain.js';

const model = compile(buildBody(DEFAULT_SUBJECT));
const points = defaultFootContactPoints(DEFAULT_SUBJECT);

function expectError(run: () => unknown, code: string): void {
  let caught: unknown;
  try {
    run();
  } catch (error) {
    caught = error;
  }
  expect(isKinechainError(caught)).toBe(true);
  if (isKinechainError(caught)) expect(caught.code).toBe(code);
}

describe('foot support: default contact layout', () => {
  it('has the seven named points per foot, all resting on the floor in the reference pose', () => {
    expect(points).toHaveLength(2 * FOOT_CONTACT_LAYOUT.length);
    expect(FOOT_CONTACT_LAYOUT.map((entry) => entry.name)).toEqual([
      'heel_medial',
      'heel_central',
      'heel_lateral',
      'first_metatarsal_head',
      'fifth_metatarsal_head',
      'hallux',
      'lesser_toes',
    ]);
    const data = makeData(model);
    forwardKinematics(model, data, model.coordinateDefault);
    const support = makeFootSupport(model, points, { friction: FOOT_FLOOR_FRICTION.value });
    updateFootSupport(support, model, data);
    expect(floorGap(support)).toBeLessThan(1e-12);
    // The left foot is the mirror of the right; medial points lie towards the midline.
    for (let p = 0; p < 7; p++) {
      expect(support.pointWorld[3 * (p + 7)]).toBeCloseTo(support.pointWorld[3 * p], 12);
      expect(support.pointWorld[3 * (p + 7) + 2]).toBeCloseTo(-support.pointWorld[3 * p + 2], 12);
    }
    const z = (name: string): number => support.pointWorld[3 * support.pointName.indexOf(name) + 2];
    expect(z('heel_medial_r')).toBeLessThan(z('heel_lateral_r'));
    expect(z('first_metatarsal_head_r')).toBeLessThan(z('fifth_metatarsal_head_r'));
    expect(z('heel_medial_l')).toBeGreaterThan(z('heel_lateral_l'));
  });
});

describe('foot support: forces, jacobians, centre of pressure', () => {
  const support = makeFootSupport(model, points, { friction: 0.6 });
  const data = makeData(model);
  const random = seededRandom(7);
  const q = Float64Array.from(model.coordinateDefault);
  for (let j = 0; j < model.nq; j++) {
    if (model.coordinateKind[j] === 0) q[j] += 0.2 * (random() - 0.5);
  }
  forwardKinematics(model, data, q);
  updateFootSupport(support, model, data);

  it('point jacobians match finite differences of the point positions', () => {
    const nq = model.nq;
    const base = Float64Array.from(support.pointWorld);
    const jacobian = Float64Array.from(support.pointJacobian);
    const probe = makeData(model);
    const shifted = makeFootSupport(model, points, { friction: 0.6 });
    const h = 1e-7;
    for (let j = 0; j < nq; j++) {
      const qh = Float64Array.from(q);
      qh[j] += h;
      forwardKinematics(model, probe, qh);
      updateFootSupport(shifted, model, probe);
      for (let p = 0; p < support.npoint; p++) {
        for (let r = 0; r < 3; r++) {
          const numeric = (shifted.pointWorld[3 * p + r] - base[3 * p + r]) / h;
          expect(Math.abs(numeric - jacobian[(3 * p + r) * nq + j])).toBeLessThan(1e-5);
        }
      }
    }
  });

  it('edge coefficients give unilateral forces inside the friction pyramid, and J^T f adds the edge columns', () => {
    const edges = new Float64Array(support.npoint * PYRAMID_EDGES);
    for (let e = 0; e < edges.length; e++) edges[e] = 50 * random();
    const force = new Float64Array(support.npoint * 3);
    contactForcesFromEdges(support, edges, force);
    for (let p = 0; p < support.npoint; p++) {
      let normal = 0;
      for (let k = 0; k < PYRAMID_EDGES; k++) normal += edges[PYRAMID_EDGES * p + k];
      expect(force[3 * p + 1]).toBeCloseTo(normal, 12);
      expect(Math.abs(force[3 * p])).toBeLessThanOrEqual(0.6 * normal + 1e-12);
      expect(Math.abs(force[3 * p + 2])).toBeLessThanOrEqual(0.6 * normal + 1e-12);
    }
    const generalized = new Float64Array(model.nq);
    addContactGeneralizedForce(support, force, generalized);
    const fromColumns = new Float64Array(model.nq);
    const column = new Float64Array(model.nq);
    for (let p = 0; p < support.npoint; p++) {
      for (let k = 0; k < PYRAMID_EDGES; k++) {
        contactEdgeColumn(support, p, k, column);
        for (let j = 0; j < model.nq; j++) fromColumns[j] += column[j] * edges[PYRAMID_EDGES * p + k];
      }
    }
    for (let j = 0; j < model.nq; j++) expect(generalized[j]).toBeCloseTo(fromColumns[j], 9);
  });

  it('centre of pressure is the load-weighted mean of the points and lies inside the support polygon', () => {
    const force = new Float64Array(support.npoint * 3);
    for (let p = 0; p < support.npoint; p++) force[3 * p + 1] = 10 + 90 * random();
    const cop = new Float64Array(3);
    const right = centreOfPressure(support, force, { side: 'r' }, cop);
    expect(right).toBeCloseTo(normalLoad(support, force, { side: 'r' }), 12);
    let x = 0;
    let z = 0;
    for (let p = 0; p < 7; p++) {
      x += force[3 * p + 1] * support.pointWorld[3 * p];
      z += force[3 * p + 1] * support.pointWorld[3 * p + 2];
    }
    expect(cop[0]).toBeCloseTo(x / right, 12);
    expect(cop[2]).toBeCloseTo(z / right, 12);
    expect(distanceInsidePolygon(supportPolygon(support, { side: 'r' }), cop[0], cop[2])).toBeGreaterThan(0);
    const heel = normalLoad(support, force, { side: 'r', region: 'heel' });
    const forefoot = normalLoad(support, force, { side: 'r', region: 'forefoot' });
    const toes = normalLoad(support, force, { side: 'r', region: 'toes' });
    expect(heel + forefoot + toes).toBeCloseTo(right, 12);
    // No load: the centre of pressure is undefined.
    expect(centreOfPressure(support, new Float64Array(support.npoint * 3), { side: 'l' }, cop)).toBe(0);
    expect(Number.isNaN(cop[0])).toBe(true);
  });

  it('support polygon distance is positive inside, negative outside (a unit square)', () => {
    const square: [number, number][] = [
      [0, 0],
      [1, 0],
      [1, 1],
      [0, 1],
    ];
    expect(distanceInsidePolygon(square, 0.5, 0.5)).toBeCloseTo(0.5, 12);
    expect(distanceInsidePolygon(square, 0.9, 0.5)).toBeCloseTo(0.1, 12);
    expect(distanceInsidePolygon(square, 1.5, 0.5)).toBeCloseTo(-0.5, 12);
  });
});

describe('foot support: bad input', () => {
  it('names what is wrong', () => {
    expectError(() => makeFootSupport(model, points, { friction: 0 }), 'OUT_OF_RANGE');
    expectError(() => makeFootSupport(model, points, { friction: Number.NaN }), 'NOT_FINITE');
    expectError(() => makeFootSupport(model, [{ ...points[0], body: 'hoof_r' }], { friction: 0.6 }), 'UNKNOWN_NAME');
    expectError(() => makeFootSupport(model, [points[0], points[0]], { friction: 0.6 }), 'INVALID_SPEC');
    expectError(() => makeFootSupport(model, [], { friction: 0.6 }), 'INVALID_SPEC');
    const limits = { maxFootLoadFraction: { r: 1, l: 1 }, maxHeelLoadFraction: { r: 1, l: 1 } };
    expect(() => checkFootLoadingLimits(limits)).not.toThrow();
    expectError(() => checkFootLoadingLimits({ ...limits, maxHeelLoadFraction: { r: 1.5, l: 1 } }), 'OUT_OF_RANGE');
    expectError(() => checkFootLoadingLimits({ ...limits, maxFootLoadFraction: { r: 0.3, l: 0.3 } }), 'OUT_OF_RANGE');
    expectError(() => checkFootLoadingLimits({ ...limits, maxFootLoadFraction: { r: Number.NaN, l: 1 } }), 'NOT_FINITE');
  });
});
