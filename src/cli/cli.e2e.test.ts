/**
 * The command line as a user runs it: a separate process (`npx tsx src/cli/main.ts`),
 * checked for exit codes, stdout and stderr. Few and coarse; the in-process tests in
 * cli.test.ts cover the details.
 */
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

interface Outcome {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

function kinechain(args: readonly string[], env: Record<string, string> = {}): Promise<Outcome> {
  return new Promise((resolve) => {
    execFile(
      'npx',
      ['tsx', 'src/cli/main.ts', ...args],
      { cwd: ROOT, env: { ...process.env, KINECHAIN_DEBUG: '', ...env }, maxBuffer: 64 * 1024 * 1024 },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
        // npm may print its own configuration warnings on stderr; they are not ours.
        const ours = stderr
          .split('\n')
          .filter((line) => !line.startsWith('npm warn'))
          .join('\n');
        resolve({ code, stdout, stderr: ours });
      },
    );
  });
}

describe.concurrent('kinechain (spawned)', () => {
  it('model --json exits 0 and prints parseable JSON only', async () => {
    const outcome = await kinechain(['model', '--json']);
    expect(outcome.code).toBe(0);
    expect(outcome.stderr.trim()).toBe('');
    expect(JSON.parse(outcome.stdout).dofs).toHaveLength(43);
  });

  it('chain on an example pose relative to standing exits 0', async () => {
    const outcome = await kinechain([
      'chain',
      '--pose',
      'examples/poses/ankle-dorsiflexion-knee-extended.json',
      '--degrees',
      '--relative-to',
      'standing',
      '--json',
    ]);
    expect(outcome.code).toBe(0);
    expect(JSON.parse(outcome.stdout).relativeTo).toBe('standing');
  });

  it('a missing pose file exits 2 with one kinechain: line and no stack trace', async () => {
    const outcome = await kinechain(['chain', '--pose', 'examples/poses/missing.json']);
    expect(outcome.code).toBe(2);
    expect(outcome.stdout).toBe('');
    expect(outcome.stderr.trim()).toBe('kinechain: pose file examples/poses/missing.json does not exist; check the path');
  });

  it('an unknown command exits 2', async () => {
    const outcome = await kinechain(['frobnicate']);
    expect(outcome.code).toBe(2);
    expect(outcome.stderr.trim()).toBe("kinechain: unknown command 'frobnicate'");
  });

  it('KINECHAIN_DEBUG=1 adds the stack trace to the message', async () => {
    const outcome = await kinechain(['chain', '--pose', 'examples/poses/missing.json'], { KINECHAIN_DEBUG: '1' });
    expect(outcome.code).toBe(2);
    expect(outcome.stderr).toMatch(/^kinechain: pose file .* does not exist/);
    expect(outcome.stderr).toMatch(/^\s+at /m);
  });
});
