/**
 * parseXml(text) -> the document's root XmlElement. Plain documents (the XML that model
 * and setup files are written in) are read by the fast scanner of scan-xml.ts; anything
 * outside its subset goes to the `saxes` SAX parser (well-formedness checking, entity
 * decoding, line tracking), which builds the same tree and reports every error.
 *
 * Any well-formedness error becomes KinechainError('MALFORMED_INPUT') whose message
 * names the file, the line and the column, and whose details carry them for front
 * ends ({ file, line, column }).
 */
import { SaxesParser } from 'saxes';
import { KinechainError } from '../../core/errors.js';
import type { XmlElement } from './xml-element.js';
import { scanXml } from './scan-xml.js';

export interface ParseXmlOptions {
  /** Named in error messages and kept on every element (XmlElement.fileName). */
  fileName?: string;
}

/** Mutable form of XmlElement used while the tree is built. */
interface ElementDraft {
  name: string;
  attributes: Record<string, string>;
  children: ElementDraft[];
  text: string;
  line: number;
  parent: ElementDraft | null;
  fileName: string;
}

function malformed(fileName: string, line: number, column: number, problem: string): KinechainError {
  const where = `${fileName !== '' ? `${fileName}, ` : ''}line ${line}, column ${column}`;
  return new KinechainError('MALFORMED_INPUT', `malformed XML at ${where}: ${problem}`, {
    file: fileName,
    line,
    column,
  });
}

/** Strips the "file:line:col: " prefix saxes puts on its messages (we give our own). */
function bareMessage(message: string): string {
  return message.replace(/^.*?:\d+:\d+: /, '');
}

export function parseXml(text: string, options: ParseXmlOptions = {}): XmlElement {
  const fileName = options.fileName ?? '';
  if (typeof text !== 'string') {
    throw new KinechainError('MALFORMED_INPUT', `XML input${fileName ? ` ${fileName}` : ''} must be a string`, {
      file: fileName,
    });
  }
  return scanXml(text, fileName) ?? parseXmlWithSax(text, fileName);
}

/** The SAX path of parseXml, for any document (exported so that tests can compare both paths). */
export function parseXmlWithSax(text: string, fileName = ''): XmlElement {
  const parser = new SaxesParser({ position: true, xmlns: false });
  let root: ElementDraft | null = null;
  let current: ElementDraft | null = null;
  let startLine = 1;

  parser.on('error', (error) => {
    // Throwing from the handler aborts the parse at the first problem.
    throw malformed(fileName, parser.line, parser.column + 1, bareMessage(error.message));
  });
  // Line of each tag's "<": saxes reports positions after the name (possibly on a later
  // line for a tag written over several lines), so look back to the "<" and count lines.
  const lineStarts = [0];
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) lineStarts.push(i + 1);
  const lineOf = (index: number): number => {
    let low = 0;
    let high = lineStarts.length - 1;
    while (low < high) {
      const mid = (low + high + 1) >> 1;
      if (lineStarts[mid] <= index) low = mid;
      else high = mid - 1;
    }
    return low + 1;
  };
  parser.on('opentagstart', () => {
    startLine = lineOf(text.lastIndexOf('<', parser.position - 1));
  });
  parser.on('opentag', (tag) => {
    const element: ElementDraft = {
      name: tag.name,
      attributes: { ...(tag.attributes as Record<string, string>) },
      children: [],
      text: '',
      line: startLine,
      parent: current,
      fileName,
    };
    if (current) current.children.push(element);
    else root = element;
    current = element;
  });
  parser.on('closetag', () => {
    current = current ? current.parent : null;
  });
  parser.on('text', (chunk) => {
    if (current) current.text += chunk;
  });
  parser.on('cdata', (chunk) => {
    if (current) current.text += chunk;
  });

  parser.write(text);
  parser.close();
  if (root === null) throw malformed(fileName, parser.line, parser.column + 1, 'the document has no root element');
  return root;
}
