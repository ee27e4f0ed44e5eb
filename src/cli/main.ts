#!/usr/bin/env node
/**
 * The `kinechain` executable: runs the command line on the process's arguments and
 * exits with its code (0 success, 2 usage or input error, 1 internal error).
 */
import { enableMapThreads } from '../analyses/interdependence-parallel.js';
import { processIo } from './io.js';
import { runCli } from './run.js';

// The interdependence map shares its rows with a worker thread (the machine's second core).
enableMapThreads();

runCli(process.argv.slice(2), processIo).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    // runCli catches everything; reaching here is a bug in the command line itself.
    process.stderr.write(`kinechain: internal error: ${error instanceof Error ? error.message : String(error)}\n`);
    if (process.env.KINECHAIN_DEBUG === '1' && error instanceof Error) process.stderr.write(`${error.stack}\n`);
    process.exitCode = 1;
  },
);
