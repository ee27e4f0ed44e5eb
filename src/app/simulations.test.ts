import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { KinechainError, isKinechainError } from '../core/errors.js';
import { FOOTWEAR_NAMES } from '../library/footwear.js';
import { modifierNames } from './modifiers.js';
import { postureAnalysis } from './posture.js';
import {
  ANALYSIS_NAMES,
  analysisFields,
  checkSimulationRequest,
  fieldPath,
  isSimulationAborted,
  runSimulation,
  simulationCatalog,
  simulationRequestSchema,
} from './simulations.js';
import { toeTouchAnalysis } from './toe-touch.js';
import { yogaPoseAnalysis, yogaPoseList } from './yoga.js';

/** The KinechainError `check` throws (fails the test when it throws nothing or something else). */
function errorOf(check: () => unknown): KinechainError {
  try {
    check();
  } catch (error) {
    if (isKinechainError(error)) return error;
    throw error;
  }
  throw new Error('expected a KinechainError, nothing was thrown');
}

describe('simulationRequestSchema and checkSimulationRequest', () => {
  it('accepts the smallest request of every analysis', () => {
    const smallest = [
      { analysis: 'toe-touch' },
      { analysis: 'posture' },
      { analysis: 'stance' },
      { analysis: 'interdependence' },
      { analysis: 'yoga', pose: 'downward_dog' },
    ];
    expect(smallest.map((request) => request.analysis).sort()).toEqual([...ANALYSIS_NAMES].sort());
    for (const request of smallest) expect(checkSimulationRequest(request)).toEqual(request);
  });

  it('takes the fields of each analysis and no other', () => {
    expect(analysisFields('yoga')).toEqual(['analysis', 'pose', 'subject']);
    expect(analysisFields('posture')).toEqual(['analysis', 'impairments', 'subject', 'samples', 'seed']);
    const error = errorOf(() => checkSimulationRequest({ analysis: 'yoga', pose: 'downward_dog', samples: 3 }));
    expect(error.code).toBe('MALFORMED_INPUT');
    expect(error.details?.field).toBe('samples');
    expect(error.message).toContain('unknown field "samples" in a "yoga" request');
    expect(error.message).toContain('analysis, pose, subject');
    const typo = errorOf(() => checkSimulationRequest({ analysis: 'posture', sample: 3 }));
    expect(typo.message).toContain('did you mean "samples"');
    const nested = errorOf(() => checkSimulationRequest({ analysis: 'posture', subject: { height: 1.8 } }));
    expect(nested.details?.field).toBe('subject.height');
  });

  it.each([
    [{ analysis: 'toe-tuch' }, 'UNKNOWN_NAME', 'analysis', 'did you mean "toe-touch"'],
    [{}, 'MALFORMED_INPUT', 'analysis', 'analysis is required'],
    [null, 'MALFORMED_INPUT', null, 'must be an object'],
    [[1, 2], 'MALFORMED_INPUT', null, 'must be an object'],
    [{ analysis: 'posture', samples: '200' }, 'MALFORMED_INPUT', 'samples', 'got "200"'],
    [{ analysis: 'posture', samples: Number.NaN }, 'NOT_FINITE', 'samples', 'finite'],
    [{ analysis: 'posture', samples: Number.POSITIVE_INFINITY }, 'NOT_FINITE', 'samples', 'got Infinity'],
    [{ analysis: 'posture', samples: -1 }, 'OUT_OF_RANGE', 'samples', 'at least 0'],
    [{ analysis: 'toe-touch', samples: 0 }, 'OUT_OF_RANGE', 'samples', 'at least 1'],
    [{ analysis: 'posture', samples: 5001 }, 'OUT_OF_RANGE', 'samples', 'at most 5000'],
    [{ analysis: 'posture', samples: 1.5 }, 'MALFORMED_INPUT', 'samples', 'whole number'],
    [{ analysis: 'posture', seed: 0.5 }, 'MALFORMED_INPUT', 'seed', 'whole number'],
    [{ analysis: 'posture', subject: { heightM: 3 } }, 'OUT_OF_RANGE', 'subject.heightM', 'at most'],
    [{ analysis: 'posture', subject: { sex: 'f' } }, 'MALFORMED_INPUT', 'subject.sex', '"male", "female"'],
    [{ analysis: 'posture', impairments: 'tight-heel-cord' }, 'MALFORMED_INPUT', 'impairments', 'an array'],
    [{ analysis: 'posture', impairments: [{ name: 'tight-heelcord' }] }, 'UNKNOWN_NAME', 'impairments[0].name', 'did you mean "tight-heel-cord"'],
    [{ analysis: 'posture', impairments: [{ name: 'calf-stretch' }] }, 'UNKNOWN_NAME', 'impairments[0].name', 'is an intervention'],
    [{ analysis: 'posture', impairments: [{ name: 'tight-heel-cord', severity: 99 }] }, 'OUT_OF_RANGE', 'impairments[0].severity', '[-20, 30]'],
    [{ analysis: 'posture', impairments: [{ name: 'tight-heel-cord', severity: Number.NaN }] }, 'NOT_FINITE', 'impairments[0].severity', 'finite'],
    [{ analysis: 'posture', impairments: [{ name: 'tight-heel-cord:l' }] }, 'MALFORMED_INPUT', 'impairments[0].name', 'own fields'],
    [{ analysis: 'posture', impairments: [{ name: 'tight-heel-cord', side: 'left' }] }, 'MALFORMED_INPUT', 'impairments[0].side', '"r", "l", "both"'],
    [{ analysis: 'toe-touch', intervention: { name: 'tight-hamstrings' } }, 'UNKNOWN_NAME', 'intervention.name', 'is an impairment'],
    [{ analysis: 'toe-touch', intervention: { name: 'calf-stretch', severity: 2 } }, 'OUT_OF_RANGE', 'intervention.severity', 'outside its scale'],
    [{ analysis: 'yoga', pose: 'downward dgo' }, 'UNKNOWN_NAME', 'pose', 'did you mean "downward_dog"'],
    [{ analysis: 'yoga' }, 'MALFORMED_INPUT', 'pose', 'pose is required'],
    [{ analysis: 'stance', footwear: 'rocker-shoes' }, 'UNKNOWN_NAME', 'footwear', 'did you mean "rocker-shoe"'],
    [{ analysis: 'stance', footwear: 5 }, 'MALFORMED_INPUT', 'footwear', 'catalogue name'],
    [{ analysis: 'stance', instants: 5 }, 'OUT_OF_RANGE', 'instants', 'at least 20'],
    [{ analysis: 'stance', impairments: [{ name: 'painful-heel', side: 'l' }] }, 'MALFORMED_INPUT', 'impairments[0].side', 'right foot'],
    [{ analysis: 'interdependence', only: 'standing' }, 'MALFORMED_INPUT', 'only', '"posture", "toe-touch"'],
  ])('rejects %j with %s at %s', (input, code, field, text) => {
    const error = errorOf(() => checkSimulationRequest(input));
    expect(error.code).toBe(code);
    expect(error.details?.field ?? null).toBe(field);
    expect(error.message).toContain(text);
  });

  it('names the field inside a footwear document', () => {
    const error = errorOf(() =>
      checkSimulationRequest({ analysis: 'stance', footwear: { name: 'mine', description: 'd', source: 's', layers: [{ name: 'x' }] } }),
    );
    expect(error.details?.field).toBe('footwear.layers[0].material');
  });

  it('gives close names for unknown names', () => {
    const error = errorOf(() => checkSimulationRequest({ analysis: 'posture', impairments: [{ name: 'tight-hamstring' }] }));
    expect(error.details?.closeNames).toContain('tight-hamstrings');
  });

  it('reports every problem, the first as the error', () => {
    const error = errorOf(() => checkSimulationRequest({ analysis: 'posture', samples: -1, seed: 'x' }));
    const issues = error.details?.issues as { field: string }[];
    expect(issues.map((issue) => issue.field)).toEqual(['samples', 'seed']);
    expect(error.details?.field).toBe('samples');
  });

  it('writes paths as a reader would', () => {
    expect(fieldPath([])).toBeNull();
    expect(fieldPath(['impairments', 0, 'severity'])).toBe('impairments[0].severity');
    expect(fieldPath(['subject', 'heightM'])).toBe('subject.heightM');
  });

  it('is the schema the JSON schema is made of: no analysis without its schema', () => {
    const options = simulationRequestSchema.options.map((option) => option.shape.analysis.value);
    expect(options).toEqual([...ANALYSIS_NAMES]);
  });
});

