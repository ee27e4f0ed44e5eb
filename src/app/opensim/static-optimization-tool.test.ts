/**
 * The AnalyzeTool with StaticOptimization on the pendulum of pendulum-fixture.ts: with a
 * single reserve actuator the optimisation has one answer, control = tau / optimal force,
 * so its output is checked against the closed-form inverse dynamics; then the setup
 * options (use_model_force_set, external loads, force set files, other analyses) and
 * their errors.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { isKinechainError, type KinechainError } from '../../core/errors.js';
import { parseStorage } from '../../io/opensim/storage.js';
import { parseForceSetFile } from './force-set-file.js';
import { PENDULUM, PENDULUM_RESERVES, pendulumAngle, pendulumStaticOptimizationSetup, pendulumTorque, writePendulumFiles } from './pendulum-fixture.js';
import { runOpenSimSetup } from './run-opensim-setup.js';

const folder = mkdtempSync(join(tmpdir(), 'kinechain-so-'));
const SCALE = PENDULUM.mass * PENDULUM.gravity * PENDULUM.comBelowPin;

function writeSetup(name: string, text: string): string {
  const path = join(folder, name);
  writeFileSync(path, text);
  return path;
}

async function failure(action: () => Promise<unknown>): Promise<KinechainError> {
  try {
    await action();
  } catch (error) {
    if (isKinechainError(error)) return error;
    throw error;
  }
  throw new Error('expected a KinechainError');
}

beforeAll(async () => {
  await writePendulumFiles(folder);
});

describe('StaticOptimization on a pendulum with one reserve actuator', () => {
  it('control = tau / optimal force and force = tau at every row; files named and laid out as OpenSim writes them', async () => {
    const result = await runOpenSimSetup(writeSetup('so.xml', pendulumStaticOptimizationSetup()));
    expect(result.tool).toBe('AnalyzeTool');
    expect(result.files.map((file) => file.path)).toEqual([
      join(folder, 'Results', 'pendulum_StaticOptimization_activation.sto'),
      join(folder, 'Results', 'pendulum_StaticOptimization_force.sto'),
    ]);
    const [activation, force] = result.files.map((file) => parseStorage(readFileSync(file.path, 'utf8')));
    for (const file of [activation, force]) {
      expect(file.name).toBe('Static Optimization');
      expect(file.description).toEqual(['This file contains static optimization results.']);
      expect(file.table.labels).toEqual(['swing_reserve']);
      // Rows from the last at or before initial_time to the last at or before final_time.
      expect(file.table.time.length).toBe(141);
    }
    // output_precision 12: twelve decimals in the file.
    expect(readFileSync(result.files[0].path, 'utf8')).toMatch(/\t *-?\d+\.\d{12}\n/);
    for (let i = 0; i < force.table.time.length; i++) {
      const tau = pendulumTorque(force.table.time[i]);
      // The target acceleration is the derivative of u's spline: ~1e-12 relative here.
      expect(Math.abs(force.table.columns[0][i] - tau)).toBeLessThan(1e-9 * SCALE);
      expect(activation.table.columns[0][i]).toBeCloseTo(force.table.columns[0][i] / PENDULUM.actuatorOptimalForce, 11);
    }
  });

  it('use_model_force_set false: one unbounded actuator of optimal force 1 per coordinate, <coordinate>_actuator, ahead of the other actuators', async () => {
    const result = await runOpenSimSetup(writeSetup('so-generated.xml', pendulumStaticOptimizationSetup({ useModelForceSet: false, forceSetFiles: '' })));
    const table = result.files[0].table;
    expect(table.labels).toEqual(['swing_angle_actuator']);
    for (let i = 0; i < table.time.length; i++) expect(Math.abs(table.columns[0][i] - pendulumTorque(table.time[i]))).toBeLessThan(1e-9 * SCALE);
  });

  it('with the reserves file too, two actuators would act on one coordinate: UNSUPPORTED', async () => {
    const error = await failure(() => runOpenSimSetup(writeSetup('so-two.xml', pendulumStaticOptimizationSetup({ useModelForceSet: false }))));
    expect(error.code).toBe('UNSUPPORTED');
    expect(error.message).toMatch(/second actuator on "swing_angle"/);
  });

  it('external forces cancelling gravity leave (Izz + M L^2) q\'\' to the actuator', async () => {
    const result = await runOpenSimSetup(writeSetup('so-loads.xml', pendulumStaticOptimizationSetup({ externalLoads: 'groundForce.xml' })));
    const table = result.files[1].table;
    for (let i = 0; i < table.time.length; i++) expect(Math.abs(table.columns[0][i] - pendulumTorque(table.time[i], true))).toBeLessThan(1e-8 * SCALE);
  });

  it('a model with no actuator cannot move: the rows are flagged infeasible and the warning says so', async () => {
    // Every row but t = 1.0 s, where q = q'' = 0 and no torque is needed.
    const result = await runOpenSimSetup(writeSetup('so-none.xml', pendulumStaticOptimizationSetup({ forceSetFiles: '' })));
    expect(result.files[0].table.labels).toEqual([]);
    expect(result.warnings.join('\n')).toMatch(/could not produce the motion's generalised forces at 140 of 141 times \(first at 0.3 s\)/);
  });
});

/** A force set file holding `objects`. */
function forceSetFile(name: string, objects: string): string {
  return writeSetup(name, `<?xml version="1.0" encoding="UTF-8" ?>
<OpenSimDocument Version="40000"><ForceSet name="actuators"><objects>${objects}</objects><groups /></ForceSet></OpenSimDocument>
`);
}

