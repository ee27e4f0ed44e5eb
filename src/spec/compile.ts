/**
 * compile(spec) -> Model: validate the spec, then build the skeleton, the tissues
 * (whose slack lengths may depend on the reference pose) and the myofascial lines.
 * Compiling is cheap (milliseconds), so editing means: change the spec, compile again.
 */
import { KinechainError } from '../core/errors.js';
import type { Model } from '../core/model/model.js';
import { ModelSpecSchema, type ModelSpec, type ModelSpecInput } from './schema.js';
import { compileSkeleton } from './compile-skeleton.js';
import { compileTissues } from './compile-tissues.js';
import { compileLines } from './compile-lines.js';

/** Validates a spec document (unknown input from a file or request) and fills its defaults. */
export function parseSpec(input: unknown): ModelSpec {
  const result = ModelSpecSchema.safeParse(input);
  if (!result.success) {
    const first = result.error.issues[0];
    const where = first && first.path.length > 0 ? first.path.join('.') : '(document)';
    throw new KinechainError('INVALID_SPEC', `invalid model spec at ${where}: ${first?.message ?? 'unknown problem'}`, {
      path: first?.path.map(String) ?? [],
      issues: result.error.issues.map((issue) => ({ path: issue.path.map(String), message: issue.message })),
    });
  }
  return result.data;
}

export function compile(input: ModelSpec | ModelSpecInput): Model {
  return compileValidated(parseSpec(input));
}

/**
 * compile() without validation, for a spec straight from parseSpec and unchanged since
 * (validating a large imported model again costs as much as building it). The model's
 * spec is `spec` itself, not a copy.
 */
export function compileValidated(spec: ModelSpec): Model {
  const skeleton = compileSkeleton(spec);
  const tissues = compileTissues(spec, skeleton);
  const lines = compileLines(spec, skeleton, tissues);
  return Object.freeze({ spec, ...skeleton, ...tissues, ...lines });
}
