/**
 * scanXml(text, fileName) -> the document's root XmlElement, or undefined: a fast,
 * strict reader for the plain XML that model and setup files are written in.
 *
 * It walks the text with indexOf and charCode tests instead of a character-by-character
 * state machine, which makes building the DOM of a large model (Rajagopal2016: 875 kB)
 * several times cheaper than the general SAX parser. It accepts only a conservative
 * subset of XML, and for that subset builds exactly the tree parseXml's SAX path builds
 * (same names, attributes, text, lines); anything else, well formed or not, returns
 * undefined so that the caller falls back to the SAX parser, which builds the tree or
 * reports the precise well-formedness error. The subset:
 *
 * - an optional XML declaration at the very start (version 1.0, optional encoding and
 *   standalone), then comments and whitespace around exactly one root element;
 * - ASCII names ([A-Za-z_:][A-Za-z0-9_:.-]*), attributes quoted with " or ' whose values
 *   hold no "<", "&", tab or newline (so no attribute-value normalisation is needed),
 *   no repeated attribute;
 * - character data with the predefined entities (&amp; &lt; &gt; &quot; &apos;) and
 *   character references to valid XML characters, CDATA sections, comments without "--";
 * - no DOCTYPE, no processing instructions other than the declaration, no carriage
 *   returns (line-end normalisation), no surrogates, no byte-order mark, no control
 *   characters.
 */
import type { XmlElement } from './xml-element.js';

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

const GREATER_THAN = 0x3e;
const SLASH = 0x2f;
const EXCLAMATION = 0x21;
const QUESTION = 0x3f;
const EQUALS = 0x3d;
const DOUBLE_QUOTE = 0x22;
const SINGLE_QUOTE = 0x27;
const NEWLINE = 0x0a;

/** Characters the subset leaves to the SAX parser: controls, carriage return, surrogates, U+FFFE/U+FFFF. */
// eslint-disable-next-line no-control-regex -- finding control characters is the point of this pattern
const OUTSIDE_SUBSET = /[\x00-\x08\x0b-\x1f\ud800-\udfff\ufffe\uffff]/;

/** The XML declaration forms the subset accepts (at offset 0). */
const DECLARATION =
  /^<\?xml[ \t\n]+version[ \t\n]*=[ \t\n]*(?:"1\.0"|'1\.0')(?:[ \t\n]+encoding[ \t\n]*=[ \t\n]*(?:"[A-Za-z][A-Za-z0-9._-]*"|'[A-Za-z][A-Za-z0-9._-]*'))?(?:[ \t\n]+standalone[ \t\n]*=[ \t\n]*(?:"(?:yes|no)"|'(?:yes|no)'))?[ \t\n]*\?>/;

const PREDEFINED_ENTITIES: Readonly<Record<string, string>> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

function isSpace(code: number): boolean {
  return code === 0x20 || code === NEWLINE || code === 0x09;
}

function isNameStart(code: number): boolean {
  return (code >= 0x61 && code <= 0x7a) || (code >= 0x41 && code <= 0x5a) || code === 0x5f || code === 0x3a;
}

function isNameChar(code: number): boolean {
  return isNameStart(code) || (code >= 0x30 && code <= 0x39) || code === 0x2d || code === 0x2e;
}

function isXmlChar(code: number): boolean {
  return code === 0x09 || code === 0x0a || code === 0x0d || (code >= 0x20 && code <= 0xd7ff) || (code >= 0xe000 && code <= 0xfffd) || (code >= 0x10000 && code <= 0x10ffff);
}

/** Only XML whitespace (space, tab, newline) in text[from, to). */
function onlySpace(text: string, from: number, to: number): boolean {
  for (let i = from; i < to; i++) if (!isSpace(text.charCodeAt(i))) return false;
  return true;
}

/** Character data with its references decoded, or undefined for a reference outside the subset. */
function decodeCharacterData(raw: string): string | undefined {
  let decoded = '';
  let from = 0;
  for (let amp = raw.indexOf('&'); amp >= 0; amp = raw.indexOf('&', from)) {
    const semicolon = raw.indexOf(';', amp + 1);
    if (semicolon < 0) return undefined;
    const reference = raw.slice(amp + 1, semicolon);
    let replacement: string | undefined;
    if (reference.charCodeAt(0) === 0x23) {
      const hex = reference.charCodeAt(1) === 0x78;
      const digits = reference.slice(hex ? 2 : 1);
      if (!(hex ? /^[0-9A-Fa-f]{1,6}$/ : /^[0-9]{1,7}$/).test(digits)) return undefined;
      const code = parseInt(digits, hex ? 16 : 10);
      if (!isXmlChar(code)) return undefined;
      replacement = String.fromCodePoint(code);
    } else {
      replacement = Object.hasOwn(PREDEFINED_ENTITIES, reference) ? PREDEFINED_ENTITIES[reference] : undefined;
      if (replacement === undefined) return undefined;
    }
    decoded += raw.slice(from, amp) + replacement;
    from = semicolon + 1;
  }
  return decoded + raw.slice(from);
}