describe('StaticOptimization with body actuators (PointActuator, TorqueActuator)', () => {
  const LEVER = 0.8;
  const OPTIMAL = 40;

  it('a PointActuator pushing the rod sideways at 0.8 m: control = tau / (optimal force * 0.8) at every row', async () => {
    forceSetFile('point.xml', `<PointActuator name="push"><body>rod</body><point>0 -${LEVER} 0</point><direction>2 0 0</direction><optimal_force>${OPTIMAL}</optimal_force></PointActuator>`);
    const result = await runOpenSimSetup(writeSetup('so-point.xml', pendulumStaticOptimizationSetup({ forceSetFiles: 'point.xml' })));
    const [activation, force] = result.files.map((file) => file.table);
    expect(activation.labels).toEqual(['push']);
    for (let i = 0; i < activation.time.length; i++) {
      const tau = pendulumTorque(activation.time[i]);
      expect(Math.abs(activation.columns[0][i] * OPTIMAL * LEVER - tau)).toBeLessThan(1e-9 * SCALE);
      expect(force.columns[0][i]).toBeCloseTo(activation.columns[0][i] * OPTIMAL, 9);
    }
  });

  it('a PointActuator with a global direction and a TorqueActuator share the load as sum u^2 prescribes', async () => {
    // Global +x force at the rod's point (0, -L) in the rod: lever L cos(q). Torque about +z on the rod (ground takes the reaction).
    forceSetFile(
      'both.xml',
      `<PointActuator name="push"><body>rod</body><point>0 -${LEVER} 0</point><direction>1 0 0</direction><force_is_global>true</force_is_global><optimal_force>${OPTIMAL}</optimal_force></PointActuator>` +
        `<TorqueActuator name="twist"><bodyA>rod</bodyA><bodyB>ground</bodyB><axis>0 0 1</axis><optimal_force>${OPTIMAL}</optimal_force></TorqueActuator>`,
    );
    const result = await runOpenSimSetup(writeSetup('so-both.xml', pendulumStaticOptimizationSetup({ forceSetFiles: 'both.xml' })));
    const activation = result.files[0].table;
    expect(activation.labels).toEqual(['push', 'twist']);
    for (let i = 0; i < activation.time.length; i++) {
      const tau = pendulumTorque(activation.time[i]);
      const q = pendulumAngle(activation.time[i]);
      // min u1^2 + u2^2 subject to F (L cos q u1 + u2) = tau.
      const lever = LEVER * Math.cos(q);
      const scale = tau / (OPTIMAL * (lever * lever + 1));
      expect(activation.columns[0][i]).toBeCloseTo(lever * scale, 9);
      expect(activation.columns[1][i]).toBeCloseTo(scale, 9);
    }
  });

  it('a body actuator on a body the model lacks is UNKNOWN_NAME', async () => {
    forceSetFile('nobody.xml', '<TorqueActuator name="twist"><bodyA>arm</bodyA><axis>0 0 1</axis></TorqueActuator>');
    const error = await failure(() => runOpenSimSetup(writeSetup('so-nobody.xml', pendulumStaticOptimizationSetup({ forceSetFiles: 'nobody.xml' }))));
    expect(error.code).toBe('UNKNOWN_NAME');
    expect(error.message).toMatch(/TorqueActuator "twist".*body "arm"/);
  });
});

describe('AnalyzeTool setup errors', () => {
  it('another analysis that is on is UNSUPPORTED, naming it and its line; one that is off is ignored', async () => {
    const on = pendulumStaticOptimizationSetup({ extraAnalyses: '\n\t\t\t\t<MuscleAnalysis name="MuscleAnalysis"><on>true</on></MuscleAnalysis>' });
    const error = await failure(() => runOpenSimSetup(writeSetup('so-muscle-analysis.xml', on)));
    expect(error.code).toBe('UNSUPPORTED');
    expect(error.message).toMatch(/so-muscle-analysis\.xml: line 20: <MuscleAnalysis>/);
    const off = pendulumStaticOptimizationSetup({ extraAnalyses: '\n\t\t\t\t<MuscleAnalysis name="MuscleAnalysis"><on>false</on></MuscleAnalysis>' });
    const result = await runOpenSimSetup(writeSetup('so-muscle-analysis-off.xml', off));
    expect(result.files).toHaveLength(2);
  });

  it('a states_file is UNSUPPORTED', async () => {
    const setup = pendulumStaticOptimizationSetup().replace('<coordinates_file>', '<states_file>states.sto</states_file>\n\t\t<coordinates_file>');
    const error = await failure(() => runOpenSimSetup(writeSetup('so-states.xml', setup)));
    expect(error.code).toBe('UNSUPPORTED');
    expect(error.message).toMatch(/<states_file>/);
  });

  it('a force set file with another enabled force is UNSUPPORTED naming the element and line; disabled ones are skipped', () => {
    const other = PENDULUM_RESERVES.replace(
      '<CoordinateActuator name="swing_reserve">',
      '<PrescribedForce name="push"><frame>rod</frame></PrescribedForce>\n\t\t\t<CoordinateActuator name="swing_reserve">',
    );
    expect(() => parseForceSetFile(other, 'reserves.xml')).toThrow(/reserves\.xml: line 5: <PrescribedForce name="push">/);
    const disabled = other.replace('<frame>rod</frame>', '<appliesForce>false</appliesForce><frame>rod</frame>');
    const forces = parseForceSetFile(disabled, 'reserves.xml');
    expect(forces.map((force) => [force.name, force.coordinate, force.optimalForce, force.minControl, force.maxControl])).toEqual([
      ['swing_reserve', 'swing_angle', PENDULUM.actuatorOptimalForce, -Infinity, Infinity],
    ]);
  });
});
