import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { KinechainError } from '../core/errors.js';
import { bundledRightStancePhase } from './bundled-walking-trial.js';
import { GAIT10DOF18MUSC_RIGHT_STANCE_ROWS } from './data/gait10dof18musc-right-stance.js';
import { walkingTrialRowsFromText } from './walking-trial-text.js';
import { parseRightStancePhase, readRightStancePhase } from './walking-reference.js';
import { GAIT10DOF18MUSC_WALK, findRightStance, rightStanceRows, stancePhaseFromRows, type StancePhaseTrial } from './walking-trial.js';

// The OpenSim reference: KINECHAIN_OPENSIM_REFERENCE names its opensim/ folder; default ../shared/reference/opensim next to the repository.
const OPENSIM_FOLDER = process.env.KINECHAIN_OPENSIM_REFERENCE ?? fileURLToPath(new URL('../../../shared/reference/opensim/', import.meta.url));
const REFERENCE_FOLDER = resolve(OPENSIM_FOLDER, '..');
const COORDINATES_PATH = resolve(REFERENCE_FOLDER, GAIT10DOF18MUSC_WALK.coordinatesFile);
const FORCES_PATH = resolve(REFERENCE_FOLDER, GAIT10DOF18MUSC_WALK.groundForceFile);
const HAVE_REFERENCE = existsSync(COORDINATES_PATH) && existsSync(FORCES_PATH);
const SKIP_NOTE = HAVE_REFERENCE ? '' : ` (skipped: ${COORDINATES_PATH} not found; set KINECHAIN_OPENSIM_REFERENCE to the opensim reference folder)`;

function expectSameTrial(actual: StancePhaseTrial, expected: StancePhaseTrial): void {
  expect(actual.heelStrikeTimeS).toBe(expected.heelStrikeTimeS);
  expect(actual.toeOffTimeS).toBe(expected.toeOffTimeS);
  expect(actual.source).toBe(expected.source);
  for (const key of ['time', 'stanceFraction', 'groundForceX', 'groundForceY', 'groundForceZ', 'centerOfPressureX'] as const) {
    expect(Array.from(actual[key]), key).toEqual(Array.from(expected[key]));
  }
  expect([...actual.coordinates.keys()]).toEqual([...expected.coordinates.keys()]);
  for (const [name, series] of expected.coordinates) {
    const other = actual.coordinates.get(name);
    expect(other, name).toBeDefined();
    for (const key of ['value', 'velocity', 'acceleration'] as const) expect(Array.from(other![key]), `${name} ${key}`).toEqual(Array.from(series[key]));
  }
}

describe('bundled walking trial', () => {
  it(`holds exactly the stance rows of the reference files${SKIP_NOTE}`, { skip: !HAVE_REFERENCE }, () => {
    const full = walkingTrialRowsFromText(readFileSync(COORDINATES_PATH, 'utf8'), readFileSync(FORCES_PATH, 'utf8'));
    expect(rightStanceRows(full)).toEqual(GAIT10DOF18MUSC_RIGHT_STANCE_ROWS);
    // The bundle is a strict subset of the files' rows.
    expect(GAIT10DOF18MUSC_RIGHT_STANCE_ROWS.groundForce.time.length).toBeLessThan(full.groundForce.time.length);
  });

  it(`resamples to bit-for-bit the trial the reference files give${SKIP_NOTE}`, { skip: !HAVE_REFERENCE }, () => {
    const coordinates = readFileSync(COORDINATES_PATH, 'utf8');
    const forces = readFileSync(FORCES_PATH, 'utf8');
    for (const instants of [100, 37]) expectSameTrial(bundledRightStancePhase(instants), parseRightStancePhase(coordinates, forces, instants));
    expectSameTrial(readRightStancePhase(), readRightStancePhase(REFERENCE_FOLDER));
  });

  it('is closed under trimming: the bundle trimmed again is itself, with the stance inside it', () => {
    expect(rightStanceRows(GAIT10DOF18MUSC_RIGHT_STANCE_ROWS)).toEqual(GAIT10DOF18MUSC_RIGHT_STANCE_ROWS);
    const { heelStrikeRow, toeOffRow } = findRightStance(GAIT10DOF18MUSC_RIGHT_STANCE_ROWS);
    const vy = GAIT10DOF18MUSC_RIGHT_STANCE_ROWS.groundForce.vy;
    expect(heelStrikeRow).toBe(1);
    expect(vy[heelStrikeRow - 1]).toBeLessThanOrEqual(20);
    for (let i = heelStrikeRow; i <= toeOffRow; i++) expect(vy[i]).toBeGreaterThan(20);
    expect(vy[toeOffRow + 1]).toBeLessThanOrEqual(20);
  });

  it('rejects columns whose length differs from their times, and fewer than three instants', () => {
    const rows = GAIT10DOF18MUSC_RIGHT_STANCE_ROWS;
    const broken = { ...rows, groundForce: { ...rows.groundForce, px: rows.groundForce.px.slice(1) } };
    expect(() => stancePhaseFromRows(broken)).toThrow(/"px" has/);
    expect(() => stancePhaseFromRows(rows, 2)).toThrow(KinechainError);
  });
});
