/**
 * The fast scanner (scan-xml.ts) against the SAX path of parseXml: on every document it
 * accepts, the same tree (names, attribute order and values, text, lines, file name,
 * parents); every document outside its subset, malformed ones included, left to the SAX
 * parser, so that parseXml's result or error is the SAX parser's.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseXml, parseXmlWithSax } from './parse-xml.js';
import { scanXml } from './scan-xml.js';
import type { XmlElement } from './xml-element.js';

const REFERENCE_DIR = (
  process.env.KINECHAIN_OPENSIM_REFERENCE ?? fileURLToPath(new URL('../../../../shared/reference/opensim/', import.meta.url))
).replace(/\/$/, '');

/** Every .osim and .xml file under `folder`. */
function xmlFiles(folder: string): string[] {
  const found: string[] = [];
  for (const entry of readdirSync(folder)) {
    const path = join(folder, entry);
    if (statSync(path).isDirectory()) found.push(...xmlFiles(path));
    else if (entry.endsWith('.osim') || entry.endsWith('.xml')) found.push(path);
  }
  return found.sort();
}

/** Where two trees differ ("" when they are the same), walking both in document order. */
function treeDifference(a: XmlElement, b: XmlElement, where = ''): string {
  const here = `${where}/${a.name}@${a.line}`;
  if (a.name !== b.name) return `${here}: name ${a.name} vs ${b.name}`;
  if (a.line !== b.line) return `${here}: line ${a.line} vs ${b.line}`;
  if (a.fileName !== b.fileName) return `${here}: file name`;
  if (a.text !== b.text) return `${here}: text ${JSON.stringify(a.text)} vs ${JSON.stringify(b.text)}`;
  if (JSON.stringify(Object.entries(a.attributes)) !== JSON.stringify(Object.entries(b.attributes))) return `${here}: attributes`;
  if ((a.parent === null) !== (b.parent === null) || (a.parent !== null && a.parent.name !== b.parent?.name)) return `${here}: parent`;
  if (a.children.length !== b.children.length) return `${here}: ${a.children.length} vs ${b.children.length} children`;
  for (let i = 0; i < a.children.length; i++) {
    if (a.children[i].parent !== a || b.children[i].parent !== b) return `${here}: child ${i} does not point to its parent`;
    const difference = treeDifference(a.children[i], b.children[i], here);
    if (difference !== '') return difference;
  }
  return '';
}

/** The SAX parser's outcome: its tree, or its error message. */
function saxOutcome(text: string): XmlElement | string {
  try {
    return parseXmlWithSax(text, 'doc.xml');
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  }
}

function parseOutcome(text: string): XmlElement | string {
  try {
    return parseXml(text, { fileName: 'doc.xml' });
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  }
}

describe('scanXml builds the SAX tree', () => {
  it.runIf(existsSync(REFERENCE_DIR))('for every model and setup file of the OpenSim reference', () => {
    const files = xmlFiles(REFERENCE_DIR);
    expect(files.filter((file) => file.endsWith('.osim')).length).toBeGreaterThanOrEqual(3);
    for (const file of files) {
      const text = readFileSync(file, 'utf8');
      const scanned = scanXml(text, file);
      expect(scanned, `${file} lies outside the scanner's subset`).toBeDefined();
      expect(treeDifference(scanned as XmlElement, parseXmlWithSax(text, file)), file).toBe('');
    }
  });

  const inside: Record<string, string> = {
    'declaration, comments, entities, CDATA': `<?xml version="1.0" encoding="UTF-8" standalone='yes' ?>
<!-- before -->
<Root Version="40000" note='single "quoted"'>
  <a>x &amp; y &lt;z&gt; &quot;q&quot; &apos;a&apos; &#65;&#x42;&#x1F600;</a>
  <b><![CDATA[<raw> & ]]]]><![CDATA[>]]> tail</b>
  <c>one<!-- inside -->two<!----></c>
  <d
     name="multi"
     other = "line"  />
  <e></e ><f/>
</Root>
<!-- after -->
`,
    'no declaration, text > and ]]': '<r a="x>y">a > b ]] c</r>',
    'names with colons, dots and dashes': '<ns:r x.y-z="1" _a:b="2"><ns:child-1.a/></ns:r>',
    'empty root': '<r/>',
  };
  for (const [what, text] of Object.entries(inside)) {
    it(`for ${what}`, () => {
      const scanned = scanXml(text, 'doc.xml');
      expect(scanned).toBeDefined();
      expect(treeDifference(scanned as XmlElement, parseXmlWithSax(text, 'doc.xml'))).toBe('');
    });
  }

  it('keeps text, attributes and lines as the SAX parser does (values checked directly)', () => {
    const root = scanXml(inside['declaration, comments, entities, CDATA'], 'doc.xml') as XmlElement;
    expect(root.attributes).toEqual({ Version: '40000', note: 'single "quoted"' });
    expect(root.children.map((child) => [child.name, child.line])).toEqual([
      ['a', 4],
      ['b', 5],
      ['c', 6],
      ['d', 7],
      ['e', 10],
      ['f', 10],
    ]);
    expect(root.children[0].text).toBe('x & y <z> "q" \'a\' AB\u{1F600}');
    expect(root.children[1].text).toBe('<raw> & ]]> tail');
    expect(root.children[2].text).toBe('onetwo');
    expect(root.children[3].attributes).toEqual({ name: 'multi', other: 'line' });
  });
});

