/**
 * The foot-to-back commands as a user runs them: a separate process
 * (`npx tsx src/cli/main.ts`), checked for exit codes on bad input and for physical
 * invariants of what they print. Sample counts stay small; the defaults are larger.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const SLOW_MS = 300_000;
const scratch = mkdtempSync(join(tmpdir(), 'kinechain-analyses-e2e-'));

interface Outcome {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

function kinechain(args: readonly string[]): Promise<Outcome> {
  return new Promise((resolve) => {
    execFile(
      'npx',
      ['tsx', 'src/cli/main.ts', ...args],
      { cwd: ROOT, env: { ...process.env, KINECHAIN_DEBUG: '' }, maxBuffer: 64 * 1024 * 1024 },
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

/** Exit 2, nothing on stdout, one `kinechain:` line on stderr matching `pattern`, no stack trace. */
function expectInputError(outcome: Outcome, pattern: RegExp): void {
  expect(outcome.code).toBe(2);
  expect(outcome.stdout).toBe('');
  const lines = outcome.stderr.trim().split('\n');
  expect(lines).toHaveLength(1);
  expect(lines[0]).toMatch(/^kinechain: /);
  expect(lines[0]).toMatch(pattern);
}

/**
 * Parses stdout after checking the run succeeded with nothing on stderr but solver
 * warnings (no progress bar outside a terminal).
 */
function json(outcome: Outcome): Record<string, never> {
  for (const line of outcome.stderr.split('\n').filter((text) => text.trim() !== '')) expect(line).toMatch(/^kinechain: warning: /);
  expect(outcome.code).toBe(0);
  return JSON.parse(outcome.stdout);
}

function expectMirrored(r: number, l: number): void {
  expect(Math.abs(r - l)).toBeLessThanOrEqual(1e-8 * Math.max(1, Math.abs(r), Math.abs(l)));
}

describe.concurrent('foot-to-back commands (spawned): bad input exits 2 with one line', () => {
  it.each([
    [['posture', '--impairment', 'tight-heelcord'], /unknown impairment "tight-heelcord" \(did you mean "tight-heel-cord"\?\)/],
    [['toe-touch', '--impairment', 'tight-heel-cord=31'], /severity 31 deg of "tight-heel-cord" is outside its scale \[-20, 30\] deg/],
    [['posture', '--impairment', 'painful-heel=NaN'], /severity of impairment "painful-heel" must be a number/],
    [['yoga', 'warrior'], /unknown yoga pose "warrior"/],
    [['yoga', 'downward-dgo'], /did you mean "downward_dog"\?/],
    [['interdependence', '--svg', '/nonexistent-kinechain-directory/map.svg'], /cannot write the heatmap to .* does not exist/],
    [['posture', '--samples', '0'], /number of samples must be a whole number from 1 to 5000, got 0/],
    [['toe-touch', '--samples', '1000000'], /from 1 to 5000, got 1000000/],
  ])(
    '%j',
    async (args, pattern) => {
      expectInputError(await kinechain(args), pattern);
    },
    SLOW_MS,
  );
});

