/**
 * `kinechain stance` and `kinechain footwear list|compare` in-process (runCli with buffered
 * output): the JSON each prints, its tables, the SVG it writes and its messages for bad
 * input. The stance phases take seconds, so the few designs used are run once (the
 * use-case remembers results per body and design) and shared; one spawned process checks
 * the exit code as a user sees it.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { parseXml } from '../io/xml/parse-xml.js';
import type { XmlElement } from '../io/xml/xml-element.js';
import { footwearToJson } from '../io/footwear-file.js';
import { FOOTWEAR_CATALOGUE, FOOTWEAR_NAMES } from '../library/footwear.js';
import { STANCE_PRESSURE_REGIONS } from '../analyses/stance-phase.js';
import { bufferIo } from './io.js';
import { EXIT_OK, EXIT_USAGE, runCli } from './run.js';

const SLOW_MS = 300_000;
const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const scratch = mkdtempSync(join(tmpdir(), 'kinechain-footwear-cli-'));

async function run(...argv: string[]) {
  const io = bufferIo();
  const code = await runCli(argv, io, {});
  return { code, stdout: io.stdout(), stderr: io.stderr() };
}

/** Exit 2, one `kinechain: ...` line on stderr matching `pattern`, nothing on stdout, no stack trace. */
function expectUsageError(result: { code: number; stdout: string; stderr: string }, pattern: RegExp): void {
  expect(result.code).toBe(EXIT_USAGE);
  expect(result.stdout).toBe('');
  expect(result.stderr.startsWith('kinechain: ')).toBe(true);
  expect(result.stderr.trim().split('\n')).toHaveLength(1);
  expect(result.stderr).toMatch(pattern);
}

function elements(root: XmlElement, predicate: (element: XmlElement) => boolean): XmlElement[] {
  const found: XmlElement[] = [];
  const visit = (element: XmlElement): void => {
    if (predicate(element)) found.push(element);
    element.children.forEach(visit);
  };
  visit(root);
  return found;
}

interface ComparisonJson {
  reference: string;
  designs: { footwear: { name: string; fromCatalogue: boolean }; summary: Record<string, unknown> }[];
  measures: { key: string; values: number[]; differences: number[] }[];
  helps: { design: string; text: string }[];
}

const designFile = join(scratch, 'my-heel-cup.json');
const svgFile = join(scratch, 'comparison.svg');
let comparisonJson: ComparisonJson;
let comparisonTable: { code: number; stdout: string; stderr: string };
let stanceJson: { summary: Record<string, unknown>; timeSeries: Record<string, unknown>; footwear: { name: string } };
let stanceTable: { code: number; stdout: string; stderr: string };
let fromFile: ComparisonJson;

beforeAll(async () => {
  writeFileSync(designFile, footwearToJson(FOOTWEAR_CATALOGUE['heel-cup']));
  const json = await run('footwear', 'compare', 'flat-shoe', 'heel-cup', '--impairment', 'painful-heel', '--json');
  expect(json.code).toBe(EXIT_OK);
  comparisonJson = JSON.parse(json.stdout);
  comparisonTable = await run('footwear', 'compare', 'flat-shoe', 'heel-cup', '--impairment', 'painful-heel', '--svg', svgFile);
  const stance = await run('stance', '--footwear', 'flat-shoe', '--json');
  expect(stance.code).toBe(EXIT_OK);
  stanceJson = JSON.parse(stance.stdout);
  stanceTable = await run('stance', '--footwear', 'heel-cup', '--impairment', 'painful-heel=0.3');
  const file = await run('footwear', 'compare', 'flat-shoe', designFile, '--json');
  expect(file.code).toBe(EXIT_OK);
  fromFile = JSON.parse(file.stdout);
}, SLOW_MS);

