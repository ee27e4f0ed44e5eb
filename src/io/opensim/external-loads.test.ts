import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KinechainError } from '../../core/errors.js';
import { makeTimeSeriesTable } from '../table/time-series-table.js';
import { findVectorColumns, parseExternalLoadsXml, readExternalLoadsFile } from './external-loads.js';
import { formatStorage } from './storage.js';

const reference = fileURLToPath(new URL('../../../../shared/reference/opensim/gait10dof18musc/ExperimentalData/', import.meta.url));
const xmlPath = join(reference, 'subject01_walk_grf.xml');
const motPath = join(reference, 'subject01_walk_grf.mot');

function caught(action: () => unknown): KinechainError {
  try {
    action();
  } catch (error) {
    if (error instanceof KinechainError) return error;
    throw error;
  }
  throw new Error('expected a KinechainError');
}

describe('reading the reference ExternalLoads file', () => {
  it('reads both ExternalForce entries and their columns from the .mot next to the xml', async () => {
    const loads = await readExternalLoadsFile(xmlPath);
    expect(loads.settings.name).toBe('WalkingGRF');
    expect(loads.settings.dataFile).toBe('subject01_walk_grf.mot');
    expect(loads.dataFilePath).toBe(motPath);
    expect(loads.settings.lowpassCutoffFrequencyForLoadKinematics).toBeUndefined();
    expect(loads.modelKinematicsFilePath).toBeUndefined();
    expect(loads.forces).toHaveLength(2);

    const [right, left] = loads.forces;
    expect(right.name).toBe('right');
    expect(right.enabled).toBe(true);
    expect(right.appliedToBody).toBe('calcn_r');
    expect(right.forceExpressedInBody).toBe('ground');
    expect(right.pointExpressedInBody).toBe('ground');
    expect(right.forceIdentifier).toBe('ground_force_v');
    expect(right.dataSourceName).toBeUndefined();
    expect(right.force.labels).toEqual(['ground_force_vx', 'ground_force_vy', 'ground_force_vz']);
    expect(right.point?.labels).toEqual(['ground_force_px', 'ground_force_py', 'ground_force_pz']);
    expect(right.torque?.labels).toEqual(['ground_torque_x', 'ground_torque_y', 'ground_torque_z']);
    expect(left.appliedToBody).toBe('calcn_l');
    expect(left.force.labels).toEqual(['1_ground_force_vx', '1_ground_force_vy', '1_ground_force_vz']);
    expect(left.point?.labels).toEqual(['1_ground_force_px', '1_ground_force_py', '1_ground_force_pz']);
    expect(left.torque?.labels).toEqual(['1_ground_torque_x', '1_ground_torque_y', '1_ground_torque_z']);

    // Check the values against the .mot's text, read here independently.
    const lines = (await readFile(motPath, 'utf8')).split('\n');
    const labels = lines[6].split('\t');
    for (const lineIndex of [7, 500, 1507]) {
      const cells = lines[lineIndex].split('\t').map(Number);
      const row = lineIndex - 7;
      expect(loads.data.table.time[row]).toBe(cells[0]);
      for (const force of loads.forces) {
        for (const vector of [force.force, force.point!, force.torque!]) {
          vector.labels.forEach((label, axis) => expect(vector.columns[axis][row]).toBe(cells[labels.indexOf(label)]));
        }
      }
    }
    // The first frame is right stance: the right foot carries most of the ~750 N vertical load.
    expect(right.force.columns[1][0]).toBeGreaterThan(left.force.columns[1][0]);
  });
});

