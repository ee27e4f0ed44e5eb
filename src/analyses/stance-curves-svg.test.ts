import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { KinechainError } from '../core/errors.js';
import { parseXml } from '../io/xml/parse-xml.js';
import type { XmlElement } from '../io/xml/xml-element.js';
import { defaultPlantarShape } from '../library/plantar-loading.js';
import { comparisonFigureSvg, wrapText } from './footwear-comparison-svg.js';
import { PLANTAR_REGION_NAMES, type PlantarRegion } from '../core/contact/foot-outline.js';
import { niceTicks, seriesStyle, stanceCurvesSvg, type CurvePanel } from './stance-curves-svg.js';

function elements(root: XmlElement, predicate: (element: XmlElement) => boolean): XmlElement[] {
  const found: XmlElement[] = [];
  const visit = (element: XmlElement): void => {
    if (predicate(element)) found.push(element);
    element.children.forEach(visit);
  };
  visit(root);
  return found;
}

const stance = Array.from({ length: 51 }, (_, i) => 2 * i);

function panels(designs: readonly string[]): CurvePanel[] {
  return [
    { title: 'Vertical force', unit: 'BW', series: designs.map((label, d) => ({ label, x: stance, y: stance.map((s) => Math.sin((Math.PI * s) / 100) * (1 + 0.1 * d)) })) },
    { title: 'L5/S1 <compression>', unit: 'BW', series: designs.map((label, d) => ({ label, x: stance, y: stance.map((s) => 1.5 + 0.01 * s - 0.2 * d) })) },
    { title: 'Dorsiflexion', unit: 'deg', series: designs.map((label) => ({ label, x: stance, y: stance.map((s) => -5 + 0.6 * s) })) },
  ];
}

describe('niceTicks', () => {
  it('covers the range with equally spaced ticks whose step is 1, 2, 2.5 or 5 times a power of ten', () => {
    fc.assert(
      fc.property(fc.double({ min: -1e4, max: 1e4, noNaN: true }), fc.double({ min: 1e-3, max: 1e4, noNaN: true }), (low, span) => {
        const ticks = niceTicks(low, low + span, 5);
        expect(ticks[0]).toBeLessThanOrEqual(low + 1e-9 * Math.max(1, Math.abs(low)));
        expect(ticks[ticks.length - 1]).toBeGreaterThanOrEqual(low + span - 1e-9 * Math.max(1, Math.abs(low + span)));
        expect(ticks.length).toBeGreaterThanOrEqual(2);
        expect(ticks.length).toBeLessThanOrEqual(12);
        const step = ticks[1] - ticks[0];
        const mantissa = step / 10 ** Math.floor(Math.log10(step) + 1e-12);
        expect([1, 2, 2.5, 5, 10].some((nice) => Math.abs(mantissa - nice) < 1e-6)).toBe(true);
        for (let i = 2; i < ticks.length; i++) expect(Math.abs(ticks[i] - ticks[i - 1] - step)).toBeLessThan(1e-9 * Math.max(1, Math.abs(ticks[i])));
      }),
    );
  });

  it('gives the usual ticks of % of stance and of a load starting at zero', () => {
    expect(niceTicks(0, 100, 5)).toEqual([0, 20, 40, 60, 80, 100]);
    expect(niceTicks(0, 1.38, 4)).toEqual([0, 0.5, 1, 1.5]);
  });
});

