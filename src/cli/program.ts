/**
 * The `kinechain` command line: subcommands, options and help (commander). Actions
 * call the command functions in ./commands, which call only src/app.
 */
import { readFileSync } from 'node:fs';
import { Command, InvalidArgumentError, Option } from 'commander';
import { DEFAULT_SUBJECT, INTERDEPENDENCE_CHOICES, type InterdependenceChoice } from '../app/index.js';
import { chainCommand } from './commands/chain-command.js';
import { modelCommand } from './commands/model-command.js';
import { openSimCommand } from './commands/opensim-command.js';
import { gaitCommand } from './commands/gait-command.js';
import { reportCommand } from './commands/report-command.js';
import { interdependenceCommand } from './commands/interdependence-command.js';
import { modifierHelp, postureCommand } from './commands/posture-command.js';
import { toeTouchCommand } from './commands/toe-touch-command.js';
import { yogaCommand } from './commands/yoga-command.js';
import { readFootwearArgument, stanceCommand } from './commands/stance-command.js';
import { footwearCompareCommand, footwearListCommand } from './commands/footwear-command.js';
import type { CliIo } from './io.js';
import { createProgress, progressStream } from './progress.js';

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

/** Parses a whole number for an option such as --samples (its range is checked by the use-case). */
function wholeNumber(what: string, example: string): (value: string) => number {
  return (value: string) => {
    const number = Number(value);
    if (value.trim() === '' || !Number.isInteger(number)) {
      throw new InvalidArgumentError(`${what} must be a whole number, e.g. ${example}.`);
    }
    return number;
  };
}

/** Collects a repeatable option's values. */
function collect(value: string, previous: string[] | undefined): string[] {
  return [...(previous ?? []), value];
}

interface SubjectFlags {
  height?: number;
  mass?: number;
  sex?: 'male' | 'female';
}

function subjectOf(options: SubjectFlags): { heightM?: number; massKg?: number; sex?: 'male' | 'female' } {
  return { heightM: options.height, massKg: options.mass, sex: options.sex };
}

/** Prints a command's text on stdout and each of its warnings as a `kinechain:` line on stderr. */
function printOutput(io: CliIo, output: { readonly text: string; readonly warnings: readonly string[] }): void {
  io.out(output.text);
  for (const warning of output.warnings) io.err(`kinechain: ${warning}\n`);
}

/** Runs `work` with a progress bar on a terminal's stderr (after a second), removing it whatever happens. */
function withProgress<T>(io: CliIo, label: string, work: (onProgress: (done: number, total: number) => void) => T): T {
  const progress = createProgress(label, { stream: progressStream(io) });
  try {
    return work((done, total) => progress.update(done, total));
  } finally {
    progress.stop();
  }
}

const MODIFIER_SYNTAX =
  'NAME[:SIDE][=SEVERITY], repeatable; SIDE is r (default), l or both; SEVERITY in the unit listed below (default: the listed default)';

