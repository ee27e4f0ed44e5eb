/**
 * The command line in-process: runCli with buffered output, for exit codes, messages
 * and the shape of the JSON each command prints.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { KinechainError } from '../core/errors.js';
import { compile } from '../spec/compile.js';
import { CLI_FIXTURE_SPEC } from '../../test/fixtures/cli-fixture.js';
import { chainCommand } from './commands/chain-command.js';
import { modelCommand } from './commands/model-command.js';
import { reportCommand } from './commands/report-command.js';
import { bufferIo } from './io.js';
import { EXIT_INTERNAL, EXIT_OK, EXIT_USAGE, reportError, runCli } from './run.js';

const EXAMPLES = new URL('../../examples/poses/', import.meta.url).pathname;
const FORWARD_BEND = join(EXAMPLES, 'standing-forward-bend.json');
const scratch = mkdtempSync(join(tmpdir(), 'kinechain-cli-'));

async function run(...argv: string[]) {
  const io = bufferIo();
  const code = await runCli(argv, io, {});
  return { code, stdout: io.stdout(), stderr: io.stderr() };
}

function writeScratch(name: string, text: string): string {
  const path = join(scratch, name);
  writeFileSync(path, text);
  return path;
}

/** A usage or input error: exit 2, one `kinechain: ...` line on stderr, nothing on stdout, no stack trace. */
function expectUsageError(result: { code: number; stdout: string; stderr: string }, pattern: RegExp): void {
  expect(result.code).toBe(EXIT_USAGE);
  expect(result.stdout).toBe('');
  expect(result.stderr.startsWith('kinechain: ')).toBe(true);
  expect(result.stderr).toMatch(pattern);
  expect(result.stderr).not.toMatch(/^\s+at /m);
}

describe('kinechain model', () => {
  it('--json prints dofs with ranges in rad and deg, bodies, joints, tissues and lines', async () => {
    const result = await run('model', '--json');
    expect(result.code).toBe(EXIT_OK);
    expect(result.stderr).toBe('');
    const description = JSON.parse(result.stdout);
    expect(Object.keys(description)).toEqual(
      expect.arrayContaining(['name', 'subject', 'totalMassKg', 'counts', 'dofs', 'bodies', 'joints', 'tissues', 'lines']),
    );
    expect(description.dofs).toHaveLength(43);
    const hip = description.dofs.find((dof: { name: string }) => dof.name === 'hip_flexion_r');
    expect(hip).toMatchObject({ kind: 'rotational', unit: 'rad', joint: 'hip_r', body: 'femur_r' });
    expect(hip.rangeDeg[0]).toBeCloseTo((hip.range[0] * 180) / Math.PI, 9);
    const femur = description.bodies.find((body: { name: string }) => body.name === 'femur_r');
    expect(femur).toMatchObject({ parent: 'pelvis', joint: 'hip_r' });
    expect(femur.massKg).toBeGreaterThan(0);
    const hipJoint = description.joints.find((joint: { name: string }) => joint.name === 'hip_r');
    expect(hipJoint.coordinates).toEqual(['hip_flexion_r', 'hip_adduction_r', 'hip_rotation_r']);
    for (const tissue of description.tissues) {
      expect(Object.keys(tissue)).toEqual(expect.arrayContaining(['name', 'kind', 'region', 'side', 'source', 'referenceLengthM']));
    }
    for (const line of description.lines) {
      expect(line.junctions).toHaveLength(line.tracks.length - 1);
      for (const junction of line.junctions) {
        expect(Object.keys(junction)).toEqual(expect.arrayContaining(['evidence', 'studies', 'forceTransmission', 'station']));
      }
    }
  });

  it('scales to the subject given by --height, --mass and --sex', async () => {
    const result = await run('model', '--json', '--height', '1.6', '--mass', '55', '--sex', 'female');
    expect(result.code).toBe(EXIT_OK);
    const description = JSON.parse(result.stdout);
    expect(description.subject).toEqual({ heightM: 1.6, massKg: 55, sex: 'female' });
    expect(description.totalMassKg).toBeCloseTo(55, 6);
  });

  it('prints tables without --json', async () => {
    const result = await run('model');
    expect(result.code).toBe(EXIT_OK);
    expect(result.stdout).toContain('Degrees of freedom');
    expect(result.stdout).toContain('hip_flexion_r');
    expect(result.stdout).toContain('Bodies');
    expect(() => JSON.parse(result.stdout)).toThrow();
  });

  it.each([
    [['--height', 'tall'], /height must be a positive number/],
    [['--height', '-1'], /height must be a positive number/],
    [['--height', '5'], /height 5 m is outside/],
    [['--mass', '1000'], /mass 1000 kg is outside/],
    [['--sex', 'other'], /--sex/],
    [['--bogus'], /unknown option '--bogus'/],
  ])('rejects %j with a usage error', async (options, pattern) => {
    expectUsageError(await run('model', ...options), pattern);
  });
});