describe('kinechain stance', () => {
  it('--json prints the summary in kPa, BW and deg, and the series over % stance', () => {
    expect(stanceJson.footwear.name).toBe('flat-shoe');
    const summary = stanceJson.summary as { peakPressureKPa: Record<string, number> } & Record<string, unknown>;
    expect(Object.keys(summary.peakPressureKPa)).toEqual([...STANCE_PRESSURE_REGIONS]);
    for (const key of ['plantarFasciaPeakForceBW', 'plantarFasciaPeakStrain', 'mtp1PeakDorsiflexionDeg', 'achillesPeakForceBW', 'l5s1PeakCompressionBW']) {
      expect(typeof summary[key], key).toBe('number');
    }
    const stancePercent = stanceJson.timeSeries.stancePercent as number[];
    expect(Array.isArray(stancePercent)).toBe(true);
    expect(stancePercent[stancePercent.length - 1]).toBeCloseTo(100, 9);
    expect((stanceJson.timeSeries.l5s1CompressionBW as number[]).length).toBe(stancePercent.length);
  });

  it('prints tables of peak pressures, peak loads and the curves every 10% of stance', () => {
    expect(stanceTable.code).toBe(EXIT_OK);
    expect(stanceTable.stderr).toBe('');
    for (const part of ['Stance phase of walking on heel-cup', 'Impairments', 'painful-heel', 'Peak plantar pressure', 'central heel', 'Peak loads', 'L5/S1 compression', 'Over stance', 'What is a model prediction']) {
      expect(stanceTable.stdout).toContain(part);
    }
  });

  it('refuses a missing --footwear, an unknown design, a bad severity and a left-side impairment with one line', async () => {
    const missing = await run('stance');
    expect(missing.code).toBe(EXIT_USAGE);
    expect(missing.stderr).toMatch(/^kinechain: .*--footwear/);
    expectUsageError(await run('stance', '--footwear', 'flat-shoes'), /unknown footwear "flat-shoes" \(did you mean "flat-shoe"/);
    expectUsageError(await run('stance', '--footwear', 'flat-shoe', '--impairment', 'painful-heel=high'), /severity of impairment "painful-heel" must be a number/);
    expectUsageError(await run('stance', '--footwear', 'flat-shoe', '--impairment', 'painful-heel=2'), /outside its scale/);
    expectUsageError(await run('stance', '--footwear', 'flat-shoe', '--impairment', 'tight-plantar-fascia:l'), /right foot/);
  });
});

describe('kinechain footwear list', () => {
  it('lists every design in a table and as JSON', async () => {
    const table = await run('footwear', 'list');
    expect(table.code).toBe(EXIT_OK);
    for (const name of FOOTWEAR_NAMES) expect(table.stdout).toContain(name);
    const json = await run('footwear', 'list', '--json');
    const catalog = JSON.parse(json.stdout) as { name: string; design: { layers: unknown[] } }[];
    expect(catalog.map((entry) => entry.name)).toEqual([...FOOTWEAR_NAMES]);
    expect(catalog[0].design.layers).toEqual([]);
  });
});

describe('kinechain footwear compare', () => {
  it('--json gives one value per design and the difference against the first', () => {
    expect(comparisonJson.reference).toBe('flat-shoe');
    expect(comparisonJson.designs.map((design) => design.footwear.name)).toEqual(['flat-shoe', 'heel-cup']);
    const heel = comparisonJson.measures.find((measure) => measure.key === 'peakPressureKPa.heel');
    expect(heel?.differences[1]).toBe((heel?.values[1] ?? 0) - (heel?.values[0] ?? 0));
    expect(heel?.differences[1]).toBeLessThan(0);
    expect(comparisonJson.helps[0].design).toBe('heel-cup');
  });

  it('prints the side-by-side table, where each design helps, and the figure it wrote', () => {
    expect(comparisonTable.code).toBe(EXIT_OK);
    const text = comparisonTable.stdout;
    for (const part of ['Side by side', 'flat-shoe', 'heel-cup', '* heel peak pressure', 'L5/S1 peak compression', 'Where each design helps', '1. heel-cup: lowest in', 'Against flat-shoe', '1. heel-cup: lower', 'Lowest value of each focus measure', svgFile]) {
      expect(text).toContain(part);
    }
  });

  it('writes a well-formed SVG with one pressure map per design and curves over stance', () => {
    const root = parseXml(readFileSync(svgFile, 'utf8'));
    expect(root.name).toBe('svg');
    expect(elements(root, (e) => e.attributes.class === 'pressure-map').map((e) => e.attributes['data-label'])).toEqual(['flat-shoe', 'heel-cup']);
    expect(elements(root, (e) => e.attributes.class === 'curve-panel')).toHaveLength(4);
  });

  it('reads a design from a footwear file: the same design by content gives the same numbers', () => {
    expect(fromFile.designs[1].footwear).toEqual(expect.objectContaining({ name: 'heel-cup', fromCatalogue: false }));
    expect(fromFile.designs[1].summary).toEqual(comparisonJson.designs[1].summary);
  });

  it('refuses an unknown design, a malformed or invalid design file, a bad severity and an unwritable figure with one line', async () => {
    expectUsageError(await run('footwear', 'compare', 'flat-shoe', 'heel-cups'), /unknown footwear "heel-cups" \(did you mean "heel-cup"/);
    expectUsageError(await run('footwear', 'compare', 'flat-shoe'), /compare 2 to 8 footwear designs/);
    const broken = join(scratch, 'broken.json');
    writeFileSync(broken, '{ "name": "mine", }');
    expectUsageError(await run('footwear', 'compare', 'flat-shoe', broken), /broken\.json is not valid JSON: .* line 1, column 19/);
    const invalid = join(scratch, 'invalid.json');
    writeFileSync(invalid, JSON.stringify({ name: 'mine', description: 'd', source: 's', layers: [{ name: 'sole' }] }));
    expectUsageError(await run('footwear', 'compare', 'flat-shoe', invalid), /invalid footwear file .*invalid\.json: layers\[0\]\.material/);
    expectUsageError(await run('footwear', 'compare', 'flat-shoe', join(scratch, 'absent.json')), /absent\.json/);
    expectUsageError(await run('footwear', 'compare', 'flat-shoe', 'heel-cup', '--impairment', 'painful-heel=-1'), /outside its scale/);
    expectUsageError(
      await run('footwear', 'compare', 'flat-shoe', 'heel-cup', '--svg', join(scratch, 'missing-directory', 'figure.svg')),
      /cannot write the comparison figure to .*figure\.svg: its directory .*missing-directory does not exist/,
    );
  });

  it('exits with 2 and one line in a separate process for an unknown design', async () => {
    const outcome = await new Promise<{ code: number; stdout: string; stderr: string }>((resolve) => {
      execFile('npx', ['tsx', 'src/cli/main.ts', 'footwear', 'compare', 'flat-shoe', 'clog'], { cwd: ROOT, env: { ...process.env, KINECHAIN_DEBUG: '' } }, (error, stdout, stderr) => {
        const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
        resolve({ code, stdout, stderr: stderr.split('\n').filter((line) => !line.startsWith('npm warn')).join('\n') });
      });
    });
    expectUsageError(outcome, /^kinechain: unknown footwear "clog"/);
  }, SLOW_MS);
});
