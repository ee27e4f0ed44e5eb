/**
 * Reading and writing files for the motion-data readers, with the file-system failures
 * users cause (missing file, a folder given for a file) turned into KinechainErrors.
 */
import { readFile, writeFile } from 'node:fs/promises';
import { KinechainError } from '../../core/errors.js';

function failure(error: unknown, path: string, what: string): KinechainError {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'ENOENT') return new KinechainError('FILE_NOT_FOUND', `${what} ${path} does not exist; check the path`, { path });
  if (code === 'EISDIR') return new KinechainError('MALFORMED_INPUT', `${what} ${path} is a folder; give the path of a file`, { path });
  return new KinechainError('MALFORMED_INPUT', `cannot access ${what} ${path}: ${(error as Error).message}`, { path });
}

/** The file's text (UTF-8). `what` names the kind of file in messages ("TRC file"). */
export async function readTextFile(path: string, what: string): Promise<string> {
  try {
    return await readFile(path, 'utf8');
  } catch (error) {
    throw failure(error, path, what);
  }
}

/** The file's bytes. */
export async function readBinaryFile(path: string, what: string): Promise<Uint8Array> {
  try {
    const buffer = await readFile(path);
    return new Uint8Array(buffer.buffer, buffer.byteOffset, buffer.byteLength);
  } catch (error) {
    throw failure(error, path, what);
  }
}

export async function writeFileContents(path: string, contents: string | Uint8Array, what: string): Promise<void> {
  try {
    await writeFile(path, contents);
  } catch (error) {
    throw failure(error, path, what);
  }
}
