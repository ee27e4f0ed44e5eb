/**
 * yogaPoseAnalysis(pose): what a catalogued yoga pose (library/yoga-poses.ts) lengthens on
 * the default body — every tissue's length and strain and every myofascial line's tension
 * and junction slides, against standing (analyses/yoga-pose.ts). yogaPoseList() lists the
 * catalogue.
 *
 * Pose names are matched forgivingly: case, spaces and hyphens do not matter
 * ("Downward-Dog" is downward_dog), and the Sanskrit name works too ("adho mukha
 * svanasana"). An unknown name is an UNKNOWN_NAME error with the closest names.
 */
import { analyseYogaPose, type YogaPoseResult } from '../analyses/yoga-pose.js';
import { KinechainError } from '../core/errors.js';
import { closestNames } from '../core/math/edit-distance.js';
import { compileCached } from '../library/spec-edits.js';
import { YOGA_POSES } from '../library/yoga-poses.js';
import type { SubjectInput } from './default-model.js';
import { subjectScenario } from './modifiers.js';

export interface YogaPoseSummary {
  readonly key: string;
  readonly name: string;
  readonly sanskrit: string;
  readonly description: string;
  /** Lines the pose is commonly said to stretch. */
  readonly targets: readonly string[];
  readonly source: string;
}

export interface YogaPoseAnalysis extends YogaPoseResult {
  readonly sanskrit: string;
  readonly description: string;
  readonly targets: readonly string[];
  readonly source: string;
  readonly notes: readonly string[];
}

export interface YogaRequest {
  readonly subject?: SubjectInput;
}

const NOTES: readonly string[] = [
  'The pose is given, not solved: its joint angles are assumptions for the classical form (after Iyengar 1966), kept inside ' +
    'the body\'s joint ranges. Lengths follow from the geometry; strains and line tensions are model predictions (relaxed ' +
    'muscles, junction anchorage an assumption with a wide range).',
  'Stretch tolerance plays no part here: a pose the model can be put in is not a pose every person can reach.',
];

/** "Downward-Dog" -> "downward_dog". */
function normalise(name: string): string {
  return name.trim().toLowerCase().replace(/[\s-]+/g, '_');
}

/** The catalogue, in its order. */
export function yogaPoseList(): YogaPoseSummary[] {
  return Object.values(YOGA_POSES).map((pose) => ({
    key: pose.key,
    name: pose.name,
    sanskrit: pose.sanskrit,
    description: pose.description,
    targets: pose.targets,
    source: pose.source,
  }));
}

/** The catalogue key of a pose name (key, English or Sanskrit name); UNKNOWN_NAME with close names otherwise. */
export function resolveYogaPose(name: string): string {
  if (typeof name !== 'string' || name.trim() === '') {
    throw new KinechainError('MALFORMED_INPUT', `give a yoga pose, one of: ${Object.keys(YOGA_POSES).join(', ')}`);
  }
  const wanted = normalise(name);
  for (const pose of Object.values(YOGA_POSES)) {
    if (wanted === pose.key || wanted === normalise(pose.sanskrit) || wanted === normalise(pose.name)) return pose.key;
  }
  const keys = Object.keys(YOGA_POSES);
  const close = closestNames(wanted, keys);
  const hint = close.length > 0 ? ` (did you mean ${close.map((key) => `"${key}"`).join(', ')}?)` : '';
  throw new KinechainError('UNKNOWN_NAME', `unknown yoga pose "${name}"${hint}; known poses: ${keys.join(', ')}`, {
    name,
    closeNames: close,
  });
}

/** The yoga pose use-case (see the file comment). */
export function yogaPoseAnalysis(pose: string, request: YogaRequest = {}): YogaPoseAnalysis {
  const key = resolveYogaPose(pose);
  const scenario = subjectScenario(request.subject);
  const result = analyseYogaPose(scenario, key, { model: compileCached(scenario.spec) });
  const entry = YOGA_POSES[key];
  return {
    ...result,
    sanskrit: entry.sanskrit,
    description: entry.description,
    targets: entry.targets,
    source: entry.source,
    notes: NOTES,
  };
}
