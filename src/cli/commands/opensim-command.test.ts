/**
 * `kinechain opensim SETUP.xml` in-process: the files it reports, --results-dir,
 * warnings on stderr, and clean one-line errors with exit code 2.
 */
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { pendulumInverseDynamicsSetup, writePendulumFiles } from '../../app/opensim/pendulum-fixture.js';
import { bufferIo } from '../io.js';
import { EXIT_OK, EXIT_USAGE, runCli } from '../run.js';

const folder = mkdtempSync(join(tmpdir(), 'kinechain-cli-opensim-'));

async function run(...argv: string[]) {
  const io = bufferIo();
  const code = await runCli(argv, io, {});
  return { code, stdout: io.stdout(), stderr: io.stderr() };
}

beforeAll(async () => {
  await writePendulumFiles(folder);
  writeFileSync(join(folder, 'id.xml'), pendulumInverseDynamicsSetup());
  writeFileSync(join(folder, 'id-extra.xml'), pendulumInverseDynamicsSetup({ extra: '\n\t\t<made_up_setting>1</made_up_setting>' }));
});

describe('kinechain opensim', () => {
  it('runs an InverseDynamicsTool setup and lists what it wrote', async () => {
    const result = await run('opensim', join(folder, 'id.xml'));
    expect(result.code).toBe(EXIT_OK);
    expect(result.stderr).toBe('');
    const path = join(folder, 'Results', 'pendulum_ID.sto');
    expect(result.stdout).toContain(`InverseDynamicsTool: ${join(folder, 'id.xml')}`);
    expect(result.stdout).toContain(`wrote ${path} (141 rows, 1 columns, 0.3000 .. 1.7000 s)`);
    expect(existsSync(path)).toBe(true);
  });

  it('--results-dir redirects the output; warnings go to stderr', async () => {
    const out = join(folder, 'cli-out');
    const result = await run('opensim', join(folder, 'id-extra.xml'), '--results-dir', out);
    expect(result.code).toBe(EXIT_OK);
    expect(existsSync(join(out, 'pendulum_ID.sto'))).toBe(true);
    expect(result.stderr).toMatch(/^kinechain: warning: .*<made_up_setting> is not a setting of InverseDynamicsTool/);
  });

  it('a missing setup file or an unsupported tool is one line on stderr and exit 2', async () => {
    for (const [path, pattern] of [
      [join(folder, 'absent.xml'), /does not exist; check the path/],
      [join(folder, 'pendulum.osim'), /<Model> is not a tool kinechain runs/],
    ] as const) {
      const result = await run('opensim', path);
      expect(result.code).toBe(EXIT_USAGE);
      expect(result.stdout).toBe('');
      expect(result.stderr).toMatch(pattern);
      expect(result.stderr.trim().split('\n')).toHaveLength(1);
    }
  });

  it('without a setup file it is a usage error', async () => {
    const result = await run('opensim');
    expect(result.code).toBe(EXIT_USAGE);
    expect(result.stderr).toMatch(/missing required argument 'setup'/);
  });
});
