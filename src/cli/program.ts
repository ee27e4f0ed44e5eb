/**
 * The `kinechain` command line: subcommands, options and help (commander). Actions
 * call the command functions in ./commands, which call only src/app.
 */
import { readFileSync } from 'node:fs';
import { Command, InvalidArgumentError, Option } from 'commander';
import { DEFAULT_SUBJECT } from '../app/index.js';
import { chainCommand } from './commands/chain-command.js';
import { modelCommand } from './commands/model-command.js';
import { openSimCommand } from './commands/opensim-command.js';
import { reportCommand } from './commands/report-command.js';
import type { CliIo } from './io.js';

/** Parses a positive finite number for an option such as --height. */
function positiveNumber(what: string, example: string): (value: string) => number {
  return (value: string) => {
    const number = Number(value);
    if (value.trim() === '' || !Number.isFinite(number) || number <= 0) {
      throw new InvalidArgumentError(`${what} must be a positive number, e.g. ${example}.`);
    }
    return number;
  };
}

function subjectOptions(command: Command): Command {
  return command
    .option('--height <m>', `subject height in metres (default ${DEFAULT_SUBJECT.heightM})`, positiveNumber('height', '1.75'))
    .option('--mass <kg>', `subject mass in kilograms (default ${DEFAULT_SUBJECT.massKg})`, positiveNumber('mass', '75'))
    .addOption(
      new Option('--sex <sex>', `subject sex for the anthropometry (default ${DEFAULT_SUBJECT.sex})`).choices(['male', 'female']),
    );
}

function packageVersion(): string {
  try {
    const text = readFileSync(new URL('../../package.json', import.meta.url), 'utf8');
    return (JSON.parse(text) as { version?: string }).version ?? '0.0.0';
  } catch {
    return '0.0.0';
  }
}

export function buildProgram(io: CliIo): Command {
  const program = new Command('kinechain');
  program
    .description('A simulator of the human kinetic chain: segments, joints, tissues and myofascial lines.')
    .version(packageVersion(), '-V, --version', 'print the version')
    .configureOutput({
      writeOut: (text) => io.out(text),
      writeErr: (text) => io.err(text),
      // One line, prefixed like every other error: "kinechain: unknown command 'modle' (did you mean model?)".
      outputError: (text, write) =>
        write(`kinechain: ${text.replace(/^error: /, '').replace(/\n\(Did you mean/, ' (did you mean')}`),
    })
    .exitOverride()
    .showSuggestionAfterError(true)
    .allowExcessArguments(false);

  subjectOptions(
    program
      .command('report')
      .description('a readable report on the default body: segments, tissues, myofascial lines and their tensions'),
  ).action((options: { height?: number; mass?: number; sex?: 'male' | 'female' }) => {
    const output = reportCommand({ subject: { heightM: options.height, massKg: options.mass, sex: options.sex } });
    io.out(output.text);
    for (const warning of output.warnings) io.err(`kinechain: ${warning}\n`);
  });

  subjectOptions(
    program
      .command('model')
      .description('the default body: degrees of freedom, bodies, joints, tissues, lines with their evidence')
      .option('--json', 'print JSON instead of tables'),
  ).action((options: { json?: boolean; height?: number; mass?: number; sex?: 'male' | 'female' }) => {
    io.out(modelCommand({ json: options.json ?? false, subject: { heightM: options.height, massKg: options.mass, sex: options.sex } }));
  });

  subjectOptions(
    program
      .command('chain')
      .description('tensions along the myofascial lines in a pose')
      .requiredOption('--pose <file>', 'JSON pose file: {"coordinate": value, ...} in rad (m for translations)')
      .option('--degrees', 'rotational values in the pose file are in degrees')
      .addOption(new Option('--relative-to <pose>', 'also report the reference pose and the changes from it').choices(['standing']))
      .option('--json', 'print JSON instead of tables'),
  ).action(
    async (options: {
      pose: string;
      degrees?: boolean;
      relativeTo?: 'standing';
      json?: boolean;
      height?: number;
      mass?: number;
      sex?: 'male' | 'female';
    }) => {
      const output = await chainCommand({
        posePath: options.pose,
        degrees: options.degrees ?? false,
        relativeTo: options.relativeTo,
        json: options.json ?? false,
        subject: { heightM: options.height, massKg: options.mass, sex: options.sex },
      });
      io.out(output.text);
      for (const warning of output.warnings) io.err(`kinechain: ${warning}\n`);
    },
  );

  program
    .command('opensim')
    .description('run an OpenSim setup file (InverseDynamicsTool, AnalyzeTool with StaticOptimization) and write its result files')
    .argument('<setup>', 'the setup .xml; file names in it are relative to its folder')
    .option('--results-dir <dir>', "write the results here instead of the setup's results_directory")
    .option('--ignore-unsupported-wrapping', 'leave out wraps kinechain cannot represent (ellipsoids, spheres, tori) instead of failing')
    .option('--freeze-path-points', 'fix conditional and moving path points at the default pose instead of failing')
    .action(async (setup: string, options: { resultsDir?: string; ignoreUnsupportedWrapping?: boolean; freezePathPoints?: boolean }) => {
      const output = await openSimCommand({
        setupPath: setup,
        resultsDir: options.resultsDir,
        ignoreUnsupportedWrapping: options.ignoreUnsupportedWrapping ?? false,
        freezePathPoints: options.freezePathPoints ?? false,
      });
      io.out(output.text);
      for (const warning of output.warnings) io.err(`kinechain: ${warning}\n`);
    });

  return program;
}