describe('runSimulation', () => {
  it('returns what the use-case returns for the same request (yoga)', () => {
    const result = runSimulation({ analysis: 'yoga', pose: 'Downward-Dog', subject: { heightM: 1.6 } });
    expect(JSON.stringify(result)).toBe(JSON.stringify(yogaPoseAnalysis('downward_dog', { subject: { heightM: 1.6 } })));
  });

  it('turns modifier objects into the command line form (toe-touch with an intervention)', () => {
    const viaObjects = runSimulation({
      analysis: 'toe-touch',
      impairments: [{ name: 'tight-hamstrings', side: 'both', severity: 55 }],
      intervention: { name: 'hamstring-stretch', side: 'both' },
      samples: 4,
      seed: 7,
    });
    const viaText = toeTouchAnalysis({
      impairments: ['tight-hamstrings:both=55'],
      interventions: ['hamstring-stretch:both'],
      samples: 4,
      seed: 7,
    });
    expect(JSON.stringify(viaObjects)).toBe(JSON.stringify(viaText));
    expect(viaObjects.impairments[0]).toMatchObject({ name: 'tight-hamstrings', side: 'both', severity: 55 });
  });

  it('reports progress and stops when its signal is aborted', () => {
    const steps: number[] = [];
    const request = { analysis: 'posture', impairments: [{ name: 'painful-heel' }], samples: 3 } as const;
    const result = runSimulation(request, { onProgress: (done) => steps.push(done) });
    expect(steps).toEqual([1, 2, 3, 4, 5]);
    expect(JSON.stringify(result)).toBe(JSON.stringify(postureAnalysis({ impairments: ['painful-heel'], samples: 3 })));

    let checks = 0;
    // Aborted from the second check on: the run starts, then stops at its first progress step.
    const signal = {
      get aborted() {
        checks++;
        return checks > 1;
      },
    };
    let thrown: unknown = null;
    try {
      runSimulation(request, { signal });
    } catch (error) {
      thrown = error;
    }
    expect(isSimulationAborted(thrown)).toBe(true);
    expect(checks).toBe(2);
    expect(() => runSimulation({ analysis: 'yoga', pose: 'low_lunge' }, { signal: { aborted: true } })).toThrow(/cancelled/);
  });

  it('checks before it runs', () => {
    expect(() => runSimulation({ analysis: 'posture', samples: -1 })).toThrow(KinechainError);
  });

  it('takes samples 0 for the posture: the nominal loads without intervals, as the use-case gives them', () => {
    const checked = checkSimulationRequest({ analysis: 'posture', samples: 0 });
    expect(checked.analysis === 'posture' ? checked.samples : null).toBe(0);
    const result = runSimulation({ analysis: 'posture', impairments: [{ name: 'tight-heel-cord', side: 'both', severity: -8 }], samples: 0 });
    expect(result.impaired).toBeUndefined();
    expect(result.change).toBeUndefined();
    expect(result.uncertainty?.samples).toBe(0);
    expect(result.nominal?.impaired.l5s1CompressionN).toBeGreaterThan(0);
    expect(JSON.stringify(result)).toBe(JSON.stringify(postureAnalysis({ impairments: ['tight-heel-cord:both=-8'], nominalOnly: true })));
  });
});

