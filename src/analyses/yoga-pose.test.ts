import { describe, expect, it } from 'vitest';
import { buildBody, DEFAULT_SUBJECT } from '../library/default-body.js';
import { baselineScenario } from '../library/scenario.js';
import { YOGA_POSES, yogaPoseKeys } from '../library/yoga-poses.js';
import { compile } from '../spec/compile.js';
import { analyseYogaPose, type YogaPoseResult } from './yoga-pose.js';

const spec = buildBody(DEFAULT_SUBJECT);
const model = compile(spec);
const scenario = baselineScenario(spec);
const results = new Map<string, YogaPoseResult>(yogaPoseKeys().map((key) => [key, analyseYogaPose(scenario, key, { model })]));

const line = (result: YogaPoseResult, name: string) => result.lines.find((entry) => entry.name === name)!;
const tissue = (result: YogaPoseResult, name: string) => result.tissues.find((entry) => entry.name === name)!;

describe('yoga pose catalogue', () => {
  it('has the five poses, each inside the default body\'s joint ranges, with a source', () => {
    for (const key of ['downward_dog', 'standing_forward_fold', 'seated_forward_fold', 'low_lunge', 'childs_pose']) {
      expect(YOGA_POSES[key], key).toBeDefined();
      expect(YOGA_POSES[key].source.length).toBeGreaterThan(10);
      expect(results.get(key)!.converged).toBe(true);
    }
  });
});

describe('analyseYogaPose', () => {
  it('changes nothing for the standing pose', () => {
    const standing = analyseYogaPose(scenario, { name: 'standing', coordinatesDeg: {} }, { model });
    for (const entry of standing.tissues) {
      expect(entry.lengthChangeMm).toBe(0);
      expect(entry.strainChange).toBe(0);
    }
    for (const entry of standing.lines) for (const track of entry.tracks) expect(track.tensionChangeN).toBe(0);
    expect(standing.lengthenedTissues).toHaveLength(0);
  });

  it('ranks tissues and lines by lengthening', () => {
    const result = results.get('downward_dog')!;
    for (let k = 1; k < result.tissues.length; k++) {
      expect(result.tissues[k].lengthChangePercent).toBeLessThanOrEqual(result.tissues[k - 1].lengthChangePercent);
    }
    for (let k = 1; k < result.lines.length; k++) {
      expect(result.lines[k].lengthChangePercent).toBeLessThanOrEqual(result.lines[k - 1].lengthChangePercent);
    }
    for (const entry of result.lengthenedTissues) expect(entry.lengthChangePercent).toBeGreaterThan(1);
  });

  it('forward folds (downward dog, standing and seated) lengthen and load the superficial back line', () => {
    for (const key of ['downward_dog', 'standing_forward_fold', 'seated_forward_fold']) {
      const result = results.get(key)!;
      for (const side of ['r', 'l']) {
        const back = line(result, `superficial_back_line_${side}`);
        const front = line(result, `superficial_front_line_${side}`);
        expect(back.lengthChangePercent, key).toBeGreaterThan(3);
        expect(back.lengthChangePercent, key).toBeGreaterThan(front.lengthChangePercent);
        expect(back.maxTensionChangeN, key).toBeGreaterThan(0);
        for (const muscle of ['biceps_femoris_long', 'semitendinosus', 'semimembranosus']) {
          expect(tissue(result, `${muscle}_${side}`).lengthChangePercent, `${key} ${muscle}`).toBeGreaterThan(5);
        }
      }
      expect(result.lengthenedLines.some((entry) => entry.family === 'superficial back line')).toBe(true);
    }
  });

  it('the low lunge lengthens the back (left) leg\'s superficial front line and hip flexors, and shortens the front leg\'s', () => {
    const result = results.get('low_lunge')!;
    expect(line(result, 'superficial_front_line_l').lengthChangePercent).toBeGreaterThan(3);
    expect(line(result, 'superficial_front_line_l').lengthChangePercent).toBeGreaterThan(line(result, 'superficial_front_line_r').lengthChangePercent);
    expect(tissue(result, 'iliopsoas_l').lengthChangePercent).toBeGreaterThan(0);
    expect(tissue(result, 'rectus_femoris_l').lengthChangePercent).toBeGreaterThan(5);
    expect(tissue(result, 'iliopsoas_r').lengthChangePercent).toBeLessThan(0);
    expect(tissue(result, 'rectus_femoris_l').strainChange).toBeGreaterThan(0);
  });

  it("child's pose lengthens the back extensors and the posterior thoracolumbar fascia", () => {
    const result = results.get('childs_pose')!;
    for (const name of ['erector_spinae_lumbar_r', 'erector_spinae_thoracic_r', 'thoracolumbar_fascia_posterior_r', 'erector_spinae_lumbar_l']) {
      expect(tissue(result, name).lengthChangePercent, name).toBeGreaterThan(5);
    }
    expect(tissue(result, 'rectus_abdominis_r').lengthChangePercent).toBeLessThan(0);
  });

  it('gives equal left and right results for symmetric poses', () => {
    const result = results.get('standing_forward_fold')!;
    expect(line(result, 'superficial_back_line_l').lengthChangeMm).toBeCloseTo(line(result, 'superficial_back_line_r').lengthChangeMm, 9);
    expect(tissue(result, 'semimembranosus_l').strainChange).toBeCloseTo(tissue(result, 'semimembranosus_r').strainChange, 12);
  });

  it('rejects unknown poses, unknown coordinates and angles outside the joint ranges', () => {
    expect(() => analyseYogaPose(scenario, 'warrior_seven', { model })).toThrow(/unknown yoga pose/);
    expect(() => analyseYogaPose(scenario, { name: 'x', coordinatesDeg: { hip_flex_r: 10 } }, { model })).toThrow(/not a coordinate/);
    expect(() => analyseYogaPose(scenario, { name: 'x', coordinatesDeg: { knee_angle_r: 40 } }, { model })).toThrow(/outside its range/);
  });
});
