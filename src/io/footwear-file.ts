/**
 * Footwear files: a user's sole design as a JSON document of spec/footwear-schema.ts.
 *
 * Failures a user can cause become KinechainErrors that say what to fix:
 * - a missing file or a folder given for a file: FILE_NOT_FOUND / MALFORMED_INPUT;
 * - text that is not JSON: MALFORMED_INPUT with the line and column of the fault;
 * - JSON that is not one footwear object: MALFORMED_INPUT;
 * - unknown fields, wrong types, values out of range: INVALID_SPEC / OUT_OF_RANGE from
 *   parseFootwear, naming each field, its meaning and the allowed range.
 */
import { KinechainError } from '../core/errors.js';
import { parseFootwear, type Footwear, type FootwearInput } from '../spec/footwear-schema.js';
import { readTextFile, writeFileContents } from './table/file-access.js';

/** Line and column (1-based) of a character offset in text. */
function lineAndColumn(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let column = 1;
  for (let i = 0; i < offset && i < text.length; i++) {
    if (text[i] === '\n') {
      line++;
      column = 1;
    } else column++;
  }
  return { line, column };
}

/** Where JSON.parse failed: Node reports "position N" (and, in newer versions, "line L column C"). */
function describeJsonFault(text: string, error: Error): string {
  const lineColumn = /line (\d+) column (\d+)/.exec(error.message);
  if (lineColumn) return `line ${lineColumn[1]}, column ${lineColumn[2]}`;
  const position = /position (\d+)/.exec(error.message);
  if (position) {
    const { line, column } = lineAndColumn(text, Number(position[1]));
    return `line ${line}, column ${column}`;
  }
  return 'the end of the text';
}

/**
 * Parses the text of a footwear file. `what` names it in messages (e.g. the path).
 * Throws MALFORMED_INPUT for text that is not one JSON object, and parseFootwear's
 * INVALID_SPEC / OUT_OF_RANGE for a document that does not describe a valid sole.
 */
export function parseFootwearJson(text: string, what = 'footwear file'): Footwear {
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  if (body.trim() === '') {
    throw new KinechainError('MALFORMED_INPUT', `${what} is empty; it must hold one JSON object describing a sole`, { what });
  }
  let document: unknown;
  try {
    document = JSON.parse(body);
  } catch (error) {
    const where = describeJsonFault(body, error as Error);
    throw new KinechainError(
      'MALFORMED_INPUT',
      `${what} is not valid JSON: ${(error as Error).message.replace(/\s*\(line \d+ column \d+\)/, '')} at ${where}; ` +
        'check for a missing comma, quote or brace there (comments and trailing commas are not allowed in JSON)',
      { what, where },
    );
  }
  if (document === null || typeof document !== 'object' || Array.isArray(document)) {
    const kind = document === null ? 'null' : Array.isArray(document) ? 'an array' : typeof document;
    throw new KinechainError(
      'MALFORMED_INPUT',
      `${what} must hold one JSON object describing a sole ({ "name": ..., "layers": [...] }), not ${kind}`,
      { what },
    );
  }
  return parseFootwear(document, what);
}

/** Reads and validates a footwear file. */
export async function readFootwearFile(path: string): Promise<Footwear> {
  const text = await readTextFile(path, 'footwear file');
  return parseFootwearJson(text, `footwear file ${path}`);
}

/** The JSON text of a sole design (validated first, so a written file always reads back). */
export function footwearToJson(footwear: Footwear | FootwearInput): string {
  const valid = parseFootwear(footwear);
  return `${JSON.stringify(valid, null, 2)}\n`;
}

/** Writes a sole design as a footwear file. */
export async function writeFootwearFile(path: string, footwear: Footwear | FootwearInput): Promise<void> {
  await writeFileContents(path, footwearToJson(footwear), 'footwear file');
}
