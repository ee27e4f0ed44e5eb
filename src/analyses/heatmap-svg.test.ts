import { describe, expect, it } from 'vitest';
import { parseXml } from '../io/xml/parse-xml.js';
import type { XmlElement } from '../io/xml/xml-element.js';
import { divergingColor, escapeXml, heatmapSvg, type HeatmapMatrix } from './heatmap-svg.js';

function elements(root: XmlElement, predicate: (element: XmlElement) => boolean): XmlElement[] {
  const found: XmlElement[] = [];
  const visit = (element: XmlElement): void => {
    if (predicate(element)) found.push(element);
    element.children.forEach(visit);
  };
  visit(root);
  return found;
}

function matrix(rows: number, columns: number, overrides: Partial<HeatmapMatrix> = {}): HeatmapMatrix {
  const values: number[] = [];
  for (let i = 0; i < rows * columns; i++) values.push(((i * 7) % 11) - 5);
  return {
    title: 'Sensitivity <map> & "friends"',
    subtitle: '% change per 10% change',
    rowLabels: Array.from({ length: rows }, (_, r) => `parameter ${r} <${r}>`),
    columnLabels: Array.from({ length: columns }, (_, c) => `output ${c} & more`),
    values,
    unit: '% per 10%',
    ...overrides,
  };
}

describe('heatmapSvg', () => {
  it('is a well-formed standalone SVG with one cell per entry, each with a hover title', () => {
    const input = matrix(4, 5, { columnGroups: [{ label: 'standing', start: 0, count: 2 }, { label: 'toe-touch', start: 2, count: 3 }] });
    const svg = heatmapSvg(input);
    const root = parseXml(svg);
    expect(root.name).toBe('svg');
    expect(root.attributes.xmlns).toBe('http://www.w3.org/2000/svg');
    expect(Number(root.attributes.width)).toBeGreaterThan(0);
    expect(Number(root.attributes.height)).toBeGreaterThan(0);
    const cells = elements(root, (e) => e.name === 'g' && e.attributes.class === 'cell');
    expect(cells).toHaveLength(4 * 5);
    const seen = new Set<string>();
    for (const cell of cells) {
      seen.add(`${cell.attributes['data-row']},${cell.attributes['data-column']}`);
      expect(cell.children.filter((child) => child.name === 'rect')).toHaveLength(1);
      const title = cell.children.find((child) => child.name === 'title');
      expect(title?.text).toContain('→');
    }
    expect(seen.size).toBe(20);
    // Labels survive escaping.
    expect(svg).toContain('parameter 3 &lt;3&gt;');
    const cell = cells.find((c) => c.attributes['data-row'] === '1' && c.attributes['data-column'] === '2');
    const title = cell?.children.find((child) => child.name === 'title')?.text ?? '';
    expect(title).toContain('parameter 1 <1>');
    expect(title).toContain('output 2 & more');
  });

  it('writes the value, interval and note of a cell in its hover text', () => {
    const input = matrix(1, 2, { values: [2.345, NaN], low: [1.5, NaN], high: [3.25, NaN], notes: ['from 10 N', 'zero at baseline'] });
    const root = parseXml(heatmapSvg(input, { decimals: 2 }));
    const titles = elements(root, (e) => e.name === 'g' && e.attributes.class === 'cell').map(
      (cell) => cell.children.find((child) => child.name === 'title')?.text ?? '',
    );
    expect(titles[0]).toContain('+2.35 % per 10% [+1.50, +3.25] (from 10 N)');
    expect(titles[1]).toContain('n/a');
    expect(titles[1]).toContain('zero at baseline');
  });

  it('colours on a diverging scale centred on zero: near white at 0, red up, blue down', () => {
    expect(divergingColor(0, 1)).toBe('#f7f7f7');
    const up = divergingColor(1, 1);
    const down = divergingColor(-1, 1);
    expect(up).toBe('#67001f');
    expect(down).toBe('#053061');
    // Beyond the limit: the end colour.
    expect(divergingColor(5, 1)).toBe(up);
    expect(divergingColor(NaN, 1)).toBe('#bdbdbd');
    // Halfway up the scale is red-dominated, halfway down blue-dominated.
    const red = (hex: string): number => parseInt(hex.slice(1, 3), 16);
    const blue = (hex: string): number => parseInt(hex.slice(5, 7), 16);
    expect(red(divergingColor(0.5, 1))).toBeGreaterThan(blue(divergingColor(0.5, 1)));
    expect(blue(divergingColor(-0.5, 1))).toBeGreaterThan(red(divergingColor(-0.5, 1)));
  });

  it('gives each unit its own colour scale and legend', () => {
    const input = matrix(2, 3, { values: [10, 0, 1, -10, 0, -1], columnUnits: ['%', '%', 'cm'] });
    const root = parseXml(heatmapSvg(input));
    const legends = elements(root, (e) => e.name === 'g' && e.attributes.class === 'legend');
    expect(legends.map((legend) => legend.attributes['data-unit'])).toEqual(['%', 'cm']);
    const fills = elements(root, (e) => e.name === 'g' && e.attributes.class === 'cell').map(
      (cell) => cell.children.find((child) => child.name === 'rect')?.attributes.fill,
    );
    // 10 % and 1 cm are each the end of their own scale.
    expect(fills[0]).toBe('#67001f');
    expect(fills[2]).toBe('#67001f');
    expect(fills[3]).toBe('#053061');
    expect(fills[5]).toBe('#053061');
  });

  it('rejects a matrix whose sizes disagree or whose values are infinite', () => {
    expect(() => heatmapSvg(matrix(2, 2, { values: [1, 2, 3] }))).toThrow(/4/);
    expect(() => heatmapSvg(matrix(1, 1, { values: [Infinity] }))).toThrow(/NaN/);
    expect(() => heatmapSvg(matrix(1, 2, { columnGroups: [{ label: 'x', start: 1, count: 2 }] }))).toThrow(/does not fit/);
    expect(() => heatmapSvg(matrix(0, 2, { values: [] }))).toThrow(/at least one row/);
  });

  it('escapes every XML special character', () => {
    expect(escapeXml(`<a href="x">'&'</a>`)).toBe('&lt;a href=&quot;x&quot;&gt;&apos;&amp;&apos;&lt;/a&gt;');
  });
});
