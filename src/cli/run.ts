/**
 * runCli(argv, io): parses the arguments, runs one command and returns the exit code,
 * without touching `process` — so tests can run the whole command line in-process.
 *
 * Exit codes: 0 success; 2 a usage or input error (unknown command or option, bad
 * value, missing or malformed file, unknown coordinate, value out of range); 1 an
 * internal error. Every error is one line on stderr, `kinechain: <message>`; the stack
 * trace is printed only when KINECHAIN_DEBUG=1.
 */
import { CommanderError } from 'commander';
import { isKinechainError, type KinechainErrorCode } from '../app/index.js';
import type { CliIo } from './io.js';
import { buildProgram } from './program.js';

export const EXIT_OK = 0;
export const EXIT_INTERNAL = 1;
export const EXIT_USAGE = 2;

/** Error codes caused by what the user typed or gave; everything else is internal (exit 1). */
const USER_ERROR_CODES: ReadonlySet<KinechainErrorCode> = new Set<KinechainErrorCode>([
  'INVALID_SPEC',
  'UNKNOWN_NAME',
  'OUT_OF_RANGE',
  'NOT_FINITE',
  'MALFORMED_INPUT',
  'FILE_NOT_FOUND',
  'UNSUPPORTED',
]);

export async function runCli(argv: readonly string[], io: CliIo, env: NodeJS.ProcessEnv = process.env): Promise<number> {
  const program = buildProgram(io);
  if (argv.length === 0) {
    const commands = program.commands.map((command) => command.name()).join(', ');
    io.err(`kinechain: no command given; use one of ${commands} (kinechain --help describes them)\n`);
    return EXIT_USAGE;
  }
  try {
    await program.parseAsync([...argv], { from: 'user' });
    return EXIT_OK;
  } catch (error) {
    return reportError(error, io, env.KINECHAIN_DEBUG === '1');
  }
}

/**
 * Prints `kinechain: <message>` for an error that escaped a command and returns the exit
 * code. Commander's own errors (usage, help, version) were already printed by commander.
 */
export function reportError(error: unknown, io: CliIo, debug: boolean): number {
  if (error instanceof CommanderError) {
    return error.exitCode === 0 ? EXIT_OK : EXIT_USAGE;
  }
  if (isKinechainError(error)) {
    io.err(`kinechain: ${error.message}\n`);
    if (debug && error.stack) io.err(`${error.stack}\n`);
    return USER_ERROR_CODES.has(error.code) ? EXIT_USAGE : EXIT_INTERNAL;
  }
  const message = error instanceof Error ? error.message : String(error);
  io.err(`kinechain: internal error: ${message}${debug ? '' : ' (run with KINECHAIN_DEBUG=1 for details)'}\n`);
  if (debug && error instanceof Error && error.stack) io.err(`${error.stack}\n`);
  return EXIT_INTERNAL;
}
