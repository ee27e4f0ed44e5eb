/**
 * The InverseDynamicsTool on a pendulum whose inverse dynamics is known in closed form
 * (pendulum-fixture.ts): generalised forces, external forces in three equivalent forms
 * (ground force at the centre of mass, the same force in the rod's frame, a torque),
 * the output file OpenSim would write, and the setup errors.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { isKinechainError, type KinechainError } from '../../core/errors.js';
import { parseStorage } from '../../io/opensim/storage.js';
import { prepareInverseDynamics, solveInverseDynamics } from './inverse-dynamics-tool.js';
import { PENDULUM, pendulumAngle, pendulumInverseDynamicsSetup, pendulumTorque, writePendulumFiles } from './pendulum-fixture.js';
import { runOpenSimSetup } from './run-opensim-setup.js';
import { readSetupDocument } from './setup-document.js';

const folder = mkdtempSync(join(tmpdir(), 'kinechain-id-'));

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

describe('InverseDynamicsTool on a pendulum', () => {
  it('reproduces (Izz + M L^2) q\'\' + M g L sin q at every frame, and writes <coordinate>_moment', async () => {
    const result = await runOpenSimSetup(writeSetup('id.xml', pendulumInverseDynamicsSetup()));
    expect(result.tool).toBe('InverseDynamicsTool');
    expect(result.files).toHaveLength(1);
    const path = result.files[0].path;
    expect(path).toBe(join(folder, 'Results', 'pendulum_ID.sto'));
    const written = parseStorage(readFileSync(path, 'utf8'), { source: path });
    expect(written.name).toBe('Inverse Dynamics Generalized Forces');
    expect(written.inDegrees).toBe(false);
    expect(written.table.labels).toEqual(['swing_angle_moment']);
    const time = written.table.time;
    // Frames are the motion's rows inside time_range (100 Hz from 0.3 to 1.7 s).
    expect(time.length).toBe(141);
    expect(time[0]).toBeCloseTo(0.3, 12);
    expect(time[time.length - 1]).toBeCloseTo(1.7, 12);
    const scale = PENDULUM.mass * PENDULUM.gravity * PENDULUM.comBelowPin;
    for (let i = 0; i < time.length; i++) {
      // The quintic spline's second derivative of 100 Hz samples of a 0.5 Hz sine: ~1e-9 relative
      // (the file holds 8 decimals, 1e-8 N m).
      expect(Math.abs(written.table.columns[0][i] - pendulumTorque(time[i]))).toBeLessThan(2e-8 * scale);
    }
  });

  it('external forces cancelling gravity leave (Izz + M L^2) q\'\', whether given in ground, in the body or as a torque', async () => {
    for (const load of ['groundForce', 'bodyForce', 'groundTorque'] as const) {
      const setup = writeSetup(`id-${load}.xml`, pendulumInverseDynamicsSetup({ externalLoads: `${load}.xml`, output: `${load}_ID` }));
      const result = await runOpenSimSetup(setup);
      // A name without extension gets ".sto", as OpenSim's Storage::printResult does.
      expect(result.files[0].path.endsWith(`${load}_ID.sto`)).toBe(true);
      const table = result.files[0].table;
      const scale = PENDULUM.mass * PENDULUM.gravity * PENDULUM.comBelowPin;
      for (let i = 0; i < table.time.length; i++) {
        // The loads are cubic splines of 400 Hz samples; the motion as above: ~1e-9 relative.
        expect(Math.abs(table.columns[0][i] - pendulumTorque(table.time[i], true))).toBeLessThan(1e-8 * scale);
      }
    }
  });

  it('filtering at a cutoff well above the motion barely changes the result; the times come from the padded, filtered rows', async () => {
    const document = await readSetupDocument(writeSetup('id-filter.xml', pendulumInverseDynamicsSetup({ cutoff: 6 })));
    const prepared = await prepareInverseDynamics(document);
    const solution = solveInverseDynamics(prepared);
    // 100 Hz rows are uniform to rounding: no resampling, so the times are the motion's.
    for (let i = 0; i < solution.time.length; i++) {
      const t = solution.time[i];
      expect(Math.abs(t - Math.round(t * 100) / 100)).toBeLessThan(1e-12);
      // Forward-backward third-order Butterworth at 6 Hz: |H(0.5 Hz)|^2 = 1 / (1 + (0.5/6)^6) = 1 - 3e-7.
      expect(Math.abs(solution.generalizedForce[i] - pendulumTorque(t))).toBeLessThan(1e-6);
    }
  });

  it('holds a coordinate missing from the file at its default value, and says so', async () => {
    const motion = readFileSync(join(folder, 'pendulum_motion.mot'), 'utf8').replace('swing_angle', 'other_column');
    writeFileSync(join(folder, 'no_swing.mot'), motion);
    const setup = pendulumInverseDynamicsSetup().replace('pendulum_motion.mot', 'no_swing.mot');
    const result = await runOpenSimSetup(writeSetup('id-missing.xml', setup));
    const expected = PENDULUM.mass * PENDULUM.gravity * PENDULUM.comBelowPin * Math.sin(0.2);
    for (const value of result.files[0].table.columns[0]) expect(value).toBeCloseTo(expected, 12);
    expect(result.warnings.join('\n')).toMatch(/no column for coordinate "swing_angle"; it is held at its default value/);
  });

  it('writes into --results-dir when given', async () => {
    const out = join(folder, 'elsewhere');
    const result = await runOpenSimSetup(writeSetup('id-out.xml', pendulumInverseDynamicsSetup()), { resultsDir: out });
    expect(result.resultsDirectory).toBe(out);
    expect(result.files[0].path).toBe(join(out, 'pendulum_ID.sto'));
    expect(readFileSync(result.files[0].path, 'utf8')).toContain('swing_angle_moment');
  });

  it('the pendulum swings as the fixture says (sanity of the closed form)', () => {
    expect(pendulumAngle(0.5)).toBeCloseTo(PENDULUM.amplitude, 12);
  });
});

describe('InverseDynamicsTool setup errors', () => {
  it('joints_to_report_body_forces that is not empty is UNSUPPORTED, naming the element and its line', async () => {
    const setup = pendulumInverseDynamicsSetup().replace('<joints_to_report_body_forces />', '<joints_to_report_body_forces>swing</joints_to_report_body_forces>');
    const error = await failure(() => runOpenSimSetup(writeSetup('id-joints.xml', setup)));
    expect(error.code).toBe('UNSUPPORTED');
    expect(error.message).toMatch(/line 12: <joints_to_report_body_forces>/);
  });

  it('a missing coordinates file is FILE_NOT_FOUND with its resolved path', async () => {
    const setup = pendulumInverseDynamicsSetup().replace('pendulum_motion.mot', 'absent.mot');
    const error = await failure(() => runOpenSimSetup(writeSetup('id-absent.xml', setup)));
    expect(error.code).toBe('FILE_NOT_FOUND');
    expect(error.message).toContain(join(folder, 'absent.mot'));
  });

  it('a time range outside the motion is OUT_OF_RANGE', async () => {
    const error = await failure(() => runOpenSimSetup(writeSetup('id-range.xml', pendulumInverseDynamicsSetup({ timeRange: [5, 6] }))));
    expect(error.code).toBe('OUT_OF_RANGE');
  });

  it('an external force on a body the model lacks is UNKNOWN_NAME', async () => {
    writeFileSync(join(folder, 'wrong-body.xml'), readFileSync(join(folder, 'groundForce.xml'), 'utf8').replace('<applied_to_body>rod', '<applied_to_body>rdo'));
    const error = await failure(() => runOpenSimSetup(writeSetup('id-wrong.xml', pendulumInverseDynamicsSetup({ externalLoads: 'wrong-body.xml' }))));
    expect(error.code).toBe('UNKNOWN_NAME');
    expect(error.message).toMatch(/did you mean "rod"/);
  });

  it('unknown settings are warnings, not errors', async () => {
    const result = await runOpenSimSetup(writeSetup('id-extra.xml', pendulumInverseDynamicsSetup({ extra: '\n\t\t<made_up_setting>1</made_up_setting>' })));
    expect(result.warnings.join('\n')).toMatch(/<made_up_setting> is not a setting of InverseDynamicsTool/);
  });
});
