/**
 * OpenSim's own inverse kinematics result as the reference: running the gait10dof18musc
 * example setup (IK/walk_Setup_IK.xml: 31 weighted markers, 151 frames of walking) must
 * reproduce OpenSim's subject01_walk_IK.mot, column by column, in the same layout.
 *
 * Beyond the numbers, an independent check of optimality: the IK objective (weighted
 * marker errors, normalised by the total weight, as SimTK's Markers goal), written out
 * here from the setup's weights and the model's markers, is at the kinechain solution no
 * larger than at OpenSim's in any frame: OpenSim stops its optimiser at accuracy 1e-5,
 * kinechain converges to the optimum.
 *
 * The reference folder is copied to a temporary folder first (the tool writes its
 * results next to the setup, as OpenSim does). Set KINECHAIN_OPENSIM_REFERENCE to the
 * folder holding gait10dof18musc/ if it is not at ../shared/reference/opensim.
 */
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runInverseKinematicsTool, type InverseKinematicsToolResult } from '../../src/app/opensim/inverse-kinematics-tool.js';
import { forwardKinematics } from '../../src/core/kinematics/forward-kinematics.js';
import { bodyPointPosition } from '../../src/core/kinematics/jacobian.js';
import { makeSkeletonData } from '../../src/core/model/make-skeleton-data.js';
import type { SkeletonModel } from '../../src/core/model/model.js';
import { importOsim } from '../../src/io/opensim/osim-import.js';
import { parseStorage, type StorageFile } from '../../src/io/opensim/storage.js';
import { parseTrc, type TrcFile } from '../../src/io/opensim/trc.js';
import { compile } from '../../src/spec/compile.js';

const REFERENCE_DIR = (process.env.KINECHAIN_OPENSIM_REFERENCE ?? fileURLToPath(new URL('../../../shared/reference/opensim/', import.meta.url))).replace(/\/$/, '');
const TRIAL = join(REFERENCE_DIR, 'gait10dof18musc');
const DEG = Math.PI / 180;

/** Rotational columns: RMS and largest difference to OpenSim (deg); translations (m). */
const ROTATION_RMS_DEG = 0.05;
const ROTATION_MAX_DEG = 0.15;
const TRANSLATION_RMS_M = 1e-4;
const TRANSLATION_MAX_M = 5e-4;

let workFolder = '';
let result: InverseKinematicsToolResult;
let reference: StorageFile;
let referenceText = '';
let written: StorageFile;
let writtenText = '';

beforeAll(async () => {
  if (!existsSync(join(TRIAL, 'IK', 'walk_Setup_IK.xml'))) {
    throw new Error(`${TRIAL} is missing (set KINECHAIN_OPENSIM_REFERENCE to the folder holding gait10dof18musc/)`);
  }
  workFolder = mkdtempSync(join(tmpdir(), 'kinechain-opensim-ik-'));
  cpSync(TRIAL, join(workFolder, 'gait10dof18musc'), { recursive: true });
  referenceText = readFileSync(join(TRIAL, 'IK', 'subject01_walk_IK.mot'), 'utf8');
  reference = parseStorage(referenceText);
  result = await runInverseKinematicsTool(join(workFolder, 'gait10dof18musc', 'IK', 'walk_Setup_IK.xml'));
  writtenText = readFileSync(result.motionFile as string, 'utf8');
  written = parseStorage(writtenText);
}, 120_000);

afterAll(() => {
  if (workFolder !== '') rmSync(workFolder, { recursive: true, force: true });
});