describe('ExternalLoads in OpenSim 4 form and errors', () => {
  let folder: string;
  beforeAll(async () => {
    folder = await mkdtemp(join(tmpdir(), 'kinechain-loads-'));
    await mkdir(join(folder, 'data'));
    const table = makeTimeSeriesTable({
      time: [0, 0.5, 1],
      labels: ['r_vx', 'r_vy', 'r_vz', 'r_px', 'r_py', 'r_pz', 'F_1', 'F_2', 'F_3'],
      columns: [
        [1, 2, 3],
        [700, 710, 720],
        [4, 5, 6],
        [0.1, 0.2, 0.3],
        [0, 0, 0],
        [0.05, 0.06, 0.07],
        [7, 8, 9],
        [10, 11, 12],
        [13, 14, 15],
      ],
    });
    await writeFile(join(folder, 'data', 'grf.mot'), formatStorage(table, { name: 'grf' }));
  });
  afterAll(async () => {
    await rm(folder, { recursive: true, force: true });
  });

  const document = (forces: string, datafile = 'data/grf.mot'): string => `<?xml version="1.0" encoding="UTF-8" ?>
<OpenSimDocument Version="40000">
  <ExternalLoads name="loads">
    <objects>
${forces}
    </objects>
    <groups />
    <datafile>${datafile}</datafile>
    <external_loads_model_kinematics_file>ik/walk_ik.mot</external_loads_model_kinematics_file>
    <lowpass_cutoff_frequency_for_load_kinematics>6</lowpass_cutoff_frequency_for_load_kinematics>
  </ExternalLoads>
</OpenSimDocument>
`;
  const rightForce = `      <ExternalForce name="right">
        <appliesForce>false</appliesForce>
        <applied_to_body>calcn_r</applied_to_body>
        <force_expressed_in_body>ground</force_expressed_in_body>
        <force_identifier>r_v</force_identifier>
        <point_identifier>r_p</point_identifier>
        <torque_identifier></torque_identifier>
        <data_source_name>grf</data_source_name>
      </ExternalForce>`;
  const prefixForce = `      <ExternalForce name="other">
        <applied_to_body>pelvis</applied_to_body>
        <force_identifier>F_</force_identifier>
      </ExternalForce>`;

  it('reads appliesForce, defaults, relative paths, the cutoff and prefix identifiers', async () => {
    const path = join(folder, 'loads.xml');
    await writeFile(path, document(`${rightForce}\n${prefixForce}`));
    const loads = await readExternalLoadsFile(path);
    expect(loads.dataFilePath).toBe(join(folder, 'data', 'grf.mot'));
    expect(loads.modelKinematicsFilePath).toBe(join(folder, 'ik', 'walk_ik.mot'));
    expect(loads.settings.lowpassCutoffFrequencyForLoadKinematics).toBe(6);
    const [right, other] = loads.forces;
    expect(right.enabled).toBe(false);
    expect(right.pointExpressedInBody).toBe('ground');
    expect(right.dataSourceName).toBe('grf');
    expect(right.torque).toBeUndefined();
    expect(Array.from(right.force.columns[1])).toEqual([700, 710, 720]);
    expect(Array.from(right.point!.columns[2])).toEqual([0.05, 0.06, 0.07]);
    expect(other.enabled).toBe(true);
    expect(other.point).toBeUndefined();
    expect(other.force.labels).toEqual(['F_1', 'F_2', 'F_3']);
  });

  it('reports an identifier with no columns as UNKNOWN_NAME with suggestions', async () => {
    const path = join(folder, 'unknown.xml');
    await writeFile(path, document(rightForce.replace('<force_identifier>r_v<', '<force_identifier>r_f<')));
    await expect(readExternalLoadsFile(path)).rejects.toMatchObject({ code: 'UNKNOWN_NAME', message: expect.stringContaining('did you mean') });
  });

  it('reports a data file that does not exist as FILE_NOT_FOUND', async () => {
    const path = join(folder, 'missing-data.xml');
    await writeFile(path, document(rightForce, 'nowhere.mot'));
    await expect(readExternalLoadsFile(path)).rejects.toMatchObject({ code: 'FILE_NOT_FOUND' });
  });

  it('rejects PrescribedForce entries, missing identifiers and ambiguous prefixes', () => {
    const prescribed = caught(() => parseExternalLoadsXml(document('<PrescribedForce name="p"/>'), { source: 'loads.xml' }));
    expect(prescribed.code).toBe('UNSUPPORTED');
    expect(prescribed.message).toContain('PrescribedForce');
    const noIdentifier = caught(() => parseExternalLoadsXml(document('<ExternalForce name="x"><applied_to_body>b</applied_to_body></ExternalForce>')));
    expect(noIdentifier.code).toBe('MALFORMED_INPUT');
    expect(noIdentifier.message).toContain('force_identifier');
    expect(noIdentifier.message).toMatch(/line \d+/);
    const table = makeTimeSeriesTable({ time: [0], labels: ['r_a', 'r_b', 'r_c', 'r_d'], columns: [[1], [2], [3], [4]] });
    expect(caught(() => findVectorColumns(table, 'r_', 'test')).message).toContain('matches 4 columns');
    expect(caught(() => parseExternalLoadsXml('<OpenSimDocument><Model/></OpenSimDocument>')).message).toContain('no <ExternalLoads>');
  });
});