describe('stanceCurvesSvg', () => {
  const designs = ['healing-sole', 'flat <sandal>', 'heel-cup'];
  const input = panels(designs);
  const svg = stanceCurvesSvg('Curves & more', input);
  const root = parseXml(svg);

  it('is well-formed with one panel per input and one line per series, in the legend colours', () => {
    expect(root.name).toBe('svg');
    const drawn = elements(root, (e) => e.name === 'g' && e.attributes.class === 'curve-panel');
    expect(drawn).toHaveLength(input.length);
    drawn.forEach((panel, p) => {
      const lines = elements(panel, (e) => e.name === 'polyline');
      expect(lines.map((line) => line.attributes['data-series'])).toEqual(designs);
      lines.forEach((line, d) => {
        expect(line.attributes.stroke).toBe(seriesStyle(d).color);
        const points = line.attributes.points.split(' ').map((pair) => pair.split(',').map(Number));
        expect(points).toHaveLength(input[p].series[d].x.length);
        // Stance runs left to right.
        for (let i = 1; i < points.length; i++) expect(points[i][0]).toBeGreaterThan(points[i - 1][0]);
      });
    });
    expect(svg).toContain('flat &lt;sandal&gt;');
    expect(svg).toContain('L5/S1 &lt;compression&gt; (BW)');
  });

  it('draws a larger value higher up (SVG y grows downwards)', () => {
    const panel = elements(root, (e) => e.name === 'g' && e.attributes.class === 'curve-panel')[1];
    const [first, second] = elements(panel, (e) => e.name === 'polyline').map((line) => line.attributes.points.split(' ').map((pair) => Number(pair.split(',')[1])));
    // Series 0 is 0.2 BW above series 1 everywhere.
    for (let i = 0; i < first.length; i++) expect(first[i]).toBeLessThan(second[i]);
  });

  it('refuses mismatched or non-finite series and empty figures', () => {
    expect(() => stanceCurvesSvg('t', [])).toThrow(KinechainError);
    expect(() => stanceCurvesSvg('t', [{ title: 'a', unit: 'BW', series: [{ label: 'x', x: [0, 1, 2], y: [0, 1] }] }])).toThrow(/as many x as y/);
    expect(() => stanceCurvesSvg('t', [{ title: 'a', unit: 'BW', series: [{ label: 'x', x: [0, 1], y: [0, Number.NaN] }] }])).toThrow(KinechainError);
  });
});

describe('comparisonFigureSvg', () => {
  it('holds one pressure map per design and the curves with one line per design', () => {
    const designs = ['healing-sole', 'flat-sandal'];
    const maps = designs.map((label, d) => {
      const peakPressureKPa = {} as Record<PlantarRegion, number>;
      PLANTAR_REGION_NAMES.forEach((region, index) => (peakPressureKPa[region] = 100 + 10 * index + 50 * d));
      return { label, peakPressureKPa };
    });
    const notes = ['1. healing-sole: lowest in 3 of 5 focus measures, most clearly heel peak pressure (290 kPa, 38% below flat-sandal) & more', '2. flat-sandal <none>'];
    const root = parseXml(
      comparisonFigureSvg({ title: 'Footwear', subtitle: 'model predictions', shape: defaultPlantarShape(), maps, panels: panels(designs), notesTitle: 'Where each design helps', notes }),
    );
    const drawnNotes = elements(root, (e) => e.name === 'text' && e.attributes.class === 'note');
    expect(drawnNotes.map((note) => note.children.map((span) => span.text).join(' '))).toEqual(notes);
    expect(root.name).toBe('svg');
    expect(elements(root, (e) => e.attributes.class === 'pressure-map').map((e) => e.attributes['data-label'])).toEqual(designs);
    expect(elements(root, (e) => e.attributes.class === 'pressure-legend')).toHaveLength(1);
    const lines = elements(root, (e) => e.name === 'polyline');
    expect(lines).toHaveLength(3 * designs.length);
    // Nothing is drawn outside the document.
    const height = Number(root.attributes.height);
    const groups = elements(root, (e) => e.name === 'g' && /^translate/.test(e.attributes.transform ?? ''));
    for (const group of groups) {
      const y = Number(/translate\(\S+ (\S+)\)/.exec(group.attributes.transform)?.[1]);
      expect(y).toBeLessThan(height);
    }
  });
});

describe('wrapText', () => {
  it('keeps every word in order and every line within the width unless one word is longer', () => {
    fc.assert(
      fc.property(fc.array(fc.stringMatching(/^[a-z]{1,12}$/), { maxLength: 40 }), fc.integer({ min: 5, max: 60 }), (words, width) => {
        const lines = wrapText(words.join(' '), width);
        expect(lines.join(' ').split(' ').filter((word) => word !== '')).toEqual(words);
        for (const line of lines) expect(line.length <= width || !line.includes(' ')).toBe(true);
      }),
    );
  });
});
