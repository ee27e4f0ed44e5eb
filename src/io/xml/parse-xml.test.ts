import { describe, expect, it } from 'vitest';
import { isKinechainError, type KinechainError } from '../../core/errors.js';
import { parseXml } from './parse-xml.js';
import { childElement, childElements, descendants, describeElement } from './xml-element.js';
import { childNumber, parseNumberToken, readBoolean, readNumber, readNumbers, readVec3, requireChild } from './xml-values.js';

function thrown(action: () => unknown): KinechainError {
  try {
    action();
  } catch (error) {
    if (isKinechainError(error)) return error;
    throw error;
  }
  throw new Error('expected a KinechainError');
}

const DOCUMENT = `<?xml version="1.0" encoding="UTF-8"?>
<!-- a comment -->
<Root Version="40000">
  <Body name="pelvis">
    <mass>11.777</mass>
    <mass_center> -0.0707 0 0 </mass_center>
    <note>a &amp; b <![CDATA[<raw>]]></note>
  </Body>
  <Body
     name="femur_r">
    <range>-Inf 2.5e-1</range>
    <flag> TRUE </flag>
  </Body>
</Root>
`;

describe('parseXml', () => {
  const root = parseXml(DOCUMENT, { fileName: 'doc.xml' });

  it('keeps names, attributes, children and direct text', () => {
    expect(root.name).toBe('Root');
    expect(root.attributes.Version).toBe('40000');
    const bodies = childElements(root, 'Body');
    expect(bodies.map((body) => body.attributes.name)).toEqual(['pelvis', 'femur_r']);
    expect(childElement(bodies[0], 'mass')?.text).toBe('11.777');
    // Entities decoded, CDATA kept as text, comments dropped.
    expect(childElement(bodies[0], 'note')?.text).toBe('a & b <raw>');
    expect(bodies[0].parent).toBe(root);
    expect(root.parent).toBeNull();
    expect(descendants(root).map((element) => element.name)).toEqual(['Body', 'mass', 'mass_center', 'note', 'Body', 'range', 'flag']);
  });

  it('records the line of each start tag (the line of "<Name", also for multi-line tags)', () => {
    expect(root.line).toBe(3);
    const [pelvis, femur] = childElements(root, 'Body');
    expect(pelvis.line).toBe(4);
    expect(childElement(pelvis, 'mass_center')?.line).toBe(6);
    expect(femur.line).toBe(9);
    expect(childElement(femur, 'range')?.line).toBe(11);
    expect(describeElement(femur)).toBe('<Body name="femur_r"> at line 9 of doc.xml');
  });

  it('gives MALFORMED_INPUT with file, line and column for XML that is not well formed', () => {
    const error = thrown(() => parseXml('<a>\n  <b>\n  </c>\n</a>', { fileName: 'bad.osim' }));
    expect(error.code).toBe('MALFORMED_INPUT');
    expect(error.details?.line).toBe(3);
    expect(error.message).toMatch(/bad\.osim, line 3/);
    expect(thrown(() => parseXml('<a><b></a>')).code).toBe('MALFORMED_INPUT');
    const unclosed = thrown(() => parseXml('<a>\n<b>\n'));
    expect(unclosed.code).toBe('MALFORMED_INPUT');
    expect(thrown(() => parseXml('   ')).code).toBe('MALFORMED_INPUT');
    expect(thrown(() => parseXml('<a x="1" x="2"/>')).code).toBe('MALFORMED_INPUT');
  });
});

describe('value helpers', () => {
  const root = parseXml(DOCUMENT, { fileName: 'doc.xml' });
  const [pelvis, femur] = childElements(root, 'Body');

  it('reads numbers, vectors, infinities and booleans', () => {
    expect(readNumber(requireChild(pelvis, 'mass'))).toBe(11.777);
    expect(readVec3(requireChild(pelvis, 'mass_center'))).toEqual([-0.0707, 0, 0]);
    expect(readNumbers(requireChild(femur, 'range'), 2)).toEqual([-Infinity, 0.25]);
    expect(readBoolean(requireChild(femur, 'flag'))).toBe(true);
    expect(childNumber(pelvis, 'absent', 7)).toBe(7);
    expect(parseNumberToken('+inf')).toBe(Infinity);
    expect(parseNumberToken('.5')).toBe(0.5);
    expect(parseNumberToken('1e')).toBeUndefined();
    expect(parseNumberToken('NaN')).toBeUndefined();
  });

  it('names the element and its line when a value is wrong', () => {
    const count = thrown(() => readVec3(requireChild(femur, 'range')));
    expect(count.code).toBe('MALFORMED_INPUT');
    expect(count.message).toBe('<range> at line 11 of doc.xml: <range> needs 3 numbers, found 2 (-Infinity 0.25)');
    expect(count.details).toMatchObject({ file: 'doc.xml', line: 11, element: 'range' });
    const text = thrown(() => readNumber(requireChild(pelvis, 'note')));
    expect(text.message).toMatch(/<note> at line 7 of doc\.xml: <note> needs 1 number, found|is not a number/);
    const infinite = thrown(() => readNumber(parseXml('<v>inf</v>')));
    expect(infinite.message).toMatch(/must be finite/);
    const missing = thrown(() => requireChild(pelvis, 'inertia'));
    expect(missing.message).toBe('<Body name="pelvis"> at line 4 of doc.xml: missing <inertia>');
    expect(thrown(() => readBoolean(requireChild(pelvis, 'mass'))).code).toBe('MALFORMED_INPUT');
  });
});