function samplingOptions(command: Command): Command {
  return command
    .option('--samples <n>', 'samples of the uncertain parameters behind each interval, 1 to 5000 (default 200)', wholeNumber('samples', '200'))
    .option('--seed <s>', 'seed of the sampling (default 1); the same seed gives the same intervals', wholeNumber('seed', '1'));
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
    printOutput(io, output);
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
      printOutput(io, output);
    },
  );

  program
    .command('opensim')
    .description('run an OpenSim setup file (InverseDynamicsTool, AnalyzeTool with StaticOptimization) and write its result files')
    .argument('<setup>', 'the setup .xml; file names in it are relative to its folder')
    .option('--results-dir <dir>', "write the results here instead of the setup's results_directory")
    .option('--ignore-unsupported-wrapping', 'leave out wraps kinechain cannot represent (ellipsoids, spheres, tori) instead of failing')
    .option('--freeze-path-points', 'fix conditional and moving path points at the default pose (an approximation; they are followed exactly by default)')
    .action(async (setup: string, options: { resultsDir?: string; ignoreUnsupportedWrapping?: boolean; freezePathPoints?: boolean }) => {
      const output = await openSimCommand({
        setupPath: setup,
        resultsDir: options.resultsDir,
        ignoreUnsupportedWrapping: options.ignoreUnsupportedWrapping ?? false,
        freezePathPoints: options.freezePathPoints ?? false,
      });
      printOutput(io, output);
    });

  program
    .command('gait')
    .description(
      'the chain over a walking trial: inverse dynamics and static optimisation of an OpenSim model, its muscles read as the default body\'s ' +
        'tissues and lines, and the default body driven by the trial (line tensions, plantar fascia, L5/S1) over the gait cycle',
    )
    .option('--setup <file>', 'an InverseDynamicsTool or AnalyzeTool setup naming the model, coordinates and external loads')
    .option('--model <file>', 'the OpenSim model (.osim), with --coordinates and --external-loads')
    .option('--coordinates <file>', 'the motion (.mot / .sto, e.g. the IK result)')
    .option('--external-loads <file>', 'the ExternalLoads .xml (ground reactions)')
    .option('--actuators <file>', 'a force set of reserve / residual CoordinateActuators (repeatable)', collect)
    .option('--lowpass <hz>', 'low-pass cutoff of the coordinates in Hz (default: the setup\'s, else 6)', positiveNumber('lowpass', '6'))
    .addOption(
      new Option('--trunk <posture>', "trial: the trial's trunk angles drive the default body's spine (default); reference: it stays at its standing reference").choices([
        'trial',
        'reference',
      ]),
    )
    .option('--results-dir <dir>', 'also write gait.json and the time series (.sto) here')
    .option('--ignore-unsupported-wrapping', 'leave out wraps kinechain cannot represent instead of failing')
    .option('--freeze-path-points', 'fix conditional and moving path points at the default pose (an approximation; they are followed exactly by default)')
    .option('--json', 'print JSON instead of tables')
    .action(
      async (options: {
        setup?: string;
        model?: string;
        coordinates?: string;
        externalLoads?: string;
        actuators?: string[];
        lowpass?: number;
        trunk?: 'trial' | 'reference';
        resultsDir?: string;
        ignoreUnsupportedWrapping?: boolean;
        freezePathPoints?: boolean;
        json?: boolean;
      }) => {
        const progress = createProgress('gait frames', { stream: progressStream(io) });
        try {
          const output = await gaitCommand({
            setupPath: options.setup,
            modelPath: options.model,
            coordinatesPath: options.coordinates,
            externalLoadsPath: options.externalLoads,
            actuatorsPaths: options.actuators,
            lowpassCutoffHz: options.lowpass,
            trunk: options.trunk,
            json: options.json ?? false,
            resultsDir: options.resultsDir,
            ignoreUnsupportedWrapping: options.ignoreUnsupportedWrapping ?? false,
            freezePathPoints: options.freezePathPoints ?? false,
            onProgress: (done, total) => progress.update(done, total),
          });
          progress.stop();
          printOutput(io, output);
        } finally {
          progress.stop();
        }
      },
    );

  subjectOptions(
    samplingOptions(
      program
        .command('posture')
        .description('the quiet standing posture and its loads from the feet to the neck; with impairments, what they change')
        .option('--impairment <name>', `an impairment: ${MODIFIER_SYNTAX}`, collect)
        .option('--json', 'print JSON instead of tables'),
    ),
  )
    .addHelpText('after', `\n${modifierHelp('impairment')}`)
    .action((options: { impairment?: string[]; samples?: number; seed?: number; json?: boolean } & SubjectFlags) => {
      const output = withProgress(io, 'standing posture', (onProgress) =>
        postureCommand({
          impairments: options.impairment ?? [],
          samples: options.samples,
          seed: options.seed,
          json: options.json ?? false,
          subject: subjectOf(options),
          onProgress,
        }),
      );
      printOutput(io, output);
    });

  subjectOptions(
    samplingOptions(
      program
        .command('toe-touch')
        .description('how far the fingertips reach in a toe-touch (or seated sit-and-reach), what stops them, and what an intervention changes')
        .option('--impairment <name>', `an impairment: ${MODIFIER_SYNTAX}`, collect)
        .option('--intervention <name>', `an intervention: ${MODIFIER_SYNTAX} (severity = dose, 1 = one session)`, collect)
        .option('--seated', 'the seated sit-and-reach instead of the standing toe-touch')
        .option('--json', 'print JSON instead of tables'),
    ),
  )
    .addHelpText('after', `\n${modifierHelp('impairment')}\n${modifierHelp('intervention')}`)
    .action(
      (options: { impairment?: string[]; intervention?: string[]; seated?: boolean; samples?: number; seed?: number; json?: boolean } & SubjectFlags) => {
        const output = withProgress(io, options.seated ? 'sit-and-reach' : 'toe-touch', (onProgress) =>
          toeTouchCommand({
            impairments: options.impairment ?? [],
            interventions: options.intervention ?? [],
            seated: options.seated ?? false,
            samples: options.samples,
            seed: options.seed,
            json: options.json ?? false,
            subject: subjectOf(options),
            onProgress,
          }),
        );
        printOutput(io, output);
      },
    );

  subjectOptions(
    program
      .command('interdependence')
      .description('how a tighter tissue or an impairment anywhere changes the loads from the foot to the neck (a sensitivity map)')
      .addOption(
        new Option('--analysis <which>', 'only quiet standing (posture) or only the toe-touch (default: both)').choices([...INTERDEPENDENCE_CHOICES]),
      )
      .option('--svg <file>', 'also draw the whole matrix as an SVG heatmap in this file')
      .option('--json', 'print JSON instead of tables'),
  ).action((options: { analysis?: InterdependenceChoice; svg?: string; json?: boolean } & SubjectFlags) => {
    const output = withProgress(io, 'interdependence map', (onProgress) =>
      interdependenceCommand({
        analysis: options.analysis,
        svgPath: options.svg,
        json: options.json ?? false,
        subject: subjectOf(options),
        onProgress,
      }),
    );
    printOutput(io, output);
  });

  subjectOptions(
    program
      .command('yoga')
      .description('what a yoga pose lengthens: myofascial lines and tissues against standing')
      .argument('[pose]', 'a pose of the catalogue (kinechain yoga --list), e.g. downward_dog')
      .option('--list', 'list the poses')
      .option('--json', 'print JSON instead of tables'),
  ).action((pose: string | undefined, options: { list?: boolean; json?: boolean } & SubjectFlags) => {
    const output = yogaCommand({ pose, list: options.list ?? false, json: options.json ?? false, subject: subjectOf(options) });
    printOutput(io, output);
  });


  subjectOptions(
    program
      .command('stance')
      .description('the stance phase of walking on a sole design: plantar pressure, plantar fascia, first MTP, Achilles, joint moments, L5/S1')
      .requiredOption('--footwear <name|file>', 'a design of the catalogue (kinechain footwear list) or a footwear JSON file')
      .option('--impairment <name>', `an impairment: ${MODIFIER_SYNTAX}; SIDE r or both (the stance phase is the right foot's)`, collect)
      .option('--json', 'print JSON instead of tables'),
  )
    .addHelpText('after', `\n${modifierHelp('impairment')}`)
    .action(async (options: { footwear: string; impairment?: string[]; json?: boolean } & SubjectFlags) => {
      const footwear = await readFootwearArgument(options.footwear);
      const output = withProgress(io, 'stance phase', () =>
        stanceCommand({ footwear, impairments: options.impairment ?? [], json: options.json ?? false, subject: subjectOf(options) }),
      );
      printOutput(io, output);
    });

  const footwear = program
    .command('footwear')
    .description('sole designs: the catalogue, and designs side by side over the stance phase of walking');
  footwear
    .command('list')
    .description('the catalogue of sole designs')
    .option('--json', 'print JSON (the full designs) instead of a table')
    .action((options: { json?: boolean }) => {
      io.out(footwearListCommand({ json: options.json ?? false }).text);
    });
  subjectOptions(
    footwear
      .command('compare')
      .description('designs side by side: peak pressures, plantar fascia, first MTP, Achilles, joint moments, L5/S1, and where each helps')
      .argument('<designs...>', 'two or more catalogue names or footwear JSON files; the first is the reference')
      .option('--impairment <name>', `an impairment: ${MODIFIER_SYNTAX}; SIDE r or both (the stance phase is the right foot's)`, collect)
      .option('--svg <file>', 'also draw the plantar-pressure maps and the curves over stance in this SVG file')
      .option('--json', 'print JSON instead of tables'),
  )
    .addHelpText('after', `\n${modifierHelp('impairment')}`)
    .action(async (designs: string[], options: { impairment?: string[]; svg?: string; json?: boolean } & SubjectFlags) => {
      const choices = await Promise.all(designs.map((design) => readFootwearArgument(design)));
      const output = withProgress(io, 'footwear comparison', (onProgress) =>
        footwearCompareCommand({
          footwear: choices,
          impairments: options.impairment ?? [],
          svgPath: options.svg,
          json: options.json ?? false,
          subject: subjectOf(options),
          onProgress,
        }),
      );
      printOutput(io, output);
    });

  return program;
}
