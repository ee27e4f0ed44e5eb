/**
 * Footwear files: a user's sole design as a JSON document of spec/footwear-schema.ts.
 *
 * Failures a user can cause become KinechainErrors that say what to fix:
 * - a missing file or a folder given for a file: FILE_NOT_FOUND / MALFORMED_INPUT;
 * - text that is not JSON: MALFORMED_INPUT with the line and column of the fault
 *   (jsonErrorOffset re-scans the text, as JSON.parse does not always say where);
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

class JsonFault {
  constructor(readonly offset: number) {}
}

/**
 * Offset of the first syntax error in JSON text (RFC 8259 grammar), or -1 if there is
 * none. JSON.parse does not always say where it failed, so the text is scanned again.
 */
export function jsonErrorOffset(text: string): number {
  let i = 0;
  const fail = (): never => {
    throw new JsonFault(i);
  };
  const space = (): void => {
    while (i < text.length && (text[i] === ' ' || text[i] === '\t' || text[i] === '\n' || text[i] === '\r')) i++;
  };
  const number = /-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?/y;
  const string = (): void => {
    i++; // opening quote
    for (;;) {
      if (i >= text.length) fail();
      const c = text[i];
      if (c === '"') {
        i++;
        return;
      }
      if (c === '\\') {
        const escape = text[i + 1];
        if (escape !== undefined && '"\\/bfnrt'.includes(escape)) i += 2;
        else if (escape === 'u' && /^[0-9a-fA-F]{4}$/.test(text.slice(i + 2, i + 6))) i += 6;
        else {
          i++;
          fail();
        }
      } else if (c < ' ') fail();
      else i++;
    }
  };
  const value = (): void => {
    space();
    const c = text[i];
    if (c === '{') {
      i++;
      space();
      if (text[i] === '}') {
        i++;
        return;
      }
      for (;;) {
        space();
        if (text[i] !== '"') fail();
        string();
        space();
        if (text[i] !== ':') fail();
        i++;
        value();
        space();
        if (text[i] === ',') i++;
        else if (text[i] === '}') {
          i++;
          return;
        } else fail();
      }
    }
    if (c === '[') {
      i++;
      space();
      if (text[i] === ']') {
        i++;
        return;
      }
      for (;;) {
        value();
        space();
        if (text[i] === ',') i++;
        else if (text[i] === ']') {
          i++;
          return;
        } else fail();
      }
    }
    if (c === '"') return string();
    for (const word of ['true', 'false', 'null']) {
      if (text.startsWith(word, i)) {
        i += word.length;
        return;
      }
    }
    number.lastIndex = i;
    if (number.exec(text) === null) fail();
    i = number.lastIndex;
  };
  try {
    value();
    space();
    if (i < text.length) fail();
    return -1;
  } catch (error) {
    if (error instanceof JsonFault) return error.offset;
    throw error;
  }
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
  } catch {
    const offset = jsonErrorOffset(body);
    const at = offset < 0 ? body.length : offset;
    const { line, column } = lineAndColumn(body, at);
    const found = at >= body.length ? 'the text ends too early' : `unexpected ${JSON.stringify(body[at])}`;
    throw new KinechainError(
      'MALFORMED_INPUT',
      `${what} is not valid JSON: ${found} at line ${line}, column ${column}; ` +
        'check for a missing comma, quote or brace there (comments and trailing commas are not allowed in JSON)',
      { what, line, column },
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