// One at a time: each runs for seconds, and the rest of the test suite runs alongside.
describe('foot-to-back commands (spawned): physical invariants', () => {
  it(
    'impairments at zero severity change the posture by exactly zero',
    async () => {
      const analysis = json(
        await kinechain(['posture', '--impairment', 'tight-plantar-fascia:both=0', '--impairment', 'achilles-tendinitis=0', '--samples', '20', '--json']),
      ) as unknown as {
        change: Record<string, unknown>;
        impaired: { l5s1CompressionN: number };
        baseline: { l5s1CompressionN: number };
      };
      const numbers: number[] = [];
      const collect = (value: unknown): void => {
        if (typeof value === 'number') numbers.push(value);
        else if (value !== null && typeof value === 'object') Object.values(value).forEach(collect);
      };
      collect(analysis.change);
      expect(numbers.length).toBeGreaterThan(40);
      expect(numbers.every((value) => value === 0)).toBe(true);
      expect(analysis.impaired.l5s1CompressionN).toBe(analysis.baseline.l5s1CompressionN);
    },
    SLOW_MS,
  );

  it(
    'the symmetric body loads left and right alike, also with an impairment of both sides',
    async () => {
      const analysis = json(await kinechain(['posture', '--impairment', 'tight-heel-cord:both', '--samples', '3', '--json'])) as unknown as {
        baseline: Record<string, { r: number; l: number }>;
        impaired: Record<string, { r: number; l: number }>;
      };
      for (const state of [analysis.baseline, analysis.impaired]) {
        for (const field of ['plantarFasciaForceN', 'achillesForceN', 'hamstringForceN', 'footLoadN', 'heelLoadN']) {
          expectMirrored(state[field].r, state[field].l);
        }
      }
      for (const field of ['achillesForceInterval', 'hamstringForceInterval', 'footLoadInterval']) {
        const pair = analysis.impaired[field] as unknown as { r: [number, number]; l: [number, number] };
        expectMirrored(pair.r[0], pair.l[0]);
        expectMirrored(pair.r[1], pair.l[1]);
      }
    },
    SLOW_MS,
  );

  it(
    'a tight heel cord shortens the toe-touch reach',
    async () => {
      const [plain, tight] = await Promise.all([
        kinechain(['toe-touch', '--json']),
        kinechain(['toe-touch', '--impairment', 'tight-heel-cord:both=-5', '--samples', '10', '--json']),
      ]);
      const before = (json(plain) as unknown as { before: { reachCm: number; fingertipToFloorCm: number } }).before;
      const impaired = (
        json(tight) as unknown as {
          before: { reachCm: number; fingertipToFloorCm: number; unimpairedReachCm: number; impairmentEffectCm: { nominal: number; high: number } };
        }
      ).before;
      expect(impaired.unimpairedReachCm).toBe(before.reachCm);
      expect(impaired.reachCm).toBeLessThan(before.reachCm - 0.5);
      expect(impaired.fingertipToFloorCm).toBeGreaterThan(before.fingertipToFloorCm);
      expect(impaired.impairmentEffectCm.nominal).toBeCloseTo(impaired.reachCm - before.reachCm, 9);
      expect(impaired.impairmentEffectCm.high).toBeLessThan(0);
    },
    SLOW_MS,
  );

  it(
    'plantar release of both feet gives a small positive mean reach gain inside its interval, within what the trials support',
    async () => {
      const analysis = json(await kinechain(['toe-touch', '--intervention', 'plantar-release-ball:both', '--samples', '20', '--seed', '3', '--json'])) as unknown as {
        change: { interventionEffectCm: { mean: number; low: number; high: number }; repeatTestCm: { mean: number } };
      };
      const effect = analysis.change.interventionEffectCm;
      expect(effect.mean).toBeGreaterThan(0);
      expect(effect.low).toBeLessThanOrEqual(effect.mean);
      expect(effect.mean).toBeLessThanOrEqual(effect.high);
      // Burk et al. 2020: about 1-3 cm, upper 95% limit about 4-5 cm.
      expect(effect.high).toBeLessThan(5);
      expect(analysis.change.repeatTestCm.mean).toBeGreaterThan(0);
    },
    SLOW_MS,
  );

  it(
    'interdependence --analysis toe-touch --json --svg writes the heatmap and prints the map as JSON only',
    async () => {
      const path = join(scratch, 'map.svg');
      const report = json(await kinechain(['interdependence', '--analysis', 'toe-touch', '--json', '--svg', path])) as unknown as {
        analyses: string[];
        columns: { key: string }[];
        rows: { cells: unknown[] }[];
        statements: { text: string }[];
        reachStatements: { text: string }[];
      };
      expect(report.analyses).toEqual(['toe-touch']);
      expect(report.columns[0].key).toBe('toe-touch.reach');
      expect(report.rows.length).toBeGreaterThan(50);
      for (const row of report.rows) expect(row.cells).toHaveLength(report.columns.length);
      expect(report.statements.length).toBeGreaterThan(0);
      expect(report.reachStatements.length).toBeGreaterThan(0);
      const svg = readFileSync(path, 'utf8');
      expect(svg).toMatch(/<svg[\s>]/);
      expect(svg.trim().endsWith('</svg>')).toBe(true);
    },
    SLOW_MS,
  );
});
