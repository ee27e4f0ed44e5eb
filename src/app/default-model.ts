/**
 * The default body, compiled: `defaultModel({ heightM, massKg, sex })` scales the
 * library's body to a subject and compiles it. Missing fields come from
 * DEFAULT_SUBJECT. A few compiled models are cached per subject (a Model is immutable
 * and compiling, though cheap, is not free).
 */
import type { Model } from '../core/model/model.js';
import { buildBody, DEFAULT_SUBJECT, validateSubject } from '../library/default-body.js';

export { DEFAULT_SUBJECT };
import { compile } from '../spec/compile.js';

export interface Subject {
  readonly heightM: number;
  readonly massKg: number;
  readonly sex: 'male' | 'female';
}

export type SubjectInput = { readonly [K in keyof Subject]?: Subject[K] | undefined };

const CACHE_SIZE = 8;
const cache = new Map<string, Model>();

/** The subject with DEFAULT_SUBJECT's values where `input` says nothing, checked (NOT_FINITE, OUT_OF_RANGE). */
export function resolveSubject(input: SubjectInput = {}): Subject {
  const subject = {
    heightM: input.heightM ?? DEFAULT_SUBJECT.heightM,
    massKg: input.massKg ?? DEFAULT_SUBJECT.massKg,
    sex: input.sex ?? DEFAULT_SUBJECT.sex,
  };
  validateSubject(subject);
  return subject;
}

/** The default body scaled to `subject` (DEFAULT_SUBJECT where a field is missing), compiled. */
export function defaultModel(subject: SubjectInput = {}): Model {
  const resolved = resolveSubject(subject);
  const key = `${resolved.heightM}|${resolved.massKg}|${resolved.sex}`;
  const cached = cache.get(key);
  if (cached) return cached;
  const model = compile(buildBody(resolved));
  if (cache.size >= CACHE_SIZE) cache.delete(cache.keys().next().value as string);
  cache.set(key, model);
  return model;
}