describe('kinechain chain', () => {
  it('--json relative to standing prints the pose, tracks, junctions, reference values, changes and convergence', async () => {
    const result = await run('chain', '--pose', FORWARD_BEND, '--degrees', '--relative-to', 'standing', '--json');
    expect(result.code).toBe(EXIT_OK);
    const analysis = JSON.parse(result.stdout);
    expect(analysis.relativeTo).toBe('standing');
    expect(analysis.pose.source).toBe(FORWARD_BEND);
    expect(analysis.pose.values.hip_flexion_r).toBeCloseTo(Math.PI / 2, 12);
    expect(analysis.convergence.converged).toBe(true);
    for (const line of analysis.lines) {
      expect(Object.keys(line)).toEqual(expect.arrayContaining(['name', 'family', 'side', 'tracks']));
      for (const track of line.tracks) {
        expect(Object.keys(track)).toEqual(
          expect.arrayContaining(['tissue', 'label', 'tensionN', 'lengthM', 'strain', 'tensionIntervalN', 'reference', 'change']),
        );
        expect(track.change.tensionN).toBeCloseTo(track.tensionN - track.reference.tensionN, 9);
      }
    }
    for (const junction of analysis.junctions) {
      expect(Object.keys(junction)).toEqual(
        expect.arrayContaining(['line', 'from', 'to', 'station', 'stationLabel', 'evidence', 'displacementMm', 'anchorageForceN', 'reference', 'change']),
      );
    }
  });

  it('prints tables and the convergence without --json', async () => {
    const result = await run('chain', '--pose', FORWARD_BEND, '--degrees');
    expect(result.code).toBe(EXIT_OK);
    expect(result.stdout).toContain('Continuity solve: converged');
    expect(result.stdout).toContain('hip_flexion_r 90.0 deg');
  });

  it('a pose in degrees read as radians is out of range, and the message says so', async () => {
    expectUsageError(await run('chain', '--pose', FORWARD_BEND), /outside its range.*--degrees/);
  });

  it('names a missing pose file', async () => {
    expectUsageError(await run('chain', '--pose', join(scratch, 'nope.json')), /pose file .*nope\.json does not exist/);
  });

  it('names the file, line and column of malformed JSON', async () => {
    const path = writeScratch('malformed.json', '{\n  "hip_flexion_r": 90\n  "knee_angle_r": 0\n}');
    expectUsageError(await run('chain', '--pose', path, '--degrees'), /malformed\.json is not valid JSON at line 3, column 3/);
  });

  it('rejects a pose that is not an object', async () => {
    const path = writeScratch('array.json', '[90, 0]');
    expectUsageError(await run('chain', '--pose', path), /must be a JSON object.*found an array/);
  });

  it('suggests close names for an unknown coordinate', async () => {
    const path = writeScratch('unknown.json', '{"hip_flexion": 30}');
    expectUsageError(await run('chain', '--pose', path, '--degrees'), /unknown coordinate "hip_flexion".*hip_flexion_r/);
  });

  it('rejects a value that is not a number', async () => {
    const path = writeScratch('string.json', '{"knee_angle_r": "bent"}');
    expectUsageError(await run('chain', '--pose', path, '--degrees'), /knee_angle_r must be a finite number \(deg\), got the string "bent"/);
  });

  it('gives an out-of-range value with the range in degrees', async () => {
    const path = writeScratch('range.json', '{"knee_angle_r": 45}');
    expectUsageError(await run('chain', '--pose', path, '--degrees'), /knee_angle_r = 45 deg is outside its range \[-120, 10\] deg/);
  });

  it.each([
    [[], /required option '--pose <file>' not specified/],
    [['--pose', FORWARD_BEND, '--relative-to', 'sitting'], /--relative-to/],
    [['--pose'], /argument missing/],
  ])('rejects the options %j', async (options, pattern) => {
    expectUsageError(await run('chain', ...options), pattern);
  });
});

