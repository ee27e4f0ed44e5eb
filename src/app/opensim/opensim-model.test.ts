/**
 * loadOpenSimModel parses the model document once (the fast scanner when the document
 * allows) and hands the same DOM to the model reader and to the ForceSet reader. These
 * tests check that this gives exactly what reading the file the older way gives: two
 * separate parses by the SAX parser, one for readOsim and one for the ForceSet's control
 * bounds and groups, and a compile that validates the spec again, on every model of
 * OpenSim's reference examples, with and without frozen path points.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { isDeepStrictEqual } from 'node:util';
import { describe, expect, it } from 'vitest';
import { importOsimModel } from '../../io/opensim/osim-import.js';
import { readOsimDocument } from '../../io/opensim/osim-reader.js';
import { parseXmlWithSax } from '../../io/xml/parse-xml.js';
import { compile } from '../../spec/compile.js';
import { loadOpenSimModel, toolForces, type LoadedOpenSimModel } from './opensim-model.js';

const REPO_ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const REFERENCE_DIR = process.env.KINECHAIN_OPENSIM_REFERENCE ?? resolve(REPO_ROOT, '../shared/reference/opensim');

function osimFiles(folder: string): string[] {
  const found: string[] = [];
  for (const entry of readdirSync(folder)) {
    const path = join(folder, entry);
    if (statSync(path).isDirectory()) found.push(...osimFiles(path));
    else if (entry.endsWith('.osim')) found.push(path);
  }
  return found.sort();
}

/** The model loaded with two SAX parses of the text and a validating compile. */
function loadWithTwoParses(path: string, freezePathPoints: boolean): LoadedOpenSimModel {
  const text = readFileSync(path, 'utf8');
  const osim = readOsimDocument(parseXmlWithSax(text, path), { fileName: path });
  const { spec, report } = importOsimModel(osim, {
    fileName: path.split('/').pop(),
    ignoreUnsupportedWrapping: true,
    freezePathPointsAtDefaultPose: freezePathPoints,
    keepUncomposableCouplers: true,
  });
  const model = compile(spec);
  const { forces, groups } = toolForces(osim, parseXmlWithSax(text, path));
  return { path, osim, spec, report, model, forces, groups };
}

describe.runIf(existsSync(REFERENCE_DIR))('loadOpenSimModel on the OpenSim reference models', () => {
  const files = existsSync(REFERENCE_DIR) ? osimFiles(REFERENCE_DIR) : [];

  it('finds the reference models', () => {
    const names = files.map((file) => file.split('/').pop());
    expect(names).toEqual(expect.arrayContaining(['arm26.osim', 'subject01.osim', 'Rajagopal2016.osim']));
  });

  for (const file of files) {
    for (const freezePathPoints of [false, true]) {
      it(`gives the two-parse result for ${file.slice(REFERENCE_DIR.length + 1)}${freezePathPoints ? ' (frozen path points)' : ''}`, async () => {
        const loaded = await loadOpenSimModel(file, { freezePathPoints });
        const before = loadWithTwoParses(file, freezePathPoints);
        expect(loaded.path).toBe(before.path);
        expect(loaded.spec).toStrictEqual(before.spec);
        expect(loaded.osim).toStrictEqual(before.osim);
        expect(loaded.report).toStrictEqual(before.report);
        expect(loaded.forces).toStrictEqual(before.forces);
        expect(loaded.groups).toStrictEqual(before.groups);
        // The compiled model: every array, map and number, the spec it holds included.
        const differing = Object.keys(before.model).filter(
          (key) => !isDeepStrictEqual(loaded.model[key as keyof typeof loaded.model], before.model[key as keyof typeof before.model]),
        );
        expect(differing).toEqual([]);
        expect(Object.keys(loaded.model).sort()).toEqual(Object.keys(before.model).sort());
        // A model with forces has them all, in ForceSet order, with control bounds.
        expect(loaded.forces.map((force) => force.name)).toEqual(loaded.osim.forces.map((force) => force.name));
        for (const force of loaded.forces) expect(force.minControl).toBeLessThanOrEqual(force.maxControl);
      });
    }
  }
});
