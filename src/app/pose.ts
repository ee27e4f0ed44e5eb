/**
 * Pose files: a JSON object mapping coordinate names to values, e.g.
 * `{ "hip_flexion_r": 1.57, "knee_angle_r": 0 }` in rad (m for translations), or in
 * degrees for rotations when read with `{ degrees: true }`. Coordinates not named keep
 * their reference-pose (standing) value.
 *
 * Every problem a user can make in such a file is reported as a KinechainError whose
 * message names the file, the coordinate and the fix, in the user's own units.
 */
import { readFile } from 'node:fs/promises';
import { KinechainError } from '../core/errors.js';
import type { Model } from '../core/model/model.js';
import { setPose } from '../core/model/pose.js';
import { closestNames, didYouMean } from '../core/math/edit-distance.js';
import { formatQuantity, fromUserUnit, toUserUnit, userUnit } from './units.js';

export interface PoseOptions {
  /** Rotational values are in degrees (translations stay in metres). */
  readonly degrees?: boolean;
  /** Where the pose came from, for messages: a file path or "request". */
  readonly source?: string;
}

export interface Pose {
  /** Where the pose came from (file path, "standing", ...). */
  readonly source: string;
  /** The coordinates the input set, in SI (rad or m), in model order. */
  readonly values: Readonly<Record<string, number>>;
  /** [nq] the full coordinate vector: the input values over the reference pose. */
  readonly q: Float64Array;
}

/** The reference (anatomical standing) pose: every coordinate at its default value. */
export function standingPose(model: Model): Pose {
  return { source: 'standing', values: {}, q: setPose(model, {}) };
}

/** A pose from named SI values (rad or m), checked exactly as a pose file is. */
export function poseFromValues(model: Model, values: Readonly<Record<string, number>>, source = 'pose'): Pose {
  return parsePose(values, model, { degrees: false, source });
}

/**
 * Reads and checks a pose file. Errors: FILE_NOT_FOUND, MALFORMED_INPUT (not JSON, not
 * an object), UNKNOWN_NAME, NOT_FINITE, OUT_OF_RANGE.
 */
export async function loadPoseFile(path: string, model: Model, options: Omit<PoseOptions, 'source'> = {}): Promise<Pose> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') {
      throw new KinechainError('FILE_NOT_FOUND', `pose file ${path} does not exist; check the path`, { path });
    }
    if (code === 'EISDIR') {
      throw new KinechainError('MALFORMED_INPUT', `pose file ${path} is a directory; give the path of a .json file`, { path });
    }
    throw new KinechainError('MALFORMED_INPUT', `cannot read pose file ${path}: ${(error as Error).message}`, { path });
  }
  return parsePose(text, model, { ...options, source: path });
}

/**
 * Checks a pose given as JSON text (a string) or as an already parsed value, and
 * returns it in SI. `options.source` names the input in messages.
 */
export function parsePose(json: unknown, model: Model, options: PoseOptions = {}): Pose {
  const source = options.source ?? 'pose';
  const degrees = options.degrees ?? false;
  const document = typeof json === 'string' ? parseJsonText(json, source) : json;

  if (document === null || typeof document !== 'object' || Array.isArray(document)) {
    const found = document === null ? 'null' : Array.isArray(document) ? 'an array' : `a ${typeof document}`;
    throw new KinechainError(
      'MALFORMED_INPUT',
      `${source}: a pose must be a JSON object mapping coordinate names to values, e.g. {"hip_flexion_r": ${degrees ? '90' : '1.5708'}}; found ${found}`,
      { source },
    );
  }

  const entries = Object.entries(document as Record<string, unknown>);
  const unknown = entries.map(([name]) => name).filter((name) => !model.coordinateIndex.has(name));
  if (unknown.length > 0) {
    const first = unknown[0];
    const list = unknown.length === 1 ? `"${first}"` : unknown.map((name) => `"${name}"`).join(', ');
    throw new KinechainError(
      'UNKNOWN_NAME',
      `${source}: unknown coordinate ${list}${didYouMean(first, model.coordinateName)}; ` +
        'run `kinechain model` to list the coordinates',
      { source, names: unknown, suggestions: closestNames(first, model.coordinateName) },
    );
  }

  const values: Record<string, number> = {};
  for (const [name, raw] of entries) {
    const coordinate = model.coordinateIndex.get(name) as number;
    const unit = userUnit(model, coordinate, degrees);
    if (typeof raw !== 'number' || !Number.isFinite(raw)) {
      const shown = typeof raw === 'string' ? `the string "${raw}"` : raw === null ? 'null' : JSON.stringify(raw) ?? String(raw);
      throw new KinechainError(
        'NOT_FINITE',
        `${source}: ${name} must be a finite number (${unit}), got ${shown}`,
        { source, name, value: String(raw) },
      );
    }
    const value = fromUserUnit(model, coordinate, raw, degrees);
    const min = model.coordinateRange[2 * coordinate];
    const max = model.coordinateRange[2 * coordinate + 1];
    // A value typed at the limit in degrees may round a hair outside the limit in radians.
    const slack = 1e-9 * Math.max(1, max - min);
    if (value < min - slack || value > max + slack) {
      // Limits stored in radians come back in degrees with rounding noise (-119.99999999999999).
      const shown = (limit: number) => {
        const value = toUserUnit(model, coordinate, limit, degrees);
        return unit === 'deg' ? Number(value.toPrecision(12)) : value;
      };
      const low = shown(min);
      const high = shown(max);
      throw new KinechainError(
        'OUT_OF_RANGE',
        `${source}: ${name} = ${formatQuantity(raw, 8)} ${unit} is outside its range ` +
          `[${formatQuantity(low, 8)}, ${formatQuantity(high, 8)}] ${unit}` +
          (degrees || unit === 'm' ? '' : ' (values are in radians; use --degrees for degrees)'),
        { source, name, value: raw, unit, range: [low, high] },
      );
    }
    values[name] = Math.min(max, Math.max(min, value));
  }

  const ordered: Record<string, number> = {};
  for (const name of model.coordinateName) if (name in values) ordered[name] = values[name];
  return { source, values: ordered, q: setPose(model, ordered) };
}

/** JSON.parse with a message that names the input and the line and column of the problem. */
function parseJsonText(text: string, source: string): unknown {
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  try {
    return JSON.parse(body);
  } catch (error) {
    const reason = (error as Error).message;
    const match = /position (\d+)/.exec(reason);
    const position = match ? Number(match[1]) : body.length;
    const before = body.slice(0, position);
    const line = before.split('\n').length;
    const column = position - before.lastIndexOf('\n');
    const what = body.trim().length === 0 ? 'is empty' : `is not valid JSON at line ${line}, column ${column} (position ${position})`;
    throw new KinechainError('MALFORMED_INPUT', `${source} ${what}: ${reason.replace(/ in JSON.*$/, '')}`, {
      source,
      position,
      line,
      column,
    });
  }
}