/**
 * The root element of `text` when the document lies inside the subset above, else
 * undefined (the caller then uses the SAX parser, which also reports errors).
 */
export function scanXml(text: string, fileName: string): XmlElement | undefined {
  if (OUTSIDE_SUBSET.test(text)) return undefined;
  const length = text.length;
  let position = 0;
  if (text.startsWith('<?', 0)) {
    const declaration = DECLARATION.exec(text);
    if (declaration === null) return undefined;
    position = declaration[0].length;
  }

  // Lines are counted forwards only: tags are met in document order.
  let countedTo = 0;
  let line = 1;
  const lineAt = (index: number): number => {
    for (let i = text.indexOf('\n', countedTo); i >= 0 && i < index; i = text.indexOf('\n', i + 1)) line++;
    countedTo = index;
    return line;
  };

  let root: ElementDraft | null = null;
  let current: ElementDraft | null = null;
  while (position < length) {
    const open = text.indexOf('<', position);
    const textEnd = open < 0 ? length : open;
    if (textEnd > position) {
      if (current === null) {
        if (!onlySpace(text, position, textEnd)) return undefined;
      } else {
        const raw = text.slice(position, textEnd);
        if (raw.includes(']]>')) return undefined;
        const data = raw.includes('&') ? decodeCharacterData(raw) : raw;
        if (data === undefined) return undefined;
        current.text += data;
      }
    }
    if (open < 0) break;
    const next = text.charCodeAt(open + 1);

    if (next === EXCLAMATION) {
      if (text.startsWith('<!--', open)) {
        const close = text.indexOf('-->', open + 4);
        if (close < 0) return undefined;
        const dash = text.indexOf('--', open + 4);
        if (dash < close || (close > open + 4 && text.charCodeAt(close - 1) === 0x2d)) return undefined;
        position = close + 3;
        continue;
      }
      if (current !== null && text.startsWith('<![CDATA[', open)) {
        const close = text.indexOf(']]>', open + 9);
        if (close < 0) return undefined;
        current.text += text.slice(open + 9, close);
        position = close + 3;
        continue;
      }
      return undefined;
    }
    if (next === QUESTION) return undefined;

    if (next === SLASH) {
      // End tag: </name S?>
      if (current === null) return undefined;
      const nameEnd = open + 2 + current.name.length;
      if (!text.startsWith(current.name, open + 2) || isNameChar(text.charCodeAt(nameEnd))) return undefined;
      let at = nameEnd;
      while (isSpace(text.charCodeAt(at))) at++;
      if (text.charCodeAt(at) !== GREATER_THAN) return undefined;
      current = current.parent;
      position = at + 1;
      continue;
    }

    // Start tag: <name (S attribute S? = S? value)* S? /?>
    if (root !== null && current === null) return undefined; // a second root element
    if (!isNameStart(next)) return undefined;
    let at = open + 2;
    while (isNameChar(text.charCodeAt(at))) at++;
    const element: ElementDraft = {
      name: text.slice(open + 1, at),
      attributes: {},
      children: [],
      text: '',
      line: lineAt(open),
      parent: current,
      fileName,
    };
    let selfClosing = false;
    for (;;) {
      const spaceStart = at;
      while (isSpace(text.charCodeAt(at))) at++;
      const code = text.charCodeAt(at);
      if (code === GREATER_THAN) {
        at++;
        break;
      }
      if (code === SLASH) {
        if (text.charCodeAt(at + 1) !== GREATER_THAN) return undefined;
        selfClosing = true;
        at += 2;
        break;
      }
      if (at === spaceStart || !isNameStart(code)) return undefined;
      const attributeStart = at;
      while (isNameChar(text.charCodeAt(at))) at++;
      const attributeName = text.slice(attributeStart, at);
      if (attributeName === '__proto__' || Object.hasOwn(element.attributes, attributeName)) return undefined;
      while (isSpace(text.charCodeAt(at))) at++;
      if (text.charCodeAt(at) !== EQUALS) return undefined;
      at++;
      while (isSpace(text.charCodeAt(at))) at++;
      const quote = text.charCodeAt(at);
      if (quote !== DOUBLE_QUOTE && quote !== SINGLE_QUOTE) return undefined;
      const valueEnd = text.indexOf(quote === DOUBLE_QUOTE ? '"' : "'", at + 1);
      if (valueEnd < 0) return undefined;
      const value = text.slice(at + 1, valueEnd);
      if (/[<&\t\n]/.test(value)) return undefined;
      element.attributes[attributeName] = value;
      at = valueEnd + 1;
    }
    if (current !== null) current.children.push(element);
    else root = element;
    if (!selfClosing) current = element;
    position = at;
  }
  if (root === null || current !== null) return undefined;
  return root;
}
