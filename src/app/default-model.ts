/**
 * The default body, compiled: `defaultModel({ heightM, massKg, sex })` scales the
 * library's body to a subject and compiles it. Missing fields come from
 * DEFAULT_SUBJECT. Compiled models are cached per subject (a Model is immutable).
 */
import { KinechainError, requireFinite } from '../core/errors.js';
import type { Model } from '../core/model/model.js';
import { buildBody, DEFAULT_SUBJECT } from '../library/default-body.js';
import { compile } from '../spec/compile.js';

export interface Subject {
  readonly heightM: number;
  readonly massKg: number;
  readonly sex: 'male' | 'female';
}

export type SubjectInput = Partial<Subject>;

const cache = new Map<string, Model>();

/** The subject with DEFAULT_SUBJECT's values where `input` says nothing, checked. */
export function resolveSubject(input: SubjectInput = {}): Subject {
  const subject: Subject = {
    heightM: input.heightM ?? DEFAULT_SUBJECT.heightM,
    massKg: input.massKg ?? DEFAULT_SUBJECT.massKg,
    sex: input.sex ?? DEFAULT_SUBJECT.sex,
  };
  requireFinite(subject.heightM, 'height (m)');
  requireFinite(subject.massKg, 'mass (kg)');
  if (subject.heightM <= 0) {
    throw new KinechainError('OUT_OF_RANGE', `height must be positive (in metres, e.g. 1.75), got ${subject.heightM}`, {
      name: 'heightM',
      value: subject.heightM,
    });
  }
  if (subject.massKg <= 0) {
    throw new KinechainError('OUT_OF_RANGE', `mass must be positive (in kilograms, e.g. 75), got ${subject.massKg}`, {
      name: 'massKg',
      value: subject.massKg,
    });
  }
  if (subject.sex !== 'male' && subject.sex !== 'female') {
    throw new KinechainError('MALFORMED_INPUT', `sex must be "male" or "female", got "${String(subject.sex)}"`, {
      name: 'sex',
      value: String(subject.sex),
    });
  }
  return subject;
}

/** The default body scaled to `subject` (DEFAULT_SUBJECT where a field is missing), compiled. */
export function defaultModel(subject: SubjectInput = {}): Model {
  const resolved = resolveSubject(subject);
  const key = `${resolved.heightM}|${resolved.massKg}|${resolved.sex}`;
  let model = cache.get(key);
  if (!model) {
    model = compile(buildBody(resolved));
    cache.set(key, model);
  }
  return model;
}
