/**
 * Dispatch by the setup's root element, the runner hook other tools register with, the
 * setup-file helpers and their errors (element and line named), and the external-load
 * wrench assembly on its own (forces without a point, piecewise-linear data).
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { isKinechainError, type KinechainError } from '../../core/errors.js';
import { forwardKinematics } from '../../core/kinematics/forward-kinematics.js';
import { makeData } from '../../core/model/make-data.js';
import { parseExternalLoadsXml, resolveExternalForces, type ExternalLoads } from '../../io/opensim/external-loads.js';
import { importOsim } from '../../io/opensim/osim-import.js';
import { makeTimeSeriesTable } from '../../io/table/time-series-table.js';
import { compile } from '../../spec/compile.js';
import { externalWrenches, prepareExternalLoads, sampleExternalLoads } from './external-load-wrenches.js';
import { PENDULUM_MODEL } from './pendulum-fixture.js';
import { openSimToolNames, registerOpenSimToolRunner, runOpenSimSetup } from './run-opensim-setup.js';
import { parseSetupDocument, settingNames, settingNumber, settingRange, settingText } from './setup-document.js';

const folder = mkdtempSync(join(tmpdir(), 'kinechain-setup-'));

function write(name: string, text: string): string {
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

describe('runOpenSimSetup dispatch', () => {
  it('a tool kinechain does not run is UNSUPPORTED, naming the element, its line and the tools it runs', async () => {
    const path = write('cmc.xml', '<?xml version="1.0"?>\n<OpenSimDocument Version="40000">\n\t<CMCTool name="x" />\n</OpenSimDocument>\n');
    const error = await failure(() => runOpenSimSetup(path));
    expect(error.code).toBe('UNSUPPORTED');
    expect(error.message).toMatch(/line 3: <CMCTool> is not a tool kinechain runs; kinechain runs OpenSim setups for InverseDynamicsTool, AnalyzeTool, InverseKinematicsTool/);
  });

  it('a registered runner receives the parsed setup and the options', async () => {
    const path = write('custom.xml', '<OpenSimDocument Version="40000"><CustomTool name="mine"><x>1</x></CustomTool></OpenSimDocument>');
    registerOpenSimToolRunner('CustomTool', async (document, options) => ({
      tool: document.toolName,
      setupPath: document.path,
      resultsDirectory: options.resultsDir ?? document.folder,
      files: [],
      warnings: [document.name],
      approximations: [],
    }));
    expect(openSimToolNames()).toContain('CustomTool');
    const result = await runOpenSimSetup(path, { resultsDir: '/somewhere' });
    expect(result).toMatchObject({ tool: 'CustomTool', setupPath: path, resultsDirectory: '/somewhere', warnings: ['mine'] });
  });

  it('InverseKinematicsTool goes to the inverse kinematics module, loaded on first use', async () => {
    const path = write(
      'ik.xml',
      '<OpenSimDocument Version="30000"><InverseKinematicsTool name="ik"><model_file>absent.osim</model_file>' +
        '<marker_file>absent.trc</marker_file><time_range>0 1</time_range></InverseKinematicsTool></OpenSimDocument>',
    );
    const error = await failure(() => runOpenSimSetup(path));
    // The module ran (and found no model file): the hook reached it.
    expect(error.message).not.toMatch(/not available in this build/);
    expect(error.code).toBe('FILE_NOT_FOUND');
  });

  it('malformed XML, a document with two tools, and a missing file are clean errors', async () => {
    expect((await failure(() => runOpenSimSetup(write('broken.xml', '<OpenSimDocument><InverseDynamicsTool>')))).code).toBe('MALFORMED_INPUT');
    const two = write('two.xml', '<OpenSimDocument><InverseDynamicsTool/><AnalyzeTool/></OpenSimDocument>');
    expect((await failure(() => runOpenSimSetup(two))).message).toMatch(/exactly one tool element.*<InverseDynamicsTool>, <AnalyzeTool>/);
    expect((await failure(() => runOpenSimSetup(join(folder, 'absent.xml')))).code).toBe('FILE_NOT_FOUND');
  });
});

describe('setup settings', () => {
  const document = parseSetupDocument(
    `<OpenSimDocument Version="30000">
  <InverseDynamicsTool name="walk">
    <model_file> Unassigned </model_file>
    <time_range> 0 Inf</time_range>
    <forces_to_exclude> Muscles  knee_limit </forces_to_exclude>
    <lowpass_cutoff_frequency_for_coordinates>6</lowpass_cutoff_frequency_for_coordinates>
    <bad_range>2 1</bad_range>
    <bad_number>six</bad_number>
  </InverseDynamicsTool>
</OpenSimDocument>`,
    join(folder, 'settings.xml'),
  );

  it('reads the tool, its name and version, and typed settings ("Unassigned" is no file)', () => {
    expect([document.toolName, document.name, document.version, document.folder]).toEqual(['InverseDynamicsTool', 'walk', 30000, folder]);
    expect(settingText(document.tool, 'model_file')).toBeUndefined();
    expect(settingRange(document.tool, 'time_range', [0, 0])).toEqual([0, Infinity]);
    expect(settingRange(document.tool, 'absent', [-1, 1])).toEqual([-1, 1]);
    expect(settingNames(document.tool, 'forces_to_exclude')).toEqual(['Muscles', 'knee_limit']);
    expect(settingNumber(document.tool, 'lowpass_cutoff_frequency_for_coordinates', -1)).toBe(6);
  });

  it('bad values name the element and its line', () => {
    expect(() => settingRange(document.tool, 'bad_range', [0, 1])).toThrow(/settings\.xml: line 7: <bad_range> must be "start end" with start <= end/);
    expect(() => settingNumber(document.tool, 'bad_number', 0)).toThrow(/line 8: <bad_number> must hold one number/);
  });
});

describe('external-load wrenches', () => {
  const model = compile(importOsim(PENDULUM_MODEL).spec);
  const data = makeData(model);

  /** An ExternalLoads from xml and an in-memory data table. */
  function loads(xml: string, time: number[], columns: Record<string, number[]>): ExternalLoads {
    const settings = parseExternalLoadsXml(xml, { source: 'loads.xml' });
    const table = makeTimeSeriesTable({ time, labels: Object.keys(columns), columns: Object.values(columns) });
    return {
      settings,
      dataFilePath: 'loads.mot',
      data: { name: 'loads', table, inDegrees: false, description: [] },
      modelKinematicsFilePath: undefined,
      forces: resolveExternalForces(settings, table, 'loads.mot'),
    };
  }

  const xml = (point: string, disabled = '') => `<OpenSimDocument Version="40000"><ExternalLoads name="l"><objects>
    <ExternalForce name="push">${disabled}<applied_to_body>rod</applied_to_body><force_expressed_in_body>rod</force_expressed_in_body>
    <point_expressed_in_body>rod</point_expressed_in_body><force_identifier>f</force_identifier>${point}</ExternalForce>
  </objects><datafile>loads.mot</datafile></ExternalLoads></OpenSimDocument>`;

  it('a force without a point acts at the applied body\'s origin; body-frame forces turn with the body; two samples interpolate linearly', () => {
    const prepared = prepareExternalLoads(loads(xml(''), [0, 1], { fx: [2, 4], fy: [0, 0], fz: [0, 0] }), model);
    const samples = sampleExternalLoads(prepared, Float64Array.from([0.25, 1.5]));
    const q = 0.3;
    forwardKinematics(model, data, Float64Array.from([q]));
    const wrench = new Float64Array(6 * model.nbody);
    for (const [frame, magnitude] of [[0, 2.5], [1, 5]] as const) {
      externalWrenches(model, data, samples, frame, wrench);
      const rod = model.bodyIndex.get('rod') as number;
      // Rod x axis in ground: (cos q, sin q, 0); its origin is the pin at (0, 1, 0).
      const force = [magnitude * Math.cos(q), magnitude * Math.sin(q), 0];
      const expected = [0, 0, 0 * force[1] - 1 * force[0], ...force];
      for (let k = 0; k < 6; k++) expect(wrench[6 * rod + k]).toBeCloseTo(expected[k], 12);
      for (let k = 0; k < 6; k++) expect(wrench[k]).toBe(0);
    }
  });

  it('a disabled force is left out with a warning', () => {
    const prepared = prepareExternalLoads(loads(xml('', '<appliesForce>false</appliesForce>'), [0], { fx: [1], fy: [0], fz: [0] }), model);
    expect(prepared.names).toEqual([]);
    expect(prepared.warnings.join()).toMatch(/"push" is disabled and was not applied/);
  });
});