describe('OpenSim InverseKinematicsTool reference: gait10dof18musc walking', () => {
  it('writes the motion where OpenSim does, with its header, columns and times', () => {
    expect(result.motionFile).toBe(join(workFolder, 'gait10dof18musc', 'IK', 'subject01_walk_IK.mot'));
    // Everything up to the column labels is identical text.
    const headerLines = (text: string) => text.split(/\r?\n/).slice(0, 11);
    expect(headerLines(writtenText)).toEqual(headerLines(referenceText));
    expect(written.table.labels).toEqual(reference.table.labels);
    expect(written.table.time.length).toBe(reference.table.time.length);
    for (let row = 0; row < reference.table.time.length; row++) expect(written.table.time[row]).toBeCloseTo(reference.table.time[row], 8);
    expect(result.unconvergedFrames).toEqual([]);
    expect(result.markers.length).toBe(31);
  });

  it('reproduces every coordinate', () => {
    const summary: string[] = [];
    reference.table.labels.forEach((label, column) => {
      const expected = reference.table.columns[column];
      const actual = written.table.columns[column];
      let sum = 0;
      let largest = 0;
      for (let row = 0; row < expected.length; row++) {
        const difference = actual[row] - expected[row];
        sum += difference * difference;
        largest = Math.max(largest, Math.abs(difference));
      }
      const rms = Math.sqrt(sum / expected.length);
      const translational = label === 'pelvis_tx' || label === 'pelvis_ty';
      summary.push(`${label}: RMS ${rms.toExponential(2)}, max ${largest.toExponential(2)} ${translational ? 'm' : 'deg'}`);
      expect(rms, label).toBeLessThan(translational ? TRANSLATION_RMS_M : ROTATION_RMS_DEG);
      expect(largest, label).toBeLessThan(translational ? TRANSLATION_MAX_M : ROTATION_MAX_DEG);
    });
    expect(summary).toHaveLength(10);
  });

  describe('optimality and marker errors, against the objective written out here', () => {
    let model: SkeletonModel;
    let trc: TrcFile;
    let markers: { name: string; body: number; location: number[]; weight: number }[];

    beforeAll(() => {
      const { spec, report } = importOsim(readFileSync(join(TRIAL, 'subject01.osim'), 'utf8'), {
        fileName: 'subject01.osim',
        freezePathPointsAtDefaultPose: true,
        ignoreUnsupportedWrapping: true,
      });
      model = compile({ ...spec, tissues: [] });
      trc = parseTrc(readFileSync(join(TRIAL, 'ExperimentalData', 'subject01_walk.trc'), 'utf8'));
      const setupText = readFileSync(join(TRIAL, 'IK', 'walk_Setup_IK.xml'), 'utf8');
      const weights = new Map<string, number>();
      for (const match of setupText.matchAll(/<IKMarkerTask name="([^"]+)">[\s\S]*?<apply>(\w+)<\/apply>[\s\S]*?<weight>([^<]+)<\/weight>/g)) {
        if (match[2] === 'true') weights.set(match[1], Number(match[3]));
      }
      markers = trc.markers.markerNames
        .filter((name) => weights.has(name) && report.markers.some((marker) => marker.name === name))
        .map((name) => {
          const marker = report.markers.find((entry) => entry.name === name) as (typeof report.markers)[number];
          return { name, body: model.bodyIndex.get(marker.body) as number, location: marker.location, weight: weights.get(name) as number };
        });
    });

    /** Squared marker errors at q (rad, m) for the frame nearest `time`. */
    function squaredErrors(q: Float64Array, time: number): number[] {
      const data = makeSkeletonData(model);
      forwardKinematics(model, data, q);
      const frame = Math.round(time * trc.markers.frameRate);
      const count = trc.markers.markerNames.length;
      const position = new Float64Array(3);
      return markers.map((marker) => {
        bodyPointPosition(data, marker.body, marker.location, position);
        const base = (frame * count + trc.markers.markerNames.indexOf(marker.name)) * 3;
        let sum = 0;
        for (let axis = 0; axis < 3; axis++) sum += (position[axis] - trc.markers.positions[base + axis]) ** 2;
        return Number.isNaN(sum) ? 0 : sum;
      });
    }

    function objective(errors: number[]): number {
      let sum = 0;
      let total = 0;
      markers.forEach((marker, i) => {
        sum += marker.weight * errors[i];
        total += marker.weight;
      });
      return sum / (2 * total);
    }

    /** q (rad, m) of a motion row, from a table in degrees. */
    function pose(table: StorageFile['table'], row: number): Float64Array {
      const q = Float64Array.from(model.coordinateDefault);
      table.labels.forEach((label, column) => {
        const j = model.coordinateIndex.get(label) as number;
        const value = table.columns[column][row];
        q[j] = label === 'pelvis_tx' || label === 'pelvis_ty' ? value : value * DEG;
      });
      return q;
    }

    it('never leaves a larger marker objective than OpenSim does', () => {
      expect(markers.length).toBe(31);
      let better = 0;
      for (let row = 0; row < reference.table.time.length; row++) {
        const time = reference.table.time[row];
        const ours = objective(squaredErrors(pose(written.table, row), time));
        const theirs = objective(squaredErrors(pose(reference.table, row), time));
        // 1e-9 relative: the 8 decimals the files are written with.
        expect(ours, `t = ${time}`).toBeLessThanOrEqual(theirs * (1 + 1e-9));
        if (ours < theirs) better++;
      }
      expect(better).toBeGreaterThan(0);
    });

    it('writes marker errors that match the solution', () => {
      expect(result.markerErrorsFile).toBe(join(workFolder, 'gait10dof18musc', 'IK', '_ik_marker_errors.sto'));
      const errors = parseStorage(readFileSync(result.markerErrorsFile as string, 'utf8'));
      expect(errors.table.labels).toEqual(['total_squared_error', 'marker_error_RMS', 'marker_error_max']);
      expect(errors.table.time.length).toBe(151);
      for (const row of [0, 40, 75, 150]) {
        const squared = squaredErrors(pose(written.table, row), written.table.time[row]);
        const total = squared.reduce((sum, value) => sum + value, 0);
        // Written with 8 decimals, and the pose read back from 8-decimal degrees.
        expect(errors.table.columns[0][row]).toBeCloseTo(total, 7);
        expect(errors.table.columns[1][row]).toBeCloseTo(Math.sqrt(total / markers.length), 7);
        expect(errors.table.columns[2][row]).toBeCloseTo(Math.sqrt(Math.max(...squared)), 7);
      }
    });
  });
});