describe('kinechain report', () => {
  it('covers the subject, dofs, mass, tissues, lines with evidence, and tensions standing and in a forward bend', async () => {
    const result = await run('report');
    expect(result.code).toBe(EXIT_OK);
    for (const section of [
      'Subject',
      'Degrees of freedom',
      'Mass distribution',
      'Tissues per region',
      'Myofascial lines and the evidence',
      'Chain tensions: standing and standing forward bend',
    ]) {
      expect(result.stdout).toContain(section);
    }
    expect(result.stdout).toContain('male, height 1.75 m, mass 75.0 kg');
  });
});

describe('the command line as a whole', () => {
  it.each([
    [['frobnicate'], /unknown command 'frobnicate'/],
    [['modle'], /unknown command 'modle'.*model/s],
    [[], /no command given; use one of report, model, chain/],
  ])('rejects %j', async (argv, pattern) => {
    expectUsageError(await run(...argv), pattern);
  });

  it('prints help and the version on stdout with exit code 0', async () => {
    const help = await run('--help');
    expect(help.code).toBe(EXIT_OK);
    expect(help.stdout).toContain('Usage: kinechain');
    for (const command of ['report', 'model', 'chain']) expect(help.stdout).toContain(command);
    const version = await run('--version');
    expect(version.code).toBe(EXIT_OK);
    expect(version.stdout.trim()).toBe(JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')).version);
  });

  it('maps internal errors to exit code 1 and shows the stack only with KINECHAIN_DEBUG', () => {
    const quiet = bufferIo();
    expect(reportError(new TypeError('boom'), quiet, false)).toBe(EXIT_INTERNAL);
    expect(quiet.stderr()).toBe('kinechain: internal error: boom (run with KINECHAIN_DEBUG=1 for details)\n');
    const loud = bufferIo();
    expect(reportError(new TypeError('boom'), loud, true)).toBe(EXIT_INTERNAL);
    expect(loud.stderr()).toMatch(/^kinechain: internal error: boom\n.*TypeError: boom/s);
    expect(loud.stderr()).toMatch(/^\s+at /m);
  });

  it('maps input errors to 2 and solver or internal failures to 1', () => {
    expect(reportError(new KinechainError('OUT_OF_RANGE', 'x'), bufferIo(), false)).toBe(EXIT_USAGE);
    expect(reportError(new KinechainError('FILE_NOT_FOUND', 'x'), bufferIo(), false)).toBe(EXIT_USAGE);
    expect(reportError(new KinechainError('DID_NOT_CONVERGE', 'x'), bufferIo(), false)).toBe(EXIT_INTERNAL);
    expect(reportError(new KinechainError('INTERNAL', 'x'), bufferIo(), false)).toBe(EXIT_INTERNAL);
  });

  it('main.ts starts with a node shebang', () => {
    const source = readFileSync(new URL('./main.ts', import.meta.url), 'utf8');
    expect(source.split('\n')[0]).toBe('#!/usr/bin/env node');
  });
});

describe('command functions on a model given in-process', () => {
  const fixture = compile(CLI_FIXTURE_SPEC);

  it('modelCommand describes the given model', () => {
    const description = JSON.parse(modelCommand({ json: true, model: fixture }));
    expect(description.name).toBe('cli-fixture');
    expect(description.counts).toEqual({ bodies: 12, dofs: 24, tissues: 5, lines: 1, junctions: 4 });
  });

  it('chainCommand gives the fixture line with every track and junction', async () => {
    const output = await chainCommand({ posePath: FORWARD_BEND, degrees: true, relativeTo: 'standing', json: true, model: fixture });
    expect(output.warnings).toEqual([]);
    const analysis = JSON.parse(output.text);
    expect(analysis.lines.map((line: { name: string }) => line.name)).toEqual(['superficial_back_line_r']);
    expect(analysis.lines[0].tracks.map((track: { tissue: string }) => track.tissue)).toEqual([
      'plantar_fascia_r',
      'gastrocnemius_medial_r',
      'semitendinosus_r',
      'erector_spinae_lumbar_r',
      'epicranial_fascia',
    ]);
    expect(analysis.junctions).toHaveLength(4);
  });

  it('reportCommand details the superficial back line of the given model', () => {
    const { text, warnings } = reportCommand({ model: fixture });
    expect(warnings).toEqual([]);
    expect(text).toContain('superficial_back_line_r, track by track');
    expect(text).toContain('hamstrings');
  });
});