describe('simulationCatalog', () => {
  it('lists every analysis, modifier, pose and footwear with consistent scales', () => {
    const catalog = simulationCatalog();
    expect(catalog.analyses.map((entry) => entry.name)).toEqual([...ANALYSIS_NAMES]);
    for (const entry of catalog.analyses) expect(entry.fields).toEqual(analysisFields(entry.name));
    expect(catalog.impairments.map((entry) => entry.name)).toEqual(modifierNames('impairment'));
    expect(catalog.interventions.map((entry) => entry.name)).toEqual(modifierNames('intervention'));
    for (const entry of [...catalog.impairments, ...catalog.interventions]) {
      const { min, max } = entry.severity;
      expect(min).toBeLessThan(max);
      expect(entry.severity.default).toBeGreaterThanOrEqual(min);
      expect(entry.severity.default).toBeLessThanOrEqual(max);
      expect(entry.severity.neutral).toBeGreaterThanOrEqual(min);
      expect(entry.severity.neutral).toBeLessThanOrEqual(max);
    }
    expect(catalog.yogaPoses.map((pose) => pose.key)).toEqual(yogaPoseList().map((pose) => pose.key));
    expect(catalog.footwear.map((design) => design.name)).toEqual([...FOOTWEAR_NAMES]);
    expect(catalog.lines.length).toBeGreaterThanOrEqual(12);
    const tissues = new Set(catalog.tissues.map((tissue) => tissue.name));
    for (const line of catalog.lines) for (const track of line.tracks) expect(tissues.has(track.tissue)).toBe(true);
    expect(catalog.subject.heightM.min).toBeLessThan(catalog.subject.defaults.heightM);
    // Plain data: survives JSON unchanged.
    expect(JSON.parse(JSON.stringify(catalog))).toEqual(catalog);
  });
});

describe('browser safety', () => {
  it('imports nothing from node: on its import path', () => {
    const here = fileURLToPath(new URL('./simulations.ts', import.meta.url));
    const seen = new Set<string>();
    const nodeImports: string[] = [];
    const visit = (file: string): void => {
      if (seen.has(file)) return;
      seen.add(file);
      const text = readFileSync(file, 'utf8');
      // Value imports and re-exports only: `import type` is erased.
      for (const match of text.matchAll(/^\s*(?:import|export)\s+(?!type\b)[^'";]*?from\s+['"]([^'"]+)['"]/gm)) {
        const specifier = match[1];
        if (specifier.startsWith('.')) visit(resolve(dirname(file), specifier.replace(/\.js$/, '.ts')));
        else if (specifier.startsWith('node:')) nodeImports.push(`${file} imports ${specifier}`);
      }
      for (const match of text.matchAll(/\bimport\(\s*['"]([^'"]+)['"]\s*\)/g)) {
        if (match[1].startsWith('node:')) nodeImports.push(`${file} imports ${match[1]}`);
      }
    };
    visit(here);
    expect(seen.size).toBeGreaterThan(20);
    expect(nodeImports).toEqual([]);
  });
});
