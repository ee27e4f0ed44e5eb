/**
 * `kinechain gait` through the command line: exit codes and messages for bad input, and
 * the reference walking trial (gait10dof18musc, copied to a temporary folder) as tables,
 * JSON and result files.
 */
import { cpSync, existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { bufferIo } from '../io.js';
import { EXIT_OK, EXIT_USAGE, runCli } from '../run.js';

const REPO_ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const REFERENCE_DIR = process.env.KINECHAIN_OPENSIM_REFERENCE ?? resolve(REPO_ROOT, '../shared/reference/opensim');

async function run(argv: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const io = bufferIo();
  const code = await runCli(argv, io, {});
  return { code, stdout: io.stdout(), stderr: io.stderr() };
}

describe('kinechain gait: bad input', () => {
  it('without a setup or model and coordinates: exit 2 naming the options', async () => {
    const result = await run(['gait']);
    expect(result.code).toBe(EXIT_USAGE);
    expect(result.stderr).toMatch(/--setup SETUP\.xml.*--model M\.osim --coordinates C\.mot/);
  });

  it('a setup that does not exist: exit 2', async () => {
    const result = await run(['gait', '--setup', join(tmpdir(), 'no-such-setup.xml')]);
    expect(result.code).toBe(EXIT_USAGE);
    expect(result.stderr).toMatch(/no-such-setup\.xml/);
  });

  it('a bad --lowpass: exit 2', async () => {
    const result = await run(['gait', '--setup', 'x.xml', '--lowpass', 'fast']);
    expect(result.code).toBe(EXIT_USAGE);
    expect(result.stderr).toMatch(/lowpass must be a positive number/);
  });
});

describe('kinechain gait on gait10dof18musc walking', () => {
  let folder: string;
  beforeAll(() => {
    const source = join(REFERENCE_DIR, 'gait10dof18musc');
    if (!existsSync(source)) throw new Error(`OpenSim reference folder ${source} is missing (set KINECHAIN_OPENSIM_REFERENCE to the folder)`);
    folder = join(mkdtempSync(join(tmpdir(), 'kinechain-gait-cli-')), 'gait10dof18musc');
    cpSync(source, folder, { recursive: true });
  });

  it('follows moving and conditional path points exactly by default, and freezes them only on request', async () => {
    const exact = await run(['gait', '--setup', join(folder, 'ID/walk_Setup_ID.xml'), '--json']);
    expect(exact.code).toBe(EXIT_OK);
    // The approximation notes (of the trial and of the imported model's optimisation) are in the JSON.
    expect(exact.stdout).not.toMatch(/path points fixed at the default pose/);
    const frozen = await run(['gait', '--setup', join(folder, 'ID/walk_Setup_ID.xml'), '--freeze-path-points', '--json']);
    expect(frozen.code).toBe(EXIT_OK);
    expect(frozen.stdout).toMatch(/path points fixed at the default pose/);
  }, 120_000);

  it('the files one by one, JSON and result files', async () => {
    const out = join(folder, 'gait-results');
    const result = await run([
      'gait',
      '--model', join(folder, 'subject01.osim'),
      '--coordinates', join(folder, 'IK/subject01_walk_IK.mot'),
      '--external-loads', join(folder, 'ExperimentalData/subject01_walk_grf.xml'),
      '--actuators', join(folder, 'gait10dof_Reserve_Actuators.xml'),
      '--json',
      '--results-dir', out,
    ]);
    expect(result.code).toBe(EXIT_OK);
    const analysis = JSON.parse(result.stdout) as { timeS: number[]; defaultBody: { l5s1CompressionN: { values: number[] } } };
    expect(analysis.timeS.length).toBeGreaterThan(100);
    expect(analysis.defaultBody.l5s1CompressionN.values).toHaveLength(analysis.timeS.length);
    const written = JSON.parse(readFileSync(join(out, 'gait.json'), 'utf8')) as { timeS: number[] };
    expect(written.timeS).toEqual(analysis.timeS);
    expect(readFileSync(join(out, 'gait_default_body.sto'), 'utf8')).toMatch(/plantar_fascia_r/);
  }, 120_000);

  it('tables by default, with the trunk at the reference', async () => {
    const result = await run([
      'gait',
      '--setup', join(folder, 'ID/walk_Setup_ID.xml'),
      '--actuators', join(folder, 'gait10dof_Reserve_Actuators.xml'),
      '--freeze-path-points',
      '--trunk', 'reference',
    ]);
    expect(result.code).toBe(EXIT_OK);
    expect(result.stdout).toMatch(/Peaks over the trial/);
    expect(result.stdout).toMatch(/plantar fascia\s+│ walk_subject01 │ not represented/);
    expect(result.stdout).toMatch(/not\s+applied\s+\(trunk\s+'reference'\)/);
  }, 120_000);
});
