/**
 * Writing a figure the user asked for (`--svg FILE`): checked before the analysis runs, so
 * that a long computation never ends in an unwritable path, and every failure is a
 * KinechainError that says what was wrong with the path.
 */
import { accessSync, constants, statSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { KinechainError } from '../core/errors.js';

/** The system error code of a failed file operation ('' when there is none). */
function systemCode(error: unknown): string {
  return typeof error === 'object' && error !== null && 'code' in error ? String((error as { code: unknown }).code) : '';
}

/** A typed error for a figure that cannot be written to `path`; `what` names the figure ("the heatmap"). */
export function outputFileError(path: string, what: string, error: unknown): KinechainError {
  const code = systemCode(error);
  const reason =
    code === 'ENOENT' || code === 'ENOTDIR'
      ? `its directory ${dirname(resolve(path))} does not exist`
      : code === 'EACCES' || code === 'EPERM' || code === 'EROFS'
        ? 'permission denied'
        : code === 'EISDIR'
          ? 'it is a directory'
          : error instanceof Error
            ? error.message
            : String(error);
  return new KinechainError(
    code === 'ENOENT' || code === 'ENOTDIR' ? 'FILE_NOT_FOUND' : 'MALFORMED_INPUT',
    `cannot write ${what} to ${path}: ${reason}; give --svg a writable file path`,
    { path, code },
  );
}

/**
 * Throws unless `path` can be written: its directory exists and is writable, and it is not
 * a directory. `example` is a file name for the message, e.g. "map.svg".
 */
export function checkWritable(path: string, what: string, example: string): void {
  if (path.trim() === '') throw new KinechainError('MALFORMED_INPUT', `give --svg a file path, e.g. --svg ${example}`);
  try {
    const directory = dirname(resolve(path));
    if (!statSync(directory).isDirectory()) throw Object.assign(new Error('not a directory'), { code: 'ENOTDIR' });
    accessSync(directory, constants.W_OK);
  } catch (error) {
    throw outputFileError(path, what, error);
  }
  let isDirectory = false;
  try {
    isDirectory = statSync(path).isDirectory();
  } catch {
    // A file that does not exist yet is fine.
  }
  if (isDirectory) throw outputFileError(path, what, Object.assign(new Error('is a directory'), { code: 'EISDIR' }));
}

/** Writes `text` to `path`, turning a failure into a typed error. */
export function writeOutputFile(path: string, what: string, text: string): void {
  try {
    writeFileSync(path, text);
  } catch (error) {
    throw outputFileError(path, what, error);
  }
}