describe('documents outside the subset go to the SAX parser', () => {
  const outside: Record<string, string> = {
    'a DOCTYPE': '<!DOCTYPE r [<!ENTITY e "v">]><r>&e;</r>',
    'a processing instruction': '<r><?pi data?></r>',
    'carriage returns': '<r>\r\n<a>x\r\ny</a></r>',
    'an entity in an attribute': '<r a="x &amp; y"/>',
    'a newline in an attribute': '<r a="x\ny"/>',
    'a non-ASCII name': '<r><é/></r>',
    'a byte-order mark': '\ufeff<r/>',
    'a character outside the BMP in text': '<r>\u{1F600}</r>',
    'an XML 1.1 declaration': '<?xml version="1.1"?><r/>',
    'whitespace before the declaration': ' <?xml version="1.0"?><r/>',
  };
  for (const [what, text] of Object.entries(outside)) {
    it(`with ${what}`, () => {
      expect(scanXml(text, 'doc.xml')).toBeUndefined();
      const sax = saxOutcome(text);
      const parsed = parseOutcome(text);
      if (typeof sax === 'string') expect(parsed).toBe(sax);
      else expect(treeDifference(parsed as XmlElement, sax)).toBe('');
    });
  }

  const malformed: Record<string, string> = {
    'mismatched end tag': '<a>\n  <b>\n  </c>\n</a>',
    'unclosed element': '<a>\n<b>\n',
    'no root': '   ',
    'repeated attribute': '<a x="1" x="2"/>',
    'attributes without space between': '<a x="1"y="2"/>',
    'unquoted attribute': '<a x=1/>',
    '< in an attribute': '<a x="<"/>',
    'undefined entity': '<a>&nbsp;</a>',
    'unterminated reference': '<a>a & b</a>',
    'reference to an invalid character': '<a>&#0;</a>',
    ']]> in text': '<a>x ]]> y</a>',
    'two roots': '<a/><b/>',
    'text after the root': '<a/>text',
    'text before the root': 'text<a/>',
    'double dash in a comment': '<a><!-- x -- y --></a>',
    'comment ending in a dash': '<a><!-- x ---></a>',
    'CDATA outside the root': '<![CDATA[x]]><a/>',
    'end tag with attributes': '<a></a x="1">',
    'control character': '<a>\u0001</a>',
  };
  for (const [what, text] of Object.entries(malformed)) {
    it(`and report a ${what} as the SAX parser does`, () => {
      expect(scanXml(text, 'doc.xml')).toBeUndefined();
      const sax = saxOutcome(text);
      expect(typeof sax).toBe('string');
      expect(parseOutcome(text)).toBe(sax);
    });
  }

  it('for random documents: the scanner either builds the SAX tree or leaves the document to the SAX parser', () => {
    const piece = fc.constantFrom(
      '<a>',
      '</a>',
      '<b x="1">',
      "<b y='2' z=\"3\">",
      '</b>',
      '<c/>',
      '<c />',
      '</c>',
      'text',
      ' ',
      '\n',
      '\t',
      '&amp;',
      '&#38;',
      '&#x26;',
      '&bad;',
      '&',
      '<!-- c -->',
      '<!--',
      '-->',
      '--',
      '<![CDATA[',
      ']]>',
      '<?xml version="1.0"?>',
      '<?pi?>',
      '<',
      '>',
      '"',
      "'",
      '=',
      '/',
      'é',
      '\r',
    );
    fc.assert(
      // Half the documents are wrapped in a root element, so that many are well formed.
      fc.property(fc.boolean(), fc.array(piece, { maxLength: 14 }), (wrapped, pieces) => {
        const text = wrapped ? `<r>${pieces.join('')}</r>` : pieces.join('');
        const scanned = scanXml(text, 'doc.xml');
        const sax = saxOutcome(text);
        if (scanned !== undefined) {
          expect(typeof sax).not.toBe('string');
          expect(treeDifference(scanned, sax as XmlElement)).toBe('');
        }
        const parsed = parseOutcome(text);
        if (typeof sax === 'string') expect(parsed).toBe(sax);
        else expect(treeDifference(parsed as XmlElement, sax)).toBe('');
      }),
      { numRuns: 3000, seed: 20261124 },
    );
  });
});
